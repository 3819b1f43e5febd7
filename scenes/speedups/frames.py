"""Encode a held frame once, shown for as long as it is held.

A ``self.wait()`` with nothing moving is a *frozen* frame: manim draws it
once and hands the encoder that one picture with a repeat count, and
``VideoSegmentEncoder.write_frame`` then converts the RGBA array to yuv420p
and has x264 encode it again for every repeat: two seconds of silence after
a line are 120 encodes of one picture. A lecture's narration is mostly
holds: sigma-loop is 85% held frames, hadamard-product 72%, a practice
scene (whose countdowns move) 61%. At 1080p a held copy cost about 2.7 ms of
x264 (preset ultrafast) on top of a conversion.

``encode_holds_once()`` makes ``write_frame`` encode the picture once (from
the frame's own memory, not a copy: ``_wrap``), with
a timestamp ``repeat`` frames before the next one, and ``finish`` give the
segment's last frame the duration up to the segment's end. MP4 keeps each
frame's duration, so the video holds the picture exactly as long (a
variable frame rate: frames where the picture changes, as a screen
recording has): the same length to the frame, and decoded at the scene's
frame rate it is the same pictures as manim's own
(tests/scenes/speedups/test_frames.py). ``scenes.speedups.install()``
installs it.
"""

from __future__ import annotations

from fractions import Fraction

import av
from manim.scene import video_segment_encoder
from manim.scene.video_segment_encoder import VideoSegmentEncoder

# manim's own, kept for the tests
WRITE_FRAME = VideoSegmentEncoder.write_frame
FINISH = VideoSegmentEncoder.finish


def _frame_time(self: VideoSegmentEncoder) -> Fraction:
    rate = self.spec.frame_rate
    return Fraction(rate.denominator, rate.numerator)


def _mux(self: VideoSegmentEncoder, packet) -> None:
    """Mux the packet before ``packet``: the last one waits for its duration."""
    held = getattr(self, "_held_packet", None)
    if held is not None:
        self._container.mux(held)
    self._held_packet = packet


def _wrap(pixels) -> av.VideoFrame:
    """A frame over ``pixels``' own memory, not a copy of it: the encoder
    converts it to yuv420p before ``write_frame`` returns, and the frame
    keeps the array alive. ``from_ndarray`` copied the 8 MB of a 1080p
    frame every time (about 9 ms of the encoder's 25 ms a frame here, for
    the same bytes out)."""
    if pixels.flags.c_contiguous:
        return av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
    return av.VideoFrame.from_ndarray(pixels, format="rgba")


def write_frame(self: VideoSegmentEncoder, pixels, *, repeat: int = 1) -> None:
    """``VideoSegmentEncoder.write_frame``, encoding a repeated frame once."""
    self._validate_frame(pixels, repeat)
    try:
        frame = _wrap(pixels)
        frame.pts = self._next_pts
        frame.time_base = _frame_time(self)
        self._next_pts += repeat
        for packet in self._stream.encode(frame):
            _mux(self, packet)
    except BaseException as error:
        raise self._operation_error("encode", error) from error


def finish(self: VideoSegmentEncoder) -> None:
    """``VideoSegmentEncoder.finish``; the last frame lasts to the segment's end."""
    if self._closed:
        return
    self._closed = True
    first_error: Exception | None = None
    try:
        try:
            for packet in self._stream.encode():
                _mux(self, packet)
            held, self._held_packet = getattr(self, "_held_packet", None), None
            if held is not None:
                end = self._next_pts * _frame_time(self) / held.time_base
                held.duration = round(end) - held.pts
                self._container.mux(held)
        except Exception as error:
            first_error = error
    finally:
        try:
            self._container.close()
        except Exception as error:
            if first_error is None:
                first_error = error
    if first_error is not None:
        raise self._operation_error("finish", first_error) from first_error


def encode_holds_once() -> None:
    """Install ``write_frame`` and ``finish`` in place of manim's (once per
    process)."""
    video_segment_encoder.VideoSegmentEncoder.write_frame = write_frame
    video_segment_encoder.VideoSegmentEncoder.finish = finish
