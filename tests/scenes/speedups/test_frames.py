"""scenes/speedups/frames.py: a held frame converted once gives manim's bytes."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from scenes.speedups import frames

SIZE = (96, 160)  # height, width: small, so the test is quick


def spec_for() -> VideoEncoderSpec:
    return VideoEncoderSpec(
        container_format="mp4", codec="libx264", pixel_format="yuv420p",
        width=SIZE[1], height=SIZE[0], frame_rate=Fraction(60),
        options=(("crf", "23"), ("preset", "ultrafast")))


def picture(seed: int) -> np.ndarray:
    pixels = np.random.default_rng(seed).integers(0, 256, (*SIZE, 4), dtype=np.uint8)
    pixels[..., 3] = 255
    return np.ascontiguousarray(pixels)


def encode(path, write, plan) -> bytes:
    encoder = VideoSegmentEncoder(target=path, spec=spec_for())
    for seed, repeat in plan:
        write(encoder, picture(seed), repeat=repeat)
    encoder.finish()
    return path.read_bytes()


@pytest.mark.parametrize("plan", [[(0, 1), (1, 45), (2, 1), (3, 7)], [(4, 120)]],
                         ids=["moves-and-holds", "one-long-hold"])
def test_same_bytes_as_manims_own(tmp_path, plan):
    ours = encode(tmp_path / "ours.mp4", frames.write_frame, plan)
    theirs = encode(tmp_path / "theirs.mp4", frames.WRITE_FRAME, plan)
    assert ours == theirs
    with av.open(str(tmp_path / "ours.mp4")) as box:
        count = sum(1 for _ in box.decode(video=0))
    assert count == sum(repeat for _, repeat in plan)


def test_bad_repeat_is_refused_as_manim_does(tmp_path):
    encoder = VideoSegmentEncoder(target=tmp_path / "x.mp4", spec=spec_for())
    with pytest.raises(ValueError, match="repeat"):
        frames.write_frame(encoder, picture(0), repeat=0)
    encoder.abort()
