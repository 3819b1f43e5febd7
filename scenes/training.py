"""Part 2's running example: fit a line, with autograd and one optimizer.

Shows ``tensors.training.line_fit()``: practice question 15's points, the
broadcast ``w * x + b``, the mean squared error, ``backward()`` filling
``.grad``, one ``optimizer.step()``, then the training loop with the loss
falling and the line settling; then the recap of Part 2.
"""

from __future__ import annotations

from typing import ClassVar

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    Transform,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.cards import Recap
from scenes.kit.code import gives
from scenes.kit.text import block, code, label, lines, tex
from tensors import fmt
from tensors.training import line_fit

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
FIT_WIDTH = 4.0  # the running example's scatter plot
FIT_HEIGHT = 5.4


class FitALine(LectureScene):
    """``line_fit()``: forward, loss, backward, step, then the loop, all torch's."""

    LESSON = staticmethod(line_fit)
    SHOWS = ("setup", "forward_code", "sizes", "loss", "w_grad", "b_grad", "lr",
             "w1", "b1", "loss1", "loop_code", "snapshots.*.w", "snapshots.*.b")
    HEADING = "Running example: fit a line"

    RECAP: ClassVar[tuple[str, ...]] = (
        "A tensor: numbers with a shape, a dtype and a device.",
        "* is element-wise; broadcasting matches sizes from the right;\n"
        "@ is row times column.",
        "Autograd records a graph as the code runs; backward() walks\n"
        "it right to left and adds the gradients into .grad.",
        "Training: zero_grad, forward, loss, backward, step.",
    )

    def construct(self) -> None:
        heading = self.show_heading()
        plot, line = self.data_plot()
        panel_left = plot.get_right()[0] + style.GAP
        setup = lines(self.data.setup, size=style.TINY_SIZE)
        setup.next_to(heading, DOWN, buff=style.GAP)
        setup.shift(RIGHT * (panel_left - setup.get_left()[0]))
        d = self.data
        w_true, b_true = d.true_line
        with self.say(fmt.f("Everything in Part Two, in one example: fit a line to the "
                            "{} points of practice question {}, which lie on "
                            "y = {}x + {}. The model has two parameters, w and b, and "
                            "both start at {}.", d.x.shape[0], d.question, w_true,
                            b_true, fmt.num(d.w0))):
            self.play(FadeIn(plot), Write(setup), run_time=style.BEAT)
            self.play(Create(line), run_time=style.FAST)
        self.one_step(setup, plot, line)
        self.clear_below(keep=[heading, plot, line])
        self.train(heading, plot, line, panel_left)
        self.recap()

    def data_plot(self) -> tuple[VGroup, Line]:
        """Axes with the four points, and the line the parameters draw now."""
        d = self.data
        top = float(d.y.max()) + 1
        axes = Axes(x_range=[*d.plot_x, 1], y_range=[0, top, 1],
                    x_length=FIT_WIDTH, y_length=FIT_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        axes.to_edge(LEFT, buff=style.WIDE_GAP).to_edge(DOWN, buff=style.WIDE_GAP)
        dots = VGroup(*(Dot(axes.c2p(float(a), float(b)), color=style.OPERAND_A)
                        for a, b in zip(d.x, d.y)))
        names = VGroup(tex("x", color=style.MUTED).next_to(axes.x_axis, DOWN,
                                                           buff=style.TIGHT),
                       tex("y", color=style.MUTED).next_to(axes.y_axis, UP,
                                                           buff=style.TIGHT))
        plot = VGroup(axes, dots, names)
        plot.axes = axes
        return plot, self.fitted(plot, d.w0, d.b0)

    def fitted(self, plot, w, b) -> Line:
        """The line w x + b over the plot's x range, clipped to the axes."""
        (x0, x1), axes = self.data.plot_x, plot.axes
        top = axes.y_range[1]
        ends = []
        for x in (x0, x1):
            y = float(w) * x + float(b)
            if y > top:  # clip where the line leaves the top of the plot
                x, y = (top - float(b)) / float(w), top
            ends.append(axes.c2p(x, y))
        return Line(*ends, color=style.RESULT, stroke_width=style.EDGE_STROKE)

    def one_step(self, setup, plot, line) -> None:
        """Forward, loss, backward and one optimizer step, each with its numbers."""
        d = self.data
        forward = VGroup(code(d.forward_code, size=style.TINY_SIZE),
                         *(code(name + ".shape " + gives(size), size=style.TINY_SIZE,
                                color=style.MUTED) for name, size in d.sizes))
        forward.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        forward.move_to(setup, aligned_edge=UP + LEFT)
        (_, w_size), (_, x_size), (_, out_size) = d.sizes
        with self.say(fmt.f("Forward: w times x plus b. w and b have shape {}, x has "
                            "shape {}, so broadcasting gives one prediction per "
                            "point: {}. With w and b at {}, every prediction is {}.",
                            w_size, x_size, out_size, fmt.num(d.w0),
                            fmt.num(d.y_hat[0]))):
            self.play(FadeOut(setup), FadeIn(forward), run_time=style.BEAT)
        loss = self.result(d.loss_code, fmt.num(d.loss)).next_to(forward, DOWN,
                                                                 buff=style.GAP)
        with self.say(fmt.f("The loss is the mean of the squared errors: {}.",
                            fmt.num(d.loss))):
            self.play(FadeIn(loss.align_to(setup, LEFT)), run_time=style.BEAT)
        grads = lines([d.backward_code,
                       fmt.f("w.grad, b.grad {}, {}", gives(fmt.num(d.w_grad)),
                             fmt.num(d.b_grad))], size=style.TINY_SIZE)
        grads[1].set_color(style.GRADIENT)
        grads.next_to(loss, DOWN, buff=style.GAP).align_to(setup, LEFT)
        with self.say(fmt.f("loss dot backward computes the gradient and stores it in "
                            "dot grad: {} for w, {} for b. Both negative: raising w "
                            "and b would lower the loss.", fmt.num(d.w_grad),
                            fmt.num(d.b_grad))):
            self.play(FadeIn(grads), run_time=style.BEAT)
        # The optimizer line, its learning rate drawn as the lesson's lr.
        step = lines([fmt.f(d.optimizer_form, d.lr), d.step_code,
                      fmt.f("w, b {}, {}", gives(fmt.num(d.w1)), fmt.num(d.b1))],
                     size=style.TINY_SIZE)
        step[-1].set_color(style.OPERAND_B)
        step.add(label(fmt.f("(loss now {})", fmt.num(d.loss1)), size=style.TINY_SIZE,
                       color=style.MUTED).next_to(step[-1], RIGHT, buff=style.GAP))
        step.next_to(grads, DOWN, buff=style.GAP).align_to(setup, LEFT)
        with self.say(fmt.f("optimizer dot step moves each parameter against its "
                            "gradient, scaled by the learning rate {}: w becomes {}, "
                            "b becomes {}, and the loss drops from {} to {}.", d.lr,
                            fmt.num(d.w1), fmt.num(d.b1), fmt.num(d.loss),
                            fmt.num(d.loss1))):
            self.play(FadeIn(step), run_time=style.BEAT)
            self.play(Transform(line, self.fitted(plot, d.w1, d.b1)),
                      run_time=style.BEAT)

    def result(self, source: str, shown: str) -> VGroup:
        return VGroup(code(source, size=style.TINY_SIZE),
                      code(gives(shown), size=style.TINY_SIZE,
                           color=style.RESULT)).arrange(RIGHT, buff=style.GAP / 2)

    def train(self, heading, plot, line, panel_left: float) -> None:
        """The loop, its loss curve, and the line redrawn at a few steps."""
        d = self.data
        loop = block(d.loop_code, size=style.TINY_SIZE)
        loop.next_to(heading, DOWN, buff=style.GAP)
        loop.shift(RIGHT * (panel_left - loop.get_left()[0]))
        with self.say("Training is that, in a loop. zero grad first, because "
                      "backward adds to whatever dot grad holds; then forward, loss, "
                      "backward, step."):
            self.play(Write(loop), run_time=style.BEAT)
        chart = self.loss_chart().next_to(loop, DOWN, buff=style.WIDE_GAP)
        chart.align_to(loop, LEFT)
        status = label("", size=style.SMALL_SIZE)
        with self.say("The loss falls fast, then keeps creeping down; the chart shows "
                      "it on a log scale. Meanwhile the line swings onto the points."):
            self.play(FadeIn(chart[0]), FadeIn(chart[1]), run_time=style.FAST)
            self.play(Create(chart[2]), run_time=style.BEAT)
            for snap in d.snapshots:
                new = label(fmt.f("after step {}: w = {}, b = {}", snap.step,
                                  snap.w, snap.b), size=style.SMALL_SIZE,
                            color=style.OPERAND_B)
                new.next_to(chart, DOWN, buff=style.GAP).align_to(loop, LEFT)
                self.play(Transform(line, self.fitted(plot, snap.w, snap.b)),
                          FadeOut(status), FadeIn(new), run_time=style.FAST)
                status = new
        last = d.snapshots[-1]
        w_true, b_true = d.true_line
        with self.say(fmt.f("After {} steps, w is {} and b is {}: close to the {} and "
                            "{} the points were made with. Every number here came "
                            "from torch.", last.step, last.w, last.b, w_true, b_true)):
            self.play(Indicate(line, color=style.RESULT), run_time=style.BEAT)
        self.hold()

    def loss_chart(self) -> VGroup:
        """log10 of the loss against the step, from the losses the loop kept."""
        d = self.data
        logs = [float(v) for v in d.log_losses]
        axes = Axes(x_range=[0, len(logs) - 1, len(logs) - 1],
                    y_range=[min(logs), max(logs), max(logs) - min(logs)],
                    x_length=style.CHART_WIDTH, y_length=style.CHART_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        # The step axis along the bottom (a log axis has no natural zero).
        axes.x_axis.shift(axes.c2p(0, min(logs)) - axes.x_axis.get_start())
        names = VGroup(
            label("step", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(axes.x_axis, DOWN, buff=style.TIGHT),
            label("loss (log scale)", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(axes.y_axis, UP, buff=style.TIGHT).align_to(axes, LEFT),
        )
        curve = axes.plot_line_graph(list(range(len(logs))), logs,
                                     add_vertex_dots=False, line_color=style.RESULT)
        return VGroup(axes, names, curve)

    def recap(self) -> None:
        """Part 2 in four points."""
        self.clear_below()
        recap = Recap("Recap: PyTorch core", self.RECAP).center()
        with self.say("To recap Part Two. A tensor is numbers with a shape, a dtype "
                      "and a device. The star is element-wise, broadcasting matches "
                      "sizes from the right, and the at sign is row times column. "
                      "Autograd "
                      "records a graph as your code runs, and backward walks it right "
                      "to left, adding gradients into dot grad. And training is zero "
                      "grad, forward, loss, backward, step."):
            self.play(FadeIn(recap.title), run_time=style.FAST)
            for item in recap.items:
                self.play(FadeIn(item, shift=RIGHT * style.SHIFT), run_time=style.FAST)
        self.hold(style.LONG_READ)
