"""Part 1, math foundation: a vector as an arrow, and the recap of Part 1.

Shows ``tensors.notation.vector_arrow()``: v = [3, 4] drawn as an arrow, its
length from ``torch.linalg.norm`` and its direction, the unit vector.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    DashedLine,
    FadeIn,
    GrowArrow,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.cards import Recap
from scenes.kit.code import result_line
from scenes.kit.text import code, label, tex
from tensors import fmt
from tensors.notation import vector_arrow

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
PLANE_UNIT = 0.85  # units per step of the vector plane


class VectorAsArrow(LectureScene):
    """``vector_arrow()``: v = [3, 4] as an arrow, its norm and its unit vector."""

    LESSON = staticmethod(vector_arrow)
    SHOWS = ("code", "v", "norm_code", "norm", "unit_code", "unit", "unit_norm")
    HEADING = "A vector: a length and a direction"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        axes = Axes(x_range=[-1, d.extent, 1], y_range=[-1, d.extent, 1],
                    x_length=(d.extent + 1) * PLANE_UNIT,
                    y_length=(d.extent + 1) * PLANE_UNIT,
                    tips=False, axis_config={"color": style.MUTED})
        axes.to_edge(LEFT, buff=style.WIDE_GAP).to_edge(DOWN, buff=style.WIDE_GAP)
        axes.add(VGroup(  # tick values on both axes
            *(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
              .next_to(axes.x_axis.n2p(t), DOWN, buff=style.TIGHT) for t in d.ticks),
            *(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
              .next_to(axes.y_axis.n2p(t), LEFT, buff=style.TIGHT) for t in d.ticks),
        ))
        (x, y), origin = (float(c) for c in d.v), axes.c2p(0, 0)
        arrow = Arrow(origin, axes.c2p(x, y), buff=0, color=style.OPERAND_A,
                      stroke_width=style.EDGE_STROKE)
        source = code("v = " + d.code).next_to(heading, DOWN, buff=style.GAP)
        source.align_to(axes.get_right() + RIGHT * style.WIDE_GAP, LEFT)
        name = tex(r"\mathbf{v}", color=style.OPERAND_A)
        name.next_to(arrow.get_center(), LEFT + UP, buff=style.TIGHT)
        with self.say(fmt.f("A one-dimensional tensor, {}, can be drawn as an "
                            "arrow: go right by the first entry, up by the second.",
                            fmt.vector(d.v))):
            self.play(FadeIn(axes), Write(source), run_time=style.FAST)
            self.play(Create(arrow), FadeIn(name), run_time=style.BEAT)
        legs = VGroup(
            DashedLine(origin, axes.c2p(x, 0), color=style.MUTED),
            DashedLine(axes.c2p(x, 0), axes.c2p(x, y), color=style.MUTED),
        ).set_opacity(style.DASH_OPACITY)
        leg_names = VGroup(
            tex(fmt.num(d.v[0]), color=style.MUTED)  # above: the ticks are below
            .next_to(legs[0], UP, buff=style.TIGHT),
            tex(fmt.num(d.v[1]), color=style.MUTED)
            .next_to(legs[1], RIGHT, buff=style.TIGHT),
        )

        # Step: the length, by Pythagoras and by torch.
        length = VGroup(tex(fmt.f("{} = {}", d.norm_tex, d.norm),
                            color=style.OPERAND_A),
                        result_line(d.norm_code, fmt.num(d.norm)))
        length.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        length.next_to(source, DOWN, buff=style.WIDE_GAP).align_to(source, LEFT)
        with self.say(fmt.f("Its magnitude is the arrow's length. The two legs make "
                            "a right triangle, and torch.linalg.norm measures the "
                            "long side: {}.", d.norm)):
            self.play(Create(legs), FadeIn(leg_names), run_time=style.BEAT)
            self.play(FadeIn(length), run_time=style.BEAT)

        # Step: the direction, as the unit vector.
        ux, uy = (float(c) for c in d.unit)
        unit = Arrow(origin, axes.c2p(ux, uy), buff=0, color=style.RESULT,
                     stroke_width=style.EDGE_STROKE * 2,
                     max_tip_length_to_length_ratio=style.TIP_RATIO * 2)
        direction = VGroup(result_line(d.unit_code, fmt.vector(d.unit)),
                           label(fmt.f("its length: {}", d.unit_norm),
                                 size=style.SMALL_SIZE, color=style.MUTED))
        direction.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        direction.next_to(length, DOWN, buff=style.WIDE_GAP).align_to(source, LEFT)
        with self.say(fmt.f("Its direction is what is left when the length is "
                            "divided out: v over its norm is {}, an arrow of length "
                            "{} pointing the same way.", fmt.vector(d.unit),
                            d.unit_norm)):
            self.play(FadeIn(direction), GrowArrow(unit), run_time=style.BEAT)
            self.play(FadeIn(tex(r"\mathbf{v} / \|\mathbf{v}\|", color=style.RESULT)
                             .next_to(unit.get_end(), RIGHT, buff=style.GAP)),
                      run_time=style.FAST)
        self.hold()
        self.recap()

    RECAP = ("Each symbol is a line of code: sigma is a loop, torch.sum runs it.",
             "A partial derivative: the slope in one input, the others held still.",
             "The gradient collects every partial derivative in one vector.",
             "A vector has a length, its norm, and a direction, v / ||v||.")

    def recap(self) -> None:
        """Part 1 in four points."""
        self.clear_below()
        recap = Recap("Recap: the math", self.RECAP).center()
        with self.say("To recap the math: Every symbol is a small piece of code. "
                      "A partial derivative is the slope in one input while the others "
                      "stay still. The gradient collects all of them in one vector. "
                      "And a vector has a length and a direction."):
            self.reveal(recap)
        self.hold(style.LONG_READ)
