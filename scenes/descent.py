"""Gradient descent: follow the negative gradient downhill, one SGD step at a time.

Shows ``tensors.descent.descent()``: a loss surface computed on a grid with
its contour lines, the path of real ``torch.optim.SGD`` steps over it, the
gradient drawn as an arrow at each worked step, the update written out with
live numbers, and the loss falling. (The guide's own example, grad L =
[2, -3], is practice question 20, so it is not solved here.)
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
    Circle,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    ImageMobject,
    Line,
    Square,
    VGroup,
    VMobject,
    Write,
    color_to_rgb,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.text import label, tex
from tensors import fmt
from tensors.descent import WORKED_STEPS, descent

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
SURFACE_SIDE = 4.6
STEP = 0.4
CONTOUR_OPACITY = 0.8
CHART_HEIGHT = 1.6  # the loss chart under the surface


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

    def __init__(self, surface: np.ndarray, extent: float, side: float,
                 ticks=()) -> None:
        super().__init__()
        self.image = ImageMobject(heat_image(surface, style.HEAT_LOW, style.HEAT_HIGH))
        self.image.height = side
        self.frame = Square(side_length=side, color=style.MUTED,
                            stroke_width=style.CELL_STROKE)
        self.extent, self.side = extent, side
        self.add(self.frame)
        self.contours = VGroup()
        # Tick values along the bottom (theta_1) and the left edge (theta_2).
        bottom, left = self.frame.get_bottom()[1], self.frame.get_left()[0]
        self.ticks = VGroup(
            VGroup(*(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
                     .next_to([self.point((t, 0))[0], bottom, 0], DOWN,
                              buff=style.TIGHT) for t in ticks)),
            VGroup(*(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
                     .next_to([left, self.point((0, t))[1], 0], LEFT,
                              buff=style.TIGHT) for t in ticks)),
        )
        self.names = VGroup(
            tex(r"\theta_1", color=style.MUTED).next_to(self.ticks[0], DOWN,
                                                        buff=style.TIGHT),
            tex(r"\theta_2", color=style.MUTED).next_to(self.ticks[1], LEFT,
                                                        buff=style.TIGHT),
        )
        self.add(self.ticks, self.names)

    def draw_contours(self, contours) -> VGroup:
        """The loss's level lines: every point of one line has the same loss."""
        for c in contours:
            path = VMobject(stroke_color=style.TEXT, stroke_width=style.CONTOUR_STROKE,
                            stroke_opacity=CONTOUR_OPACITY)
            for a, b in c.segments.tolist():
                path.start_new_path(self.point(a))
                path.add_line_to(self.point(b))
            self.contours.add(path)
        return self.contours

    def point(self, theta) -> np.ndarray:
        """Where the parameter vector ``theta`` lies on the picture."""
        x, y = (float(v) for v in theta)
        half = self.side / 2
        return self.frame.get_center() + (RIGHT * x + UP * y) * half / self.extent


