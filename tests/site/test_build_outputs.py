"""The small lecture the page tests use, read as a user of ``render.py`` would:
real scene videos at 480p15, fully decodable, and a second build that renders
nothing. (It reuses the page tests' build, so no extra render.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pipeline.config import BUILD_ENV
from tests.site.conftest import ROOT, SCENE_IDS

pytestmark = [pytest.mark.manim, pytest.mark.slow, pytest.mark.xdist_group("site-page")]


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
