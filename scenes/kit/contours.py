"""A contour map: the level lines of a function of (x, y) inside a frame.

It draws the contour segments ``tensors.contours`` computed and places data
points on them; it computes nothing itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Rectangle, VGroup, VMobject

from scenes.kit import style, visuals
from scenes.kit.text import tex


class ContourMap(VGroup):
    """Contour lines of a function of (x, y) inside a frame, ``x`` right, ``y`` up.

    ``contours`` are ``tensors.contours.Contour`` results; ``x_range`` and
    ``y_range`` the data window the frame shows. ``point(x, y)`` is where a
    data point lies on screen.
    """

    def __init__(self, contours: Sequence, x_range, y_range, width: float,
                 height: float, color: str = style.MUTED,
                 names: tuple[str, str] = ("x", "y")) -> None:
        super().__init__()
        self.x_range, self.y_range = x_range, y_range
        self.frame = Rectangle(width=width, height=height, color=style.MUTED,
                               stroke_width=style.CELL_STROKE)
        self.lines = VGroup(*(self.level(c, color) for c in contours))
        self.names = VGroup(
            tex(names[0], color=style.MUTED).next_to(self.frame, DOWN,
                                                     buff=style.TIGHT),
            tex(names[1], color=style.MUTED).next_to(self.frame, LEFT,
                                                     buff=style.TIGHT),
        )
        self.add(self.frame, self.lines, self.names)
        visuals.tag(self, visuals.PLOT, "contour lines over {} and {}".format(
            *(visuals.words(n)[1] for n in self.names)))

    def point(self, x: float, y: float) -> np.ndarray:
        """The screen point of data point ``(x, y)``."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        corner = self.frame.get_corner(DOWN + LEFT)
        return (corner + RIGHT * (float(x) - x0) / (x1 - x0) * self.frame.width
                + UP * (float(y) - y0) / (y1 - y0) * self.frame.height)

    def level(self, contour, color: str, width: float = style.CONTOUR_STROKE):
        """One contour as one path of many short segments."""
        path = VMobject(stroke_color=color, stroke_width=width)
        for (ax, ay), (bx, by) in contour.segments.tolist():
            path.start_new_path(self.point(ax, ay))
            path.add_line_to(self.point(bx, by))
        return path
