"""The lecture from its scenes: one MP4 with chapters, captions and sound.

The scene videos are concatenated without re-encoding; chapters come from
``scenes/lecture.py``; the captions are every scene's cues shifted to its
start. The result is checked (streams, length, chapter count) before it
replaces the previous lecture, and what was checked is returned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline import media, procs
from pipeline.audio import cached_voice_track
from pipeline.captions import Cue, read_cues, shifted, srt_text, vtt_text
from pipeline.config import Fail, shown
from pipeline.files import part_name, write_atomic
from scenes.lecture import Chapter

LECTURE_TITLE = "Tensor Hero: PyTorch fundamentals"


@dataclass(frozen=True)
class Joined:
    """What the joined lecture was verified to hold."""

    path: Path
    seconds: float
    chapters: int
    cues: int
    streams: dict[str, str]
    starts: tuple[float, ...]
    lengths: tuple[float, ...]


def chapter_metadata(chapters: list[Chapter], starts: list[float], total: float) -> str:
    """An FFMETADATA file with one chapter per scene, titled from the lecture."""
    text = [";FFMETADATA1", f"title={LECTURE_TITLE}"]
    ends = [*starts[1:], total]
    for chapter, start, end in zip(chapters, starts, ends):
        title = chapter.title.replace("=", r"\=").replace(";", r"\;")
        text += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(start * 1000)}",
                 f"END={round(end * 1000)}", f"title={title}"]
    return "\n".join(text) + "\n"


def lecture_cues(videos: list[Path], starts: list[float],
                 lengths: list[float]) -> list[Cue]:
    cues = []
    for video, start, length in zip(videos, starts, lengths):
        cues += shifted(read_cues(video.with_suffix(".srt")), start, start + length)
    return cues


def layout(videos: list[Path]) -> tuple[list[float], list[float]]:
    """Each scene video's length, and where it starts in the joined lecture."""
    lengths = [media.duration(v) for v in videos]
    return lengths, [sum(lengths[:i]) for i in range(len(videos))]


def join(chapters: list[Chapter], videos: list[Path], out: Path, work: Path,
         burn_captions: bool = False, encoder: dict | None = None, *,
         fps: int) -> Joined:
    """Concatenate scene videos into ``out`` (+ ``.srt``, ``.vtt``), verified.

    ``work`` is a private folder for the intermediate files. ``out`` is
    replaced only when the new file passed ``verify`` (its length within one
    frame at ``fps``, the rate the scenes were drawn at: a held picture is
    one frame in them, ``scenes.speedups.frames``, so their average rate is
    lower). Burning captions in encodes every frame at ``fps``, so a cue that
    starts during a hold shows.
    """
    work.mkdir(parents=True, exist_ok=True)
    lengths, starts = layout(videos)
    total = sum(lengths)
    cues = lecture_cues(videos, starts, lengths)
    listing = work / "list.txt"
    listing.write_text("".join(f"file '{v.resolve()}'\n" for v in videos))
    (work / "chapters.txt").write_text(chapter_metadata(chapters, starts, total))
    (work / "captions.srt").write_text(srt_text(cues), encoding="utf-8")
    inputs = ["-f", "concat", "-safe", "0", "-i", str(listing),
              "-i", str(work / "chapters.txt")]
    maps = ["-map", "0:v"]
    if cues:
        maps += ["-map", f"{inputs.count('-i')}:s"]
        inputs += ["-i", str(work / "captions.srt")]
    sound = any(media.has_audio(v) for v in videos)
    if sound:
        # The last join's track when the sound is the same (a picture edit).
        cached_voice_track(videos, lengths, work / "audio.m4a",
                           out.parent / "voice-tracks")
        maps += ["-map", f"{inputs.count('-i')}:a"]
        inputs += ["-i", str(work / "audio.m4a")]
    video_codec = ["-c:v", "copy"]
    if burn_captions:
        options = (encoder or {}).get("options", {"crf": 23, "preset": "ultrafast"})
        # The fps filter keeps the last picture to the end (-r would end it at
        # its first frame).
        video_codec = ["-vf", f"fps={fps},subtitles={work / 'captions.srt'}",
                       "-c:v", "libx264",
                       "-preset", str(options["preset"]), "-crf", str(options["crf"]),
                       "-pix_fmt", "yuv420p"]
    tmp = part_name(out, ".mp4")
    try:
        try:
            procs.ffmpeg(*inputs, *maps, "-map_metadata", "1", "-map_chapters", "1",
                         *video_codec, "-c:a", "copy", "-c:s", "mov_text",
                         "-metadata:s:s:0", "language=eng", "-movflags", "+faststart",
                         str(tmp), what="joining the scenes")
            try:
                found = verify(tmp, chapters, total, bool(cues), sound,
                               fps)
            except Fail as exc:
                if not tmp.exists() or media.unreadable(exc):
                    raise Fail("the joined lecture was not written whole") from None
                raise
        except Fail as exc:
            from pipeline.scene import disk_note

            raise Fail(f"{exc.message}{disk_note(out.parent)}; {shown(out)} was left "
                       "as it was") from None
        write_atomic(out.with_suffix(".srt"), srt_text(cues))
        write_atomic(out.with_suffix(".vtt"), vtt_text(cues))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return Joined(out, found.duration, found.chapters, len(cues), found.streams,
                  tuple(starts), tuple(lengths))


def verify(path: Path, chapters: list[Chapter], total: float, captions: bool,
           sound: bool, rate: float) -> media.Probe:
    """Fail unless ``path`` has every stream, the scenes' length and its chapters."""
    found = media.probe(path)
    problems = []
    if "video" not in found.streams:
        problems.append("no video stream")
    if captions and "subtitle" not in found.streams:
        problems.append("no caption track")
    if sound and "audio" not in found.streams:
        problems.append("no audio track")
    if abs(found.duration - total) > 1 / rate + 1e-3:
        problems.append(f"{found.duration:.3f}s of video, the scenes add up to "
                        f"{total:.3f}s")
    if found.chapters != len(chapters):
        problems.append(f"{found.chapters} chapters, expected {len(chapters)}")
    if problems:
        raise Fail(f"the joined lecture is not right: {'; '.join(problems)}")
    return found
