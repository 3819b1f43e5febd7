"""The final exam: the guide's quick questions, each answered by torch.

``FinalExam`` shows ``tensors.speed_hacks.final_exam()``: the guide's four
quick questions, each asked with a silent countdown to think (the lesson's
``countdown``), then answered by a tensor; the answers as a table, and the
closing notes on the guide.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    FadeIn,
    FadeOut,
    VGroup,
    Write,
    linear,
)

from scenes.kit import style
from scenes.kit.base import LectureScene, PracticeScene
from scenes.kit.cards import Countdown
from scenes.kit.code import note, snippet
from scenes.kit.grids import CellGrid, Table, head, plain
from scenes.kit.layout import beside, column, mark, under_left
from scenes.kit.text import label, math, paren
from tensors import fmt
from tensors.speed_hacks import final_exam


class FinalExam(LectureScene):
    """The guide's quick questions, each answered by torch, then as a table;
    last, the notes on the guide (``tensors.errata`` notes)."""

    LESSON = staticmethod(final_exam)
    SHOWS = (
        "countdown",
        "space.run.value",
        "transpose.product_shape",
        "transpose.shape",
        "backward.before",
        "backward.weight_grad",
        "device.meta.error_type",
        "device.meta.error",
        "device.device",
        "device.output_device",
        "device.to_dtypes",
    )
    HEADING = "Final exam: check your intuition"

    def construct(self) -> None:
        heading = self.show_heading()
        for part in (self.space, self.transpose, self.backward, self.device):
            part(heading)
            self.hold()
            self.clear_below(keep=[heading])
        self.summary(heading)
        self.hold(style.LONG_READ)
        self.clear_below()
        self.read_notes(
            "Last, notes on the guide: smaller slips, and points the "
            "lecture made along the way, each checked by torch just now."
        )

    def question(self, heading, line: str, words: str, formula: str = ""):
        """Ask a question, ``line`` said over it, then count the lesson's think
        time down in silence (``countdown``, one digit a ``style.TICK``) before
        the answer. Returns the question, for the answer to go under."""
        parts = [label(words, color=style.QUESTION)]
        if formula:
            parts.append(math(formula, style.QUESTION))
        asked = under_left(VGroup(*parts).arrange(RIGHT, buff=style.GAP), heading)
        timer = Countdown(self.data.countdown)
        timer.to_corner(DOWN + RIGHT, buff=style.EDGE_BUFF)
        with self.say(line):
            self.play(FadeIn(asked), FadeIn(timer), run_time=style.FAST)
        self.count_down(timer)
        self.play(FadeOut(timer), run_time=style.FAST)
        return asked

    def count_down(self, timer: Countdown) -> None:
        """Each digit in turn at the ring's centre, the ring emptying; silent,
        and no events of its own (the countdown said what it does when it
        appeared), as ``PracticeScene.ask`` counts."""
        centre = timer.ring.get_center()
        with self.quietly():
            for k, digit in enumerate(timer.digits):
                self.add(digit.move_to(centre))
                left = 1 - (k + 1) / len(timer.digits)
                self.play(
                    timer.ring.animate.become(PracticeScene.arc_left(centre, left)),
                    run_time=style.TICK,
                    rate_func=linear,
                )
                self.remove(digit)

    def space(self, heading) -> None:
        s = self.data.space
        asked = self.question(
            heading, "First: what does this symbol mean? Think, then watch.",
            s.question, s.tex)
        run = snippet(s.run, fmt.size(s.run.value))
        grid = CellGrid(
            fmt.grid(s.run.names["m"]),
            color=style.OPERAND_A,
            cell=style.MINI_CELL,
            font_size=style.MINI_CELL_SIZE,
        )
        rows = Brace(grid, LEFT, color=style.MUTED)
        cols = Brace(grid, UP, color=style.MUTED)
        picture = VGroup(
            grid,
            rows,
            cols,
            note(fmt.num(s.rows) + " rows", style.TEXT).next_to(rows, LEFT),
            note(fmt.num(s.cols) + " columns", style.TEXT).next_to(cols, UP),
        )
        beside(run, picture, asked)
        with self.say(
            fmt.f("A grid of real numbers with {} rows and {} columns: exactly "
                  "the shape torch gives zeros of size {} by {}.",
                  s.rows, s.cols, s.rows, s.cols)
        ):
            self.play(Write(run), FadeIn(picture), run_time=style.BEAT)

    def transpose(self, heading) -> None:
        t = self.data.transpose
        asked = self.question(
            heading, "Second: the shape of A times B, transposed.",
            t.question, t.question_tex)
        run = snippet(t.run, fmt.size(t.shape))
        steps = column(
            math(
                fmt.f(r"({})\,({}) \rightarrow ({})", fmt.shape_tex(t.a_shape),
                      fmt.shape_tex(t.b_shape), fmt.shape_tex(t.product_shape))
            ),
            math(
                fmt.f(r"({})^T \rightarrow ({})", fmt.shape_tex(t.product_shape),
                      fmt.shape_tex(t.shape)),
                style.RESULT,
            ),
        )
        beside(run, steps, asked)
        with self.say(
            fmt.f("The product has shape {}; the transpose swaps its axes to {}.",
                  fmt.shape(t.product_shape), fmt.shape(t.shape))
        ):
            self.play(Write(run), FadeIn(steps), run_time=style.BEAT)
            self.play(*mark(run.result, steps[-1]), run_time=style.FAST)

    def backward(self, heading) -> None:
        b = self.data.backward
        asked = self.question(
            heading, "Third: what does loss dot backward actually do?", b.question)
        run = snippet(b.run, fmt.nested(b.weight_grad), size=style.SMALL_SIZE)
        filled = Table(
            [
                [head("weight.grad before"), plain(b.before)],
                [
                    head("weight.grad after"),
                    (fmt.nested(b.weight_grad), style.GRADIENT),
                ],
                [head("bias.grad after"), (fmt.nested(b.bias_grad), style.GRADIENT)],
            ]
        )
        under_left(column(run, filled), asked)
        with self.say(
            fmt.f("Before it, the weight's grad is {}. Backward walks the graph "
                  "back from the loss and adds each weight's gradient, dL by dw, "
                  "into its grad.", b.before)
        ):
            self.play(Write(run), run_time=style.BEAT)
        with self.say(
            fmt.f("The grad started as {}, so now it holds exactly that "
                  "gradient; a second backward would add to it.", b.before)
        ):
            self.play(FadeIn(filled), run_time=style.BEAT)

    def device(self, heading) -> None:
        d = self.data.device
        asked = self.question(
            heading, "Last: how do you fix an error about devices?", d.question)
        # Step: the mistake, raised for real (on 'meta' everywhere, on CUDA too
        # where the lecture computes on CUDA).
        meta = snippet(d.meta, size=style.SMALL_SIZE)
        cuda = [snippet(d.mismatch, size=style.SMALL_SIZE)] if d.mismatch else []
        errors = under_left(column(meta, *cuda), asked)
        with self.say(
            fmt.f("First the mistake. This model's weights live on one device, "
                  "here meta, a device that keeps shapes but no data; its input "
                  "lives on another, the CPU. Torch raises a {}: {}",
                  d.meta.error_type, d.meta.error)
        ):
            self.play(FadeIn(meta), run_time=style.BEAT)
        if cuda:
            with self.say("This lecture was computed on a GPU, so here is the "
                          "same mistake between CUDA and the CPU, with CUDA's "
                          "own message."):
                self.play(FadeIn(cuda[0]), run_time=style.BEAT)
        else:
            with self.say("On a GPU machine, the same mistake between CUDA and "
                          "the CPU raises CUDA's own message."):
                self.hold()
        self.play(FadeOut(errors), run_time=style.FAST)
        # Step: the fix, and why it is x equals x dot to.
        fix = snippet(d.fix, d.output_device, size=style.SMALL_SIZE)
        to = snippet(d.to, paren(d.to_dtypes), size=style.SMALL_SIZE)
        under_left(column(fix, to), asked)
        with self.say(
            fmt.f("The fix: pick one device, then model dot to device, and x "
                  "equals x dot to device. Here torch picked {}, and the output "
                  "lands there too.", d.device)
        ):
            self.play(Write(fix), run_time=style.BEAT)
        with self.say(
            fmt.f("Keep the x equals: a tensor's to returns a new tensor and "
                  "leaves x as it was, still {}, while a model's to changes the "
                  "model itself.", d.to_dtypes[0])
        ):
            self.play(FadeIn(to), run_time=style.BEAT)

    def summary(self, heading) -> None:
        e = self.data
        # Step: the answers, side by side.
        space = fmt.f("R^({} x {})", e.space.rows, e.space.cols)
        rows = [
            [head("question"), head("torch's answer")],
            [
                plain(space),
                (
                    fmt.f("{} rows, {} columns", e.space.rows, e.space.cols),
                    style.RESULT,
                ),
            ],
            [
                plain("(A @ B).T.shape"),
                (
                    fmt.f("{} -> {}", fmt.shape(e.transpose.product_shape),
                          fmt.shape(e.transpose.shape)),
                    style.RESULT,
                ),
            ],
            [
                plain("loss.backward()"),
                (
                    fmt.f("weight.grad: {} -> {}", e.backward.before,
                          fmt.nested(e.backward.weight_grad)),
                    style.RESULT,
                ),
            ],
            [
                plain("device errors"),
                (
                    "model.to(device); x = x.to(device): " + e.device.device,
                    style.RESULT,
                ),
            ],
        ]
        table = under_left(Table(rows, size=style.CODE_SIZE), heading)
        with self.say(
            "The four answers at a glance, every one of them checked by torch."
        ):
            self.play(FadeIn(table), run_time=style.BEAT)
