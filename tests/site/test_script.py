"""``render.py script`` after a build: the lines come from the build's records.

On the small lecture the page tests build, the script must be written from
the scene records without a single dry run, hold nothing while it reads,
and say exactly what a dry run of each scene says (the oracle: the scene
built again, in this process, with manim's dry run).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline import script
from pipeline.config import BUILD_ENV
from scenes.lecture import by_id
from tests.site.conftest import ROOT, SCENE_IDS, SITE

pytestmark = [pytest.mark.manim, SITE]


@pytest.fixture()
def in_build(small_lecture, monkeypatch):
    monkeypatch.setenv(BUILD_ENV, str(small_lecture["build"]))
    return small_lecture


def test_records_give_what_a_dry_run_gives(in_build):
    chapters = [by_id()[c] for c in SCENE_IDS]
    lines, dry = script.gather(chapters)
    assert dry == []
    for chapter in chapters:
        assert lines[chapter.id] == script.entries(script.dry_run(chapter)), chapter.id


def test_a_scene_whose_source_changed_is_dry_run(in_build, monkeypatch):
    chapter = by_id()[SCENE_IDS[0]]
    real = script.cache.dep_hashes

    def edited(files):  # as if the scene's module had been edited since the build
        return {f: "edited" if f == chapter.path else h
                for f, h in real(files).items()}

    monkeypatch.setattr(script.cache, "dep_hashes", edited)
    assert script.current_record(chapter) is None
    assert script.current_record(by_id()[SCENE_IDS[1]]) is not None


def test_the_command_reads_records_and_writes_the_script(small_lecture):
    env = {**os.environ, BUILD_ENV: str(small_lecture["build"])}
    done = subprocess.run([sys.executable, "render.py", "script", *SCENE_IDS],
                          cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "dry-ran" not in done.stdout
    text = (small_lecture["build"] / "narration.md").read_text(encoding="utf-8")
    beats = small_lecture["manifest"]["beats"]
    assert all(b["text"] in text for b in beats)
