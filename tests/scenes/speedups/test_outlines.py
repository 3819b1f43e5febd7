"""scenes/speedups/outlines.py: each path string is parsed once, and nothing changes."""

from __future__ import annotations

import numpy as np
import pytest
import svgelements
from manim import MathTex, Text

from scenes import speedups
from scenes.speedups import outlines

speedups.install()  # the parse-once, as every scene has it

GLYPHS = "tensor([[1., -2.5]]) ∂L/∂w ∑ × → ≠ Σ Ωé RuntimeError: size (3) must match"
FORMULA = r"\frac{\partial L}{\partial w} = \sum_{i=1}^{n} 2 x_i (w x_i - y_i)"


@pytest.fixture
def svgelements_own(monkeypatch):
    """Build with svgelements' own parse, as if outlines.py were not there."""
    def use(own: bool):
        monkeypatch.setattr(svgelements.Path, "parse",
                            outlines.PARSE if own else outlines._parse_once)
    return use


def points(mob) -> list[np.ndarray]:
    return [m.points for m in mob.family_members_with_points()]


@pytest.mark.parametrize("make", [
    lambda: Text(GLYPHS, font="DejaVu Sans", use_svg_cache=False),
    lambda: Text(GLYPHS, font="DejaVu Sans Mono", weight="BOLD", use_svg_cache=False),
    lambda: MathTex(FORMULA, use_svg_cache=False),
], ids=["text", "bold-mono", "formula"])
def test_text_and_formulas_get_the_same_points(make, svgelements_own):
    svgelements_own(True)
    theirs = make()
    svgelements_own(False)
    ours, again = make(), make()  # the second one from parsed outlines only
    for built in (ours, again):
        got, want = points(built), points(theirs)
        assert len(got) == len(want) > 20
        for a, b in zip(got, want, strict=True):
            np.testing.assert_array_equal(a, b)


def test_each_path_gets_segments_of_its_own(svgelements_own):
    svgelements_own(False)
    d = "M 0.65625 2.359375 L 0.65625 -9.390625 C 1 2 3 4 5 6 Q 1 1 2 2 Z M 1 1 L 2 2 Z"
    first, second = svgelements.Path(d), svgelements.Path(d)
    assert repr(first) == repr(outlines_free(d)) == repr(second)
    for a, b in zip(first, second, strict=True):
        assert a is not b and a.end is not b.end
    first[1].end.x = 100.0  # changing one path's point leaves the other alone
    assert second[1].end.x == 0.65625


def outlines_free(d: str) -> svgelements.Path:
    path = svgelements.Path()
    outlines.PARSE(path, d)
    return path
