"""A scene in sections: cut at its plays, named by their content, joined again.

A render's child (``pipeline.child``) lists the scene's plays: index, start,
end and manim's own content hash of each (the animations and everything on
screen). ``cut`` groups consecutive plays into sections of ``MIN_SECONDS`` to
``MAX_SECONDS`` of video, ending a section after a play whose hash is a
multiple of ``CUT_EVERY`` (content-defined cuts, as rsync and restic chunk
files): where a section ends depends only on the plays near it, so an edit
to one beat changes the sections around that beat and leaves the others'
names, and files, as they were.

Each section is a video of its plays (remuxed from the render's per-play
segments, no re-encoding) stored as ``build/sections/<res>/<key>.mp4``, its
key a hash of its plays' hashes and frame counts, the settings and the
versions of what draws. A scene's video is its sections joined, with its
voice mixed from its record (``scene_audio``): the picture never carries the
sound, so a section is the same file whichever run drew it.
"""

from __future__ import annotations

import hashlib
import json
import os
import wave
from dataclasses import dataclass
from pathlib import Path

from pipeline import cache, media, procs
from pipeline.config import Fail, Settings, build_dir, shown
from pipeline.files import part_name, write_atomic

MIN_SECONDS = 12.0  # a section is at least this long, unless the scene is shorter
MAX_SECONDS = 45.0  # and is cut here whatever its plays' hashes
CUT_EVERY = 5  # a play whose hash is a multiple of this may end a section
AUDIO_RATE = 22050  # the voice's own rate (piper, espeak); recordings are resampled


@dataclass(frozen=True)
class Play:
    """One ``play`` or ``wait`` of a scene, as its render or plan listed it."""

    index: int
    start: float
    end: float
    hash: str | None

    @classmethod
    def read(cls, path: Path) -> list[Play]:
        return [cls(p["index"], p["start"], p["end"], p["hash"])
                for p in json.loads(Path(path).read_text())]

    def frames(self, fps: int) -> int:
        return round((self.end - self.start) * fps)


@dataclass(frozen=True)
class Section:
    """Plays ``first`` to ``last`` (inclusive) of a scene, and its file's name."""

    first: int
    last: int
    key: str
    seconds: float

    def path(self, settings: Settings) -> Path:
        return build_dir() / "sections" / settings.res / f"{self.key}.mp4"

    def to_json(self) -> dict:
        return {"first": self.first, "last": self.last, "key": self.key,
                "seconds": self.seconds}

    @classmethod
    def from_json(cls, data: dict) -> Section:
        return cls(data["first"], data["last"], data["key"], data["seconds"])


def ends_section(play: Play) -> bool:
    return play.hash is not None and int(play.hash[:8], 16) % CUT_EVERY == 0


def cut(plays: list[Play], settings: Settings) -> list[Section]:
    """The scene's sections, in order, covering every play once."""
    if any(p.hash is None for p in plays):
        raise Fail("a play has no content hash; the scene must be planned or "
                   "rendered whole before it is cut")
    groups: list[list[Play]] = [[]]
    for play in plays:
        groups[-1].append(play)
        length = groups[-1][-1].end - groups[-1][0].start
        if length >= MAX_SECONDS or (length >= MIN_SECONDS and ends_section(play)):
            groups.append([])
    if not groups[-1]:
        groups.pop()
    if len(groups) > 1 and groups[-1][-1].end - groups[-1][0].start < MIN_SECONDS:
        groups[-2:] = [groups[-2] + groups[-1]]  # a short tail joins the one before
    return [Section(g[0].index, g[-1].index, section_key(g, settings),
                    g[-1].end - g[0].start) for g in groups]


def section_key(plays: list[Play], settings: Settings) -> str:
    content = {"quality": settings.quality, "encoder": settings.encoder,
               "versions": cache.versions(),
               "plays": [[p.hash, p.frames(settings.fps)] for p in plays]}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:24]


def stamp_of(path: Path) -> Path:
    return path.with_name(path.name + ".key")


def stored(section: Section, settings: Settings) -> bool:
    """The section's file is there, whole (the size and hash its stamp holds)."""
    path = section.path(settings)
    stamp = cache.read_stamp(stamp_of(path))
    return (isinstance(stamp, dict) and stamp.get("key") == section.key
            and cache.outputs_intact(stamp.get("outputs") or {}, [path]))


def segment(work: Path, index: int) -> Path:
    """The render's video of play ``index`` (manim names an uncached segment so)."""
    found = list(work.glob(f"videos/**/partial_movie_files/*/uncached_{index:05d}.mp4"))
    if len(found) != 1:
        raise Fail(f"the render in {shown(work)} left no video of play {index}")
    return found[0]


