"""scenes/speedups/copying.py: copies share the glyphs' parsed SVG and nothing else."""

from __future__ import annotations

from enum import Enum

import numpy as np
from manim import Axes, ManimColor, MathTex, Mobject, Square, Text, VGroup

from scenes import speedups
from scenes.speedups.copying import MANIMS, fast_deepcopy

speedups.install()  # the shared-source copy, as every scene has it


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


def same(a, b, seen=None) -> None:
    """``b`` is a faithful deep copy of ``a``: equal values, no shared mutable
    state, except what scenes/speedups/copying.py shares on purpose."""
    if isinstance(a, np.ndarray):
        assert b is not a and b.dtype == a.dtype
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, Mobject):
        assert type(b) is type(a) and b is not a
        seen = seen if seen is not None else {}
        if id(a) in seen:  # one object reached twice: one copy, reached twice
            assert seen[id(a)] is b
            return
        seen[id(a)] = b
        assert a.__dict__.keys() - {"original_id"} == b.__dict__.keys() - {
            "original_id"}
        for key, value in a.__dict__.items():
            if key in ("path_obj", "original_id"):
                continue
            same(value, b.__dict__[key], seen)
    elif isinstance(a, list):
        assert b is not a and len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            same(x, y, seen)
    elif isinstance(a, (int, float, str, bool, type(None), ManimColor, Enum)):
        assert a == b
    else:
        assert type(a) is type(b)


def test_the_fast_copy_copies_what_manims_copies():
    axes = Axes(x_range=[0, 3], y_range=[0, 2])
    group = VGroup(Text("w.grad"), MathTex(r"\sum_i x_i"), axes, Square())
    group.add_updater(lambda m: m)
    fast = group.copy()
    assert Mobject.__deepcopy__ is fast_deepcopy
    same(group, fast)
    # an object reached twice (axes.x_axis is also one of its submobjects)
    copied_axes = fast.submobjects[2]
    assert copied_axes.x_axis is copied_axes.submobjects[0]
    # and manim's own deepcopy gives the same values
    Mobject.__deepcopy__ = MANIMS
    try:
        slow = group.copy()
    finally:
        Mobject.__deepcopy__ = fast_deepcopy
    for a, b in zip(slow.family_members_with_points(),
                    fast.family_members_with_points(), strict=True):
        np.testing.assert_array_equal(a.points, b.points)
        np.testing.assert_array_equal(a.fill_rgbas, b.fill_rgbas)
        np.testing.assert_array_equal(a.stroke_rgbas, b.stroke_rgbas)
