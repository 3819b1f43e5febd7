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
