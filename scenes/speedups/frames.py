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
(tests/scenes/speedups/test_frames.py). A frame that is encoded is
converted to yuv420p a changed band of rows at a time (``_Converter``), the
same bytes as converting all of it. ``scenes.speedups.install()`` installs
it.
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
from av.video.reformatter import VideoReformatter
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


# Rows on each side of a changed band that are converted with it, and the
# band's edges fall on multiples of it: swscale's yuv420p chroma for a row
# reads the rows next to it (2 suffice; tests/scenes/speedups/test_frames.py
# checks that a band's rows come out as the whole picture's do).
MARGIN = 8


def _changed_rows(before: np.ndarray, after: np.ndarray) -> tuple[int, int] | None:
    """The first row where ``after`` differs from ``before`` and the row
    after the last one; ``None`` where they are the same picture."""
    height = after.shape[0]
    rows = np.flatnonzero((before.reshape(height, -1).view(np.uint64)
                           != after.reshape(height, -1).view(np.uint64)).any(axis=1))
    return (int(rows[0]), int(rows[-1]) + 1) if len(rows) else None


def _plane_rows(frame: av.VideoFrame) -> list[np.ndarray]:
    """``frame``'s Y, U and V planes as arrays of rows (no copy)."""
    return [np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
            [:, :plane.width] for plane in frame.planes]


class _Converter:
    """One segment's pictures as yuv420p, converting only the band of rows
    that changed since its last picture.

    A narrated slide changes a little at a time: while a line fades in, the
    rows it covers change and the rest of the picture stays as it was
    (hadamard-product's animated frames changed 324 of 1080 rows on
    average, sigma-loop's 132). swscale converted the whole 1080p picture
    for every frame: in sigma-loop 7.0 ms of the encoding thread's CPU a
    frame (x264 took 7.7). Finding the band and converting it took 3.3 ms.
    The encoder gets the same picture either way, and the video is the same
    bytes (tests/scenes/speedups/test_frames.py)."""

    def __init__(self, height: int, width: int, threads: int) -> None:
        self.height, self.threads = height, threads
        self.yuv = np.empty((height * 3 // 2, width), np.uint8)
        luma = height * width
        flat = self.yuv.reshape(-1)
        self.planes = [self.yuv[:height],
                       flat[luma:luma * 5 // 4].reshape(height // 2, width // 2),
                       flat[luma * 5 // 4:].reshape(height // 2, width // 2)]
        self.last: np.ndarray | None = None
        self.reformatter = VideoReformatter()

    @staticmethod
    def fits(stream, pixels) -> bool:
        """Whether ``pixels`` are a picture this class converts as the
        encoder would: RGBA bytes in one block, of the stream's even size,
        encoded as yuv420p by x264 (which copies a picture as it takes it)."""
        height, width = pixels.shape[:2]
        return (stream.codec_context.name == "libx264" and stream.pix_fmt == "yuv420p"
                and pixels.dtype == np.uint8
                and pixels.ndim == 3 and pixels.shape[2] == 4
                and pixels.flags.c_contiguous and height % 4 == 0 and width % 2 == 0
                and (stream.width, stream.height) == (width, height))

    def convert(self, pixels: np.ndarray) -> av.VideoFrame:
        """``pixels`` as a yuv420p frame over this converter's memory (x264
        copies it before the next picture overwrites it)."""
        band = ((0, self.height) if self.last is None
                else _changed_rows(self.last, pixels))
        if band is not None:
            # The changed rows and the rows whose chroma reads them (yuv420p
            # chroma for a row reads the rows next to it, fewer than MARGIN)
            # are kept; they are converted with MARGIN rows more on each side,
            # so that none of them is converted as if the picture ended there.
            keep_top = max(0, (band[0] - MARGIN) // MARGIN * MARGIN)
            keep_bottom = min(self.height, -(-(band[1] + MARGIN) // MARGIN) * MARGIN)
            top = max(0, keep_top - MARGIN)
            bottom = min(self.height, keep_bottom + MARGIN)
            converted = _plane_rows(self.reformatter.reformat(
                _wrap(pixels[top:bottom]), format="yuv420p", threads=self.threads))
            for k, (plane, rows) in enumerate(zip(self.planes, converted)):
                step = 1 if k == 0 else 2
                plane[keep_top // step:keep_bottom // step] = \
                    rows[(keep_top - top) // step:(keep_bottom - top) // step]
        self.last = pixels
        return av.VideoFrame.from_numpy_buffer(self.yuv, format="yuv420p")


def _frame(self: VideoSegmentEncoder, pixels) -> av.VideoFrame:
    """The frame to encode for ``pixels``: converted a changed band at a time
    where ``_Converter`` fits, else over the pixels (the encoder converts)."""
    if not _Converter.fits(self._stream, pixels):
        return _wrap(pixels)
    converter = getattr(self, "_converter", None)
    if converter is None:
        converter = self._converter = _Converter(
            *pixels.shape[:2], self._stream.codec_context.thread_count)
    return converter.convert(pixels)


def write_frame(self: VideoSegmentEncoder, pixels, *, repeat: int = 1) -> None:
    """``VideoSegmentEncoder.write_frame``, encoding a repeated frame once."""
    self._validate_frame(pixels, repeat)
    try:
        frame = _frame(self, pixels)
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
