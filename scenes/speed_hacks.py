"""Speed hacks, mental models and the final exam, each claim run in torch.

``SpeedHacks`` shows ``tensors.speed_hacks.speed_hacks()``: the guide's three
mental models, what ``zeros_like`` copies, what ``no_grad`` switches off, and
the real error for ``x += 1`` on a leaf that needs a gradient.
``FinalExam`` shows ``tensors.speed_hacks.final_exam()``: the guide's four
quick questions, each answered by a tensor, then the answers as a table.
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
    Text,
    VGroup,
    Write,
)

from scenes import style
from scenes.common import CellGrid, LectureScene, code, label, lines
from scenes.practice_autograd import beside, column, mark, math, snippet, under
from tensors import fmt
from tensors.speed_hacks import final_exam, speed_hacks


class Table(VGroup):
    """Rows of ``(text, colour)`` cells in monospace columns, drawn as one Text.

    One Text keeps every row on the same baseline pitch and every column
    aligned to the character.
    """

    def __init__(self, rows, size: int = style.SMALL_SIZE) -> None:
        super().__init__()
        widths = [max(len(row[c][0]) for row in rows) for c in range(len(rows[0]))]
        text, colours = "", {}
        for row in rows:
            line = ""
            for (words, colour), width in zip(row, widths):
                start = len(text) + len(line)
                if words:
                    colours[f"[{start}:{start + len(words)}]"] = colour
                line += words.ljust(width + style.TABLE_GAP)
            text += line.rstrip() + "\n"
        self.text = Text(text.rstrip("\n"), font=style.MONO, font_size=size,
                         color=style.TEXT, t2c=colours,
                         line_spacing=style.TABLE_LINE_SPACING)
        self.add(self.text)


def head(text: str):
    """A table header cell."""
    return (text, style.MUTED)


def plain(text: str):
    """A table body cell."""
    return (text, style.TEXT)


def note(text: str, color: str = style.MUTED):
    """A short remark in small monospace, under a code block."""
    return code(text, size=style.SMALL_SIZE, color=color)


class SpeedHacks(LectureScene):
    """Mental models and three habits, shown with what torch really does."""

    LESSON = staticmethod(speed_hacks)
    SHOWS = ("models.bchw_shape", "zeros_like.dtype", "zeros_like.device",
             "zeros_like.shape", "no_grad.tracked.grad_fn", "no_grad.untracked.grad_fn",
             "in_place.inplace.error", "in_place.rebind.value",
             "in_place.rebind_tracking.grad_fn")
    HEADING = "Speed hacks and mental models"

    def construct(self) -> None:
        heading = self.show_heading()
        for part in (self.models, self.zeros_like, self.no_grad, self.in_place):
            part(heading)
            self.hold()
            self.clear_below(keep=[heading])

    def models(self, heading) -> None:
        m = self.data.models
        # Step: three pictures to keep in mind.
        tensor = lines(fmt.lines("Tensor: an array with any number of axes, that can "
                                 "live on a GPU and carry gradients", style.WRAP),
                       make=label)
        shape = snippet(m.bchw, fmt.shape(m.bchw_shape))
        names = Table([[head(n) for n in m.bchw_names],
                       [(fmt.num(n), style.RESULT) for n in m.bchw_shape]])
        bchw = column(label("BCHW: images come as batch, channels, height, width"),
                      shape, names)
        pipes = lines(fmt.lines("Autograd pipes: gradients flow backward, from the loss "
                                "through every operation to every weight", style.WRAP),
                      make=label)
        under(column(tensor, bchw, pipes), heading)
        with self.say("Three pictures to keep in mind. A tensor is an array with any "
                      "number of axes that can sit on a GPU and track gradients."):
            self.play(FadeIn(tensor), run_time=style.FAST)
        with self.say("Image batches are laid out batch, channels, height, width: "
                      f"here {fmt.num(m.bchw_shape[0])} colour images of "
                      f"{fmt.num(m.bchw_shape[-2])} by {fmt.num(m.bchw_shape[-1])} pixels."):
            self.play(FadeIn(bchw), run_time=style.BEAT)
        with self.say("And autograd is water running backward through pipes: "
                      "from the loss, through every operation, to every weight."):
            self.play(FadeIn(pipes), run_time=style.FAST)

    def zeros_like(self, heading) -> None:
        z = self.data.zeros_like
        # Step: zeros_like copies more than the guide says.
        run = snippet(z.run, fmt.nested(z.run.value))
        table = Table([[plain(""), ("x", style.OPERAND_A), ("z", style.RESULT)],
                       [head("shape"), *(plain(fmt.shape(s)) for s in z.shape)],
                       [head("dtype"), *((s, style.GRADIENT) for s in z.dtype)],
                       [head("device"), *(plain(s) for s in z.device)]])
        title = label("Hack: torch.zeros_like(x)", color=style.QUESTION)
        under(column(title, run, table), heading)
        with self.say("Hack one: zeros like makes a tensor of zeros shaped like another "
                      "one, ready to use next to it."):
            self.play(FadeIn(title), Write(run), run_time=style.BEAT)
        with self.say("The guide says it copies the shape and the device. It copies the "
                      f"data type too: {z.dtype[0]} in, {z.dtype[1]} out."):
            self.play(FadeIn(table), run_time=style.BEAT)

    def no_grad(self, heading) -> None:
        n = self.data.no_grad
        # Step: the same product with and without the graph.
        run = snippet(n.run)
        table = Table([[plain(""), head("tracked"), head("untracked")],
                       [head("requires_grad"), plain(fmt.num(n.tracked.requires_grad)),
                        plain(fmt.num(n.untracked.requires_grad))],
                       [head("grad_fn"), (n.tracked.grad_fn, style.GRADIENT),
                        plain(n.untracked.grad_fn)]])
        title = label("Hack: with torch.no_grad()", color=style.QUESTION)
        under(column(title, run, table), heading)
        with self.say("Hack two: during inference, wrap the work in no grad."):
            self.play(FadeIn(title), Write(run), run_time=style.BEAT)
        with self.say(f"Outside it, the product remembers how it was made: "
                      f"{n.tracked.grad_fn}. Inside, there is no graph to store, so "
                      "memory stays small."):
            self.play(FadeIn(table), run_time=style.BEAT)

    def in_place(self, heading) -> None:
        p = self.data.in_place
        # Step: the in-place add torch refuses.
        bad = snippet(p.inplace)
        line = p.inplace.code.splitlines()[-1]
        title = label(f"Hack: never {line} on a tensor that tracks gradients",
                      color=style.QUESTION)
        under(column(title, bad), heading)
        with self.say("Hack three: an in-place add on a weight that needs a gradient. "
                      "Torch stops you right away."):
            self.play(FadeIn(title), Write(bad[0]), run_time=style.BEAT)
            self.play(FadeIn(bad.result, shift=UP * style.SHIFT), run_time=style.BEAT)
        self.hold()
        # Step: two ways that work.
        rebind = column(snippet(p.rebind, fmt.vector(p.rebind.value)),
                        note(f"a new tensor: grad_fn {p.rebind_tracking.grad_fn}, "
                             f"is_leaf {fmt.num(p.rebind_is_leaf)}"))
        opt = column(snippet(p.optimizer_way, fmt.vector(p.optimizer_way.value)),
                     note(f"the same leaf, changed in place: is_leaf "
                          f"{fmt.num(p.optimizer_way_is_leaf)}"))
        under(column(rebind, opt), title)
        with self.say("Write x equals x plus one instead: a new tensor that remembers "
                      f"the add, {p.rebind_tracking.grad_fn}, while the original weight "
                      "stays untouched."):
            self.play(FadeOut(bad), run_time=style.FAST)
            self.play(FadeIn(rebind), run_time=style.BEAT)
        with self.say("To change the weight itself, do it inside no grad. That is "
                      "exactly what an optimizer's step does."):
            self.play(FadeIn(opt), run_time=style.BEAT)


class FinalExam(LectureScene):
    """The guide's quick questions, each answered by torch, then as a table."""

    LESSON = staticmethod(final_exam)
    SHOWS = ("space.run.value", "transpose.product_shape", "transpose.shape",
             "backward.before", "backward.weight_grad", "device.device",
             "device.cuda.value")
    HEADING = "Final exam: check your intuition"

    def construct(self) -> None:
        heading = self.show_heading()
        for part in (self.space, self.transpose, self.backward, self.device):
            part(heading)
            self.hold()
            self.clear_below(keep=[heading])
        self.summary(heading)
        self.hold(style.LONG_READ)

    def question(self, heading, words: str, formula: str = ""):
        """Ask a question and leave time to think before the answer."""
        parts = [label(words, color=style.QUESTION)]
        if formula:
            parts.append(math(formula, style.QUESTION))
        asked = under(VGroup(*parts).arrange(RIGHT, buff=style.GAP), heading)
        self.play(FadeIn(asked), run_time=style.FAST)
        self.hold(style.LONG_READ)
        return asked

    def space(self, heading) -> None:
        s = self.data.space
        with self.say("First: what does this symbol mean? Think, then watch."):
            asked = self.question(heading, s.question, s.tex)
        run = snippet(s.run, fmt.shape(s.run.value))
        grid = CellGrid(fmt.grid(s.run.names["m"]), color=style.OPERAND_A,
                        cell=style.MINI_CELL, font_size=style.MINI_CELL_SIZE)
        rows = Brace(grid, LEFT, color=style.MUTED)
        cols = Brace(grid, UP, color=style.MUTED)
        picture = VGroup(grid, rows, cols,
                         note(f"{fmt.num(s.rows)} rows", style.TEXT).next_to(rows, LEFT),
                         note(f"{fmt.num(s.cols)} columns", style.TEXT).next_to(cols, UP))
        beside(run, picture, asked)
        with self.say(f"A grid of real numbers with {fmt.num(s.rows)} rows and "
                      f"{fmt.num(s.cols)} columns: exactly the shape torch gives "
                      f"zeros of size {fmt.num(s.rows)} by {fmt.num(s.cols)}."):
            self.play(Write(run), FadeIn(picture), run_time=style.BEAT)

    def transpose(self, heading) -> None:
        t = self.data.transpose
        with self.say("Second: the shape of A times B, transposed."):
            asked = self.question(heading, t.question, t.question_tex)
        run = snippet(t.run, fmt.shape(t.shape))
        steps = column(
            math(rf"({fmt.shape_tex(t.a_shape)})\,({fmt.shape_tex(t.b_shape)})"
                 rf" \rightarrow ({fmt.shape_tex(t.product_shape)})"),
            math(rf"({fmt.shape_tex(t.product_shape)})^T \rightarrow "
                 rf"({fmt.shape_tex(t.shape)})", style.RESULT))
        beside(run, steps, asked)
        with self.say(f"The product has shape {fmt.shape(t.product_shape)}; the "
                      f"transpose swaps its axes to {fmt.shape(t.shape)}."):
            self.play(Write(run), FadeIn(steps), run_time=style.BEAT)
            self.play(*mark(run.result, steps[-1]), run_time=style.FAST)

    def backward(self, heading) -> None:
        b = self.data.backward
        with self.say("Third: what does loss dot backward actually do?"):
            asked = self.question(heading, b.question)
        run = snippet(b.run, fmt.nested(b.weight_grad), size=style.SMALL_SIZE)
        filled = Table([[head("weight.grad before"), plain(b.before)],
                        [head("weight.grad after"),
                         (fmt.nested(b.weight_grad), style.GRADIENT)],
                        [head("bias.grad after"), (fmt.nested(b.bias_grad), style.GRADIENT)]])
        under(column(run, filled), asked)
        with self.say(f"Before it, the weight's grad is {b.before}. Backward walks the "
                      "graph from the loss and fills the grad of every weight with its "
                      "slope."):
            self.play(Write(run), run_time=style.BEAT)
            self.play(FadeIn(filled), run_time=style.BEAT)

    def device(self, heading) -> None:
        d = self.data.device
        with self.say("Last: how do you fix an error about devices?"):
            asked = self.question(heading, d.question)
        shown = [snippet(d.mismatch)] if d.mismatch is not None else []
        fix = snippet(d.fix, d.output_device, size=style.SMALL_SIZE)
        cuda = snippet(d.cuda, fmt.num(d.cuda.value), size=style.SMALL_SIZE)
        under(column(*shown, fix, cuda), asked)
        with self.say("The error means the model and the data sit on different devices. "
                      "Move both with to, onto one device chosen once."):
            self.play(*(FadeIn(m) for m in shown), Write(fix), run_time=style.BEAT)
        with self.say(f"Here torch picked {d.device}, and the output lands there too. "
                      f"CUDA available: {fmt.num(d.cuda.value)}."):
            self.play(FadeIn(cuda), run_time=style.FAST)

    def summary(self, heading) -> None:
        e = self.data
        # Step: the answers, side by side.
        space = f"R^({fmt.num(e.space.rows)} x {fmt.num(e.space.cols)})"
        rows = [[head("question"), head("torch's answer")],
                [plain(space), (f"{fmt.num(e.space.rows)} rows, "
                                f"{fmt.num(e.space.cols)} columns", style.RESULT)],
                [plain("(A @ B).T.shape"), (f"{fmt.shape(e.transpose.product_shape)} -> "
                                            f"{fmt.shape(e.transpose.shape)}", style.RESULT)],
                [plain("loss.backward()"),
                 (f"weight.grad: {e.backward.before} -> "
                  f"{fmt.nested(e.backward.weight_grad)}", style.RESULT)],
                [plain("device errors"),
                 (f"model.to(device), x.to(device): {e.device.device}", style.RESULT)]]
        table = under(Table(rows, size=style.CODE_SIZE), heading)
        with self.say("The four answers at a glance, every one of them checked by "
                      "torch."):
            self.play(FadeIn(table), run_time=style.BEAT)
