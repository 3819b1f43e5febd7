"""scenes/speedups/frames.py: a held frame encoded once shows manim's pictures
for as long as manim's own video."""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from pipeline import media, sections
from scenes.speedups import frames

SIZE = (96, 160)  # height, width: small, so the test is quick


def spec_for() -> VideoEncoderSpec:
    return VideoEncoderSpec(
        container_format="mp4", codec="libx264", pixel_format="yuv420p",
        width=SIZE[1], height=SIZE[0], frame_rate=Fraction(60),
        options=(("crf", "23"), ("preset", "ultrafast")))


def picture(seed: int) -> np.ndarray:
    """A picture like a slide's: a flat background and a block that moves."""
    pixels = np.zeros((*SIZE, 4), dtype=np.uint8)
    pixels[..., 3] = 255
    pixels[..., :3] = 20
    top, left = 8 + 3 * seed, 10 + 7 * seed
    pixels[top:top + 30, left:left + 50, :3] = (200, 120 + 10 * seed, 40)
    return pixels


def encode(path, write, finish, plan) -> Path:
    encoder = VideoSegmentEncoder(target=path, spec=spec_for())
    for seed, repeat in plan:
        write(encoder, picture(seed), repeat=repeat)
    finish(encoder)
    return path


def at_frame_rate(path: Path) -> np.ndarray:
    """Every frame of ``path`` as the scene's frame rate shows it (grey)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-fps_mode", "cfr",
                          "-r", "60", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, *SIZE)


def stored_frames(path: Path) -> int:
    with av.open(str(path)) as box:
        return sum(1 for _ in box.decode(video=0))


PLANS = pytest.mark.parametrize(
    "plan", [[(0, 1), (1, 45), (2, 1), (3, 7)], [(4, 120)], [(5, 1), (6, 1)],
             [(0, 30), (1, 1)]],
    ids=["moves-and-holds", "one-long-hold", "moves-only", "hold-then-move"])


@PLANS
def test_same_pictures_as_long_as_manims_own(tmp_path, plan):
    ours = encode(tmp_path / "ours.mp4", frames.write_frame, frames.finish, plan)
    theirs = encode(tmp_path / "theirs.mp4", frames.WRITE_FRAME, frames.FINISH, plan)
    frames_shown = sum(repeat for _, repeat in plan)
    assert media.duration(ours) == pytest.approx(frames_shown / 60, abs=1e-3)
    assert media.duration(ours) == pytest.approx(media.duration(theirs), abs=1e-3)
    # One stored frame per picture written, however long it is held.
    assert stored_frames(ours) == len(plan)
    assert stored_frames(theirs) == frames_shown
    shown, manims = at_frame_rate(ours), at_frame_rate(theirs)
    assert shown.shape == manims.shape == (frames_shown, *SIZE)
    # x264 encodes the same pictures either way; its rounding differs a little
    # where a frame follows a hold (its reference was encoded once, not
    # again and again). A held picture is an exact repeat in ours.
    diff = np.abs(shown.astype(int) - manims)
    assert diff.mean() < 0.5 and diff.max() <= 8
    start = 0
    for _, repeat in plan:
        assert (shown[start:start + repeat] == shown[start]).all()
        start += repeat
    if all(repeat == 1 for _, repeat in plan):  # nothing held: manim's own bytes
        assert ours.read_bytes() == theirs.read_bytes()


@PLANS
def test_a_section_made_of_segments_keeps_their_length(tmp_path, plan):
    """The build cuts sections from a render's segments by copying packets
    (pipeline.sections.remux); the holds keep their lengths there."""
    parts = [encode(tmp_path / f"{k}.mp4", frames.write_frame, frames.finish, plan)
             for k in range(3)]
    joined = tmp_path / "section.mp4"
    sections.remux(parts, joined)
    assert media.duration(joined) == pytest.approx(
        3 * sum(r for _, r in plan) / 60, abs=2e-3)
    assert at_frame_rate(joined).shape[0] == 3 * sum(r for _, r in plan)


def test_bad_repeat_is_refused_as_manim_does(tmp_path):
    encoder = VideoSegmentEncoder(target=tmp_path / "x.mp4", spec=spec_for())
    with pytest.raises(ValueError, match="repeat"):
        frames.write_frame(encoder, picture(0), repeat=0)
    encoder.abort()


def test_a_frame_wraps_the_pictures_memory_and_encodes_the_same(tmp_path):
    """``_wrap`` gives the encoder the picture's own memory (no copy), and the
    video is the same bytes as from manim's copy; a picture that is not one
    block of memory is copied as before."""
    plan = [(0, 2), (1, 1), (2, 3)]  # (picture, repeat)

    def with_copies(self, pixels, *, repeat=1):
        saved = frames._wrap
        frames._wrap = lambda p: av.VideoFrame.from_ndarray(p, format="rgba")
        try:
            frames.write_frame(self, pixels, repeat=repeat)
        finally:
            frames._wrap = saved

    wrapped = encode(tmp_path / "wrapped.mp4", frames.write_frame, frames.finish, plan)
    copied = encode(tmp_path / "copied.mp4", with_copies, frames.finish, plan)
    assert wrapped.read_bytes() == copied.read_bytes()

    pixels = picture(0)
    frame = frames._wrap(pixels)
    pixels[0, 0] = (1, 2, 3, 255)  # the frame shows the array itself
    assert tuple(frame.to_ndarray()[0, 0]) == (1, 2, 3, 255)
    strided = np.ascontiguousarray(np.concatenate([picture(0)] * 2, axis=1))[:, ::2]
    assert not strided.flags.c_contiguous
    assert (frames._wrap(strided).to_ndarray() == strided).all()


def noisy(seed: int, size=SIZE) -> np.ndarray:
    """A picture whose every row differs, so that swscale's chroma filter
    (which reads the rows next to a row) shows at a band's edges."""
    pixels = np.random.default_rng(seed).integers(0, 256, (*size, 4), dtype=np.uint8)
    pixels[..., 3] = 255
    return pixels


