"""pipeline/jobs.py: what a job's manim process is given."""

from __future__ import annotations

from pathlib import Path

import dask
import distributed  # noqa: F401 - loads distributed.yaml into dask.config

from pipeline import jobs
from pipeline.config import Settings
from pipeline.scene import job_for
from tests.pipeline.conftest import TINY

LOW = Settings("low", "cpu", "none")


def test_dask_sets_what_the_job_takes_away():
    """Dask's nanny gives its workers MALLOC_TRIM_THRESHOLD_ (the reason
    ``WORKER_ONLY`` exists); a job's manim process does not inherit it."""
    spawned = dask.config.get("distributed.nanny.pre-spawn-environ")
    assert set(jobs.WORKER_ONLY) <= set(spawned)
    worker = {"PATH": "/usr/bin", "HOME": "/root", **{k: str(v) for k, v in
                                                      spawned.items()}}
    job = job_for(TINY, LOW, jobs.WHOLE)
    env = jobs.child_env(job, Path("/w"), worker)
    assert not set(jobs.WORKER_ONLY) & set(env)
    assert env["PATH"] == "/usr/bin" and env["HOME"] == "/root"
    assert {k: env[k] for k, _ in job.env} == dict(job.env)
    assert env[jobs.EVENTS_ENV] == str(Path("/w") / "events.json")


def test_a_range_writes_no_record():
    job = job_for(TINY, LOW, jobs.RANGE, 2, 4)
    assert jobs.EVENTS_ENV not in jobs.child_env(job, Path("/w"), {})
    assert str(jobs.ROOT) in jobs.child_env(job, Path("/w"), {})["PYTHONPATH"]


def test_a_child_dies_with_the_build_without_python_after_fork():
    """The kernel kills a child when the build is killed (setpriv asks for
    PR_SET_PDEATHSIG); no preexec_fn runs Python between fork and exec, where
    CPython's after-fork cleanup once hung the build."""
    import subprocess
    import sys
    import time

    from pipeline import procs

    assert procs.guarded(["ffmpeg"])[-1] == "ffmpeg"
    code = ("import os, sys; from pipeline import procs; "
            "p = procs._start(['sleep', '30']); print(p.pid, flush=True); "
            "os.kill(os.getpid(), 9)")
    out = subprocess.run([sys.executable, "-c", code], cwd=jobs.ROOT,
                         capture_output=True, text=True).stdout
    child = int(out.split()[0])
    for _ in range(50):
        if not Path(f"/proc/{child}").exists():
            break
        state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"pid {child} outlived the build that started it")
