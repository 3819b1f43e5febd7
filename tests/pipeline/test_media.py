"""pipeline/media.py: PyAV reads a video as ffprobe does."""

from __future__ import annotations

import pytest

from pipeline import media
from tests.pipeline.test_join import clip, streams

pytestmark = pytest.mark.manim  # the render tools: ffmpeg, as in a build


def test_pyav_reads_what_ffprobe_reads(tmp_path):
    path = clip(tmp_path / "a.mp4", 2, audio=True)
    found = media.probe(path)
    assert found.duration == pytest.approx(streams(path)["video:h264"], abs=1e-3)
    assert set(found.streams) == {"video", "audio"}
