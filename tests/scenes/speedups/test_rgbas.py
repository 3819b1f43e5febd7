"""scenes/speedups/rgbas.py: each colour's RGBA array is kept, and nothing changes."""

from __future__ import annotations

import numpy as np
import pytest
from manim import (
    BLUE,
    RED,
    WHITE,
    Axes,
    ManimColor,
    MathTex,
    Square,
    Text,
    VGroup,
    VMobject,
)

from scenes import speedups
from scenes.speedups import rgbas

speedups.install()  # the remembered arrays, as every scene has them

ARGS = [  # (colour, opacity) as manim's code and ours pass them
    (None, None), (WHITE, 1.0), (ManimColor("#12ab34"), 0.5), ("#ff8800", 0),
    ("RED", 1), ([RED, BLUE], [0.2, 0.9]), ((RED,), 0.3), (BLUE, [1.0, 0.5, 0.25]),
    ([np.array([0.1, 0.2, 0.3])], 1.0),  # a form _key does not take: manim's way
    (ManimColor("#abcdef", alpha=0.5), np.float64(0.75)), (RED, True),
]


@pytest.mark.parametrize("sheen", [0.0, 0.25])
@pytest.mark.parametrize(("colour", "opacity"), ARGS)
def test_same_array_as_manim_and_each_its_own(colour, opacity, sheen):
    mob = VMobject().set_sheen(sheen)
    want = rgbas.GENERATE(mob, colour, opacity)
    first = rgbas._generate(mob, colour, opacity)
    np.testing.assert_array_equal(first, want)
    first[:] = 0.5  # a mobject changing its own array in place
    again = rgbas._generate(mob, colour, opacity)
    np.testing.assert_array_equal(again, want)
    assert again is not first


def styles(mob) -> list[np.ndarray]:
    return [getattr(m, name) for m in mob.family_members_with_points()
            for name in ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")]


@pytest.mark.parametrize("make", [
    lambda: Text("grad ∂L/∂w", color=RED, use_svg_cache=False),
    lambda: MathTex(r"x^2", color="#12ab34", use_svg_cache=False),
    lambda: VGroup(Square(fill_opacity=0.4).set_color_by_gradient(RED, BLUE),
                   Axes(x_range=[0, 3], y_range=[0, 2])),
], ids=["text", "formula", "shapes"])
def test_mobjects_get_manims_colours(make, monkeypatch):
    ours = make()
    monkeypatch.setattr(VMobject, "generate_rgbas_array", rgbas.GENERATE)
    theirs = make()
    got, want = styles(ours), styles(theirs)
    assert len(got) == len(want) > 3
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)