class DescendTheLossSurface(LectureScene):
    """SGD on L = theta_1^2 + 2 theta_2^2: contours, gradient arrows, real steps."""

    LESSON = staticmethod(descent)
    SHOWS = ("steps.0.theta", "steps.0.grad", "steps.0.theta_new", "lr",
             "steps.1.grad", "steps.2.grad", "losses.0")
    HEADING = "Gradient descent: walk against the gradient"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        surface = LossSurface(d.surface.cpu().numpy(), d.extent, SURFACE_SIDE,
                              d.ticks)
        surface.to_edge(LEFT, buff=style.WIDE_GAP).to_edge(DOWN, buff=style.WIDE_GAP)
        surface.image.move_to(surface.frame)
        formula = tex(d.loss_tex).next_to(surface.frame, UP, buff=style.GAP)
        panel_left = surface.frame.get_right() + RIGHT * style.WIDE_GAP
        rule = tex(r"\theta \leftarrow \theta - \alpha\,\nabla L(\theta)",
                   color=style.TEXT)
        rule.next_to(heading, DOWN, buff=style.GAP).align_to(panel_left, LEFT)
        # The shading's meaning in words too, not by colour alone.
        key = label("Dark = low loss; each line: one loss value.",
                    size=style.SMALL_SIZE, color=style.MUTED)
        key.to_edge(DOWN, buff=style.EDGE_BUFF).align_to(panel_left, LEFT)
        with self.say("This bowl is a loss surface seen from above: dark is low loss, "
                      "and each contour line joins points of equal loss. We want to "
                      "reach the bottom."):
            self.play(FadeIn(surface.image), FadeIn(surface), Write(formula),
                      FadeIn(key),
                      run_time=style.BEAT)
            self.play(Create(surface.draw_contours(d.contours)), run_time=style.BEAT)
        with self.say(fmt.f("The rule: step against the gradient, scaled by a "
                            "learning rate alpha of {}.", fmt.num(d.lr))):
            self.play(Write(rule), run_time=style.BEAT)

        # Step: the first updates written out with torch's numbers.
        chart = self.loss_chart().align_to(panel_left, LEFT)
        chart.align_to(surface.frame, DOWN)
        dot = Dot(surface.point(d.path[0]), color=style.OPERAND_B,
                  radius=style.DOT_RADIUS)
        start = self.start_mark(surface)
        with self.say(fmt.f("We start at theta equal to {}, where the loss is {}.",
                            fmt.vector(d.path[0]), fmt.num(d.losses[0]))):
            self.play(FadeIn(chart), FadeIn(dot), FadeIn(start), run_time=style.FAST)
        worked = None
        for i, step in enumerate(d.steps):
            if i < WORKED_STEPS:
                new = self.worked_update(step, rule)
                uphill = self.gradient_arrow(surface, step, d.arrow_ends[i])
                line = fmt.f("Step {}: the gradient is {}. It points uphill, across "
                             "the contour lines, so theta moves the other way, to {}.",
                             fmt.num(step.number), fmt.vector(step.grad),
                             fmt.vector(step.theta_new))
                with self.say(line):
                    self.play(*([FadeOut(worked)] if worked else []), FadeIn(new),
                              GrowArrow(uphill[0]), FadeIn(uphill[1]),
                              run_time=style.BEAT)
                    self.move(surface, chart, dot, i, style.BEAT)
                self.play(FadeOut(uphill), run_time=style.FAST)
                worked = new
            elif i == WORKED_STEPS:
                with self.say("The same update, again and again. Each step is "
                              "smaller, because the slope flattens near the bottom."):
                    for j in range(i, len(d.steps)):
                        self.move(surface, chart, dot, j, STEP)
        with self.say("That is all gradient descent is. Next, the same loop trains "
                      "a real model, with autograd computing the gradient."):
            self.play(FadeOut(worked), run_time=style.FAST)
        self.hold()

    def start_mark(self, surface) -> VGroup:
        """A ring where the walk starts, named, so the path has a visible start."""
        at = surface.point(self.data.path[0])
        ring = Circle(radius=style.DOT_RADIUS * 2, color=style.OPERAND_B,
                      stroke_width=style.EDGE_STROKE).move_to(at)
        name = label("start", size=style.SMALL_SIZE, color=style.OPERAND_B)
        name.add_background_rectangle(color=style.BACKGROUND, opacity=1)
        name.next_to(ring, LEFT, buff=style.TIGHT)  # the path leaves up and left
        return VGroup(ring, name)

    def gradient_arrow(self, surface, step, end) -> VGroup:
        """The gradient at the step's start, drawn shorter (to ``end``), uphill."""
        start = surface.point(step.theta)
        arrow = Arrow(start, surface.point(end), buff=0,
                      color=style.GRADIENT, stroke_width=style.EDGE_STROKE,
                      max_tip_length_to_length_ratio=style.TIP_RATIO * 2)
        name = tex(r"\nabla L", color=style.GRADIENT)
        name.add_background_rectangle(color=style.BACKGROUND, opacity=1)
        name.next_to(arrow.get_end(), LEFT, buff=style.TIGHT)  # clear of "start"
        return VGroup(arrow, name)

    def move(self, surface, chart, dot, i: int, run_time: float) -> None:
        """Animate SGD step ``i``: the dot moves, the loss chart gains a point."""
        step = self.data.steps[i]
        start, end = surface.point(step.theta), surface.point(step.theta_new)
        self.play(
            FadeIn(Line(start, end, color=style.OPERAND_B,
                        stroke_width=style.EDGE_STROKE)),
            dot.animate.move_to(end),
            FadeIn(self.chart_point(chart, i + 1)),
            run_time=run_time,
        )

    def worked_update(self, step, anchor) -> VGroup:
        """theta, grad and the new theta of one step, under ``anchor``."""
        rows = VGroup(
            tex(r"\theta = " + fmt.vector(step.theta)),
            tex(r"\nabla L = " + fmt.vector(step.grad), color=style.GRADIENT),
            tex(fmt.f(r"\theta - {}\,\nabla L = {}", fmt.num(self.data.lr),
                      fmt.vector(step.theta_new)),
                color=style.OPERAND_B),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        return rows.next_to(anchor, DOWN, buff=style.GAP).align_to(anchor, LEFT)

    def loss_chart(self) -> VGroup:
        """Axes for loss against step, with the starting loss marked."""
        d = self.data
        count = len(d.losses) - 1
        axes = Axes(x_range=[0, count, 1],
                    y_range=[0, float(d.loss_top), float(d.loss_ticks[1])],
                    x_length=style.CHART_WIDTH, y_length=CHART_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        names = VGroup(
            label("step", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(axes.x_axis, DOWN, buff=style.TIGHT),
            label("loss", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(axes.y_axis, UP, buff=style.TIGHT),
        )
        ticks = VGroup(
            *(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
              .next_to(axes.x_axis.n2p(t), DOWN, buff=style.TIGHT)
              for t in d.step_ticks),
            *(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
              .next_to(axes.y_axis.n2p(t), LEFT, buff=style.TIGHT)
              for t in d.loss_ticks),
        )
        names[0].next_to(ticks[:len(d.step_ticks)], DOWN, buff=style.TIGHT)
        names[1].next_to(VGroup(axes.y_axis, ticks[len(d.step_ticks):]), UP,
                         buff=style.TIGHT)
        first = Dot(axes.c2p(0, float(d.losses[0])), color=style.RESULT,
                    radius=style.DOT_RADIUS)
        start = tex(fmt.num(d.losses[0]), color=style.RESULT)
        start.next_to(first, RIGHT, buff=style.GAP)  # clear of the "loss" name
        chart = VGroup(axes, ticks, names, first, start)
        chart.axes = axes
        return chart

    def chart_point(self, chart, i: int) -> Dot:
        return Dot(chart.axes.c2p(i, float(self.data.losses[i])), color=style.RESULT,
                   radius=style.DOT_RADIUS)
