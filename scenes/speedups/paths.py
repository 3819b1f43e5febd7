"""Trace a mobject's outline for cairo without numpy's per-call overhead.

Every frame of an animation draws each moving glyph again, and before cairo
fills a glyph manim's ``Camera.set_cairo_context_path`` finds where its
outline breaks into subpaths (``VMobject.get_subpath_split_indices_from_
points``: about fifteen numpy calls on an array of a few dozen points), then
reads each point back from the array one coordinate at a time. For a glyph
of a dozen curves numpy's overhead is most of the work: the split search
alone was 11% of sigma-loop's render, a third of its drawing.

``trace_paths_in_python()`` puts in its place a loop over the same points
as Python floats (one ``tolist()``): the same comparisons in the same order
and precision (``numpy.isclose``'s, with manim's tolerance), so cairo gets
the same path, call for call (tests/scenes/speedups/test_paths.py). A camera
whose ``transform_points_pre_display`` is not manim's own (a 3D camera) may
hand on points that are not finite, and a mobject may split its outline its
own way: both keep manim's code.
``scenes.speedups.install()`` installs it.
"""

from __future__ import annotations

import cairo
from manim.camera.camera import Camera
from manim.mobject.types.vectorized_mobject import VMobject

SET_PATH = Camera.set_cairo_context_path  # manim's own, kept for the tests
_PRE_DISPLAY = Camera.transform_points_pre_display
_SPLIT = VMobject.get_subpath_split_indices_from_points
RTOL = 1.0e-5  # numpy.isclose's default, as manim uses it


def set_cairo_context_path(self: Camera, ctx: cairo.Context,
                           vmobject: VMobject) -> Camera:
    """``Camera.set_cairo_context_path``, the same path traced in Python."""
    if (type(self).transform_points_pre_display is not _PRE_DISPLAY
            or type(vmobject).get_subpath_split_indices_from_points is not _SPLIT):
        return SET_PATH(self, ctx, vmobject)
    # manim's own: points that are not all finite become one point at 0.
    points = self.transform_points_pre_display(vmobject, vmobject.points)
    count = len(points)
    if count == 0:
        return self
    per_curve = vmobject.n_points_per_cubic_curve
    ctx.new_path()
    if count < per_curve:
        return self
    xy = points[:, :2].tolist()
    atol = vmobject.tolerance_for_point_equality
    # A subpath ends where a curve's last point is not close to the next
    # curve's first (numpy.isclose: |end - start| <= atol + rtol * |start|).
    starts = [0]
    for k in range(per_curve, count, per_curve):
        (ex, ey), (sx, sy) = xy[k - 1], xy[k]
        if not (abs(ex - sx) <= atol + RTOL * abs(sx)
                and abs(ey - sy) <= atol + RTOL * abs(sy)):
            starts.append(k)
    starts.append(count)
    move_to, curve_to = ctx.move_to, ctx.curve_to
    for start, end in zip(starts, starts[1:]):
        if end - start < per_curve:
            continue
        ctx.new_sub_path()
        move_to(*xy[start])
        for k in range(start, end - per_curve + 1, per_curve):
            (x1, y1), (x2, y2), (x3, y3) = xy[k + 1], xy[k + 2], xy[k + 3]
            curve_to(x1, y1, x2, y2, x3, y3)
        if vmobject.consider_points_equals_2d(xy[start], xy[end - 1]):
            ctx.close_path()
    return self


def trace_paths_in_python() -> None:
    """Install the above on manim's Camera (idempotent)."""
    Camera.set_cairo_context_path = set_cairo_context_path
