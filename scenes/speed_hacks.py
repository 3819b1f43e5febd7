"""Speed hacks, mental models and the final exam, each claim run in torch.

``SpeedHacks`` shows ``tensors.speed_hacks.speed_hacks()``: the guide's three
mental models (BCHW next to channels-last, gradients as the flow), what
``zeros_like`` copies, what ``no_grad`` switches off, the real error for
``x += 1`` on a leaf that needs a gradient, and why the guide's ``x = x + 1``
stalls training. ``FinalExam`` shows ``tensors.speed_hacks.final_exam()``: the
guide's four quick questions, each answered by a tensor, the answers as a
table, and the closing notes on the guide.
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
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.code import note, snippet
from scenes.kit.grids import CellGrid, Table, head, plain
from scenes.kit.layout import beside, column, mark, under_left
from scenes.kit.text import label, lines, math, paren
from tensors import fmt
from tensors.speed_hacks import final_exam, speed_hacks


class SpeedHacks(LectureScene):
    """Mental models and three habits, shown with what torch really does."""

    LESSON = staticmethod(speed_hacks)
    SHOWS = ("models.bchw_shape", "models.cl_strides", "models.arrived",
             "models.x_grad", "zeros_like.dtype", "zeros_like.device",
             "zeros_like.shape", "zeros_like.shown", "no_grad.tracked.grad_fn",
             "no_grad.untracked.grad_fn", "in_place.inplace.error",
             "in_place.rebind_grad", "in_place.loss_after",
             "in_place.no_grad_way.value", "in_place.add_way.value")
    HEADING = "Speed hacks and mental models"

    def construct(self) -> None:
        heading = self.show_heading()
        for part in (self.models, self.flow, self.zeros_like, self.no_grad,
                     self.in_place, self.right_tools):
            part(heading)
            self.hold()
            self.clear_below(keep=[heading])

    def models(self, heading) -> None:
        m = self.data.models
        # Step: a tensor, and torch's shape convention for images.
        tensor = lines(fmt.lines("Tensor: an array with any number of axes, that can "
                                 "live on a GPU and carry gradients", style.WRAP),
                       make=label)
        shape = snippet(m.bchw, fmt.size(m.bchw_shape), size=style.SMALL_SIZE)
        names = Table([[head(n) for n in m.bchw_names],
                       [(fmt.num(n), style.RESULT) for n in m.bchw_shape]])
        bchw = column(label("BCHW: torch's shape for a batch of images"), shape, names)
        stored = (f"({fmt.size(m.cl_shape)}, {fmt.shape(m.cl_strides)})")
        last = snippet(m.channels_last, stored, size=style.SMALL_SIZE)
        under_left(column(tensor, bchw, last), heading)
        with self.say("Three pictures to keep in mind. A tensor is an array with any "
                      "number of axes that can sit on a GPU and track gradients."):
            self.play(FadeIn(tensor), run_time=style.FAST)
        with self.say("Torch's convention for a batch of images is batch, channels, "
                      f"height, width: here {fmt.num(m.bchw_shape[0])} colour images "
                      f"of {fmt.num(m.bchw_shape[-2])} by {fmt.num(m.bchw_shape[-1])} "
                      "pixels."):
            self.play(FadeIn(bchw), run_time=style.BEAT)
        with self.say("The guide says always, but that is the shape, not the memory: "
                      "in channels last format the shape is the same and the strides "
                      f"{fmt.shape(m.cl_strides)} show the channels stored last. Image "
                      "files load as height, width, channels, so you permute them."):
            self.play(FadeIn(last), run_time=style.BEAT)

    def flow(self, heading) -> None:
        m = self.data.models
        # Step: gradients are what flows; local derivatives scale the flow.
        title = lines(fmt.lines("Autograd pipes: the gradient is what flows backward; "
                                "each operation's local derivative scales it",
                                style.WRAP), make=label)
        run = snippet(m.flow, paren((fmt.num(m.arrived), fmt.num(m.x_grad))),
                      size=style.SMALL_SIZE)
        under_left(column(title, run), heading)
        with self.say("The guide pictures autograd as water running backward through "
                      "pipes, and calls the gradients valves. It is the other way "
                      "round: the gradient is the water."):
            self.play(FadeIn(title), run_time=style.FAST)
        with self.say(f"Here {fmt.num(m.arrived)} flows into y, and y equals three x "
                      f"scales it by its local derivative, {fmt.num(m.local)}, so "
                      f"{fmt.num(m.x_grad)} arrives in x dot grad. The local "
                      "derivatives are the valves."):
            self.play(Write(run), run_time=style.BEAT)

    def zeros_like(self, heading) -> None:
        z = self.data.zeros_like
        # Step: zeros_like copies more than the guide says.
        run = snippet(z.run, z.shown)
        table = Table([[plain(""), ("x", style.OPERAND_A), ("z", style.RESULT)],
                       [head("shape"), *(plain(fmt.size(s)) for s in z.shape)],
                       [head("dtype"), *((s, style.GRADIENT) for s in z.dtype)],
                       [head("device"), *(plain(s) for s in z.device)]])
        title = label("Hack: torch.zeros_like(x)", color=style.QUESTION)
        under_left(column(title, run, table), heading)
        with self.say(
            "Hack one: zeros like makes a tensor of zeros shaped like another "
            "one, ready to use next to it."
        ):
            self.play(FadeIn(title), Write(run), run_time=style.BEAT)
        with self.say(
            "The guide says it copies the shape and the device. It copies the "
            f"data type too: {z.dtype[0]} in, {z.dtype[1]} out, and torch "
            "prints it."
        ):
            self.play(FadeIn(table), run_time=style.BEAT)

    def no_grad(self, heading) -> None:
        n = self.data.no_grad
        # Step: the same product with and without the graph.
        run = snippet(n.run)
        table = Table(
            [
                [plain(""), head("tracked"), head("untracked")],
                [
                    head("requires_grad"),
                    plain(fmt.num(n.tracked.requires_grad)),
                    plain(fmt.num(n.untracked.requires_grad)),
                ],
                [
                    head("grad_fn"),
                    (n.tracked.grad_fn, style.GRADIENT),
                    plain(n.untracked.grad_fn),
                ],
            ]
        )
        title = label("Hack: with torch.no_grad()", color=style.QUESTION)
        under_left(column(title, run, table), heading)
        with self.say("Hack two: during inference, wrap the work in no grad."):
            self.play(FadeIn(title), Write(run), run_time=style.BEAT)
        with self.say(
            f"Outside it, the product remembers how it was made: "
            f"{n.tracked.grad_fn}. Inside, no graph is recorded, so the "
            "intermediate values backward would need are not kept."
        ):
            self.play(FadeIn(table), run_time=style.BEAT)

    def in_place(self, heading) -> None:
        p = self.data.in_place
        # Step: the in-place add torch refuses.
        bad = snippet(p.inplace)
        line = p.inplace.code.splitlines()[-1]
        title = label(
            f"Hack: never {line} on a tensor that tracks gradients",
            color=style.QUESTION,
        )
        under_left(column(title, bad), heading)
        with self.say(
            "Hack three: never add in place to a weight that requires grad. "
            "True: torch stops you right away."
        ):
            self.play(FadeIn(title), Write(bad[0]), run_time=style.BEAT)
            self.play(FadeIn(bad.result, shift=UP * style.SHIFT), run_time=style.BEAT)
        self.hold()
        # Step: the guide's fix, on a weight an optimizer trains.
        rebind = snippet(
            p.rebind,
            paren((fmt.num(p.rebind_is_leaf), p.rebind_grad)),
            size=style.SMALL_SIZE,
        )
        stuck = note(
            f"loss before the step {fmt.num(p.loss_before)}, after "
            f"{fmt.num(p.loss_after)}",
            style.ERROR,
        )
        under_left(column(rebind, stuck), title)
        with self.say(
            "The guide's fix is x equals x plus one. Try it on a weight an "
            "optimizer trains: the name now points to a new tensor. It is "
            f"not a leaf, and after backward its grad is {p.rebind_grad}."
        ):
            self.play(FadeOut(bad), run_time=style.FAST)
            self.play(FadeIn(rebind), run_time=style.BEAT)
        with self.say(
            "The step moves the original weight, but the forward pass uses "
            f"the copy, so the loss stays at {fmt.num(p.loss_after)}. "
            "Training stalls, with no error."
        ):
            self.play(FadeIn(stuck), *mark(rebind.result), run_time=style.BEAT)
        self.hold()
        self.erratum(
            "rebind-not-a-leaf",
            "A correction to the guide: x equals x plus "
            "one on a weight silently stops its training.",
        )

    def right_tools(self, heading) -> None:
        p = self.data.in_place
        # Step: change the weight itself, inside no_grad.
        title = label(
            "To change a weight by hand: in place, inside no_grad", color=style.QUESTION
        )
        ways = VGroup(
            snippet(p.no_grad_way, fmt.vector(p.no_grad_way.value)),
            snippet(p.add_way, fmt.vector(p.add_way.value)),
        )
        ways.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        leaf = note(f"x.is_leaf: {fmt.num(p.no_grad_way_is_leaf)}")
        under_left(column(title, ways, leaf), heading)
        with self.say(
            "The right tools: inside no grad, plus equals or add underscore "
            "changes the weight itself."
        ):
            self.play(FadeIn(title), FadeIn(ways), run_time=style.BEAT)
        with self.say(
            "x stays the same leaf, still trained, and this is exactly what "
            "an optimizer's step does."
        ):
            self.play(FadeIn(leaf), run_time=style.FAST)


class FinalExam(LectureScene):
    """The guide's quick questions, each answered by torch, then as a table;
    last, the notes on the guide (``tensors.errata`` notes)."""

    LESSON = staticmethod(final_exam)
    SHOWS = (
        "space.run.value",
        "transpose.product_shape",
        "transpose.shape",
        "backward.before",
        "backward.weight_grad",
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

    def question(self, heading, words: str, formula: str = ""):
        """Ask a question and leave time to think before the answer."""
        parts = [label(words, color=style.QUESTION)]
        if formula:
            parts.append(math(formula, style.QUESTION))
        asked = under_left(VGroup(*parts).arrange(RIGHT, buff=style.GAP), heading)
        self.play(FadeIn(asked), run_time=style.FAST)
        self.hold(style.LONG_READ)
        return asked

    def space(self, heading) -> None:
        s = self.data.space
        with self.say("First: what does this symbol mean? Think, then watch."):
            asked = self.question(heading, s.question, s.tex)
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
            note(f"{fmt.num(s.rows)} rows", style.TEXT).next_to(rows, LEFT),
            note(f"{fmt.num(s.cols)} columns", style.TEXT).next_to(cols, UP),
        )
        beside(run, picture, asked)
        with self.say(
            f"A grid of real numbers with {fmt.num(s.rows)} rows and "
            f"{fmt.num(s.cols)} columns: exactly the shape torch gives "
            f"zeros of size {fmt.num(s.rows)} by {fmt.num(s.cols)}."
        ):
            self.play(Write(run), FadeIn(picture), run_time=style.BEAT)

    def transpose(self, heading) -> None:
        t = self.data.transpose
        with self.say("Second: the shape of A times B, transposed."):
            asked = self.question(heading, t.question, t.question_tex)
        run = snippet(t.run, fmt.size(t.shape))
        steps = column(
            math(
                rf"({fmt.shape_tex(t.a_shape)})\,({fmt.shape_tex(t.b_shape)})"
                rf" \rightarrow ({fmt.shape_tex(t.product_shape)})"
            ),
            math(
                rf"({fmt.shape_tex(t.product_shape)})^T \rightarrow "
                rf"({fmt.shape_tex(t.shape)})",
                style.RESULT,
            ),
        )
        beside(run, steps, asked)
        with self.say(
            f"The product has shape {fmt.shape(t.product_shape)}; the "
            f"transpose swaps its axes to {fmt.shape(t.shape)}."
        ):
            self.play(Write(run), FadeIn(steps), run_time=style.BEAT)
            self.play(*mark(run.result, steps[-1]), run_time=style.FAST)

    def backward(self, heading) -> None:
        b = self.data.backward
        with self.say("Third: what does loss dot backward actually do?"):
            asked = self.question(heading, b.question)
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
            f"Before it, the weight's grad is {b.before}. Backward walks the "
            "graph back from the loss and adds each weight's gradient, dL "
            "by dw, into its grad."
        ):
            self.play(Write(run), run_time=style.BEAT)
        with self.say(
            f"The grad started as {b.before}, so now it holds exactly that "
            "gradient; a second backward would add to it."
        ):
            self.play(FadeIn(filled), run_time=style.BEAT)

    def device(self, heading) -> None:
        d = self.data.device
        with self.say("Last: how do you fix an error about devices?"):
            asked = self.question(heading, d.question)
        shown = [snippet(d.mismatch, size=style.SMALL_SIZE)] if d.mismatch else []
        fix = snippet(d.fix, d.output_device, size=style.SMALL_SIZE)
        to = snippet(d.to, paren(d.to_dtypes), size=style.SMALL_SIZE)
        if not shown:
            shown = [note("This lecture ran on the CPU alone: no device error "
                          "to show.")]
        under_left(column(*shown, fix, to), asked)
        if d.mismatch is not None:
            with self.say("This machine has a GPU, so here is the real error: a model "
                          "on the GPU, fed a tensor on the CPU."):
                self.play(FadeIn(shown[0]), run_time=style.BEAT)
        else:
            with self.say("The error is a RuntimeError saying that all tensors were "
                          "expected on the same device, but one is on cuda and "
                          "another on cpu. This lecture ran on the CPU alone, so it "
                          "cannot show one."):
                self.play(FadeIn(shown[0]), run_time=style.FAST)
        with self.say(
            "The fix: pick one device, then model dot to device, and x "
            f"equals x dot to device. Here torch picked {d.device}, and the "
            "output lands there too."
        ):
            self.play(Write(fix), run_time=style.BEAT)
        with self.say(
            "Keep the x equals: a tensor's to returns a new tensor and "
            f"leaves x as it was, still {d.to_dtypes[0]}, while a model's "
            "to changes the model itself."
        ):
            self.play(FadeIn(to), run_time=style.BEAT)

    def summary(self, heading) -> None:
        e = self.data
        # Step: the answers, side by side.
        space = f"R^({fmt.num(e.space.rows)} x {fmt.num(e.space.cols)})"
        rows = [
            [head("question"), head("torch's answer")],
            [
                plain(space),
                (
                    f"{fmt.num(e.space.rows)} rows, {fmt.num(e.space.cols)} columns",
                    style.RESULT,
                ),
            ],
            [
                plain("(A @ B).T.shape"),
                (
                    f"{fmt.shape(e.transpose.product_shape)} -> "
                    f"{fmt.shape(e.transpose.shape)}",
                    style.RESULT,
                ),
            ],
            [
                plain("loss.backward()"),
                (
                    f"weight.grad: {e.backward.before} -> "
                    f"{fmt.nested(e.backward.weight_grad)}",
                    style.RESULT,
                ),
            ],
            [
                plain("device errors"),
                (
                    f"model.to(device); x = x.to(device): {e.device.device}",
                    style.RESULT,
                ),
            ],
        ]
        table = under_left(Table(rows, size=style.CODE_SIZE), heading)
        with self.say(
            "The four answers at a glance, every one of them checked by torch."
        ):
            self.play(FadeIn(table), run_time=style.BEAT)
