"""scenes/speedups/paths.py: cairo gets the same path as from manim's own
code, call for call, and the same pixels."""

from __future__ import annotations

import cairo
import numpy as np
import pytest
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Camera,
    Circle,
    Line,
    MathTex,
    Square,
    Text,
    ThreeDCamera,
    VGroup,
    VMobject,
)

from scenes.speedups import paths

FORMULA = r"\frac{\partial L}{\partial w} = \sum_{i=1}^{n} 2 x_i (w x_i - y_i)"


def curve(*anchors) -> np.ndarray:
    """Straight cubic curves through ``anchors`` (x, y), as manim stores them."""
    points = []
    for (x0, y0), (x1, y1) in zip(anchors, anchors[1:]):
        for t in (0, 1 / 3, 2 / 3, 1):
            points.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0), 0.0))
    return np.array(points)


def made(points) -> VMobject:
    mob = VMobject()
    mob.points = np.asarray(points, dtype=float).reshape(-1, 3)
    return mob


# Outlines that take each branch of the split search: glyphs with holes,
# open and closed shapes, two subpaths, ends that are close but not equal
# (within manim's tolerance, and just past it), a partial last curve, too few
# points for a curve, none, and points that are not all finite.
TOLERANCE = VMobject().tolerance_for_point_equality
CASES = {
    "text": lambda: Text("Sigma: tensor([[1., -2.5]]) ∂L/∂w ≠ é", font="DejaVu Sans"),
    "formula": lambda: MathTex(FORMULA),
    "shapes": lambda: VGroup(Circle(), Square(), Line(LEFT, RIGHT), Arrow(DOWN, UP)),
    "two-subpaths": lambda: made(np.concatenate(
        [curve((0, 0), (1, 0), (1, 1), (0, 0)), curve((2, 2), (3, 2), (3, 3))])),
    # Near 0, where manim's absolute tolerance decides, in x and in y.
    "ends-within-tolerance": lambda: made(np.concatenate(
        [curve((-1, 0), (0, 0)), curve((TOLERANCE / 2, 0), (1, 1), (0, -1)),
         curve((0, -1 - TOLERANCE / 3), (0, 0)),
         curve((0, TOLERANCE * 0.9), (-1, 0))])),
    "ends-past-tolerance": lambda: made(np.concatenate(
        [curve((-1, 0), (0, 0)), curve((TOLERANCE * 1.5, 0), (1, 1), (0, 0)),
         curve((0, TOLERANCE * 1.5), (0, 1))])),
    "partial-last-curve": lambda: made(np.concatenate([curve((0, 0), (1, 0), (1, 1)),
                                                       [[2.0, 2.0, 0.0]]])),
    "too-few-points": lambda: made([[0, 0, 0], [1, 1, 0], [2, 0, 0]]),
    "no-points": lambda: VMobject(),
    "not-finite": lambda: made(np.concatenate([curve((0, 0), (1, 0)),
                                               [[np.nan, 0, 0]] * 4])),
}


def traced(set_path, camera, mob) -> list:
    """Every path ``set_path`` gives cairo for ``mob``'s family, as cairo keeps it."""
    ctx = cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 8, 8))
    out = []
    for part in mob.family_members_with_points() or [mob]:
        ctx.new_path()
        ctx.move_to(0.5, 0.5)  # a path left from before: both must clear it
        set_path(camera, ctx, part)
        out.append(list(ctx.copy_path()))
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_cairo_gets_manims_path(case):
    mob, camera = CASES[case](), Camera()
    ours = traced(paths.set_cairo_context_path, camera, mob)
    assert ours == traced(paths.SET_PATH, camera, mob)
    if case not in ("no-points", "too-few-points", "not-finite"):
        assert any(ours)  # the case drew something


def test_the_same_pixels():
    mob = VGroup(CASES["text"](), CASES["formula"](), CASES["shapes"]()).arrange(DOWN)
    pictures = []
    for set_path in (paths.SET_PATH, paths.set_cairo_context_path):
        camera = Camera(pixel_height=360, pixel_width=640)
        camera.set_cairo_context_path = set_path.__get__(camera)
        camera.capture_mobject(mob)
        pictures.append(camera.pixel_array.copy())
    assert pictures[0].any()
    assert np.array_equal(*pictures)


def test_a_camera_that_moves_points_keeps_manims_code(monkeypatch):
    """A 3D camera transforms points itself (and may pass on non-finite ones):
    it gets manim's own function."""
    calls = []
    monkeypatch.setattr(paths, "SET_PATH", lambda *a: calls.append(a))
    camera = ThreeDCamera()
    paths.set_cairo_context_path(camera, None, Square())
    assert len(calls) == 1
    paths.set_cairo_context_path(Camera(), cairo.Context(
        cairo.ImageSurface(cairo.FORMAT_ARGB32, 8, 8)), Square())
    assert len(calls) == 1


def test_a_mobject_that_splits_its_own_way_keeps_manims_code():
    class OneSubpath(VMobject):
        def get_subpath_split_indices_from_points(self, points, n_dims=3):
            return np.array([[0, len(points)]])

    mob = OneSubpath()
    mob.points = CASES["two-subpaths"]().points
    ours = traced(paths.set_cairo_context_path, Camera(), mob)
    assert ours == traced(paths.SET_PATH, Camera(), mob)
    assert ours != traced(paths.set_cairo_context_path, Camera(),
                          CASES["two-subpaths"]())


def test_installed_on_manims_camera():
    from scenes import speedups
    speedups.install()
    assert Camera.set_cairo_context_path is paths.set_cairo_context_path
