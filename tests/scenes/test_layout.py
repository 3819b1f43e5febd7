"""Every frame legible: layout checks over the whole lecture.

Each scene in ``scenes.lecture.LECTURE`` is run once in a dry run (no video,
see tests/screen.py); after every ``play`` and ``wait`` (a *beat*) the screen
is frozen and three things are checked, with no per-scene test code:

- inside the frame: every visible mobject lies inside the frame, at least
  ``MARGIN`` from each edge;
- no text on text: texts, formulas and numbers (Text, MathTex/Tex,
  DecimalNumber) do not overlap one another. Boxes, cells and arrows are not
  texts, so a number inside its cell is fine;
- legible size: no text is drawn smaller than ``MIN_X_HEIGHT``;
- readable colour: every text's colour (blended by its opacity) reaches WCAG
  AA contrast, 4.5:1, on the scene background (tests/colour.py).

A failure names the scene id, the beat index and the texts involved, e.g.
``broadcasting beat 12: 'A = ...' overlaps 'b = ...'``.
"""

from __future__ import annotations

import pytest

from scenes.kit import style
from scenes.lecture import LECTURE
from tests.colour import AA, contrast, over
from tests.screen import Box, Drawn, watch

# Nothing may come closer to the frame's edge than half the house edge buffer
# (0.225 units, 13 px at 480p): a stroke or a label may reach into the outer
# half of style.EDGE_BUFF, never touch the edge.
MARGIN = style.EDGE_BUFF / 2

# Legibility floor, measured (tests/screen.py measures each font at run time):
# a lowercase x of DejaVu Sans at font_size 20 (style.TINY_SIZE, the house
# minimum) is 0.152 units tall, 9.1 px on a 480p frame (480 px / 8 units =
# 60 px per unit). We require an x-height of at least 9 whole pixels at 480p.
# For comparison, TeX's x at the tex() helper's sizes: BODY_SIZE + TEX_BOOST
# (32) gives 9.0 px and passes, SMALL_SIZE + TEX_BOOST (26) gives 7.3 px and
# fails: TeX's x-height is a smaller share of its font size than DejaVu's.
PIXELS_PER_UNIT_480P = 480 / 8
MIN_X_HEIGHT = 9 / PIXELS_PER_UNIT_480P

# Two glyphs overlap when their boxes intersect by more than this in both
# directions (0.03 units, about 2 px at 480p): touching is not overlapping.
OVERLAP_TOLERANCE = 0.03

HALF_W, HALF_H = style.FRAME_HALF_WIDTH, style.FRAME_HALF_HEIGHT


def short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def name(item: Drawn) -> str:
    return short(item.text) if item.kind == "text" else f"a {item.text or 'shape'}"


def outside(box: Box) -> list[str]:
    left, bottom, right, top = box
    sides = [("left", left < -HALF_W + MARGIN), ("right", right > HALF_W - MARGIN),
             ("bottom", bottom < -HALF_H + MARGIN), ("top", top > HALF_H - MARGIN)]
    return [side for side, out in sides if out]


def overlap(a: Box, b: Box) -> bool:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width > OVERLAP_TOLERANCE and height > OVERLAP_TOLERANCE


def texts_overlap(a: Drawn, b: Drawn) -> bool:
    """Some glyph of ``a`` covers some glyph of ``b`` (whole boxes first)."""
    return overlap(a.box, b.box) and any(
        overlap(g, h) for g in a.glyphs for h in b.glyphs)


def beat_problems(drawn: list[Drawn]) -> list[str]:
    """What is wrong with one frozen screen."""
    out = []
    for item in drawn:
        sides = sorted({s for g in item.glyphs for s in outside(g)})
        if sides:
            out.append(f"{name(item)} is outside the frame margin ({', '.join(sides)})")
    texts = [d for d in drawn if d.kind == "text"]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if texts_overlap(a, b):
                out.append(f"{name(a)} overlaps {name(b)}")
        if a.x_height is not None and a.x_height < MIN_X_HEIGHT - 1e-9:
            px = a.x_height * PIXELS_PER_UNIT_480P
            out.append(f"{name(a)} is too small: x-height {px:.1f} px at 480p "
                       f"(minimum {MIN_X_HEIGHT * PIXELS_PER_UNIT_480P:.0f})")
        for colour, opacity in a.colours:
            ratio = contrast(over(colour, style.BACKGROUND, opacity), style.BACKGROUND)
            if ratio < AA:
                out.append(f"{name(a)} in {colour} at opacity {opacity:g} has contrast "
                           f"{ratio:.1f}:1 on the background (AA: {AA}:1)")
    return out


def layout_problems(chapter) -> list[str]:
    """Every layout problem of ``chapter``, each named by scene id and beat."""
    screen = watch(chapter.load())
    out, seen, checked = [], set(), {}
    for beat in screen.beats:
        # A countdown or a wait leaves the screen as it was: check each
        # distinct screen once.
        key = tuple(beat.drawn)
        if key not in checked:
            checked[key] = beat_problems(beat.drawn)
        for problem in checked[key]:
            if problem not in seen:  # report a lasting problem at its first beat
                seen.add(problem)
                out.append(f"{chapter.id} beat {beat.index} ({beat.kind}): {problem}")
    return out


@pytest.mark.parametrize("chapter", LECTURE, ids=lambda c: c.id)
def test_every_frame_is_legible(chapter):
    problems = layout_problems(chapter)
    assert not problems, "\n".join(problems)


# The checks themselves, on hand-made screens.

def text(s: str, box: Box, x_height: float = 1.0) -> Drawn:
    return Drawn("text", s, box, (box,), x_height)


def test_text_on_text_is_caught_and_text_in_a_box_is_not():
    cell = Drawn("shape", "Square", (0, 0, 1, 1), ((0, 0, 1, 1),))
    a, b = text("a", (0.2, 0.2, 0.6, 0.6)), text("b", (0.4, 0.4, 0.8, 0.8))
    assert beat_problems([cell, a]) == []
    assert beat_problems([a, b]) == ["'a' overlaps 'b'"]
    touching = text("c", (0.6, 0.2, 0.9, 0.6))
    assert beat_problems([a, touching]) == []


def test_out_of_frame_and_tiny_texts_are_caught():
    edge = text("edge", (HALF_W - MARGIN / 2, 0, HALF_W, 1))
    assert beat_problems([edge]) == ["'edge' is outside the frame margin (right)"]
    tiny = text("tiny", (0, 0, 1, 1), x_height=MIN_X_HEIGHT / 2)
    assert "too small" in beat_problems([tiny])[0]


def test_faint_text_is_caught():
    faint = Drawn("text", "faint", (0, 0, 1, 1), ((0, 0, 1, 1),), 1.0,
                  (("#e8e8e8", 0.3),))
    assert "contrast" in beat_problems([faint])[0]
    grey = Drawn("text", "grey", (0, 0, 1, 1), ((0, 0, 1, 1),), 1.0, (("#3a3f45", 1),))
    assert "contrast" in beat_problems([grey])[0]
    body = Drawn("text", "body", (0, 0, 1, 1), ((0, 0, 1, 1),), 1.0,
                 ((style.TEXT, 1),))
    assert beat_problems([body]) == []
