"""Drawing helpers shared by Part 1 and Part 2: contour maps and backward arrows.

They draw what ``tensors/`` computed (contour segments, gradients already
formatted by ``tensors.fmt``); they compute nothing themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Rectangle,
    Text,
    VGroup,
    VMobject,
)

from scenes import style, visuals
from scenes.common import code, label, make_text, tex

ARROW = " \u2192 "


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


class BackwardArrow(VGroup):
    """The backward pass along one forward edge: a reversed arrow beside it.

    The arrow runs from ``end`` back to ``start`` (consumer to input), offset
    to one side of the forward edge and drawn in the gradient colour;
    ``label`` (already formatted) sits beside the arrow, never on it.
    ``side`` is +1 (left of the forward direction) or -1 (right of it).
    """

    def __init__(self, start: np.ndarray, end: np.ndarray, text: str,
                 side: int = 1, buff: float = style.NODE_RADIUS) -> None:
        super().__init__()
        along = (end - start) / np.linalg.norm(end - start)
        normal = np.array([-along[1], along[0], 0]) * side
        shift = normal * style.BACKWARD_OFFSET
        self.arrow = Arrow(end + shift, start + shift, buff=buff,
                           color=style.GRADIENT, stroke_width=style.EDGE_STROKE,
                           max_tip_length_to_length_ratio=style.TIP_RATIO)
        self.label = tex(text, color=style.GRADIENT)
        self.label.move_to(self.arrow.get_center() + normal * (
            style.TIGHT + label_reach(self.label, normal)))
        self.add(self.arrow, self.label)
        said = f"a gradient arrow back, {visuals.words(self.label)[1]}"
        for part in (self, self.arrow, self.label):  # often shown one by one
            visuals.tag(part, visuals.ARROW, said)


def label_reach(mobject, direction: np.ndarray) -> float:
    """How far a label's centre must sit from a line so its box clears it."""
    return (abs(direction[0]) * mobject.width
            + abs(direction[1]) * mobject.height) / 2


class Recap(VGroup):
    """A part's recap: a title and a few bulleted points, left-aligned.

    A point may hold a newline; its second line is indented under the first.
    """

    BULLET = "\u2022 "

    def __init__(self, title: str, points: Sequence[str]) -> None:
        super().__init__()
        self.title = label(title, size=style.HEADING_SIZE, color=style.RESULT)
        self.items = VGroup(*(label(self.BULLET + p.replace("\n", "\n  "),
                                     size=style.BODY_SIZE) for p in points))
        self.items.arrange(DOWN, aligned_edge=LEFT, buff=style.RECAP_GAP)
        self.add(self.title, self.items)
        self.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        visuals.tag(self, visuals.TEXT, f"{title}: " + visuals.SEP.join(
            " ".join(p.split()) for p in points))


def result_line(source: str, shown: str) -> VGroup:
    """``code  ->  result``, the result in the result colour."""
    left = code(source, size=style.SMALL_SIZE)
    right = code(ARROW.strip() + " " + shown, size=style.SMALL_SIZE, color=style.RESULT)
    return visuals.tag(VGroup(left, right).arrange(RIGHT, buff=style.GAP / 2),
                       visuals.CODE, f"{left.original_text} {right.original_text}")


def block(texts, size: int = style.SMALL_SIZE, color: str = style.TEXT) -> Text:
    """Lines of code as one Text, so indents survive and the line pitch is even."""
    return make_text("\n".join(texts), font=style.MONO, font_size=size,
                     color=color, line_spacing=style.CODE_LINE_SPACING)