def whole(pixels: np.ndarray, threads: int = 1) -> list[np.ndarray]:
    """``pixels`` converted to yuv420p at once, as the encoder would."""
    from av.video.reformatter import VideoReformatter
    converted = VideoReformatter().reformat(
        av.VideoFrame.from_ndarray(pixels, format="rgba"), format="yuv420p",
        threads=threads)
    return [plane.copy() for plane in frames._plane_rows(converted)]


def changed(pixels: np.ndarray, rows: slice, seed: int) -> np.ndarray:
    after = pixels.copy()
    after[rows, :, :3] = noisy(seed)[rows, :, :3]
    return after


# Which rows change from one picture to the next: at the top edge, the bottom
# edge, one row, two bands (one band from the first to the last), none, all.
CHANGES = [slice(0, 3), slice(SIZE[0] - 1, None), slice(37, 38), slice(8, 9),
           slice(50, 70), slice(0, 0), slice(None)]


class Counting:
    """A reformatter that notes the height of each band it converts."""

    def __init__(self, reformatter):
        self.reformatter, self.heights = reformatter, []

    def reformat(self, frame, **options):
        self.heights.append(frame.height)
        return self.reformatter.reformat(frame, **options)


def test_only_the_changed_rows_are_converted_to_the_same_pixels():
    converter = frames._Converter(*SIZE, threads=1)
    converter.reformatter = counting = Counting(converter.reformatter)
    pixels = noisy(0)
    converted_rows = []
    for seed, rows in enumerate(CHANGES, start=1):
        pixels = changed(pixels, rows, seed)
        done = len(counting.heights)
        frame = converter.convert(pixels)
        converted_rows.append(sum(counting.heights[done:]))
        for ours, theirs in zip(frames._plane_rows(frame), whole(pixels)):
            assert np.array_equal(ours, theirs), rows
    # The first picture whole, then a band around each change, nothing for
    # an unchanged picture, all of it for a picture changed all over.
    assert converted_rows[0] == SIZE[0]
    assert converted_rows[CHANGES.index(slice(0, 0))] == 0
    assert converted_rows[-1] == SIZE[0]
    assert 0 < converted_rows[2] <= 6 * frames.MARGIN < SIZE[0]  # one row changed


def test_a_band_needs_its_margin():
    """A band converted alone comes out differently at its edges (its chroma
    reads rows past them); with MARGIN rows more on each side, its rows are
    the whole picture's."""
    pixels, top, bottom = noisy(5), 40, 56
    planes = whole(pixels)

    def band_rows(start, stop):
        converted = whole(np.ascontiguousarray(pixels[start:stop]))
        return [rows[(top - start) // step:(bottom - start) // step]
                for rows, step in zip(converted, (1, 2, 2))]

    def the_whole_pictures(rows):
        return all(np.array_equal(ours, theirs[top // step:bottom // step])
                   for ours, theirs, step in zip(rows, planes, (1, 2, 2)))

    assert not the_whole_pictures(band_rows(top, bottom))
    assert the_whole_pictures(band_rows(top - frames.MARGIN, bottom + frames.MARGIN))


def test_encoded_bytes_are_the_same_as_when_the_encoder_converts(tmp_path, monkeypatch):
    plan = [(noisy(0), 1), (changed(noisy(0), slice(20, 30), 1), 1),
            (changed(noisy(0), slice(20, 30), 1), 3), (noisy(2), 1),
            (changed(noisy(2), slice(90, 96), 3), 2)]

    def encode_plan(path):
        encoder = VideoSegmentEncoder(target=path, spec=spec_for())
        for pixels, repeat in plan:
            frames.write_frame(encoder, pixels.copy(), repeat=repeat)
        frames.finish(encoder)
        return path.read_bytes()

    ours = encode_plan(tmp_path / "bands.mp4")
    monkeypatch.setattr(frames, "_frame", lambda self, pixels: frames._wrap(pixels))
    assert ours == encode_plan(tmp_path / "whole.mp4")


def stream(size, codec="libx264"):
    return type("Stream", (), {"pix_fmt": "yuv420p", "width": size[1],
                               "height": size[0],
                               "codec_context": type("Codec", (), {"name": codec})})


@pytest.mark.parametrize("size", [(90, 160), (96, 161)],
                         ids=["height-not-4n", "odd-width"])
def test_a_picture_the_converter_does_not_fit_goes_to_the_encoder(size):
    assert frames._Converter.fits(stream(SIZE), noisy(0))
    assert not frames._Converter.fits(stream(size), noisy(0, size))
    assert not frames._Converter.fits(stream(SIZE, "libx265"), noisy(0))
