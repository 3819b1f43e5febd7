"""What a video holds, read in-process with PyAV (manim's own media library)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av

from pipeline.config import Fail, shown


@dataclass(frozen=True)
class Probe:
    """A video file's streams (kind -> codec), duration and chapter count."""

    streams: dict[str, str]
    duration: float
    chapters: int


def probe(path: Path) -> Probe:
    """Open ``path`` and read its streams; a damaged file is one ``Fail``."""
    try:
        with av.open(str(path)) as box:
            streams = {}
            for s in box.streams:
                context = getattr(s, "codec_context", None)
                streams.setdefault(s.type, getattr(context, "name", None) or s.type)
            seconds = box.duration / av.time_base if box.duration else 0.0
            video = box.streams.video[0] if box.streams.video else None
            if video is not None and video.duration and video.time_base:
                seconds = float(video.duration * video.time_base)
            return Probe(streams, seconds, len(box.chapters()))
    except (av.error.FFmpegError, OSError, IndexError) as exc:
        raise Fail(f"{shown(path)} {UNREADABLE} ({exc}); it will be "
                   "rendered again on the next build") from None


UNREADABLE = "is not a readable video"


def unreadable(exc: Fail) -> bool:
    """Whether ``exc`` is ``probe``'s "not a readable video"."""
    return UNREADABLE in exc.message


def duration(path: Path) -> float:
    """Seconds of video in ``path`` (its video stream's length)."""
    return probe(path).duration


def has_audio(path: Path) -> bool:
    return "audio" in probe(path).streams


def playable(path: Path) -> bool:
    """True when ``path`` has a video stream, a length and a last frame that decodes."""
    try:
        found = probe(path)
        if "video" not in found.streams or found.duration <= 0:
            return False
        frame_at(path, found.duration - 0.5)
        return True
    except Fail:
        return False


def frame_at(path: Path, at: float, width: int | None = None):
    """The frame shown at ``at`` seconds, as a PIL image (scaled to ``width``)."""
    try:
        with av.open(str(path)) as box:
            stream = box.streams.video[0]
            target = max(at, 0.0)
            box.seek(int(target / stream.time_base), stream=stream, backward=True,
                     any_frame=False)
            image = None
            for frame in box.decode(stream):
                image = frame
                if frame.time is not None and frame.time >= target:
                    break
            if image is None:
                raise Fail(f"{shown(path)} has no frame at {at:.2f}s")
            picture = image.to_image()
    except (av.error.FFmpegError, OSError, IndexError) as exc:
        raise Fail(f"{shown(path)}: cannot read a frame at {at:.2f}s ({exc})") from None
    if width:
        height = round(picture.height * width / picture.width / 2) * 2
        picture = picture.resize((width, height))
    return picture
