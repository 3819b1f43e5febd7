"""Read what a scene puts on screen, without writing any video.

``watch(SceneClass)`` runs the scene with manim's dry run and records every
mobject that was on screen after each animation or wait, plus the targets of
transforms. ``strings`` turns mobjects into the text a viewer reads: a Text's
characters, a MathTex/Tex source, the string a DecimalNumber displays.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import torch
from manim import DecimalNumber, SingleStringMathTex, Text, tempconfig
from manim.mobject.text.tex_mobject import MathTex, Tex
from manim.mobject.text.text_mobject import MarkupText, Paragraph

from tensors import fmt


@dataclass
class Beat:
    """The screen after one ``play`` or ``wait``: its index and mobjects."""

    index: int
    kind: str
    mobjects: list = field(default_factory=list)


@dataclass
class Screen:
    """Everything a scene showed, beat by beat."""

    beats: list[Beat]
    narration: list[str] = field(default_factory=list)
    errata: list[str] = field(default_factory=list)

    def strings(self) -> list[str]:
        seen, out = set(), []
        for beat in self.beats:
            for mob in beat.mobjects:
                for text in strings(mob):
                    if text not in seen:
                        seen.add(text)
                        out.append(text)
        return out

    def numbers(self) -> set[str]:
        return {n for s in self.strings() for n in fmt.numbers_in(s)}

    def text(self) -> str:
        """All strings joined, whitespace collapsed: for phrase searches."""
        return " ".join(" ".join(self.strings()).split())


def strings(mob) -> Iterator[str]:
    """The readable strings in ``mob`` and its family, each text mobject once."""
    if isinstance(mob, DecimalNumber):
        yield mob._get_num_string(mob.number)
    elif isinstance(mob, (Text, MarkupText)):
        yield mob.original_text
    elif isinstance(mob, Paragraph):
        yield from (line.original_text if hasattr(line, "original_text") else ""
                    for line in mob.submobjects)
    elif isinstance(mob, (MathTex, Tex, SingleStringMathTex)):
        yield mob.tex_string
    else:
        for sub in mob.submobjects:
            yield from strings(sub)


def watch(scene_cls: type) -> Screen:
    """Run ``scene_cls`` in a dry run and record the screen after every beat."""
    beats: list[Beat] = []

    class Watched(scene_cls):
        def play(self, *animations, **kwargs):
            targets = [a.target_mobject for a in animations
                       if getattr(a, "target_mobject", None) is not None]
            super().play(*animations, **kwargs)
            self._record("play", targets)

        def wait(self, *args, **kwargs):
            super().wait(*args, **kwargs)
            self._record("wait", [])

        def _record(self, kind, extra):
            beats.append(Beat(len(beats), kind, [*self.mobjects, *extra]))

    Watched.__name__ = scene_cls.__name__
    with tempfile.TemporaryDirectory() as media, tempconfig(
        {"dry_run": True, "media_dir": media, "quality": "low_quality",
         "disable_caching": True, "progress_bar": "none", "verbosity": "WARNING"}
    ):
        scene = Watched()
        scene.render()
    return Screen(beats, list(getattr(scene, "narration", [])),
                  list(getattr(scene, "errata_shown", [])))


def values(data, limit: int = 256) -> Iterator[str]:
    """Every value in a ``tensors/`` result, as the formatter would show it.

    Walks dataclasses, tuples, lists and dicts; yields ``fmt.num`` of every
    element of tensors up to ``limit`` elements, and the strings themselves.
    """
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        for f in dataclasses.fields(data):
            yield from values(getattr(data, f.name), limit)
    elif isinstance(data, torch.Tensor):
        if data.numel() <= limit:
            yield from (fmt.num(v) for v in data.detach().cpu().reshape(-1))
    elif isinstance(data, (bool, int, float)):
        yield fmt.num(data)
    elif isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from values(k, limit)
            yield from values(v, limit)
    elif isinstance(data, Iterable):
        for item in data:
            yield from values(item, limit)


def allowed_numbers(data) -> set[str]:
    """The number tokens a scene drawing ``data`` may show."""
    return {n for v in values(data) for n in fmt.numbers_in(v)}


def lookup(data, path: str):
    """``"guide.result"`` or ``"steps.0.theta"`` inside a result."""
    for part in path.split("."):
        data = data[int(part)] if part.isdigit() else getattr(data, part)
    return data
