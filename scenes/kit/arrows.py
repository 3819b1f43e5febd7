"""The backward pass drawn beside a forward edge: a reversed arrow and its
gradient, already formatted by ``tensors.fmt``.
"""

from __future__ import annotations

import numpy as np
from manim import Arrow, VGroup

from scenes.kit import style, visuals
from scenes.kit.text import tex
from tensors import fmt


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
        # Which gradient this arrow carries (the label's bound value), so the
        # screen tests can check the label sits beside its own arrow.
        self.arrow.carries = self.label.carries = next(
            (s.path for s in fmt.spans(text)), None)
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
