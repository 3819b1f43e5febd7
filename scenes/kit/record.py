"""What a scene leaves the build: one typed record, one writer, one reader.

A scene's video says nothing of its beats, its captions' words, the code that
ran or the moments worth linking to; the build (``pipeline/``) needs all of
them for the page, the handout, the notebooks and the audio description. As
manim-slides' scenes write one ``PresentationConfig`` that its converters
read back, a scene writes one ``SceneRecord`` (``LectureScene.tear_down``,
to the file the build names in ``EVENTS_ENV``) and the build reads it with
``SceneRecord.read``: the event kinds, the field names and the file's shape
are spelled here once, for both sides.

This module imports neither manim nor torch (``pipeline`` imports it without
either).

The file is JSON::

    {"scene", "duration",
     "beats": [{"start", "end", "voice_end", "text", "spoken",
                "cues": [{"start", "end", "text"}]}],
     "events": [{"kind", "time", ...what the kind carries}],
     "code": [{"code", "output", "error", "given", ...}]}

Times are seconds from the scene's start. ``code`` is every snippet the
scene's lesson ran (``tensors.snippet``), in order, with what it printed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

# What the build tells a scene process through its environment:
EVENTS_ENV = "TENSOR_HERO_EVENTS"  # the path the scene writes its record to
BUILD_ENV = "TENSOR_HERO_BUILD"  # the build folder (the voice caches lines there)
VOICE_ENV = "TENSOR_HERO_VOICE"  # the voice the scene narrates with
ROOT = Path(__file__).resolve().parents[2]


def build_dir() -> Path:
    """The build folder: ``$TENSOR_HERO_BUILD``, or ``build/`` in the checkout."""
    return Path(os.environ.get(BUILD_ENV, ROOT / "build")).resolve()


class Kind(StrEnum):
    """The kinds of moment a scene records (``LectureScene.record``)."""

    ERRATUM = "erratum"  # an erratum card: key, guide, torch
    NOTE = "note"  # a note on the guide, read on the notes beat: key, guide, torch
    QUESTION = "question"  # a practice question asked: number, text, code, quiz
    THINK = "think"  # its countdown starts: number, seconds
    ANSWER = "answer"  # its answer starts: number
    VISUAL = "visual"  # something shown (scenes.kit.visuals): action, what, text


class RecordError(ValueError):
    """A record file that is missing, unreadable or not in this shape."""


@dataclass(frozen=True)
class Cue:
    """A caption: ``text`` (lines joined by ``\\n``) from ``start`` to ``end`` s.

    ``spoken`` is what the voice says for it, where known.
    """

    start: float
    end: float
    text: str
    spoken: str | None = None

    @property
    def seconds(self) -> float:
        return self.end - self.start

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def cps(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else float("inf")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.spoken is not None:
            out["spoken"] = self.spoken
        return out

    @classmethod
    def from_json(cls, data: dict) -> Cue:
        return cls(float(data["start"]), float(data["end"]), str(data["text"]),
                   data.get("spoken"))


@dataclass(frozen=True)
class Beat:
    """One narration line and the animations played while it is said.

    ``voice_end`` is when the line has been said (the rest of the beat is
    silence); ``cues`` are its captions.
    """

    start: float
    end: float
    text: str
    spoken: str
    voice_end: float
    cues: tuple[Cue, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "voice_end": self.voice_end,
                "text": self.text, "spoken": self.spoken,
                "cues": [c.to_json() for c in self.cues]}

    @classmethod
    def from_json(cls, data: dict) -> Beat:
        end = float(data["end"])
        return cls(float(data["start"]), end, str(data["text"]),
                   str(data.get("spoken") or data["text"]),
                   float(data.get("voice_end", end)),
                   tuple(Cue.from_json(c) for c in data.get("cues", [])))


@dataclass(frozen=True)
class Event:
    """A moment of the scene: its ``kind``, ``time`` and what the kind carries."""

    kind: Kind
    time: float
    data: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def to_json(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "time": self.time, **self.data}

    @classmethod
    def from_json(cls, data: dict) -> Event:
        rest = {k: v for k, v in data.items() if k not in ("kind", "time")}
        try:
            kind = Kind(data["kind"])
        except ValueError:
            raise RecordError(f"unknown event kind {data['kind']!r}") from None
        return cls(kind, float(data.get("time", 0.0)), rest)


@dataclass(frozen=True)
class Run:
    """A snippet the lesson ran: its code, what it printed or raised.

    ``given`` names the values it used without defining them; ``extra`` holds
    what ``tensors.snippet`` adds for running it again (device, random state,
    sources that rebuild the given values).
    """

    code: str
    output: str = ""
    error: str = ""
    given: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**self.extra, "code": self.code, "output": self.output,
                "error": self.error, "given": list(self.given)}

    @classmethod
    def from_json(cls, data: dict) -> Run:
        extra = {k: v for k, v in data.items()
                 if k not in ("code", "output", "error", "given")}
        return cls(str(data.get("code", "")), str(data.get("output", "")),
                   str(data.get("error", "")), tuple(data.get("given", [])), extra)


@dataclass(frozen=True)
class Question:
    """A practice question as the scene asked it, with its think and answer times."""

    number: int
    text: str
    code: str
    time: float
    quiz: dict[str, Any] | None = None
    think: float | None = None  # seconds of countdown
    answer: float | None = None  # when its answer starts


@dataclass(frozen=True)
class SceneRecord:
    """Everything one scene leaves the build besides its video."""

    scene: str
    duration: float
    beats: tuple[Beat, ...] = ()
    events: tuple[Event, ...] = ()
    code: tuple[Run, ...] = ()

    def of(self, kind: Kind) -> list[Event]:
        """The events of one kind, in order."""
        return [e for e in self.events if e.kind == kind]

    @property
    def errata(self) -> list[str]:
        """The keys of the erratum cards shown, in order."""
        return [e.get("key") for e in self.of(Kind.ERRATUM)]

    @property
    def notes(self) -> list[str]:
        """The keys of the notes on the guide read out, in order."""
        return [e.get("key") for e in self.of(Kind.NOTE)]

    @property
    def questions(self) -> list[Question]:
        """The practice questions asked, each with its countdown and answer time."""
        asked: dict[Any, dict[str, Any]] = {}
        order = []
        for e in self.events:
            number = e.get("number")
            if e.kind == Kind.QUESTION:
                asked[number] = {"number": number, "text": e.get("text", ""),
                                 "code": e.get("code", ""), "time": e.time,
                                 "quiz": e.get("quiz")}
                order.append(number)
            elif e.kind == Kind.THINK and number in asked:
                asked[number]["think"] = e.get("seconds")
            elif e.kind == Kind.ANSWER and number in asked:
                asked[number]["answer"] = e.time
        return [Question(**asked[n]) for n in order]

    def to_json(self) -> dict[str, Any]:
        return {"scene": self.scene, "duration": self.duration,
                "beats": [b.to_json() for b in self.beats],
                "events": [e.to_json() for e in self.events],
                "code": [r.to_json() for r in self.code]}

    @classmethod
    def from_json(cls, data: Any) -> SceneRecord:
        if not isinstance(data, dict):
            raise RecordError("not a JSON object")
        try:
            return cls(str(data["scene"]), float(data.get("duration", 0.0)),
                       tuple(Beat.from_json(b) for b in data.get("beats", [])),
                       tuple(Event.from_json(e) for e in data.get("events", [])),
                       tuple(Run.from_json(r) for r in data.get("code", [])))
        except RecordError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordError(f"not a scene record ({type(exc).__name__}: {exc})") \
                from None

    def write(self, path: Path) -> None:
        """Write the record at ``path``: under a temporary name, then renamed."""
        path = Path(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        tmp.write_text(json.dumps(self.to_json(), indent=1), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def read(cls, path: Path) -> SceneRecord:
        """The record at ``path``; ``RecordError`` with one line if it is not one."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise RecordError(f"{path}: no scene record (the scene did not write "
                              "its beats)") from None
        except (OSError, ValueError) as exc:
            raise RecordError(f"{path}: unreadable scene record ({exc})") from None
        try:
            return cls.from_json(data)
        except RecordError as exc:
            raise RecordError(f"{path}: {exc}") from None
