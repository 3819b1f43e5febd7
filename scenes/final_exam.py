"""The final exam: the guide's quick questions, each answered by torch.

``FinalExam`` shows ``tensors.speed_hacks.final_exam()``: the guide's four
quick questions, each asked with a silent countdown to think (the lesson's
``countdown``), then answered by a tensor; the answers as a table, the
closing notes on the guide, and the ending: the lecture's path as a chain,
and the tools that come next (``next``), each with a fact torch gave just now.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Brace,
    FadeIn,
    FadeOut,
    GrowArrow,
    RoundedRectangle,
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
from scenes.kit.text import code, label, math, paren
from tensors import fmt
from tensors.speed_hacks import final_exam

LINK_TIP = 0.36  # tip share of the recap's short arrows between steps


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
        "next.params",
        "next.rows",
        "next.batch_size",
        "next.batches",
        "next.dropped",
        "next.drop_of",
        "next.eval_same",
        "next.inference_error",
    )
    # The lecture's path, drawn as a chain on the recap (words, no values).
    PATH = ("shapes", "broadcasting", "@", "autograd", "descent", "training loop")
    NEXT_TITLE = "What comes next"
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
            "Last, the notes on the guide: slips that no chapter has "
            "covered, each checked by torch just now."
        )
        self.clear_below()
        self.recap()
        self.hold()
        self.what_next()
        self.hold(style.LONG_READ)

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
        # Step: the two tools this code uses first, one line each.
        with self.say(
            fmt.f("Two tools are new here. torch dot n n dot Linear of {} and {} is "
                  "a layer holding a weight of shape {} and a bias. copy underscore "
                  "and zero underscore overwrite them in place, under no grad, so "
                  "the answer is the same on every run.", b.in_features,
                  b.out_features, fmt.shape(b.weight_shape))
        ):
            self.play(Write(run), run_time=style.BEAT)
        with self.say(
            fmt.f("Before backward, the weight's grad is {}. Backward walks the "
                  "graph back from the loss and adds each weight's gradient, dL by "
                  "dw, into its grad.", b.before)
        ):
            self.hold(style.FAST)
        with self.say(
            fmt.f("The grad started as {}, so now it holds exactly that "
                  "gradient; the next forward and backward would add to it.",
                  b.before)
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

    def recap(self) -> None:
        """The lecture's path as one chain of boxes, each step feeding the next."""
        # Step: the recap, as the path the running problem took.
        steps = VGroup(*(self.boxed(step) for step in self.PATH))
        steps.arrange(RIGHT, aligned_edge=UP, buff=style.WIDE_GAP)
        links = VGroup(*(Arrow(a.get_right(), b.get_left(), buff=style.TIGHT,
                               color=style.MUTED, stroke_width=style.EDGE_STROKE,
                               max_tip_length_to_length_ratio=LINK_TIP)
                         for a, b in zip(steps, steps[1:])))
        title = label("Recap: the path of this lecture", size=style.HEADING_SIZE,
                      color=style.RESULT).to_edge(UP, buff=style.EDGE_BUFF)
        chain = VGroup(steps, links)
        chain.scale_to_fit_width(min(chain.width, style.FRAME_HALF_WIDTH * 2
                                     - style.EDGE_BUFF * 2))
        chain.next_to(title, DOWN, buff=style.WIDE_GAP).set_x(0)
        self.path_drawn = VGroup(title, chain)
        with self.say("To recap: shapes first, then broadcasting to line them up, "
                      "the at operator for matrix products, autograd for the "
                      "gradients, gradient descent to follow them downhill, and "
                      "the training loop that repeats those steps."):
            self.play(FadeIn(title), run_time=style.FAST)
            self.play(FadeIn(steps[0]), run_time=style.FAST)
            for link, step in zip(links, steps[1:]):
                self.play(GrowArrow(link), FadeIn(step), run_time=style.FAST)

    @staticmethod
    def boxed(word: str) -> VGroup:
        """A step of the path: its name in a rounded box."""
        text = label(word, size=style.SMALL_SIZE)
        tall = label("Ag", size=style.SMALL_SIZE)  # one height for every box
        box = RoundedRectangle(corner_radius=style.CORNER, color=style.OPERAND_A,
                               width=text.width + style.GAP,
                               height=tall.height + style.GAP)
        return VGroup(box.move_to(text), text)

    def what_next(self) -> None:
        """The four tools that come next, each with what torch did just now."""
        n = self.data.next
        (w_name, w_shape), (b_name, b_shape) = n.params
        items = [
            ("torch.nn.Module", "layers and their parameters in one object",
             fmt.f("nn.Linear: {} {}, {} {}", w_name, fmt.shape(w_shape), b_name,
                   fmt.shape(b_shape))),
            ("DataLoader", "a dataset served in mini-batches",
             fmt.f("{} rows, batch_size={}: batches of {}", n.rows, n.batch_size,
                   fmt.join([fmt.num(k) for k in n.batches]))),
            ("model.eval()", "dropout and batch norm switch to inference",
             fmt.f("under no_grad, dropout still zeroed {} of {}; after eval(), "
                   "drop(x) equals x: {}", n.dropped, n.drop_of, n.eval_same)),
            ("torch.inference_mode()", "a leaner no_grad, for pure inference",
             fmt.split(n.inference.code)[-1] + " raises\n" + n.inference_error),
        ]
        rows = VGroup(*(self.tool(*item) for item in items))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        title = label(self.NEXT_TITLE, size=style.HEADING_SIZE, color=style.RESULT)
        block = column(title, rows)
        block.next_to(self.path_drawn, DOWN, buff=style.GAP).to_edge(
            LEFT, buff=style.EDGE_BUFF)
        module, loader, evaluate, inference = rows
        with self.say(
            fmt.f("What comes next. n n dot Module bundles layers and their "
                  "parameters: an n n dot Linear holds a {} of shape {} and a {} of "
                  "shape {}, and model dot parameters hands them to an optimizer.",
                  w_name, fmt.shape(w_shape), b_name, fmt.shape(b_shape))
        ):
            self.play(FadeIn(title), FadeIn(module), run_time=style.BEAT)
        with self.say(
            fmt.f("A DataLoader serves a dataset in mini-batches: {} rows with "
                  "batch size {} come as batches of {}. With shuffle equals True "
                  "it also draws a new order every epoch.", n.rows, n.batch_size,
                  fmt.join([fmt.num(k) for k in n.batches]))
        ):
            self.play(FadeIn(loader), run_time=style.BEAT)
        with self.say(
            fmt.f("model dot eval switches layers like dropout and batch norm to "
                  "their inference behaviour. It is not no grad: under no grad, "
                  "dropout still zeroed {} of {} entries; after eval, it returns "
                  "its input unchanged.", n.dropped, n.drop_of)
        ):
            self.play(FadeIn(evaluate), run_time=style.BEAT)
        with self.say(
            "torch dot inference mode is like no grad with less bookkeeping, "
            "but a tensor made inside it cannot be saved for backward later. "
            "Here t times w needs t for w's gradient, so backward raises: "
            "inference tensors cannot be saved for backward. Where a result "
            "may still train, use no grad."
        ):
            self.play(FadeIn(inference), run_time=style.BEAT)

    @staticmethod
    def tool(name: str, what: str, fact: str) -> VGroup:
        """One tool: its name, what it does, and what torch did (muted)."""
        top = VGroup(code(name, color=style.OPERAND_A),
                     label(what, size=style.SMALL_SIZE))
        top.arrange(RIGHT, buff=style.GAP)
        shown = code(fact, size=style.TINY_SIZE, color=style.MUTED)
        return VGroup(top, shown.next_to(top, DOWN, buff=style.TIGHT).align_to(
            top, LEFT))
