"""The screen test fails when it should: defects planted in each scene's screen.

Each scene is watched once (tests/screen.py); each test below plants one
kind of defect a careless edit makes in what the scene drew, and requires
``tests.provenance`` to report it. A right number in the wrong place:

- ``swap``: two bound numbers of the screen trade places (each text keeps
  its own binding, so each shows its neighbour's value);
- ``move_cell``: two cells of a grid trade positions;
- ``move_label``: a gradient's label is moved beside another arrow;
- ``drop_card``: an erratum card (or the notes) is not drawn;
- ``hide``: a value the scene promises (``SHOWS``) is hidden;
- ``unbound``: a number is drawn that is bound to no value;
- ``stale``: torch gives other numbers than the ones drawn.

A kind that a scene has nothing for (no grid, no arrows, no card) is
skipped for that scene.
"""

from __future__ import annotations

import dataclasses

import pytest
import torch

from scenes.lecture import LECTURE
from tensors import errata, fmt
from tensors.bound import Shown, Span, lookup
from tests.provenance import (
    ERRATA,
    _covers,
    _leaves,
    expand,
    findings_problems,
    screen_problems,
    shows_problems,
)
from tests.screen import Beat, Screen, watch


@pytest.fixture(scope="module", params=LECTURE, ids=lambda c: c.id)
def chapter(request):
    return request.param


def _with(screen: Screen, beat: Beat, drawn: list) -> Screen:
    beats = [dataclasses.replace(b, drawn=drawn) if b is beat else b
             for b in screen.beats]
    return dataclasses.replace(screen, beats=beats)


def _respan(text: str, span: Span, new: str) -> Shown:
    """``text`` with ``span``'s characters replaced by ``new`` (spans kept)."""
    delta = len(new) - (span.end - span.start)
    spans = []
    for s in fmt.spans(text):
        if s == span:
            spans.append(dataclasses.replace(s, end=s.end + delta))
        elif s.start >= span.end:
            spans.append(s.moved(delta))
        else:
            spans.append(s)
    return Shown(str(text)[:span.start] + new + str(text)[span.end:], tuple(spans))


SWAPPABLE = ("num", "shape", "size", "shape_tex")  # what a defect can trade


def numbers_on(beat: Beat):
    """(drawn index, span, text shown) of every bound number or shape at
    ``beat``."""
    return [(k, s, str(d.text)[s.start:s.end]) for k, d in enumerate(beat.drawn)
            if d.kind == "text" and not d.hidden
            for s in fmt.spans(d.text) if s.form.split(":")[0] in SWAPPABLE]


def test_swap(chapter):
    scene_cls = chapter.load()
    screen, real = watch(scene_cls), scene_cls.LESSON()
    for beat in screen.beats:
        found = numbers_on(beat)
        pair = next(((a, b) for a in found for b in found if a[0] != b[0]
                     and a[2] != b[2] and a[1].form == b[1].form), None)
        if pair:
            break
    else:
        pytest.skip("no two different bound numbers in two texts at one beat")
    (k1, s1, t1), (k2, s2, t2) = pair
    drawn = list(beat.drawn)
    drawn[k1] = dataclasses.replace(drawn[k1], text=_respan(drawn[k1].text, s1, t2))
    drawn[k2] = dataclasses.replace(drawn[k2], text=_respan(drawn[k2].text, s2, t1))
    found = screen_problems(scene_cls, _with(screen, beat, drawn), real)
    assert any(f"drawn for {s1.path}" in p for p in found), found
    assert any(f"drawn for {s2.path}" in p for p in found), found


def test_move_cell(chapter):
    scene_cls = chapter.load()
    screen, real = watch(scene_cls), scene_cls.LESSON()
    for beat in screen.beats:
        cells = [k for k, d in enumerate(beat.drawn) if d.kind == "text" and d.cell
                 and not d.hidden and len(fmt.spans(d.text)) == 1]
        pair = next(((a, b) for a in cells for b in cells
                     if beat.drawn[a].cell[0] == beat.drawn[b].cell[0]
                     and beat.drawn[a].cell != beat.drawn[b].cell), None)
        if pair:
            break
    else:
        pytest.skip("no grid")
    a, b = pair
    drawn = list(beat.drawn)
    drawn[a], drawn[b] = (dataclasses.replace(drawn[a], box=drawn[b].box),
                          dataclasses.replace(drawn[b], box=drawn[a].box))
    assert not screen_problems(scene_cls, screen, real)
    found = screen_problems(scene_cls, _with(screen, beat, drawn), real)
    assert any("is not left of" in p or "is not above" in p for p in found), found