def remux(inputs: list[Path], out: Path) -> None:
    """``inputs`` one after another in ``out``, video only, packets copied."""
    import av

    out.parent.mkdir(parents=True, exist_ok=True)
    listing = part_name(out, ".txt")
    listing.write_text("".join(f"file 'file:{p.resolve().as_posix()}'\n"
                               for p in inputs))
    tmp = part_name(out, ".mp4")
    try:
        with av.open(str(listing), format="concat", options={"safe": "0"}) as box:
            source = box.streams.video[0]
            with av.open(str(tmp), mode="w") as target:
                stream = target.add_stream_from_template(template=source)
                for packet in box.demux(source):
                    if packet.dts is None:
                        continue
                    packet.dts = None  # as manim joins segments (combine_files)
                    packet.stream = stream
                    target.mux(packet)
        os.replace(tmp, out)
    finally:
        listing.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)


def store(section: Section, plays: list[Play], work: Path, settings: Settings) -> Path:
    """Make the section's file from the render in ``work``, checked: as many
    frames as its plays, within one."""
    path = section.path(settings)
    remux([segment(work, i) for i in range(section.first, section.last + 1)], path)
    want = sum(p.frames(settings.fps) for p in plays
               if section.first <= p.index <= section.last)
    got = round(media.duration(path) * settings.fps)
    if abs(got - want) > 1:
        path.unlink(missing_ok=True)
        raise Fail(f"section {section.first}-{section.last} of the render in "
                   f"{shown(work)} has {got} frames, its plays {want}")
    entry = {path.name: cache.output_entry(path)}
    cache.write_stamp(stamp_of(path), {"key": section.key, "outputs": entry})
    return path


def _samples(path: Path):
    """``path``'s audio as mono int16 at ``AUDIO_RATE``."""
    import numpy as np

    try:
        with wave.open(str(path)) as w:
            form = (w.getframerate(), w.getnchannels(), w.getsampwidth())
            if form == (AUDIO_RATE, 1, 2):
                return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    except (wave.Error, EOFError):
        pass
    raw = procs.run_quiet(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f",
                           "s16le", "-ac", "1", "-ar", str(AUDIO_RATE), "-"],
                          f"reading {shown(path)}", binary=True)
    return np.frombuffer(raw, dtype=np.int16)


def scene_audio(scene: str, beats: list, seconds: float, out: Path) -> bool:
    """Mix the voice of each beat (``scenes.voice.narration.audio_for``, as the
    scene heard it) at the beat's start into ``out`` (WAV, ``seconds`` long).

    Returns False, writing nothing, when no beat has audio (the voice is off).
    """
    import numpy as np

    from scenes.voice import narration

    total = np.zeros(round(seconds * AUDIO_RATE), dtype=np.int32)
    heard = False
    for number, beat in enumerate(beats, 1):
        audio = narration.audio_for(scene, number, beat.text)
        if audio is None:
            continue
        heard = True
        samples = _samples(audio)
        at = round(beat.start * AUDIO_RATE)
        piece = samples[:max(0, len(total) - at)]
        total[at:at + len(piece)] += piece
    if not heard:
        return False
    pcm = np.clip(total, -32768, 32767).astype("<i2").tobytes()
    tmp = part_name(out, ".wav")
    try:
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(AUDIO_RATE)
            w.writeframes(pcm)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def assemble(sections: list[Path], audio: Path | None, out: Path) -> None:
    """The scene's video: its sections joined (copied), with ``audio`` as AAC."""
    joined = part_name(out, ".video.mp4")
    tmp = part_name(out, ".mp4")
    try:
        remux(sections, joined)
        if audio is None:
            os.replace(joined, out)
            return
        procs.ffmpeg("-i", str(joined), "-i", str(audio), "-map", "0:v", "-map", "1:a",
                     "-c:v", "copy", "-c:a", "aac", "-b:a", "96k",
                     "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "mp4",
                     str(tmp), what="adding the voice to the scene")
        os.replace(tmp, out)
    finally:
        joined.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)


def plan_file(sections: list[Section], plays: list[Play], jobs: list[dict]) -> str:
    """``<id>.plays.json``: the scene's plays and sections, for the next build,
    and the jobs that made them (kind, plays, seconds: ``render.py bench``)."""
    return json.dumps({"plays": [p.__dict__ for p in plays],
                       "sections": [s.to_json() for s in sections], "jobs": jobs},
                      indent=1)


def read_plan(path: Path) -> list[Section] | None:
    try:
        return [Section.from_json(s) for s in json.loads(path.read_text())["sections"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_text(path: Path, text: str) -> None:
    write_atomic(path, text)
