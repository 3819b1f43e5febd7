"""Placing blocks: stacked, under a heading or a docked question, side by
side, captioned, and boxed for the viewer to compare.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, FadeIn, SurroundingRectangle, VGroup

from scenes.kit import style, visuals
from scenes.kit.text import label


def column(*mobjects) -> VGroup:
    """Blocks stacked and left-aligned."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)


def under_left(group, anchor, buff: float = style.GAP):
    """Place ``group`` under ``anchor``, against the left edge of the frame."""
    return group.next_to(anchor, DOWN, buff=buff).to_edge(LEFT, buff=style.EDGE_BUFF)


def under_centred(group, anchor, buff: float = style.GAP):
    """Place ``group`` under ``anchor``, centred on the frame."""
    return group.next_to(anchor, DOWN, buff=buff).set_x(0)


def beside(left, right, anchor) -> VGroup:
    """Two blocks side by side, tops aligned, under ``anchor`` at the left edge.

    The gap between them narrows when the wide one would not fit the frame.
    """
    room = style.FRAME_HALF_WIDTH * 2 - style.EDGE_BUFF * 2
    gap = (
        style.WIDE_GAP
        if left.width + right.width + style.WIDE_GAP <= room
        else style.GAP
    )
    pair = VGroup(left, right).arrange(RIGHT, aligned_edge=UP, buff=gap)
    return under_left(pair, anchor)


def captioned(
    mobject, caption: str, size: int = style.SMALL_SIZE, color: str = style.MUTED
) -> VGroup:
    """A mobject with a short caption under it."""
    text = label(caption, size=size, color=color)
    return VGroup(mobject, text.next_to(mobject, DOWN, buff=style.GAP / 2))


def mark(*mobjects) -> list:
    """Animations boxing what the viewer should compare."""
    return [
        FadeIn(visuals.tag(
            SurroundingRectangle(m, color=style.QUESTION, buff=style.TIGHT),
            visuals.SHAPE, f"a box marks {visuals.words(m)[1]}"))
        for m in mobjects
    ]