def test_move_label(chapter):
    scene_cls = chapter.load()
    screen, real = watch(scene_cls), scene_cls.LESSON()
    for beat in screen.beats:
        arrows = [d for d in beat.drawn
                  if d.kind == "shape" and d.carries and not d.hidden]
        labels = [k for k, d in enumerate(beat.drawn)
                  if d.kind == "text" and d.carries and not d.hidden]
        other = next(((k, a) for k in labels for a in arrows
                      if a.carries != beat.drawn[k].carries), None)
        if len({a.carries for a in arrows}) > 1 and other:
            break
    else:
        pytest.skip("no two gradient arrows with labels")
    k, arrow = other
    x, y = (arrow.box[0] + arrow.box[2]) / 2, (arrow.box[1] + arrow.box[3]) / 2
    w = (beat.drawn[k].box[2] - beat.drawn[k].box[0]) / 2
    h = (beat.drawn[k].box[3] - beat.drawn[k].box[1]) / 2
    drawn = list(beat.drawn)
    drawn[k] = dataclasses.replace(drawn[k], box=(x - w, y - h, x + w, y + h))
    found = screen_problems(scene_cls, _with(screen, beat, drawn), real)
    assert any("sits by the arrow of" in p for p in found), found


def test_drop_card(chapter):
    screen = watch(chapter.load())
    if findings_problems(chapter.id, screen):
        pytest.fail(findings_problems(chapter.id, screen))
    owed = [f for f in (*errata.cards(), *errata.notes()) if f.scene == chapter.id]
    if not owed:
        pytest.skip("no card or note")
    dropped = dataclasses.replace(screen, beats=[
        dataclasses.replace(b, drawn=[d for d in b.drawn if not any(
            s.path.startswith(f"{ERRATA}.{owed[0].key}.") for s in fmt.spans(d.text))])
        for b in screen.beats])
    assert findings_problems(chapter.id, dropped)


def test_hide(chapter):
    scene_cls = chapter.load()
    screen, real = watch(scene_cls), scene_cls.LESSON()
    entry = scene_cls.SHOWS[0]
    path = entry[0] if isinstance(entry, tuple) else entry
    leaf = next(leaf for p in expand(real, path)
                for leaf in _leaves(lookup(real, p), p))
    hidden = dataclasses.replace(screen, beats=[
        dataclasses.replace(b, drawn=[d for d in b.drawn if not any(
            _covers(s, leaf) for s in fmt.spans(d.text))]) for b in screen.beats])
    assert not shows_problems(scene_cls, screen, real)
    assert any(leaf in p for p in shows_problems(scene_cls, hidden, real))


def test_unbound(chapter):
    scene_cls = chapter.load()
    screen, real = watch(scene_cls), scene_cls.LESSON()
    beat = next(b for b in screen.beats if numbers_on(b))
    k, span, text = numbers_on(beat)[0]
    drawn = [*beat.drawn, dataclasses.replace(beat.drawn[k], text=str(text))]
    found = screen_problems(scene_cls, _with(screen, beat, drawn), real)
    assert any("is bound to no value" in p for p in found), found


def _plus_one(value):
    """Every float tensor in a lesson result, plus one (torch gives others)."""
    if isinstance(value, torch.Tensor) and value.is_floating_point():
        return value.detach() + 1
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            f.name: _plus_one(getattr(value, f.name)) for f in dataclasses.fields(value)
            if f.init})
    if isinstance(value, float):
        return value + 1
    if isinstance(value, int) and not isinstance(value, bool):
        return value + 1
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_plus_one(v) for v in value)
    if isinstance(value, list):
        return [_plus_one(v) for v in value]
    return value


def test_stale(chapter):
    scene_cls = chapter.load()
    screen = watch(scene_cls)
    found = screen_problems(scene_cls, screen, _plus_one(scene_cls.LESSON()))
    assert any("torch gives" in p for p in found), found
