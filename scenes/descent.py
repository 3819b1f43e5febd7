"""Gradient descent on our running problem's own loss surface.

Shows ``tensors.descent.descent()``: the mean squared error of ``w * x + b``
on our four points, computed on a grid over (w, b) with its contour lines (a
long, narrow valley), the path of real ``torch.optim.SGD`` steps over it from
fit-a-line's start and at its learning rate, the gradient's direction drawn
as an arrow at each worked step, the update written out with live numbers,
and the loss falling on a log scale. (The guide's own example, grad L =
[2, -3] with alpha = 0.1, is practice question 20, so it is not solved here.)
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
    Cross,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    ImageMobject,
    Line,
    MoveAlongPath,
    Rectangle,
    VGroup,
    VMobject,
    Write,
    color_to_rgb,
)

from scenes.kit import style, visuals
from scenes.kit.base import LectureScene
from scenes.kit.text import label, tex
from tensors import fmt
from tensors.descent import WORKED_STEPS, descent

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
SURFACE_WIDTH = 5.2  # the surface's frame; its height keeps w and b to one scale
CONTOUR_OPACITY = 0.8
CHART_HEIGHT = 1.5  # the loss chart beside the surface
MARK_SIZE = 0.12  # half the minimum's cross
CREEP = 3.0  # seconds for the steps after the worked ones


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
    """The heat map in a frame, w right and b up, with tick values, axis names
    and a ``point((w, b))`` map."""

    def __init__(self, surface: np.ndarray, w_range, b_range, width: float,
                 w_ticks=(), b_ticks=()) -> None:
        super().__init__()
        self.w_range, self.b_range = w_range, b_range
        (w0, w1), (b0, b1) = w_range, b_range
        height = width * (b1 - b0) / (w1 - w0)
        self.image = ImageMobject(heat_image(surface, style.HEAT_LOW, style.HEAT_HIGH))
        self.image.stretch_to_fit_width(width).stretch_to_fit_height(height)
        self.frame = Rectangle(width=width, height=height, color=style.MUTED,
                               stroke_width=style.CELL_STROKE)
        self.add(self.frame)
        self.contours = VGroup()
        # Tick values along the bottom (w) and the left edge (b).
        bottom, left = self.frame.get_bottom()[1], self.frame.get_left()[0]
        self.ticks = VGroup(
            VGroup(*(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
                     .next_to([self.point((t, b0))[0], bottom, 0], DOWN,
                              buff=style.TIGHT) for t in w_ticks)),
            VGroup(*(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
                     .next_to([left, self.point((w0, t))[1], 0], LEFT,
                              buff=style.TIGHT) for t in b_ticks)),
        )
        self.names = VGroup(
            tex("w", color=style.MUTED).next_to(self.ticks[0], DOWN, buff=style.TIGHT),
            tex("b", color=style.MUTED).next_to(self.ticks[1], LEFT, buff=style.TIGHT),
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
        visuals.tag(self.contours, visuals.PLOT, "contour lines over w and b")
        return self.contours

    def point(self, theta) -> np.ndarray:
        """Where the parameters ``theta`` = (w, b) lie on the picture."""
        w, b = (float(v) for v in theta)
        (w0, w1), (b0, b1) = self.w_range, self.b_range
        corner = self.frame.get_corner(DOWN + LEFT)
        return (corner + RIGHT * (w - w0) / (w1 - w0) * self.frame.width
                + UP * (b - b0) / (b1 - b0) * self.frame.height)


class DescendTheLossSurface(LectureScene):
    """SGD on our running problem's MSE over (w, b): contours, gradient
    arrows, fit-a-line's own first steps."""

    LESSON = staticmethod(descent)
    SHOWS = ("x", "y", "steps.0.theta", "steps.0.grad", "steps.0.theta_new", "lr",
             "steps.1.grad", "steps.1.theta_new", "losses.0", "minimum",
             "steps.99.theta_new")
    HEADING = "Gradient descent: walk against the gradient"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        surface = LossSurface(d.surface.cpu().numpy(), d.w_range, d.b_range,
                              SURFACE_WIDTH, d.w_ticks, d.b_ticks)
        surface.to_edge(LEFT, buff=style.WIDE_GAP).to_edge(DOWN, buff=style.WIDE_GAP)
        surface.image.move_to(surface.frame)
        formula = tex(d.loss_tex).next_to(surface.frame, UP, buff=style.GAP)
        formula.align_to(surface.frame, LEFT)
        points = tex(fmt.f(r"(x_i, y_i) = {}", fmt.join(
            [fmt.f("({}, {})", fmt.num(a), fmt.num(b)) for a, b in zip(d.x, d.y)])),
            color=style.MUTED)
        points.next_to(formula, UP, buff=style.GAP / 2).align_to(formula, LEFT)
        panel_left = surface.frame.get_right() + RIGHT * style.WIDE_GAP
        rule = tex(r"\theta_{new} = \theta - \alpha\,\nabla L, \quad \theta = (w, b)",
                   color=style.TEXT)
        rule.next_to(heading, DOWN, buff=style.GAP).align_to(panel_left, LEFT)
        # The shading's and the arrows' meaning in words too, not by colour alone.
        key = label("Dark = low loss; each line: one loss value.\n"
                    "Arrow: the way the gradient points.",
                    size=style.SMALL_SIZE, color=style.MUTED)
        key.to_edge(DOWN, buff=style.EDGE_BUFF).align_to(panel_left, LEFT)
        with self.say("Our running problem has a loss surface of its own: for every "
                      "w and b, the mean squared error of w x plus b on our four "
                      "points. Seen from above, dark is low loss, and each contour "
                      "line joins points of equal loss."):
            self.play(FadeIn(surface.image), FadeIn(surface), Write(formula),
                      FadeIn(points), FadeIn(key), run_time=style.BEAT)
            self.play(Create(surface.draw_contours(d.contours)), run_time=style.BEAT)
        with self.say(fmt.f("It is a long, narrow valley: torch's Hessian says it "
                            "curves {} times more steeply across than along its "
                            "floor. The lowest point is w = {}, b = {}, the line "
                            "through our points.", fmt.num(d.steepness, 0),
                            fmt.num(d.minimum[0]), fmt.num(d.minimum[1]))):
            self.play(FadeIn(self.minimum_mark(surface)), run_time=style.BEAT)
        with self.say(fmt.f("The rule: theta new is theta minus alpha times the "
                            "gradient, where theta is the pair w, b and alpha is {}, "
                            "the learning rate the next chapter trains with.",
                            fmt.num(d.lr))):
            self.play(Write(rule), run_time=style.BEAT)

        # Step: the first updates written out with torch's numbers.
        chart = self.loss_chart().align_to(panel_left, LEFT)
        chart.next_to(key, UP, buff=style.GAP).align_to(panel_left, LEFT)
        dot = Dot(surface.point(d.path[0]), color=style.OPERAND_B,
                  radius=style.DOT_RADIUS)
        start = self.start_mark(surface)
        with self.say(fmt.f("We start where the next chapter does, at w = {} and "
                            "b = {}, where the loss is {}.", fmt.num(d.path[0][0]),
                            fmt.num(d.path[0][1]), fmt.num(d.losses[0]))):
            self.play(FadeIn(chart), FadeIn(dot), FadeIn(start), run_time=style.FAST)
        worked = None
        for i, step in enumerate(d.steps[:WORKED_STEPS]):
            new = self.worked_update(step, rule)
            uphill = self.gradient_arrow(surface, step, d.arrow_ends[i])
            with self.say(self.step_line(i)):
                self.play(*([FadeOut(worked)] if worked else []), FadeIn(new),
                          GrowArrow(uphill[0]), FadeIn(uphill[1]), run_time=style.BEAT)
                self.move(surface, chart, dot, i, style.BEAT)
            self.play(FadeOut(uphill), run_time=style.FAST)
            worked = new
        self.creep(surface, chart, dot, worked, rule)
        with self.say("These are the next chapter's first steps, on its own loss. "
                      "There, we write them as a training loop and let it run."):
            self.hold()
        self.hold()

    def step_line(self, i: int) -> str:
        """What step ``i`` (of the worked ones) does, with torch's numbers."""
        step = self.data.steps[i]
        if i == 0:
            return fmt.f("Step {}: the gradient is {}. It points uphill, across the "
                         "contour lines, so theta moves the other way, to {}.",
                         fmt.num(step.number), fmt.vector(step.grad),
                         fmt.vector(step.theta_new))
        return fmt.f("Step {}: the gradient is {}, smaller, but pointing almost the "
                     "same way, so theta moves on along the same line, to {}.",
                     fmt.num(step.number), fmt.vector(step.grad),
                     fmt.vector(step.theta_new))

    def creep(self, surface, chart, dot, worked, anchor) -> None:
        """The steps after the worked ones: the turn, and the creep along the
        floor; where they end replaces the ``worked`` update under ``anchor``."""
        d = self.data
        last = d.steps[-1]
        end = VGroup(
            tex(fmt.f(r"\theta_{{{}}} = {}", fmt.num(last.number),
                      fmt.vector(last.theta_new)), color=style.OPERAND_B),
            tex(fmt.f(r"L(\theta_{{{}}}) = {}", fmt.num(last.number),
                      fmt.num(d.losses[len(d.steps)])), color=style.RESULT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        end.next_to(anchor, DOWN, buff=style.GAP).align_to(anchor, LEFT)
        path = VMobject(stroke_color=style.OPERAND_B, stroke_width=style.EDGE_STROKE)
        path.set_points_as_corners([surface.point(t) for t in d.path[WORKED_STEPS:]])
        visuals.tag(path, visuals.PLOT, "the path of the steps")
        with self.say(fmt.f("Those steps ran straight across the valley. On its floor "
                            "the path turns a corner: the slope along the floor is "
                            "gentle, so the steps creep toward the minimum. After {} "
                            "steps, theta is {}.", fmt.num(last.number),
                            fmt.vector(last.theta_new))):
            self.play(FadeOut(worked), Create(path), MoveAlongPath(dot, path),
                      run_time=CREEP)
            self.play(FadeIn(end[0]), run_time=style.FAST)
        axes = chart.axes
        curve = axes.plot_line_graph(
            list(range(WORKED_STEPS, len(d.log_losses))),
            [float(v) for v in d.log_losses[WORKED_STEPS:]],
            add_vertex_dots=False, line_color=style.RESULT)
        visuals.tag(curve, visuals.PLOT, "the loss against the step")
        with self.say(fmt.f("On the log-scale chart, the loss falls from {} to {} in "
                            "{} steps, then slowly, to {} after {}.",
                            fmt.num(d.losses[0]), fmt.num(d.losses[WORKED_STEPS]),
                            fmt.num(d.steps[WORKED_STEPS - 1].number),
                            fmt.num(d.losses[len(d.steps)]), fmt.num(last.number))):
            self.play(Create(curve), run_time=style.BEAT)
            self.play(FadeIn(end[1]), run_time=style.FAST)

    def minimum_mark(self, surface) -> VGroup:
        """A cross at the lowest point, named."""
        at = surface.point(self.data.minimum)
        cross = Cross(stroke_color=style.RESULT, stroke_width=style.EDGE_STROKE,
                      scale_factor=MARK_SIZE).move_to(at)
        low = self.data.minimum
        name = label(fmt.f("minimum ({}, {})", fmt.num(low[0]), fmt.num(low[1])),
                     size=style.SMALL_SIZE, color=style.RESULT)
        name.add_background_rectangle(color=style.BACKGROUND, opacity=1)
        name.next_to(cross, UP, buff=style.TIGHT)  # the path arrives from below
        return VGroup(cross, name)

    def start_mark(self, surface) -> VGroup:
        """A ring where the walk starts, named, so the path has a visible start."""
        at = surface.point(self.data.path[0])
        ring = Circle(radius=style.DOT_RADIUS * 2, color=style.OPERAND_B,
                      stroke_width=style.EDGE_STROKE).move_to(at)
        name = label("start", size=style.SMALL_SIZE, color=style.OPERAND_B)
        name.add_background_rectangle(color=style.BACKGROUND, opacity=1)
        name.next_to(ring, DOWN + RIGHT, buff=style.TIGHT)  # the path leaves rightward
        return VGroup(ring, name)

    def gradient_arrow(self, surface, step, end) -> VGroup:
        """The gradient's direction at the step's start (to ``end``), uphill."""
        start = surface.point(step.theta)
        arrow = Arrow(start, surface.point(end), buff=0,
                      color=style.GRADIENT, stroke_width=style.EDGE_STROKE,
                      max_tip_length_to_length_ratio=style.TIP_RATIO * 2)
        name = tex(r"\nabla L", color=style.GRADIENT)
        name.add_background_rectangle(color=style.BACKGROUND, opacity=1)
        name.next_to(arrow.get_end(), DOWN, buff=style.TIGHT)  # clear of the path
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
        """Axes for the loss (log scale) against step, the starting loss marked."""
        d = self.data
        steps, (low, high) = d.step_ticks, d.log_range
        axes = Axes(x_range=[steps[0], steps[-1], steps[1] - steps[0]],
                    y_range=[low, high, d.log_ticks[1] - d.log_ticks[0]],
                    x_length=style.CHART_WIDTH, y_length=CHART_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        # The step axis along the bottom (a log axis has no natural zero).
        axes.x_axis.shift(axes.c2p(steps[0], low) - axes.x_axis.get_start())
        ticks = VGroup(
            *(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
              .next_to(axes.c2p(float(t), low), DOWN, buff=style.TIGHT)
              for t in steps),
            *(tex(fmt.f("{}^{{{}}}", d.log_base, k), size=style.BODY_SIZE,
                  color=style.MUTED).next_to(axes.c2p(steps[0], float(k)), LEFT,
                                             buff=style.TIGHT)
              for k in d.log_ticks),
        )
        names = VGroup(
            label("step", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(ticks[:len(steps)], DOWN, buff=style.TIGHT),
            label("loss (log scale)", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(VGroup(axes.y_axis, ticks[len(steps):]), UP, buff=style.TIGHT)
            .align_to(ticks[len(steps):], LEFT),
        )
        first = self.dot_at(axes, 0)
        start = tex(fmt.num(d.losses[0]), color=style.RESULT)
        start.next_to(first, RIGHT, buff=style.GAP)  # clear of the "loss" name
        chart = VGroup(axes, ticks, names, first, start)
        chart.axes = axes
        return chart

    def chart_point(self, chart, i: int) -> Dot:
        return self.dot_at(chart.axes, i)

    def dot_at(self, axes, i: int) -> Dot:
        """The loss after ``i`` steps on the chart's axes."""
        return Dot(axes.c2p(i, float(self.data.log_losses[i])), color=style.RESULT,
                   radius=style.DOT_RADIUS)
