"""pipeline/bench.py without timing anything: its scratch dirs and the history
each run adds to (``build/bench-history.md``)."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timezone

import pytest

from pipeline import bench
from pipeline.config import ROOT

TABLE = "| quality | scenes |\n|---|---|\n| 480p15 | 3 |\n"
MACHINE = "2 cores, linux, Python 3.11.7, manim 0.22.0"


def test_bench_on_a_fresh_clone_makes_its_build_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TENSOR_HERO_BUILD", str(tmp_path / "fresh" / "build"))
    work = bench.workdir("bench-x-")
    assert work.is_dir() and work.parent == tmp_path / "fresh" / "build"


def test_each_run_is_added_to_the_history_oldest_first(tmp_path, monkeypatch):
    build = tmp_path / "fresh" / "build"  # not made yet, as on a fresh clone
    monkeypatch.setenv("TENSOR_HERO_BUILD", str(build))
    first = datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)
    path = bench.record("render.py bench -q low", MACHINE, TABLE, when=first)
    assert path == build / "bench-history.md"
    bench.record("render.py bench --voice", MACHINE, "| lines |\n|---|\n| 23 |\n",
                 when=datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc))
    text = path.read_text()
    assert text.startswith("# Benchmark history\n") and text.count("# Benchmark") == 1
    entries = re.findall(r"^## (\d{4}-\d\d-\d\d \d\d:\d\d \S+), commit (\S+)$", text,
                         re.M)
    assert [when for when, _ in entries] == ["2026-11-28 09:30 UTC",
                                             "2026-11-29 10:00 UTC"]
    assert all(re.fullmatch(r"[0-9a-f]{4,40}|unknown", c) for _, c in entries)
    first_entry = text.split("\n## ")[1]
    assert "`render.py bench -q low`" in first_entry
    assert f"Machine: {MACHINE}" in first_entry and TABLE in first_entry
    assert text.index("| 480p15 | 3 |") < text.index("| 23 |")
    assert [p.name for p in build.iterdir()] == ["bench-history.md"]  # no temp left


def test_commit_is_unknown_without_git(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on it
    assert bench.commit() == "unknown"


@pytest.mark.skipif(not (ROOT / ".git").exists() or not shutil.which("git"),
                    reason="not a git checkout")
def test_commit_in_a_checkout_is_a_short_hash():
    assert re.fullmatch(r"[0-9a-f]{4,40}", bench.commit())


def test_schedule_puts_the_longest_first_on_the_least_loaded():
    # LPT: 5 | 4, then 3 to 4 (7), 3 to 5 (8), 3 to 7 (10)
    assert bench.schedule([5, 4, 3, 3, 3], 2) == 10.0
    assert bench.schedule([10, 1, 1], 64) == 10.0  # the critical path
    assert bench.schedule([1.0] * 8, 1) == 8.0


def test_predict_charges_each_section_its_share_and_the_scenes_code():
    drawn = {"a": ([{"seconds": 30.0}, {"seconds": 10.0}],
                   [{"kind": "whole", "seconds": 20.0}]),
             "b": ([{"seconds": 20.0}], [{"kind": "plan", "seconds": 5.0},
                                         {"kind": "range", "seconds": 40.0}])}
    found = bench.predict(drawn, 0.25, workers=(1, 4))
    # a: 20 * (3/4 + 1/4) = 20 and 20 * (1/4 + 1/4) = 10; b: 40 * (1 + 1/4) = 50
    assert found["sections"] == 3 and found["critical_s"] == 50.0
    assert found["wall_s"] == {1: 80.0, 4: 50.0}


def test_table_has_a_cell_for_every_column_and_both_manims():
    row = {"quality": "1080p60", "voice": "piper", "scenes": 2, "video_s": 140.0,
           "runs": 3, "released_s": 120.0, "plain_s": 70.0, "ours": {1: 60.0, 2: 40.0},
           "jobs": 2, "noop_s": 0.4, "edit_scene": 20.0, "edit": 23.0,
           "edits": [{"section_s": 13.0, "scene": "sigma-loop"}],
           "scale": {"sections": 5, "plan_ratio": 0.2, "critical_s": 30.0,
                     "wall_s": {2: 60.0, 16: 30.0}}}
    head, rule, line = bench.bench_table([row]).splitlines()[:3]
    assert head.count("|") == rule.count("|") == line.count("|") == 17
    cells = dict(zip(head.strip("|").split(" | "), line.strip("|").split(" | ")))
    assert cells["manim as released, serial"].strip() == "120 s"
    assert cells["speed-up vs released"].strip() == "3.00x"
    assert cells["speed-up vs plain"].strip() == "1.75x"
