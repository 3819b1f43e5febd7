"""The small lecture the page tests use, read as a user of ``render.py`` would:
real scene videos at 480p15, fully decodable, its handout, and a second build
that renders nothing. (It reuses the page tests' build, so no extra render.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pipeline.config import BUILD_ENV
from tests.site.conftest import ROOT, SCENE_IDS, SITE
from tests.site.test_handout import (
    A4,
    SHOTS,
    chapter_spans,
    image_count,
    page_size,
    pdftotext,
    positions,
    squash,
    words_outside,
)

pytestmark = [pytest.mark.manim, pytest.mark.slow, SITE]


def test_scene_videos_are_playable_h264_at_480p(small_lecture):
    for cid in SCENE_IDS:
        video = small_lecture["build"] / "scenes" / "480p15" / f"{cid}.mp4"
        out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v",
                              "-show_streams", "-of", "json", str(video)],
                             capture_output=True, text=True, check=True)
        stream = json.loads(out.stdout)["streams"][0]
        assert (stream["codec_name"], stream["width"], stream["height"]) == (
            "h264", 854, 480)
        # Decoding every frame proves the file is complete and playable.
        subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-f", "null", "-"],
                       check=True)


def test_a_second_build_renders_nothing(small_lecture):
    if os.environ.get("TENSOR_HERO_SITE_REUSE"):
        pytest.skip("a reused build may be older than the code")
    args = [sys.executable, "render.py", "lecture", "-q", "low", "--voice", "none"]
    for cid in SCENE_IDS:
        args += ["--scene", cid]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, BUILD_ENV: str(small_lecture["build"])})
    assert done.returncode == 0, done.stderr
    assert f"0 rendered, {len(SCENE_IDS)} up to date" in done.stderr
    assert f"verified {len(SCENE_IDS)} chapters" in done.stdout


def test_the_handout_render_py_wrote(small_lecture):
    """The handout ``render.py lecture`` wrote for the small lecture."""
    out = small_lecture["build"] / "handout-480p15.pdf"
    text = squash(pdftotext(out))
    assert page_size(out) == pytest.approx(A4, abs=0.5)
    chapters = small_lecture["chapters"]
    spans = chapter_spans(text, [(c.title, c.start, c.end) for c in chapters])
    for c, (a, b) in zip(chapters, spans):
        events = json.loads(c.events.read_text(encoding="utf-8"))
        assert events["code"], "the scene recorded the code it ran"
        for run in events["code"]:
            for line in run["code"].splitlines():
                assert a < text.find(squash(line), a) < b, line
            shown = run["error"] or run["output"]
            assert not shown or a < text.find(squash(shown), a) < b, shown
        found = positions(text, [beat["text"] for beat in events["beats"]], start=a)
        assert all(p < b for p in found), "the narration's lines, in order"
    assert not words_outside(out)
    assert len(chapters) * 2 <= image_count(out) <= len(chapters) * 4
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("handout-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(out),
                    str(SHOTS / "handout")], check=True)
    assert list(SHOTS.glob("handout-*.png"))
