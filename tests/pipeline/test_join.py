"""pipeline/join.py: the lecture from scene videos, with one chapter per scene,
their captions shifted into place and their sound padded to the picture."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pipeline import join
from pipeline.captions import read_cues
from scenes.lecture import LECTURE

pytestmark = pytest.mark.manim  # the render tools: ffmpeg, as in a build
FPS = 15


def clip(path: Path, seconds: float, audio: bool = False, captions: str = "") -> Path:
    """A tiny test video (and optional sound and .srt beside it)."""
    args = ["-f", "lavfi", "-i", f"testsrc=size=160x90:rate={FPS}:duration={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds - 0.5}",
                 "-c:a", "aac"]
    subprocess.run(["ffmpeg", "-y", "-v", "error", *args, "-pix_fmt", "yuv420p",
                    str(path)], check=True)
    path.with_suffix(".srt").write_text(captions)
    return path


def streams(path: Path) -> dict[str, float]:
    """Stream durations as ffprobe (not our PyAV code) reads them."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                          "stream=codec_type,codec_name,duration", "-of", "json",
                          str(path)], capture_output=True, text=True, check=True)
    return {s["codec_type"] + ":" + s["codec_name"]: float(s.get("duration", 0))
            for s in json.loads(out.stdout)["streams"]}


def assert_cues_well_formed(cues, length: float):
    assert cues, "no captions"
    for a, b in zip(cues, cues[1:]):
        assert a.end <= b.start + 1e-3, (a, b)
    for c in cues:
        assert 0 <= c.start < c.end <= length + 1e-3, c


SRT = ("1\n00:00:00,500 --> 00:00:01,500\nfirst line\n\n"
       "2\n00:00:01,500 --> 00:00:02,000\nsecond\n\n")


def test_join_offsets_captions_and_pads_sound(tmp_path):
    videos = [clip(tmp_path / "a.mp4", 2, audio=True, captions=SRT),
              clip(tmp_path / "b.mp4", 3, captions=SRT)]
    out = tmp_path / "lecture.mp4"
    joined = join.join(list(LECTURE[:2]), videos, out, tmp_path / "work", fps=FPS)
    found = streams(out)
    assert "subtitle:mov_text" in found
    video, audio = found["video:h264"], found["audio:aac"]
    assert abs(video - audio) <= 2 / FPS, (video, audio)
    assert joined.chapters == 2 and joined.cues == 4
    assert joined.seconds == pytest.approx(video, abs=1 / FPS)
    cues = read_cues(out.with_suffix(".srt"))
    assert [c.text for c in cues] == ["first line", "second"] * 2
    assert cues[2].start == pytest.approx(2.5, abs=0.05)  # shifted by scene a's length
    assert_cues_well_formed(cues, video)
    vtt = out.with_suffix(".vtt").read_text()
    assert vtt.startswith("WEBVTT") and "00:00:02.500 --> 00:00:03.500" in vtt


def test_join_writes_one_chapter_per_scene(tmp_path):
    clips = [clip(tmp_path / f"clip{i}.mp4", seconds)
             for i, seconds in enumerate((1, 2))]
    out = tmp_path / "joined.mp4"
    join.join(list(LECTURE[:2]), clips, out, tmp_path / "work", fps=FPS)
    found = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json",
                            str(out)], capture_output=True, text=True, check=True)
    chapters = json.loads(found.stdout)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [c.title for c in LECTURE[:2]]
    assert [round(float(c["end_time"])) for c in chapters] == [1, 3]
    assert not list(tmp_path.glob(".*part*"))


def held_clip(path: Path, seconds: float, captions: str) -> Path:
    """A scene video as the build draws one: a picture held ``seconds`` is one
    stored frame (scenes.speedups.frames)."""
    from fractions import Fraction

    import numpy as np
    from manim._config.video_encoder import VideoEncoderSpec
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    from scenes.speedups import frames

    spec = VideoEncoderSpec(container_format="mp4", codec="libx264",
                            pixel_format="yuv420p", width=160, height=96,
                            frame_rate=Fraction(FPS),
                            options=(("crf", "23"), ("preset", "ultrafast")))
    encoder = VideoSegmentEncoder(target=path, spec=spec)
    picture = np.full((96, 160, 4), 40, dtype=np.uint8)
    picture[..., 3] = 255
    frames.write_frame(encoder, picture, repeat=round(seconds * FPS))
    frames.finish(encoder)
    path.with_suffix(".srt").write_text(captions)
    return path


def frame_at(path: Path, seconds: float) -> bytes:
    return subprocess.run(["ffmpeg", "-v", "error", "-ss", str(seconds), "-i",
                           str(path), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt",
                           "gray", "-"], capture_output=True, check=True).stdout


def test_burned_captions_show_during_a_hold(tmp_path):
    """A cue that starts while a picture is held is drawn from its start: the
    burned lecture has every frame at the scenes' rate."""
    videos = [held_clip(tmp_path / "a.mp4", 2, SRT),
              held_clip(tmp_path / "b.mp4", 1, "")]
    out = tmp_path / "burned.mp4"
    joined = join.join(list(LECTURE[:2]), videos, out, tmp_path / "work",
                       burn_captions=True, fps=FPS)
    assert joined.seconds == pytest.approx(3, abs=1 / FPS)
    count = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-show_entries",
                            "stream=nb_read_frames", "-select_streams", "v", "-of",
                            "csv=p=0", str(out)], capture_output=True, text=True,
                           check=True).stdout
    assert int(count) == 3 * FPS
    before, during, after = (frame_at(out, t) for t in (0.2, 1.0, 2.6))
    assert before == after != during  # "first line" drawn over the held picture
