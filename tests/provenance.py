"""Right value, right place: what a scene draws and says, checked against torch.

A scene draws its lesson bound (``tensors.bound``): every string made from a
lesson value is a ``Shown`` whose spans say which value each part shows and
how it was formatted. ``problems(scene_cls)`` watches the scene
(tests/screen.py) and, for each beat's visible texts and every narration line:

- every number token lies in a span (a drawn number bound to nothing fails);
- every span's text equals the formatter's text of the value at its path in
  a fresh run of the lesson (``fmt.remake``), so a right number from the
  wrong place (two cells traded, a stale result) fails;
- a grid's cells sit at their row and column, and each shows the element of
  its row and column (``CellGrid`` tags ``cell``), all of one tensor;
- a backward arrow's label sits nearer its own arrow than any other;
- every ``SHOWS`` path was drawn bound at some beat (each element of a
  tensor, the whole of a string), and a labelled one with its label.

The errata cards and notes a scene showed are read from what was drawn (the
spans bound to ``errata.<key>``), not from the scene's own lists.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable

import numpy as np
import torch

from tensors import errata, fmt
from tensors.bound import LITERAL, Span, lookup
from tests.screen import Beat, Drawn, Screen, watch

ERRATA = "errata"  # the root of paths bound to a finding on the guide
WHOLE = ("shape", "size", "shape_tex", "vector", "nested", "text")


def resolve(real, path: str):
    """The value at ``path``: in the lesson, or ``errata.<key>.guide|torch``."""
    head, _, rest = path.partition(".")
    if head == ERRATA:
        key, _, part = rest.rpartition(".")
        finding = errata.by_key()[key]
        return {"guide": finding.guide, "torch": finding.torch_says()}[part]
    return lookup(real, path)


def text_problems(text: str, real, where: str,
                  values: dict | None = None) -> list[str]:
    """What is wrong with one drawn or said ``text``: unbound numbers, and
    parts that do not show their value. ``values`` keeps the values already
    looked up by path (an erratum's runs torch again)."""
    values = {} if values is None else values
    out = []
    spans = fmt.spans(text)
    plain = str(text).replace("\u2212", "-")
    for m in fmt.NUMBER_RE.finditer(plain):
        if not any(s.start <= m.start() and m.end() <= s.end for s in spans):
            out.append(f"{where}: {m.group()!r} in {str(text)!r} is bound to no value")
    for s in spans:
        if s.form == LITERAL:
            continue
        shown = str(text)[s.start:s.end]
        try:
            if s.path not in values:
                values[s.path] = resolve(real, s.path)
            value = values[s.path]
        except (AttributeError, KeyError, IndexError, TypeError, ValueError):
            out.append(f"{where}: {shown!r} is bound to {s.path}, which the lesson "
                       "does not have")
            continue
        expected = fmt.remake(value, s.form)[s.offset:s.offset + len(shown)]
        if shown != expected:
            out.append(f"{where}: {shown!r} is drawn for {s.path}, torch gives "
                       f"{expected!r}")
    return out


def _centre(box) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _tail(path: str, n: int = 2) -> tuple[str, tuple[int, ...]]:
    """``guide.a.1.0`` -> (``guide.a``, (1, 0)): up to ``n`` trailing indices."""
    parts = path.split(".")
    k = len(parts)
    while k > 0 and len(parts) - k < n and parts[k - 1].isdigit():
        k -= 1
    return ".".join(parts[:k]), tuple(int(p) for p in parts[k:])


def cell_problems(beat: Beat, where: str) -> list[str]:
    """Each grid's cells: one tensor, each element at its row and column."""
    out = []
    grids: dict[int, list[Drawn]] = {}
    for d in seen(beat):
        if d.kind == "text" and d.cell is not None:
            grids.setdefault(d.cell[0], []).append(d)
    for cells in grids.values():
        bound = [(d, fmt.spans(d.text)) for d in cells]
        whole = [(d, s[0]) for d, s in bound
                 if len(s) == 1 and s[0].start == 0 and s[0].end == len(d.text)]
        if len(whole) < 2:
            continue
        rows = {d.cell[1] for d, _ in whole}
        cols = {d.cell[2] for d, _ in whole}
        flat = rows == {0} or cols == {0}  # one row or one column: one index
        tails = {d: _tail(s.path, 1 if flat else 2) for d, s in whole}
        if all(t for _, t in tails.values()):
            sources = {p for p, _ in tails.values()}
            if len(sources) > 1:
                out.append(f"{where}: one grid shows cells of {sorted(sources)}")
            for d, (path, idx) in tails.items():
                _, r, c = d.cell
                want = (r, c) if not flat else (c,) if rows == {0} else (r,)
                if idx != want:
                    out.append(f"{where}: the cell at row {r}, column {c} shows "
                               f"{fmt.spans(d.text)[0].path}")
        for (d1, _), (d2, _) in ((a, b) for a in whole for b in whole):
            (_, r1, c1), (_, r2, c2) = d1.cell, d2.cell
            (x1, y1), (x2, y2) = _centre(d1.box), _centre(d2.box)
            if (r1 == r2 and c1 < c2 and not x1 < x2) or (
                    c1 == c2 and r1 < r2 and not y1 > y2):
                out.append(f"{where}: cell ({r1}, {c1}) {str(d1.text)!r} is not "
                           f"{'left of' if r1 == r2 else 'above'} cell ({r2}, {c2})")
    return out


def _distance(point, shape: Drawn) -> float:
    """From ``point`` to an arrow's line (or, for any other shape, its box)."""
    if shape.line is not None:
        x0, y0, x1, y1 = shape.line
        dx, dy = x1 - x0, y1 - y0
        t = ((point[0] - x0) * dx + (point[1] - y0) * dy) / (dx * dx + dy * dy or 1)
        t = min(1.0, max(0.0, t))
        return math.hypot(point[0] - x0 - t * dx, point[1] - y0 - t * dy)
    box = shape.box
    dx = max(box[0] - point[0], 0.0, point[0] - box[2])
    dy = max(box[1] - point[1], 0.0, point[1] - box[3])
    return math.hypot(dx, dy)


def arrow_problems(beat: Beat, where: str) -> list[str]:
    """A gradient's label sits nearer its own arrow than any other arrow."""
    arrows = [d for d in seen(beat) if d.kind == "shape" and d.carries]
    out = []
    if len(arrows) < 2:
        return out
    for label in (d for d in seen(beat) if d.kind == "text" and d.carries):
        here = _centre(label.box)
        nearest = min(arrows, key=lambda a: _distance(here, a))
        if nearest.carries != label.carries:
            out.append(f"{where}: the label {str(label.text)!r} of {label.carries} "
                       f"sits by the arrow of {nearest.carries}")
    return out


def _leaves(value, path: str) -> Iterable[str]:
    """The paths of the single values in ``value`` (each element of a tensor)."""
    if isinstance(value, torch.Tensor):
        if value.dim() == 0:
            yield path
        elif value.numel() <= 256:
            for idx in np.ndindex(*value.shape):
                yield ".".join([path, *map(str, idx)])
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _leaves(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            yield from _leaves(v, f"{path}.{i}")
    elif isinstance(value, (int, float, str)) and not isinstance(value, bool):
        yield path


def expand(real, path: str) -> list[str]:
    """``rows.*.value`` -> ``rows.0.value``, ``rows.1.value``, ..."""
    head, star, rest = path.partition("*")
    if not star:
        return [path]
    items = lookup(real, head.rstrip("."))
    return [p for i in range(len(items))
            for p in expand(real, f"{head}{i}{rest}")]


def _covers(span: Span, leaf: str) -> bool:
    return span.path == leaf or (span.form in WHOLE
                                 and leaf.startswith(span.path + "."))


def drawn_spans(screen: Screen) -> list[tuple[Beat, Drawn, Span]]:
    return [(beat, d, s) for beat in screen.beats for d in seen(beat)
            if d.kind == "text" for s in fmt.spans(d.text)]


def seen(beat: Beat) -> list[Drawn]:
    """What a viewer can see at ``beat``: not off the frame, not covered."""
    return [d for d in beat.drawn if not d.hidden]


def shows_problems(scene_cls, screen: Screen, real) -> list[str]:
    """Each ``SHOWS`` value was drawn bound (and with its label, if it has one)."""
    out = []
    spans = drawn_spans(screen)
    for entry in scene_cls.SHOWS:
        path, label = entry if isinstance(entry, tuple) else (entry, None)
        for concrete in expand(real, path):
            value = lookup(real, concrete)
            if isinstance(value, bool):  # a bool cannot carry its path: its text
                if not any(str(value) in str(d.text) for b in screen.beats
                           for d in seen(b)):
                    out.append(f"{concrete}: {value} is not on screen")
                continue
            for leaf in _leaves(value, concrete):
                held = [(b, d, s) for b, d, s in spans if _covers(s, leaf)]
                if not held:
                    v = lookup(real, leaf)
                    shown = fmt.num(v) if not isinstance(v, str) else v
                    out.append(f"{leaf}: {str(shown)[:60]!r} is not drawn bound to it")
                elif label is not None and not any(
                        labelled(b, d, s, label) for b, d, s in held):
                    out.append(f"{leaf} is not drawn with its label {label!r}")
    return out


def labelled(beat: Beat, held: Drawn, span: Span, label: str) -> bool:
    """``held`` shows the value of ``span`` with ``label``: in its own text
    (``mean = 0.05``), or, for a bare value, as the nearest other text."""
    text = str(held.text)
    rest = text[:span.start] + " " + text[span.end:]
    if any(c.isalpha() for c in rest):
        return label in rest
    others = [d for d in seen(beat) if d.kind == "text" and d is not held]
    if not others:
        return False
    here = _centre(held.box)
    nearest = min(others, key=lambda d: math.dist(here, _centre(d.box)))
    return label in str(nearest.text)


def question_problems(screen: Screen, real) -> list[str]:
    """Every practice question of the lesson (a field with a ``question``
    that is read aloud) has its card drawn: its words and its number."""
    out = []
    spans = [s for _, _, s in drawn_spans(screen)]
    for f in dataclasses.fields(real) if dataclasses.is_dataclass(real) else ():
        question = getattr(getattr(real, f.name), "question", None)
        if question is None or not hasattr(question, "said"):
            continue
        for part in ("text", "number"):
            leaf = f"{f.name}.question.{part}"
            if not any(s.path == leaf for s in spans):
                out.append(f"{leaf}: question {question.number}'s card does not "
                           f"draw its {part}")
    return out


def shown_findings(screen: Screen) -> tuple[list[str], list[str]]:
    """The errata cards and the notes on the guide drawn, in order of first
    appearance, read from the spans bound to ``errata.<key>``."""
    keys: list[str] = []
    for _, _, s in drawn_spans(screen):
        head, _, rest = s.path.partition(".")
        key = rest.rpartition(".")[0]
        if head == ERRATA and key not in keys:
            keys.append(key)
    found = errata.by_key()
    return ([k for k in keys if found[k].kind in errata.TITLES],
            [k for k in keys if found[k].kind == errata.NOTE])


def screen_problems(scene_cls, screen: Screen, real) -> list[str]:
    """Everything wrong with ``screen`` (what ``scene_cls`` showed), judged
    against ``real``, a fresh run of its lesson."""
    out: list[str] = []
    values: dict = {}
    checked: dict = {}  # a text on screen for many beats is checked once
    for beat in screen.beats:
        where = f"beat {beat.index}"
        for d in seen(beat):
            if d.kind == "text":
                key = (str(d.text), fmt.spans(d.text))
                if key not in checked:
                    checked[key] = text_problems(d.text, real, where, values)
                out += checked[key]
        out += cell_problems(beat, where)
        out += arrow_problems(beat, where)
    for k, line in enumerate(screen.narration):
        out += text_problems(line, real, f"narration line {k + 1}", values)
    out += shows_problems(scene_cls, screen, real)
    out += question_problems(screen, real)
    known, once = set(), []  # a text on screen for many beats: its first beat
    for problem in out:
        what = re.sub(r"^beat \d+: ", "", problem)
        if what not in known:
            known.add(what)
            once.append(problem)
    return once


def problems(scene_cls, real=None) -> list[str]:
    """What is wrong with what ``scene_cls`` draws and says."""
    screen = watch(scene_cls)
    return screen_problems(scene_cls, screen, scene_cls.LESSON() if real is None
                           else real)


def findings_problems(chapter_id: str, screen: Screen) -> list[str]:
    """The scene drew exactly its errata cards, and (the notes scene) every
    note on the guide, in order: read from what was drawn."""
    cards, notes = shown_findings(screen)
    want_cards = sorted(f.key for f in errata.cards() if f.scene == chapter_id)
    want_notes = ([f.key for f in errata.notes()]
                  if chapter_id == errata.NOTES_SCENE else [])
    out = []
    if sorted(cards) != want_cards:
        out.append(f"errata cards drawn {sorted(cards)}, the scene owes {want_cards}")
    if notes != want_notes:
        out.append(f"notes drawn {notes}, the scene owes {want_notes}")
    return out


if __name__ == "__main__":  # python -m tests.provenance [scene-id ...]
    import sys

    from scenes.lecture import LECTURE

    for chapter in LECTURE:
        if sys.argv[1:] and chapter.id not in sys.argv[1:]:
            continue
        found = problems(chapter.load()) + findings_problems(
            chapter.id, watch(chapter.load()))
        print(f"== {chapter.id}: {len(found)} problems")
        for problem in found:
            print("  ", problem)
