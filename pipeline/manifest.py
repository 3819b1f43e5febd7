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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import describe
from pipeline.config import Fail

FORMAT = 1
TITLE = "Tensor Hero: PyTorch fundamentals"
# Event kinds (``LectureScene.record``) and the list each one goes to.
ERRATUM, NOTE, QUESTION, THINK, ANSWER = (
    "erratum", "note", "question", "think", "answer")


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
        scene = _read_events(chapter.events)
        data["chapters"].append({
            "id": chapter.id, "title": chapter.title,
            "start": _t(chapter.start), "end": _t(chapter.end),
            "poster": _relative(chapter.poster, video.parent),
            "code": _unique_runs(scene.get("code", [])),
        })
        first_beat = len(data["beats"])
        beats = _beats(scene.get("beats", []), chapter, index)
        data["beats"] += beats
        data["cues"] += _cues(scene.get("beats", []), beats, first_beat, chapter, index)
        _add_events(data, scene.get("events", []), chapter, index)
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


def _read_events(path: Path) -> dict:
    try:
        scene = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Fail(f"{path}: no events file (the scene did not write its beats)")
    except (OSError, ValueError) as exc:
        raise Fail(f"{path}: unreadable events file ({exc})")
    if not isinstance(scene, dict):
        raise Fail(f"{path}: events file is not a JSON object")
    return scene


def _unique_runs(runs: list[dict]) -> list[dict]:
    """Each distinct run once, in the order it first ran."""
    seen, unique = set(), []
    for r in runs:
        item = {"code": r.get("code", ""), "output": r.get("output", ""),
                "error": r.get("error", ""), "given": list(r.get("given", []))}
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


def _beats(raw: list[dict], chapter: ChapterInfo, index: int) -> list[dict]:
    beats = []
    for beat in raw:
        start, end = _clip(chapter, beat["start"], beat["end"])
        beats.append({"start": start, "end": end, "text": beat["text"],
                      "spoken": beat.get("spoken") or beat["text"], "chapter": index})
    return beats


def _srt_cues(path: Path) -> list[tuple[float, float, str]]:
    import srt  # noqa: PLC0415 - manim's dependency, needed only here

    if not path.exists():
        return []
    try:
        return [(c.start.total_seconds(), c.end.total_seconds(), c.content)
                for c in srt.parse(path.read_text(encoding="utf-8"))]
    except (srt.SRTParseError, ValueError) as exc:
        raise Fail(f"{path}: unreadable captions ({exc})")


def _cues(raw: list[dict], beats: list[dict], first_beat: int,
          chapter: ChapterInfo, index: int) -> list[dict]:
    """The chapter's caption cues: the beats' own cues, else the .srt's.

    A beat without ``cues`` (from the voice) takes the .srt cues that fall in
    it; with no .srt either, the beat is one cue.
    """
    srt_cues = _srt_cues(chapter.srt)
    cues = []
    for n, (beat, out) in enumerate(zip(raw, beats)):
        own = beat.get("cues")
        if own:
            parts = [(c["start"], c["end"], c["text"], c.get("spoken")) for c in own]
        else:
            inside = [c for c in srt_cues if beat["start"] <= (c[0] + c[1]) / 2
                      < beat["end"]]
            parts = [(a, b, text, None) for a, b, text in inside] \
                or [(beat["start"], beat["end"], beat["text"], None)]
        whole = len(parts) == 1 and parts[0][2] == beat["text"]
        for a, b, text, spoken in parts:
            start, end = _clip(chapter, a, b)
            if end > start:
                said = spoken or (out["spoken"] if whole else text)
                cues.append({"start": start, "end": end, "text": text, "spoken": said,
                             "beat": first_beat + n, "chapter": index})
    if not raw:  # no beats recorded: the .srt alone
        for a, b, text in srt_cues:
            start, end = _clip(chapter, a, b)
            if end > start:
                cues.append({"start": start, "end": end, "text": text, "spoken": text,
                             "beat": None, "chapter": index})
    return cues


def _add_descriptions(data: dict, scene: dict, chapter: ChapterInfo,
                      index: int) -> None:
    """The chapter's audio description; fails if an event cannot be described."""
    beats, events = scene.get("beats", []), scene.get("events", [])
    describe.check(chapter.id, beats, events)
    data["descriptions"] += describe.chapter_cues(
        beats, events, chapter.end - chapter.start, index, chapter.start)


def _add_events(data: dict, events: list[dict], chapter: ChapterInfo,
                index: int) -> None:
    asked: dict[Any, dict] = {}
    for event in events:
        kind = event.get("kind")
        time = _clip(chapter, event.get("time", 0.0), event.get("time", 0.0))[0]
        rest = {k: v for k, v in event.items() if k not in ("kind", "time")}
        if kind == ERRATUM:
            data["errata"].append({"time": time, "chapter": index, **rest})
        elif kind == NOTE:
            data["notes"].append({"time": time, "chapter": index, **rest})
        elif kind == QUESTION:
            question = {"number": event.get("number"), "text": event.get("text", ""),
                        "code": event.get("code", ""), "chapter": index, "time": time,
                        "answer": None, "think": None, "quiz": event.get("quiz")}
            asked[question["number"]] = question
            data["questions"].append(question)
        elif kind == THINK and event.get("number") in asked:
            asked[event["number"]]["think"] = event.get("seconds")
        elif kind == ANSWER and event.get("number") in asked:
            asked[event["number"]]["answer"] = time
