"""scenes/copying.py: copies share the glyphs' parsed SVG and nothing else."""

from __future__ import annotations

import numpy as np
from manim import Text

import scenes.common  # noqa: F401 - installs the shared-source copy


def glyphs(mob):
    return [m for m in mob.family_members_with_points() if hasattr(m, "path_obj")]


def test_a_copy_shares_the_source_and_owns_its_points():
    text = Text("tensor([1., 2.])")
    copy = text.copy()
    pairs = list(zip(glyphs(text), glyphs(copy), strict=True))
    assert pairs
    for a, b in pairs:
        assert b.path_obj is a.path_obj  # read-only, shared
        assert b.points is not a.points
        np.testing.assert_array_equal(a.points, b.points)
    before = [a.points.copy() for a, _ in pairs]
    copy.shift([1, 0, 0]).set_color("#ff0000").scale(2)
    for (a, _), old in zip(pairs, before, strict=True):
        np.testing.assert_array_equal(a.points, old)
    assert text.get_color() != copy.get_color()
    assert all(g.get_fill_color() == text.get_color() for g in glyphs(text))


def test_copying_twice_still_shares_one_source():
    text = Text("x.grad")
    again = text.copy().copy()
    for a, b in zip(glyphs(text), glyphs(again), strict=True):
        assert b.path_obj is a.path_obj
        np.testing.assert_array_equal(a.points, b.points)
