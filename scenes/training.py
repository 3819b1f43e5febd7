"""Part 2's running example: fit a line, with autograd and one optimizer.

Shows ``tensors.training.line_fit()``: the running problem's four points
(``tensors.running``; earlier chapters showed their shapes, broadcasting, ``@``
and the gradients), the broadcast ``w * x + b``, the mean squared error, the
gradient worked out by hand on the loss's graph (``by_hand``) and checked
against ``.grad`` and a finite difference, one ``optimizer.step()``, the loop
without ``zero_grad`` going wrong (``accumulated``), then the training loop
with the loss falling and the line settling; then the recap of Part 2.
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
from scenes.kit.grids import Table, head, plain
from scenes.kit.text import block, code, label, lines, tex
from tensors import fmt
from tensors.training import line_fit


def grad(text: str):
    """A table cell in the gradient colour."""
    return (text, style.GRADIENT)


# Layout only this module uses (the lecture's look is scenes/kit/style.py).
FIT_WIDTH = 3.6  # the running example's scatter plot
FIT_HEIGHT = 5.4
LOSS_HEIGHT = 2.0  # the loss chart (tall enough for its tick values)


class FitALine(LectureScene):
    """``line_fit()``: forward, loss, the gradient by hand and checked, step, the
    loop without zero_grad, then the loop, all torch's."""

    LESSON = staticmethod(line_fit)
    SHOWS = ("setup", "forward_code", "sizes", "loss", "w_grad", "b_grad", "lr",
             "w1", "b1", "loss1", "loop_code", "snapshots.*.w", "snapshots.*.b",
             "x_ticks", "y_ticks", "step_ticks", "log_ticks",
             "by_hand.locals.*.rule", "by_hand.locals.*.values", "by_hand.w_paths",
             "by_hand.b_paths", "by_hand.w_sum", "by_hand.b_sum", "by_hand.w_fd",
             "by_hand.b_fd", "accumulated.loop_code", "accumulated.w_grads.0",
             "accumulated.w_grads.1", "accumulated.fresh", "accumulated.losses.2",
             "accumulated.kept.2")
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
        with self.say(fmt.f("Now our running problem, solved. Earlier chapters showed "
                            "the shapes of our {} points, broadcast w times x plus b "
                            "over them, wrote the same model with the at sign, and "
                            "took the gradients of its loss. The points lie on "
                            "y = {}x + {}; here we fit that line, with w and b both "
                            "starting at {}.", d.x.shape[0], w_true, b_true,
                            fmt.num(d.w0))):
            self.play(FadeIn(plot), Write(setup), run_time=style.BEAT)
            self.play(Create(line), run_time=style.FAST)
        self.one_step(setup, plot, line)
        self.clear_below(keep=[heading, plot, line])
        self.train(heading, plot, line, panel_left)
        self.recap()

    def data_plot(self) -> tuple[VGroup, Line]:
        """Axes with the four points, and the line the parameters draw now."""
        d = self.data
        x_ticks, y_ticks = d.x_ticks, d.y_ticks
        axes = Axes(x_range=[*d.plot_x, x_ticks[1] - x_ticks[0]],
                    y_range=[*d.plot_y, y_ticks[0] - d.plot_y[0]],
                    x_length=FIT_WIDTH, y_length=FIT_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        dots = VGroup(*(Dot(axes.c2p(float(a), float(b)), color=style.OPERAND_A)
                        for a, b in zip(d.x, d.y)))
        # Tick values: x under its axis, y left of its own (0 is on x only).
        ticks = VGroup(
            *(self.tick(t).next_to(axes.c2p(float(t), 0), DOWN, buff=style.TIGHT)
              for t in x_ticks),
            *(self.tick(t).next_to(axes.c2p(0, float(t)), LEFT, buff=style.TIGHT)
              for t in y_ticks))
        names = VGroup(tex("x", color=style.MUTED).next_to(axes.x_axis, RIGHT,
                                                           buff=style.TIGHT),
                       tex("y", color=style.MUTED).next_to(axes.y_axis, UP,
                                                           buff=style.TIGHT))
        plot = VGroup(axes, dots, ticks, names)
        plot.axes = axes
        plot.to_edge(LEFT, buff=style.EDGE_BUFF).to_edge(DOWN, buff=style.WIDE_GAP)
        return plot, self.fitted(plot, d.w0, d.b0)

    @staticmethod
    def tick(value, text: str | None = None):
        """A tick value by an axis (``text`` when it is not the value itself)."""
        return label(text if text is not None else fmt.num(value),
                     size=style.TINY_SIZE, color=style.MUTED)

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
        """Forward, loss, the gradient by hand, then checked, then one step."""
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
        # Step: the gradient by hand, on the loss's own graph.
        self.play(FadeOut(forward), loss.animate.move_to(forward, aligned_edge=UP
                                                         + LEFT), run_time=style.FAST)
        checks = self.by_hand(loss)
        # The optimizer line, its learning rate drawn as the lesson's lr.
        step = lines([fmt.f(d.optimizer_form, d.lr), d.step_code,
                      fmt.f("w, b {}, {}", gives(fmt.num(d.w1)), fmt.num(d.b1))],
                     size=style.TINY_SIZE)
        step[-1].set_color(style.OPERAND_B)
        step.add(label(fmt.f("(loss now {})", fmt.num(d.loss1)), size=style.TINY_SIZE,
                       color=style.MUTED).next_to(step[-1], RIGHT, buff=style.GAP))
        step.next_to(checks, DOWN, buff=style.GAP).align_to(loss, LEFT)
        with self.say(fmt.f("optimizer dot step moves each parameter against its "
                            "gradient, scaled by the learning rate {}: w becomes {}, "
                            "b becomes {}, and the loss drops from {} to {}.", d.lr,
                            fmt.num(d.w1), fmt.num(d.b1), fmt.num(d.loss),
                            fmt.num(d.loss1))):
            self.play(FadeIn(step), run_time=style.BEAT)
            self.play(Transform(line, self.fitted(plot, d.w1, d.b1)),
                      run_time=style.BEAT)

    def by_hand(self, loss) -> VGroup:
        """Local derivatives per point, their products along each path, the sums
        at the leaves; then ``.grad`` and the finite differences, which agree."""
        d, h = self.data, self.data.by_hand
        mean, square, _, _, _ = h.locals
        names = code(h.names, size=style.TINY_SIZE, color=style.MUTED)
        rows = [[head("at x ="), *(head(v) for v in fmt.grid(d.x)[0])]]
        rows += [[plain(r.rule), *(plain(v) for v in fmt.grid(r.values)[0])]
                 for r in h.locals]
        paths = [[grad("path to " + name), *(grad(v) for v in fmt.grid(t)[0])]
                 for name, t in (("w", h.w_paths), ("b", h.b_paths))]
        full = Table(rows + paths, size=style.TINY_SIZE)
        # The path rows are blank until their beat (same columns, so no jump).
        upper = Table(rows + [[plain(" " * len(c[0])) for c in row] for row in paths],
                      size=style.TINY_SIZE)
        sums = code(fmt.f("summed over the points: dL/dw = {}, dL/db = {}",
                          fmt.num(h.w_sum), fmt.num(h.b_sum)),
                    size=style.TINY_SIZE, color=style.GRADIENT)
        table = VGroup(names, full, sums).arrange(DOWN, aligned_edge=LEFT,
                                                  buff=style.TIGHT)
        table.next_to(loss, DOWN, buff=style.GAP).align_to(loss, LEFT)
        upper.move_to(full, aligned_edge=UP + LEFT)
        with self.say(fmt.f(
                "Before calling backward, work it out by hand. Call the error e and "
                "its square s; the loss is the mean of s. Each node's local "
                "derivative, per point: the mean gives one over n, {}; the square "
                "gives twice e, {}; the subtraction passes the gradient on, and y "
                "hat gives x to w and passes it on to b.", fmt.num(mean.values[0]),
                fmt.join(fmt.grid(square.values)[0]))):
            self.play(FadeIn(names), FadeIn(upper), run_time=style.BEAT)
        with self.say(fmt.f(
                "Multiply along each point's path back to w: {}. w is broadcast to "
                "all {} points, so its gradient adds the {} paths: {}. The paths to "
                "b have no x; they add to {}.", fmt.join(fmt.grid(h.w_paths)[0]),
                h.n, h.n, fmt.num(h.w_sum), fmt.num(h.b_sum))):
            self.play(FadeIn(full), FadeOut(upper), run_time=style.BEAT)
            self.play(FadeIn(sums), run_time=style.FAST)
        # Step: autograd and a finite difference give the same two numbers.
        w_fd, b_fd = h.fd_forms
        checks = VGroup(
            lines([d.backward_code,
                   fmt.f("w.grad, b.grad {}, {}", gives(fmt.num(d.w_grad)),
                         fmt.num(d.b_grad))], size=style.TINY_SIZE),
            VGroup(label(fmt.f("finite differences, h = {}:", h.fd_step),
                         size=style.TINY_SIZE, color=style.MUTED),
                   lines([w_fd + " " + gives(fmt.num(h.w_fd)),
                          b_fd + " " + gives(fmt.num(h.b_fd))],
                         size=style.TINY_SIZE, color=style.GRADIENT))
            .arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        checks[0][1].set_color(style.GRADIENT)
        self.play(FadeOut(names), FadeOut(full),
                  sums.animate.next_to(loss, DOWN, buff=style.GAP)
                  .align_to(loss, LEFT), run_time=style.FAST)
        checks.next_to(sums, DOWN, buff=style.GAP).align_to(loss, LEFT)
        with self.say(fmt.f(
                "loss dot backward gives the same: w dot grad is {}, b dot grad is "
                "{}. So do finite differences, nudging each by h = {} either way in "
                "double precision: {} and {}. Both negative: raising w and b would "
                "lower the loss.", fmt.num(d.w_grad), fmt.num(d.b_grad),
                h.fd_step, fmt.num(h.w_fd), fmt.num(h.b_fd))):
            self.play(FadeIn(checks[0]), run_time=style.BEAT)
            self.play(FadeIn(checks[1]), run_time=style.BEAT)
        return VGroup(sums, checks)

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
        self.without_zero_grad(loop)
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

    def without_zero_grad(self, loop) -> None:
        """The loop run without zero_grad: step 2's .grad is the sum of two."""
        a = self.data.accumulated
        first, second, third = a.steps
        demo = VGroup(
            label(fmt.f("The same loop without zero_grad, from w = b = {}:",
                        fmt.num(self.data.w0)), size=style.TINY_SIZE,
                  color=style.MUTED),
            block(a.loop_code, size=style.TINY_SIZE),
            lines([fmt.f("step {}: w.grad {}", first, gives(fmt.num(a.w_grads[0]))),
                   fmt.f("step {}: w.grad {} = ({}) + ({})", second,
                         gives(fmt.num(a.w_grads[1])), fmt.num(a.w_grads[0]),
                         fmt.num(a.fresh)),
                   fmt.f("step {}: loss {}  (with zero_grad: {})", third,
                         gives(fmt.num(a.losses[2])), fmt.num(a.kept[2]))],
                  size=style.TINY_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        demo[0].next_to(demo[1], UP, aligned_edge=LEFT, buff=style.TIGHT)
        results = demo[2]
        results[:2].set_color(style.GRADIENT)
        results[2].set_color(style.ERROR)
        demo.next_to(loop, DOWN, buff=style.GAP).align_to(loop, LEFT)
        with self.say(fmt.f(
                "Leave zero grad out and it goes wrong. From w and b at {}: step "
                "{}'s backward leaves {} in w dot grad, step {}'s adds its own {}, "
                "so w dot grad holds the sum, {}. The step overshoots: at step {} "
                "the loss is {}, not {}.", fmt.num(self.data.w0), first,
                fmt.num(a.w_grads[0]),
                second, fmt.num(a.fresh), fmt.num(a.w_grads[1]), third,
                fmt.num(a.losses[2]), fmt.num(a.kept[2]))):
            self.play(FadeIn(demo[:2]), run_time=style.BEAT)
            for part in results:
                self.play(FadeIn(part), run_time=style.FAST)
        self.play(FadeOut(demo), run_time=style.FAST)

    def loss_chart(self) -> VGroup:
        """log10 of the loss against the step, from the losses the loop kept."""
        d = self.data
        logs = [float(v) for v in d.log_losses]
        steps, (low, high) = d.step_ticks, d.log_range
        axes = Axes(x_range=[steps[0], steps[-1], steps[1] - steps[0]],
                    y_range=[low, high, d.log_ticks[1] - d.log_ticks[0]],
                    x_length=style.CHART_WIDTH, y_length=LOSS_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        # The step axis along the bottom (a log axis has no natural zero).
        axes.x_axis.shift(axes.c2p(0, low) - axes.x_axis.get_start())
        # Tick values: steps under the axis; the loss as powers of ten.
        ticks = VGroup(
            *(self.tick(t).next_to(axes.c2p(float(t), low), DOWN, buff=style.TIGHT)
              for t in steps),
            *(tex(fmt.f("{}^{{{}}}", d.log_base, k), size=style.BODY_SIZE,
                  color=style.MUTED).next_to(axes.c2p(0, float(k)), LEFT,
                                             buff=style.TIGHT)
              for k in d.log_ticks))
        names = VGroup(
            label("step", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(axes.x_axis, RIGHT, buff=style.TIGHT),
            label("loss (log scale)", size=style.SMALL_SIZE, color=style.MUTED)
            .next_to(axes.y_axis, UP, buff=style.TIGHT).align_to(axes, LEFT),
        )
        curve = axes.plot_line_graph(list(range(len(logs))), logs,
                                     add_vertex_dots=False, line_color=style.RESULT)
        return VGroup(VGroup(axes, ticks), names, curve)

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
            self.reveal(recap)
        self.hold(style.LONG_READ)
