"""Gradient descent: follow the negative gradient downhill, one SGD step at a time.

Shows ``tensors.descent.descent()``: a loss surface computed on a grid, the
path of real ``torch.optim.SGD`` steps over it, the update written out with
live numbers for the first steps and the guide's worked example, and the
loss falling.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Dot,
    FadeIn,
    FadeOut,
    ImageMobject,
    Line,
    ReplacementTransform,
    Square,
    VGroup,
    Write,
    color_to_rgb,
)

from scenes import style
from scenes.common import LectureScene, label, tex
from tensors import fmt
from tensors.descent import descent


def heat_image(surface: np.ndarray, low: str, high: str) -> np.ndarray:
    """An RGB image of a loss grid: ``low`` colour at the minimum, ``high`` at max.

    Log-scaled, so the valley floor is as readable as the rim.
    """
    level = np.log1p(surface - surface.min())
    level = level / level.max()
    lo, hi = color_to_rgb(low), color_to_rgb(high)
    rgb = lo + level[..., None] * (hi - lo)
    rgba = np.concatenate([rgb, np.ones_like(level)[..., None]], axis=-1)
    return (rgba * np.iinfo(np.uint8).max).astype(np.uint8)


class LossSurface(VGroup):
    """The heat map in a frame, with axis names and a ``point(theta)`` map."""

    def __init__(self, surface: np.ndarray, extent: float, side: float) -> None:
        super().__init__()
        self.image = ImageMobject(heat_image(surface, style.HEAT_LOW, style.HEAT_HIGH))
        self.image.height = side
        self.frame = Square(side_length=side, color=style.MUTED,
                            stroke_width=style.CELL_STROKE)
        self.extent, self.side = extent, side
        self.add(self.frame)
        self.names = VGroup(
            tex(r"\theta_1", color=style.MUTED).next_to(self.frame, DOWN, buff=style.TIGHT),
            tex(r"\theta_2", color=style.MUTED).next_to(self.frame, LEFT, buff=style.TIGHT),
        )
        self.add(self.names)

    def point(self, theta) -> np.ndarray:
        """Where the parameter vector ``theta`` lies on the picture."""
        x, y = (float(v) for v in theta)
        half = self.side / 2
        return self.frame.get_center() + (RIGHT * x + UP * y) * half / self.extent


class DescendTheLossSurface(LectureScene):
    """SGD on L = theta_1^2 + 2 theta_2^2, with the guide's step grad = [2, -3]."""

    LESSON = staticmethod(descent)
    SHOWS = ("steps.0.theta", "steps.0.grad", "steps.0.theta_new", "lr",
             "guide_step.grad", "guide_step.delta", "losses.0")
    HEADING = "Gradient descent: walk against the gradient"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        surface = LossSurface(d.surface.cpu().numpy(), d.extent, style.SURFACE_SIDE)
        surface.to_edge(LEFT, buff=style.WIDE_GAP).to_edge(DOWN, buff=style.WIDE_GAP)
        surface.image.move_to(surface.frame)
        formula = tex(d.loss_tex).next_to(surface.frame, UP, buff=style.GAP)
        panel_left = surface.frame.get_right() + RIGHT * style.WIDE_GAP
        rule = tex(r"\theta \leftarrow \theta - \alpha\,\nabla L(\theta)", color=style.TEXT)
        rule.next_to(heading, DOWN, buff=style.GAP).align_to(panel_left, LEFT)
        # The shading's meaning in words too, not by colour alone.
        key = label("Surface: dark = low loss, light = high loss.",
                    size=style.SMALL_SIZE, color=style.MUTED)
        key.to_edge(DOWN, buff=style.EDGE_BUFF).align_to(panel_left, LEFT)
        with self.say("This bowl is a loss surface: dark is low loss, light is high. "
                      "We want to reach the bottom."):
            self.play(FadeIn(surface.image), FadeIn(surface), Write(formula), FadeIn(key),
                      run_time=style.BEAT)
        with self.say("The rule: step against the gradient, scaled by a learning "
                      f"rate alpha of {fmt.num(d.lr)}."):
            self.play(Write(rule), run_time=style.BEAT)

        # Step: the first updates written out with torch's numbers.
        chart = self.loss_chart().align_to(panel_left, LEFT)
        chart.align_to(surface.frame, DOWN)
        dot = Dot(surface.point(d.path[0]), color=style.OPERAND_B,
                  radius=style.DOT_RADIUS)
        with self.say(f"We start at theta equal to {fmt.vector(d.path[0])}, where the "
                      f"loss is {fmt.num(d.losses[0])}."):
            self.play(FadeIn(chart), FadeIn(dot), run_time=style.FAST)
        worked = None
        for i, step in enumerate(d.steps):
            if i < style.WORKED_STEPS:
                new = self.worked_update(step, rule)
                line = (f"Step {step.number}: the gradient is {fmt.vector(step.grad)}, so theta "
                        f"moves to {fmt.vector(step.theta_new)}.")
                with self.say(line):
                    self.play(*([FadeOut(worked)] if worked else []), FadeIn(new),
                              run_time=style.BEAT)
                    self.move(surface, chart, dot, i, style.BEAT)
                worked = new
            elif i == style.WORKED_STEPS:
                with self.say("The same update, again and again. Each step is "
                              "smaller, because the slope flattens near the bottom."):
                    for j in range(i, len(d.steps)):
                        self.move(surface, chart, dot, j, style.STEP)
        self.play(FadeOut(worked), run_time=style.FAST)
        self.guide_example(rule)
        self.hold()

    def move(self, surface, chart, dot, i: int, run_time: float) -> None:
        """Animate SGD step ``i``: the dot moves, the loss chart gains a point."""
        step = self.data.steps[i]
        start, end = surface.point(step.theta), surface.point(step.theta_new)
        self.play(
            FadeIn(Line(start, end, color=style.OPERAND_B, stroke_width=style.EDGE_STROKE)),
            dot.animate.move_to(end),
            FadeIn(self.chart_point(chart, i + 1)),
            run_time=run_time,
        )

    def worked_update(self, step, anchor) -> VGroup:
        """theta, grad and the new theta of one step, under ``anchor``."""
        rows = VGroup(
            tex(rf"\theta = {fmt.vector(step.theta)}"),
            tex(rf"\nabla L = {fmt.vector(step.grad)}", color=style.GRADIENT),
            tex(rf"\theta - {fmt.num(step.lr)}\,\nabla L = {fmt.vector(step.theta_new)}",
                color=style.OPERAND_B),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        return rows.next_to(anchor, DOWN, buff=style.GAP).align_to(anchor, LEFT)

    def loss_chart(self) -> VGroup:
        """Axes for loss against step, with the starting loss marked."""
        d = self.data
        count = len(d.losses) - 1
        axes = Axes(x_range=[0, count, 1], y_range=[0, float(d.losses.max()), 1],
                    x_length=style.CHART_WIDTH, y_length=style.CHART_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        names = VGroup(
            label("step", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(axes.x_axis, DOWN, buff=style.TIGHT),
            label("loss", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(axes.y_axis, UP, buff=style.TIGHT),
        )
        first = Dot(axes.c2p(0, float(d.losses[0])), color=style.RESULT,
                    radius=style.DOT_RADIUS)
        start = tex(fmt.num(d.losses[0]), color=style.RESULT)
        start.next_to(first, RIGHT, buff=style.GAP)  # clear of the "loss" name
        chart = VGroup(axes, names, first, start)
        chart.axes = axes
        return chart

    def chart_point(self, chart, i: int) -> Dot:
        return Dot(chart.axes.c2p(i, float(self.data.losses[i])), color=style.RESULT,
                   radius=style.DOT_RADIUS)

    def guide_example(self, anchor) -> None:
        """The guide's Q20 numbers: grad L = [2, -3], alpha = 0.1."""
        g = self.data.guide_step
        rows = VGroup(
            label("The guide's example:", size=style.SMALL_SIZE, color=style.MUTED),
            tex(rf"\nabla L = {fmt.vector(g.grad)},\ \alpha = {fmt.num(g.lr)}",
                color=style.GRADIENT),
            tex(rf"-\alpha\,\nabla L = {fmt.vector(g.delta)}", color=style.OPERAND_B),
            label("Minus: the gradient points uphill.", size=style.SMALL_SIZE,
                  color=style.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        rows.next_to(anchor, DOWN, buff=style.GAP).align_to(anchor, LEFT)
        with self.say(f"The guide's example: with gradient {fmt.vector(g.grad)} and "
                      f"alpha {fmt.num(g.lr)}, theta moves by {fmt.vector(g.delta)}. We "
                      "subtract because the gradient points uphill."):
            self.play(FadeIn(rows), run_time=style.BEAT)
