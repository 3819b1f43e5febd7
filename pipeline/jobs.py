"""One render job: a manim process drawing a scene, a range of its plays, or
nothing (a plan), in a folder of its own.

A ``Job`` is plain data (it travels to a Dask worker by pickle); ``run``
executes it where it lands: ``python -m pipeline.child`` (manim, with the
plays and the files the scene used written down) in a new folder under
``build/jobs/<res>/``, its output in ``manim.log`` there. It writes nothing
else: the build reads what the job left (``Done.work``), checks it and moves
it into place (``pipeline.scene``), then removes the folder. A job that dies
half-way (its worker killed) leaves only its own folder, which no later
build trusts: the scheduler runs the job again, in a new folder, and the next
build clears ``build/jobs/``.

Workers of a cluster must see the build dir at the same path (a shared
folder) and run the same checkout, voice model and TeX (README).
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.child import PLAN_FROM
from pipeline.config import QUALITIES, ROOT
from scenes.kit.record import EVENTS_ENV  # where the scene writes its record

PLAN, RANGE, WHOLE, STILL = "plan", "range", "whole", "still"
# Set by Dask's nanny in its workers' environment (distributed.yaml,
# ``nanny.pre-spawn-environ``), to make the worker hand freed memory back to
# the system. Setting it also turns off glibc's sliding mmap threshold, so in
# a manim process every frame's 8 MB array at 1080p is mmap'd and faulted in
# afresh: a 1080p60 scene took 45% longer (26 s to 38 s, sys 3.6 s to 16 s).
# A job's manim process runs with glibc's defaults, as on the command line.
WORKER_ONLY = ("MALLOC_TRIM_THRESHOLD_",)


@dataclass(frozen=True)
class Job:
    """What to draw: ``kind`` (``PLAN``, ``RANGE`` of plays ``first``-``last``,
    the ``WHOLE`` scene, or its last frame, ``STILL``), of which scene, how."""

    kind: str
    id: str
    path: str  # the scene module's file, relative to the checkout
    scene: str  # its class
    quality: str
    build: str  # the build dir, as the build sees it
    env: tuple[tuple[str, str], ...]  # device, voice, build dir, threads
    config: str | None  # the manim.cfg with the encoder settings
    first: int = 0
    last: int = 0

    @property
    def name(self) -> str:
        """A name for logs and the scheduler: ``<id>.<kind>[-first-last]``."""
        span = f"-{self.first}-{self.last}" if self.kind == RANGE else ""
        return f"{self.id}.{self.kind}{span}"

    def manim_args(self, media: Path) -> list[str]:
        args = ["render", "-q", QUALITIES[self.quality][0], "--media_dir", str(media),
                "-o", self.id, "--progress_bar", "none"]
        if self.config is not None:
            args += ["--config_file", self.config]
        if self.kind == STILL:
            args.append("-s")
        else:
            args.append("--disable_caching")  # plays are named by index; the
            # build names sections by content (pipeline.sections)
        if self.kind == PLAN:
            args += ["-n", str(PLAN_FROM)]
        elif self.kind == RANGE:
            args += ["-n", f"{self.first},{self.last}"]
        return [*args, self.path, self.scene]


@dataclass(frozen=True)
class Done:
    """What a job left: its exit code, the end of its output, its folder."""

    code: int
    tail: str
    seconds: float
    work: str
    host: str

    @property
    def folder(self) -> Path:
        return Path(self.work)


def child_env(job: Job, work: Path, here: dict[str, str]) -> dict[str, str]:
    """The environment of ``job``'s manim process, from ``here`` (the worker's):
    the job's own variables, where to write its record, the checkout on the
    path, and none of the variables Dask sets for its workers alone."""
    env = {k: v for k, v in here.items() if k not in WORKER_ONLY}
    env.update({**dict(job.env), EVENTS_ENV: str(work / "events.json"),
                "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                            here.get("PYTHONPATH")]))})
    if job.kind == RANGE:
        env.pop(EVENTS_ENV)  # a range ends early: its record is partial
    return env


def run(job: Job) -> Done:
    """Run ``job`` here (a thread of the build, or a Dask worker)."""
    from pipeline import procs

    res = QUALITIES[job.quality][1]
    parent = Path(job.build) / "jobs" / res
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{job.name}.", dir=parent))
    env = child_env(job, work, os.environ)
    cmd = [sys.executable, "-m", "pipeline.child", str(work / "deps.json"),
           str(work / "plays.json"), "--", *job.manim_args(work)]
    start = time.monotonic()
    code, tail = procs.run_logged(cmd, work / "manim.log", env)
    return Done(code, tail, time.monotonic() - start, str(work), socket.gethostname())
