"""pipeline/cluster.py, jobs.py and sections.py: sections named by content, and
render jobs on a real Dask cluster that survive a worker killed mid-render."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import psutil
import pytest

from pipeline import cluster, sections
from pipeline.config import Settings
from pipeline.join import join
from pipeline.lecture import render_many
from pipeline.scene import outputs, spread
from tests.pipeline.conftest import STEPS, TINY

LOW = Settings("low", "cpu", "none")


def plays(hashes: list[str], seconds: float = 3.0) -> list[sections.Play]:
    return [sections.Play(i, i * seconds, (i + 1) * seconds, h)
            for i, h in enumerate(hashes)]


def fake_hashes(n: int, seed: str = "") -> list[str]:
    import hashlib

    return [hashlib.sha256(f"{seed}{i}".encode()).hexdigest() for i in range(n)]


def test_sections_cover_every_play_within_their_bounds():
    cut = sections.cut(plays(fake_hashes(80)), LOW)
    assert [s.first for s in cut] == [0] + [s.last + 1 for s in cut[:-1]]
    assert cut[-1].last == 79
    assert all(s.seconds <= sections.MAX_SECONDS + 3.0 for s in cut)
    assert all(s.seconds >= sections.MIN_SECONDS for s in cut)


def test_an_edit_renames_only_the_sections_around_it():
    before = fake_hashes(80)
    after = list(before)
    after[40] = "f" * 64  # one play drew something else
    old, new = (sections.cut(plays(h), LOW) for h in (before, after))
    changed = [s for s in new if s.key not in {o.key for o in old}]
    assert changed and len(changed) <= 2, changed
    assert all(s.first <= 40 + 15 and s.last >= 40 - 15 for s in changed)
    assert len(new) - len(changed) >= len(new) // 2


def test_a_play_without_its_hash_cannot_be_cut():
    with pytest.raises(sections.Fail, match="content hash"):
        sections.cut([sections.Play(0, 0.0, 1.0, None)], LOW)


def test_stale_sections_are_spread_over_the_workers():
    todo = [sections.Section(i * 10, i * 10 + 9, str(i), 30.0) for i in range(8)]
    assert spread(todo, 1) == [(0, 79)]  # one worker: one job, the code run once
    four = spread(todo, 4)
    assert len(four) == 4 and four[0] == (0, 19)
    gaps = [todo[0], todo[5]]  # not consecutive: never one job
    assert spread(gaps, 1) == [(0, 9), (50, 59)]


def worker_of(job_word: str, workers: set[int]) -> psutil.Process | None:
    """The Dask worker process whose manim child is rendering ``job_word``."""
    for proc in psutil.process_iter(["cmdline", "ppid"]):
        line = " ".join(proc.info["cmdline"] or [])
        ours = proc.info["ppid"] in workers
        if ours and "pipeline.child" in line and job_word in line:
            return psutil.Process(proc.info["ppid"])
    return None


def scene_bytes(build: Path, chapters) -> dict[str, bytes]:
    import json

    out = {}
    for c in chapters:
        for f in outputs(c, LOW, still=False).all():
            out[f.name] = f.read_bytes()
        plays = outputs(c, LOW, still=False).plays  # less its jobs' timings
        out[plays.name] = {k: v for k, v in json.loads(out[plays.name]).items()
                           if k != "jobs"}
    for f in sorted((build / "sections" / LOW.res).glob("*.mp4")):
        out[f"sections/{f.name}"] = f.read_bytes()
    return out


def build_into(build: Path, monkeypatch, scheduler: str) -> tuple[dict, bytes]:
    monkeypatch.setenv("TENSOR_HERO_BUILD", str(build))
    chapters = [STEPS, TINY]
    found = render_many(chapters, LOW, 2, quiet=True, scheduler=scheduler)
    assert not [o.error for o in found if o.error]
    joined = join(chapters, [o.video for o in found], build / "lecture.mp4",
                  build / "join", fps=LOW.fps)
    assert joined.chapters == 2
    return scene_bytes(build, chapters), (build / "lecture.mp4").read_bytes()


def test_two_worker_cluster_with_a_worker_killed_gives_the_local_lecture(
        tmp_path, monkeypatch):
    from distributed import LocalCluster

    local = build_into(tmp_path / "local", monkeypatch, cluster.LOCAL)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, memory_limit=0) as dask_cluster:
        workers = {w.pid for w in psutil.Process().children(recursive=True)
                   if w.pid != os.getpid()}
        killed: list[int] = []

        def kill_one() -> None:  # the worker drawing Steps, one second in
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not killed:
                found = worker_of("Steps", workers)
                if found is not None:
                    time.sleep(1.0)
                    killed.append(found.pid)
                    os.kill(found.pid, signal.SIGKILL)
                time.sleep(0.05)

        killer = threading.Thread(target=kill_one, daemon=True)
        killer.start()
        build = tmp_path / "cluster"
        remote = build_into(build, monkeypatch, dask_cluster.scheduler_address)
        killer.join(timeout=5)

    assert killed, "no worker was drawing Steps: the scene rendered too fast to kill"
    # The killed attempt's folder is left behind (the next build clears it);
    # the job that finished ran again, in a folder of its own.
    assert list((build / "jobs" / LOW.res).glob("steps.whole.*"))
    assert sorted(remote[0]) == sorted(local[0])
    for name in local[0]:
        assert remote[0][name] == local[0][name], name
    assert remote[1] == local[1]  # the joined lecture, byte for byte


def test_a_rebuild_plans_and_draws_one_section_into_the_same_bytes(build,
                                                                  monkeypatch):
    """After a whole render, a stale scene with one section gone is planned,
    that section alone is drawn (plays first..last), and the scene's video,
    record and captions come out byte for byte as before."""
    # 16 steps of 3 s: past MAX_SECONDS, so two sections whatever the hashes.
    monkeypatch.setenv("TINY_STEPS", "16")
    assert 16 * 3 > sections.MAX_SECONDS
    (first,) = render_many([STEPS], LOW, 2, quiet=True, scheduler=cluster.LOCAL)
    assert first.error is None
    files = outputs(STEPS, LOW, still=False)
    before = {f.name: f.read_bytes() for f in files.all()}
    plan = sections.read_plan(files.plays)
    assert len(plan) >= 2
    gone = plan[len(plan) // 2]
    gone.path(LOW).unlink()
    (files.picture.with_name(files.picture.name + ".key")).unlink()
    (again,) = render_many([STEPS], LOW, 2, quiet=True, scheduler=cluster.LOCAL)
    assert again.error is None and not again.cached
    logs = sorted(p.name for p in (build / "logs" / LOW.res).glob("steps.*.log"))
    assert logs == ["steps.plan.log", f"steps.range-{gone.first}-{gone.last}.log"]
    for f in files.all():
        if f != files.plays:  # the plays file also lists the jobs that ran
            assert f.read_bytes() == before[f.name], f.name
    assert sections.read_plan(files.plays) == plan


def test_no_scheduler_at_the_address_is_one_clear_failure(build, monkeypatch):
    """The cluster is reached in the background while the build sets up; an
    address with no scheduler still stops the build with one line."""
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2)
    from pipeline.config import Fail

    with pytest.raises(Fail, match=r"no Dask scheduler at tcp://127\.0\.0\.1:9 "):
        render_many([TINY], LOW, 1, quiet=True, scheduler="tcp://127.0.0.1:9")


def test_an_embedded_cluster_runs_without_dasks_profiler():
    import dask

    runner = cluster.runner(None, 1)
    try:
        runner.start()
        workers = runner.client.run(
            lambda: dask.config.get("distributed.worker.profile.enabled"))
    finally:
        runner.close()
    assert list(workers.values()) == [False]
