"""The lecture as data: ``build/lecture-<res>.json``, what the web page shows.

Made from the same files as the video (each scene's events JSON, written by
``LectureScene.tear_down``, and its ``.srt``), never scraped from the picture.
Times in the result are seconds from the start of the joined lecture; paths
are relative to the folder of the lecture video (where the JSON goes too).

The result::

    {"format": 1, "title", "res", "video", "duration",
     "chapters": [{"id", "title", "start", "end", "poster",
                   "code": [{"code", "output", "error", "given"}]}],
     "beats": [{"start", "end", "text", "spoken", "chapter"}],
     "cues": [{"start", "end", "text", "spoken", "beat", "chapter"}],
     "errata": [{"time", "chapter", "key", "guide", "torch"}],
     "notes": [{"time", "chapter", ...what the scene recorded}],
     "questions": [{"number", "text", "code", "chapter", "time", "answer",
                    "think", "quiz"}],
     "descriptions": [{"start", "end", "text", "spoken", "chapter", "extended"}]}

``beat`` is an index into ``beats`` (or null for a cue outside every beat);
``chapter`` an index into ``chapters``; a question's ``answer`` is the time its
answer starts (null if the scene never answered it), its ``think`` the
seconds of countdown the scene gave (null if none) and its ``quiz`` the answer
box's question and torch's answer (``tensors.quiz.Quiz.to_json``, or null).
A cue's ``spoken`` is the words the voice says for it when the build knows
them (the beat's ``spoken`` form for a beat said as one cue), else its
written ``text``.

``descriptions`` is the audio description (``pipeline.describe``): what is
shown and not said, each to be spoken from ``start`` (``spoken`` is its
words for a voice, ``end`` when that is done); an ``extended`` one does not
fit the silence before the next narration, so the page pauses the video
while it is spoken. A visual event that needs a description and has none
fails the build (``describe.check``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import describe
from pipeline.config import Fail
from scenes.kit.record import Beat, Cue, Kind, RecordError, Run, SceneRecord

FORMAT = 1
TITLE = "Tensor Hero: PyTorch fundamentals"
# Event kinds are ``scenes.kit.record.Kind``; each record is read by its one reader.


@dataclass(frozen=True)
class ChapterInfo:
    """One scene as joined into the lecture: where it sits and its files."""

    id: str
    title: str
    start: float  # seconds into the joined lecture
    end: float
    poster: Path  # build/posters/<res>/<id>.png
    events: Path  # build/scenes/<res>/<id>.events.json
    srt: Path  # build/scenes/<res>/<id>.srt


def lecture_manifest(res: str, video: Path, chapters: list[ChapterInfo]) -> dict:
    """Everything the lecture page needs, in one JSON-able dict (see module doc)."""
    if not chapters:
        raise Fail("the lecture has no chapters")
    data: dict[str, Any] = {
        "format": FORMAT, "title": TITLE, "res": res, "video": video.name,
        "duration": _t(chapters[-1].end), "chapters": [], "beats": [], "cues": [],
        "errata": [], "notes": [], "questions": [], "descriptions": [],
    }
    for index, chapter in enumerate(chapters):
        scene = _read_record(chapter.events)
        data["chapters"].append({
            "id": chapter.id, "title": chapter.title,
            "start": _t(chapter.start), "end": _t(chapter.end),
            "poster": _relative(chapter.poster, video.parent),
            "code": _unique_runs(scene.code),
        })
        first_beat = len(data["beats"])
        beats = _beats(scene.beats, chapter, index)
        data["beats"] += beats
        data["cues"] += _cues(scene.beats, beats, first_beat, chapter, index)
        _add_events(data, scene, chapter, index)
        _add_descriptions(data, scene, chapter, index)
    return data


def write_manifest(path: Path, data: dict) -> None:
    """Write ``data`` as JSON at ``path``: under a temporary name, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)


# -- helpers ---------------------------------------------------------------


def _t(seconds: float) -> float:
    """A time as the JSON keeps it: milliseconds, no float noise."""
    return round(float(seconds), 3)


def _relative(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path, base)).as_posix()


def _read_record(path: Path) -> SceneRecord:
    try:
        return SceneRecord.read(path)
    except RecordError as exc:
        raise Fail(str(exc)) from None


def _unique_runs(runs: Sequence[Run]) -> list[dict]:
    """Each distinct run once, in the order it first ran."""
    seen, unique = set(), []
    for r in runs:
        item = {"code": r.code, "output": r.output, "error": r.error,
                "given": list(r.given)}
        key = (item["code"], item["output"], item["error"])
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _clip(chapter: ChapterInfo, start: float, end: float) -> tuple[float, float]:
    """Scene-relative times made absolute and kept inside the chapter."""
    a = min(chapter.start + start, chapter.end)
    b = min(chapter.start + end, chapter.end)
    return _t(a), _t(b)


def _beats(raw: Sequence[Beat], chapter: ChapterInfo, index: int) -> list[dict]:
    beats = []
    for beat in raw:
        start, end = _clip(chapter, beat.start, beat.end)
        beats.append({"start": start, "end": end, "text": beat.text,
                      "spoken": beat.spoken, "chapter": index})
    return beats


def _cues(raw: Sequence[Beat], beats: list[dict], first_beat: int,
          chapter: ChapterInfo, index: int) -> list[dict]:
    """The chapter's caption cues: each beat's own, as the scene timed them.

    A beat said as one cue is spoken as the beat's spoken form; a cue cut
    from a longer line says its own words.
    """
    cues = []
    for n, (beat, out) in enumerate(zip(raw, beats)):
        parts = list(beat.cues) or [Cue(beat.start, beat.end, beat.text)]
        whole = len(parts) == 1 and parts[0].text == beat.text
        for cue in parts:
            start, end = _clip(chapter, cue.start, cue.end)
            if end > start:
                said = cue.spoken or (out["spoken"] if whole else cue.text)
                cues.append({"start": start, "end": end, "text": cue.text,
                             "spoken": said, "beat": first_beat + n, "chapter": index})
    return cues


def _add_descriptions(data: dict, scene: SceneRecord, chapter: ChapterInfo,
                      index: int) -> None:
    """The chapter's audio description; fails if an event cannot be described."""
    record = scene.to_json()
    beats, events = record["beats"], record["events"]
    describe.check(chapter.id, beats, events)
    data["descriptions"] += describe.chapter_cues(
        beats, events, chapter.end - chapter.start, index, chapter.start)


def _add_events(data: dict, scene: SceneRecord, chapter: ChapterInfo,
                index: int) -> None:
    def at(t: float) -> float:
        return _clip(chapter, t, t)[0]

    for kind, listed in ((Kind.ERRATUM, "errata"), (Kind.NOTE, "notes")):
        data[listed] += [{"time": at(e.time), "chapter": index, **e.data}
                         for e in scene.of(kind)]
    for q in scene.questions:
        data["questions"].append({
            "number": q.number, "text": q.text, "code": q.code, "chapter": index,
            "time": at(q.time), "answer": None if q.answer is None else at(q.answer),
            "think": q.think, "quiz": q.quiz})
