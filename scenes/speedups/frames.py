"""Convert a held frame to the encoder's pixel format once, not once per copy.

A ``self.wait()`` with nothing moving is a *frozen* frame: manim draws it
once and hands the encoder that one picture with a repeat count, and
``VideoSegmentEncoder.write_frame`` then makes a new ``VideoFrame`` from the
RGBA array for every repeat, which the encoder converts to yuv420p again,
each time. At 1080p that conversion costs about twice what x264 (preset
ultrafast) spends encoding the copy, and a lecture's narration is mostly
holds: two seconds of silence after a line is 120 conversions of one
picture.

``convert_held_frames_once()`` makes ``write_frame`` convert the picture to
the stream's pixel format once and encode that frame ``repeat`` times with
consecutive timestamps. The frames the encoder receives are the same pixels
(PyAV's encoder would have reformatted with the same settings), so the
segment's bytes are the same as manim's own
(tests/scenes/speedups/test_frames.py). ``scenes.speedups.install()``
installs it.
"""

from __future__ import annotations

from fractions import Fraction

import av
from manim.scene import video_segment_encoder
from manim.scene.video_segment_encoder import VideoSegmentEncoder

WRITE_FRAME = VideoSegmentEncoder.write_frame  # manim's own, kept for the tests


def write_frame(self: VideoSegmentEncoder, pixels, *, repeat: int = 1) -> None:
    """``VideoSegmentEncoder.write_frame``, converting a repeated frame once."""
    if repeat == 1:
        WRITE_FRAME(self, pixels, repeat=1)
        return
    self._validate_frame(pixels, repeat)
    rate = self.spec.frame_rate
    time_base = Fraction(rate.denominator, rate.numerator)
    try:
        stream = self._stream
        frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
            format=stream.pix_fmt, width=stream.width, height=stream.height)
        frame.time_base = time_base
        for _ in range(repeat):
            frame.pts = self._next_pts
            self._next_pts += 1
            for packet in stream.encode(frame):
                self._container.mux(packet)
    except BaseException as error:
        raise self._operation_error("encode", error) from error


def convert_held_frames_once() -> None:
    """Install ``write_frame`` in place of manim's (once per process)."""
    video_segment_encoder.VideoSegmentEncoder.write_frame = write_frame
