"""Part 3, memory tables: the guide's cheat sheets, every entry run by torch.

Shows ``tensors.cheatsheets``: the tensors the creation calls really make,
the shapes before and after each shape operation (and where the elements
go), and the live result of each operator and autograd call.
"""

from __future__ import annotations

import re

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    SurroundingRectangle,
    Transform,
    TransformFromCopy,
    VGroup,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.code import gives
from scenes.kit.grids import CellGrid
from scenes.kit.text import block as code_block
from scenes.kit.text import code, label, lines, tex
from tensors import fmt
from tensors.cheatsheets import creation_table, operators, shape_ops

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
MONO_CHAR = 0.19  # width of one monospace character at MINI_CELL_SIZE
CELL_PAD = 0.3  # room left around the text of a fitted cell
MAX_CELL = 1.1  # wider entries are drawn as a bracketed matrix instead

CHANNELS = (style.OPERAND_A, style.OPERAND_B, style.RESULT)
FIELD = re.compile(r"\{(\w+)\}")  # a named field of a narration template


def filled(template: str, **parts: str) -> str:
    """``template.format(**parts)`` that keeps the bound parts (``fmt.f``)."""
    return fmt.f(FIELD.sub("{}", template),
                 *(parts[m.group(1)] for m in FIELD.finditer(template)))


def fitted_grid(rows, color: str = style.TEXT, longest: int = 0):
    """Cells wide enough for the longest entry; a bracketed matrix when too wide.

    ``longest`` (characters) makes several grids share one cell size.
    """
    longest = max([longest, *(len(s) for row in rows for s in row)])
    side = max(style.MINI_CELL, longest * MONO_CHAR + CELL_PAD)
    if side > MAX_CELL:
        body = fmt.join([fmt.join(row, " & ") for row in rows], r"\\")
        return tex(r"\begin{bmatrix}" + body + r"\end{bmatrix}", color=color)
    return CellGrid(rows, color=color, cell=side, font_size=style.MINI_CELL_SIZE)


def tensor_grid(t, color: str = style.TEXT):
    """A 0-D, 1-D or 2-D tensor as cells (``fmt.grid``)."""
    return fitted_grid(fmt.grid(t), color)


class CreationCard(VGroup):
    """Math name, the call, the tensor it made, and its shape."""

    def __init__(self, row, table) -> None:
        super().__init__()
        math = tex(row.math, color=style.OPERAND_A)
        # Random: the seed, then the call (the lines of row.code).
        seeding = [fmt.f(table.seed_form, table.seed)] if row.seeded else []
        call = code_block([*seeding, row.call])
        grid = tensor_grid(row.value, style.RESULT)
        shape = label("shape " + fmt.shape(row.shape), size=style.SMALL_SIZE,
                      color=style.MUTED)
        self.add(math, call, grid, shape)
        self.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)


class CreationTable(LectureScene):
    """``creation_table()``: each creation call with the tensor torch made."""

    LESSON = staticmethod(creation_table)
    SHOWS = ("groups.*.rows.*.call", "groups.*.rows.*.value",
             "groups.*.rows.*.shape", "seed")
    HEADING = "Memory table: creating tensors"

    # One line per card, in the order of the data's groups and rows.
    NARRATION = (
        ("A single number is a tensor with no dimensions at all: its shape is "
         "{shape}.",
         "A list becomes a vector of shape {shape}.",
         "zeros fills a tensor of the shape you ask for, here {shape}, with zeros.",
         "eye makes the identity matrix: ones on the diagonal, zeros elsewhere."),
        ("arange counts up from zero and stops before the number you give: {count} "
         "values, shape {shape}.",
         "linspace spaces points evenly from the start to the end, both included.",
         "rand draws uniformly between zero and one.",
         "randn draws from the bell curve around zero: values can be negative."),
    )

    def construct(self) -> None:
        heading = self.show_heading()
        self.take_apart(heading)
        for group, said in zip(self.data.groups, self.NARRATION):
            title, rows = group.title, group.rows
            # Step: one screen of creation calls, a card at a time.
            subtitle = label(title, size=style.BODY_SIZE, color=style.MUTED)
            subtitle.next_to(heading, DOWN, buff=style.GAP)
            cards = VGroup(*(CreationCard(r, self.data) for r in rows))
            cards.arrange_in_grid(cols=2, buff=(style.WIDE_GAP, style.GAP / 2),
                                  cell_alignment=UP + LEFT)
            cards.next_to(subtitle, DOWN, buff=style.GAP)
            self.play(FadeIn(subtitle), run_time=style.FAST)
            for row, card, line in zip(rows, cards, said):
                with self.say(filled(line, shape=fmt.shape(row.shape),
                                     count=fmt.num(row.numel))):
                    self.play(FadeIn(card, shift=UP * style.SHIFT), run_time=style.BEAT)
            if any(r.seeded for r in rows):
                self.seed_note(subtitle)
            self.hold()
            if group is not self.data.groups[-1]:
                self.clear_below(keep=[heading])

    def take_apart(self, heading) -> None:
        """The guide's Table 1 as printed, then its two halves pulled apart."""
        rows = self.data.guide_rows
        cells = VGroup()
        for k, row in enumerate(rows):
            for j, text in enumerate(row):
                if k == 0:
                    cells.add(label(text, size=style.SMALL_SIZE, color=style.MUTED))
                elif j % 2:
                    cells.add(code(text, size=style.SMALL_SIZE))
                else:
                    cells.add(label(text, size=style.SMALL_SIZE))
        width = len(rows[0])
        cells.arrange_in_grid(cols=width, col_alignments="l" * width,
                              buff=(style.GAP, style.GAP))
        cells.next_to(heading, DOWN, buff=style.WIDE_GAP).set_x(0)
        split = self.data.guide_creation_columns
        halves = [VGroup(*(c for i, c in enumerate(cells)
                           if (i % width < split) == left))
                  for left in (True, False)]
        with self.say("The guide's first memory table prints two tables side by side "
                      "as one: each row puts a creation call beside a shape "
                      "operation it has nothing to do with."):
            self.play(FadeIn(cells), run_time=style.BEAT)
        names = ("creating tensors", "shape operations")
        titles = VGroup(*(label(n, size=style.BODY_SIZE, color=style.OPERAND_A)
                          for n in names))
        with self.say("Here they are taken apart: creation first, shape operations "
                      "next."):
            self.play(halves[0].animate.to_edge(LEFT, buff=style.EDGE_BUFF),
                      halves[1].animate.to_edge(RIGHT, buff=style.EDGE_BUFF),
                      run_time=style.BEAT)
            for title, half in zip(titles, halves):
                title.next_to(half, DOWN, buff=style.WIDE_GAP).align_to(half, LEFT)
            self.play(FadeIn(titles), run_time=style.FAST)
        self.clear_below(keep=[heading])

    def seed_note(self, subtitle) -> None:
        """Random draws are seeded right before each call: the subtitle says
        so, on screen, in its place."""
        seed = self.data.seed
        note = label(subtitle.original_text + ": each seeded first, on the CPU",
                     size=style.BODY_SIZE, color=style.MUTED).move_to(subtitle)
        line = fmt.f("Random numbers change on every run, so each random card seeds "
                     "first: torch.manual_seed({}), then the call, on the CPU. Run "
                     "those two lines and you get these same numbers.", seed)
        if self.data.seed_once_differs:
            line += (" Seed once and call both, and randn goes on from where rand "
                     "left the generator: other numbers.")
        with self.say(line):
            self.play(Transform(subtitle, note), run_time=style.FAST)


def shown(value) -> str:
    """A stride tuple as Python prints it, anything else as ``fmt.num``."""
    return fmt.shape(value) if isinstance(value, tuple) else fmt.num(value)


def entries_by_text(grid) -> dict[str, object]:
    """Each entry of a grid of distinct values, keyed by its text."""
    return {e.original_text: e for row in grid.entries for e in row}


class ShapeOperations(LectureScene):
    """``shape_ops()``: before and after shapes, and where the elements go."""

    LESSON = staticmethod(shape_ops)
    SHOWS = ("ops.*.name", "ops.*.code", "ops.*.before", "ops.*.after",
             "reshape_vs_t.source", "reshape_vs_t.results.*.value",
             "permute.results.0.value", "hwc", "permute_facts.*.value")
    HEADING = "Memory table: shape operations"

    def construct(self) -> None:
        heading = self.show_heading()
        self.shape_table(heading)
        self.clear_below(keep=[heading])
        self.reshape_versus_transpose(heading)
        self.clear_below(keep=[heading])
        self.permute_image(heading)
        self.hold()

    def shape_table(self, heading) -> None:
        ops = self.data.ops
        header = [label(t, size=style.SMALL_SIZE, color=style.MUTED)
                  for t in ("operation", "shape of x", "code", "new shape")]
        cells = list(header)
        for op in ops:
            cells += [label(op.name), code(fmt.shape(op.before), color=style.OPERAND_A),
                      code(op.code), code(fmt.shape(op.after), color=style.RESULT)]
        table = VGroup(*cells).arrange_in_grid(cols=len(header), col_alignments="llll",
                                               buff=(style.WIDE_GAP, style.GAP))
        table.next_to(heading, DOWN, buff=style.GAP).set_x(0)
        with self.say("Each operation starts from x, a tensor of zeros. Only the "
                      "shape matters here, and each shape comes from torch."):
            self.play(FadeIn(VGroup(*header)), run_time=style.FAST)
        width = len(header)
        for k, op in enumerate(ops, start=1):
            line = fmt.f("{}: {} becomes {}.", op.name, fmt.shape(op.before),
                         fmt.shape(op.after))
            with self.say(line):
                self.play(FadeIn(VGroup(*cells[k * width:(k + 1) * width]),
                                 shift=RIGHT * style.SHIFT), run_time=style.FAST)
        hwc = fmt.join(self.data.hwc)
        with self.say(fmt.f("The last row is an image as PIL and NumPy hold it, ({}): "
                            "height, width, then colour channels. Permute puts the "
                            "channel axis first, as torch's conv layers want it.",
                            hwc)):
            self.hold()
        row = self.data.squeeze.row + 1  # below the header
        self.squeeze_trap(VGroup(*cells[row * width:(row + 1) * width]), table)

    def squeeze_trap(self, row, table) -> None:
        """The Drop dim row's squeeze() drops every size-1 dim: shown on a
        tensor of ones only, with and without a dim."""
        t = self.data.squeeze
        box = SurroundingRectangle(row, color=style.HIGHLIGHT, buff=style.TIGHT)
        shown_lines = VGroup(code(t.setup, size=style.SMALL_SIZE), *(
            code(r.code + " " + gives(fmt.size(r.value)), size=style.SMALL_SIZE)
            for r in t.runs))
        shown_lines.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        shown_lines.next_to(table, DOWN, buff=style.GAP).set_x(0)
        every, one = t.runs
        with self.say(fmt.f("A trap in the Drop dim row: squeeze with no argument "
                            "drops every dim of size one. Give it a {} tensor and "
                            "no dim is left: shape {}.", fmt.shape(t.before),
                            fmt.shape(every.value))):
            self.play(Create(box), FadeIn(shown_lines[:2]), run_time=style.BEAT)
        with self.say(fmt.f("Name the dim, squeeze of {}, and only that one goes: "
                            "{}.", fmt.num(t.dim), fmt.shape(one.value))):
            self.play(FadeIn(shown_lines[2]), run_time=style.FAST)

    def reshape_versus_transpose(self, heading) -> None:
        """Same 2x3 tensor, same result shape, different element order."""
        m = self.data.reshape_vs_t
        source = tensor_grid(m.source, style.OPERAND_A)
        title = code("x = " + m.source_code)
        top = VGroup(title, source).arrange(DOWN, buff=style.GAP)
        top.next_to(heading, DOWN, buff=style.GAP)
        rows, cols = m.source.shape
        with self.say(fmt.f("Now watch the elements. Start from a {} by {} tensor "
                            "holding distinct numbers.", rows, cols)):
            self.play(FadeIn(top), run_time=style.BEAT)
        outs = VGroup(*(VGroup(code(r.code), tensor_grid(r.value, style.RESULT),
                               label("shape " + fmt.shape(r.value.shape),
                                     size=style.SMALL_SIZE, color=style.MUTED))
                        .arrange(DOWN, buff=style.GAP / 2) for r in m.results))
        outs.arrange(RIGHT, buff=style.WIDE_GAP * 2, aligned_edge=UP)
        outs.next_to(top, DOWN, buff=style.GAP)
        said = ("reshape reads the numbers row by row and pours them into the new "
                "shape, so the order stays {order}.",
                "Transpose flips the grid over its diagonal: the first row becomes "
                "the first column. Read row by row, it is now {order}.")
        for result, out, line in zip(m.results, outs, said):
            # The result read row by row, each number bound to its cell.
            order = fmt.join([e for row in fmt.grid(result.value) for e in row])
            with self.say(filled(line, order="[" + order + "]")):
                self.play(FadeIn(out[0]), FadeIn(out[2]), run_time=style.FAST)
                self.move_entries(source, out[1])
        with self.say("Same shape, different arrangement: reshape keeps the reading "
                      "order, transpose changes it."):
            self.hold()


    def move_entries(self, source, target) -> None:
        """Fly each number from its place in ``source`` to its place in ``target``."""
        start = entries_by_text(source)
        self.play(FadeIn(VGroup(*(c for row in target.cells for c in row))),
                  *(TransformFromCopy(start[e.original_text], e)
                    for row in target.entries for e in row),
                  run_time=style.LONG_READ)

    def permute_image(self, heading) -> None:
        """A tiny (H, W, C) image: every pixel's channels go to their own plane."""
        m, (h, w, c) = self.data.permute, self.data.hwc
        result = m.results[0]
        title = VGroup(code("x = " + m.source_code), code(result.code))
        title.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        title.next_to(heading, DOWN, buff=style.GAP)
        widest = max(len(s) for s in fmt.vector(m.source).strip("[]").split(", "))
        pixels = self.pixel_grid(self.data.pixels, m.source.shape[0], widest)
        before = VGroup(pixels, label(fmt.f("({}, {}, {}) = {}", h, w, c,
                                            fmt.shape(m.source.shape)),
                                      size=style.SMALL_SIZE, color=style.MUTED))
        before.arrange(DOWN, buff=style.GAP)
        planes = VGroup(*(fitted_grid(fmt.grid(result.value[k]), CHANNELS[k], widest)
                          for k in range(result.value.shape[0])))
        planes.arrange(RIGHT, buff=style.GAP)
        after = VGroup(planes, label(
            fmt.f("({}, {}, {}) = {}", c, h, w, fmt.shape(result.value.shape)),
            size=style.SMALL_SIZE, color=style.MUTED))
        after.arrange(DOWN, buff=style.GAP)
        VGroup(before, after).arrange(RIGHT, buff=style.WIDE_GAP * 2)
        VGroup(before, after).next_to(title, DOWN, buff=style.WIDE_GAP)
        with self.say(fmt.f("A tiny image, {}: each pixel keeps its colour channels "
                            "together, side by side in memory.",
                            fmt.shape(m.source.shape))):
            self.play(FadeIn(title[0]), FadeIn(before), run_time=style.BEAT)
        start = {e.original_text: e for px in pixels for row in px.entries for e in row}
        dims = fmt.join([fmt.num(d) for d in self.data.permute_dims])
        with self.say(fmt.f("Permute with {} puts the channel axis first: read by "
                            "index, every channel is now its own plane, the layout "
                            "torch image models expect.", dims)):
            self.play(FadeIn(title[1]), FadeIn(after[1]), run_time=style.FAST)
            self.play(*(FadeIn(cell)
                        for g in planes for row in g.cells for cell in row),
                      *(TransformFromCopy(start[e.original_text], e)
                        for g in planes for row in g.entries for e in row),
                      run_time=style.LONG_READ)
        before_s, after_s = (r.value for r in self.data.permute_facts[:2])
        facts = VGroup(
            *(
                code(r.code + " " + gives(shown(r.value)), size=style.SMALL_SIZE)
                for r in self.data.permute_facts
            )
        )
        facts.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        facts.next_to(VGroup(before, after), DOWN, buff=style.GAP).set_x(0)
        with self.say(fmt.f(
            "No number moved in memory, though. Permute returns a view: the "
            "same storage, read with its strides reordered: from strides "
            "{} to strides {}.", fmt.shape(before_s), fmt.shape(after_s)
        )):
            self.play(FadeIn(facts), run_time=style.BEAT)

    def pixel_grid(self, image_pixels, height: int, widest: int) -> VGroup:
        """H rows of W pixels; a pixel is its C values in a row, one colour each."""
        pixels = VGroup()
        for pixel in image_pixels:  # row by row
            px = fitted_grid(fmt.grid(pixel.channels), longest=widest)
            for k, cell in enumerate(px.cells[0]):
                cell.set_color(CHANNELS[k])
                cell.set_fill(CHANNELS[k], opacity=style.CELL_FILL_OPACITY)
            pixels.add(px)
        return pixels.arrange_in_grid(rows=height, buff=style.GAP)


class OperatorsAndAutograd(LectureScene):
    """``operators()``: +, *, @, ** on small tensors; then backward, grad,
    zero_grad and no_grad, each with what it returns."""

    LESSON = staticmethod(operators)
    SHOWS = (
        "ops.*.code",
        "ops.*.value",
        "steps.*.action",
        "steps.*.shown",
        "steps.*.lines",
        "a",
        "b",
        "tracked_shown",
        "tracked.code",
        "dropout.lines",
        "dropout.in_train",
        "dropout.in_eval",
    )
    HEADING = "Memory table: operators and autograd"

    def construct(self) -> None:
        heading = self.show_heading()
        self.operator_row(heading)
        self.clear_below(keep=[heading])
        steps = self.data.steps
        half = len(steps) // 2
        self.autograd_steps(heading, steps[:half])
        self.clear_below(keep=[heading])
        self.autograd_steps(heading, steps[half:])
        self.clear_below(keep=[heading])
        self.dropout_not_eval(heading)
        self.hold()

    def operator_row(self, heading) -> None:
        d = self.data
        named = (
            ("a", d.a_code, d.a, style.OPERAND_A),
            ("b", d.b_code, d.b, style.OPERAND_B),
        )
        sources = VGroup(*(code(n + " = " + src, color=col)
                           for n, src, _, col in named))
        sources.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        grids = VGroup(
            *(
                VGroup(tex(n, color=col), tensor_grid(t, col)).arrange(
                    DOWN, buff=style.TIGHT
                )
                for n, _, t, col in named
            )
        )
        grids.arrange(RIGHT, buff=style.WIDE_GAP)
        inputs = VGroup(sources, grids).arrange(RIGHT, buff=style.WIDE_GAP)
        inputs.next_to(heading, DOWN, buff=style.GAP)
        with self.say("Four operator symbols to know, tried on two small matrices."):
            self.play(FadeIn(inputs), run_time=style.BEAT)
        cards = VGroup(
            *(
                VGroup(
                    code(op.code, color=style.RESULT),
                    tensor_grid(op.value, style.RESULT),
                    label(op.action, size=style.SMALL_SIZE, color=style.MUTED),
                ).arrange(DOWN, buff=style.GAP / 2)
                for op in d.ops
            )
        )
        cards.arrange(RIGHT, buff=style.WIDE_GAP, aligned_edge=UP)
        cards.next_to(inputs, DOWN, buff=style.WIDE_GAP)
        said = (
            "Plus adds cell by cell: the first cell is {first}.",
            "Star multiplies cell by cell, giving {first}; it is not the "
            "matrix product.",
            "The at sign is the matrix product: row times column, summed, "
            "gives {first}.",
            "Double star raises every cell to a power: {first} in the corner.",
        )
        for op, card, line in zip(d.ops, cards, said):
            with self.say(filled(line, first=fmt.grid(op.value)[0][0])):
                self.play(FadeIn(card, shift=UP * style.SHIFT), run_time=style.BEAT)

    def autograd_steps(self, heading, steps) -> None:
        """Code blocks of one running session, each with what Python prints."""
        blocks = VGroup(*(self.step_block(s) for s in steps))
        blocks.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        blocks.next_to(heading, DOWN, buff=style.GAP).to_edge(LEFT, buff=style.WIDE_GAP)
        for step, block in zip(steps, blocks):
            x = fmt.num(self.data.steps[0].run.names["x"])
            with self.say(filled(self.STEP_LINES[step.action], shown=step.shown,
                                 x=x)):
                self.play(FadeIn(block, shift=UP * style.SHIFT), run_time=style.BEAT)
            if step.action == "Stop tracking":
                self.tracked_outside(block)

    STEP_LINES = {
        "Compute grad": "backward runs the graph in reverse. It returns {shown}: the "
        "gradient is stored, not returned.",
        "Access grad": "It lands in x dot grad: {shown}, the slope of x squared at "
        "x equals {x}.",
        "Reset grad": "zero_grad, called with its brackets, clears the stored "
        "gradient before the next step; now x dot grad is {shown}.",
        "Stop tracking": "Inside no_grad, torch records nothing: the result has no "
        "graph, so we get {shown}.",
    }

    def step_block(self, step) -> VGroup:
        title = label(step.action, size=style.BODY_SIZE, color=style.OPERAND_A)
        indents = [len(line) - len(line.lstrip()) for line in step.lines]
        body = lines([line[k:] for line, k in zip(step.lines, indents)],
                     size=style.SMALL_SIZE)
        for k, text in zip(indents, body):  # keep Python's indentation
            text.shift(RIGHT * k * MONO_CHAR)
        out = code(gives(step.shown), size=style.SMALL_SIZE, color=style.RESULT)
        return VGroup(title, body, out).arrange(
            DOWN, aligned_edge=LEFT, buff=style.TIGHT
        )

    def dropout_not_eval(self, heading) -> None:
        """``operators().dropout``: no_grad stops the graph, not dropout."""
        d = self.data.dropout
        title = label("no_grad is not eval()", size=style.BODY_SIZE,
                      color=style.OPERAND_A)
        indents = [len(line) - len(line.lstrip()) for line in d.lines]
        body = lines([line[k:] for line, k in zip(d.lines, indents)],
                     size=style.SMALL_SIZE)
        for k, text in zip(indents, body):  # keep Python's indentation
            text.shift(RIGHT * k * MONO_CHAR)
        left = VGroup(title, body).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        outs = VGroup(*(
            VGroup(code(name, size=style.SMALL_SIZE, color=style.MUTED),
                   tensor_grid(t, style.RESULT)).arrange(DOWN, aligned_edge=LEFT,
                                                         buff=style.TIGHT)
            for name, t in (("in_train", d.in_train), ("in_eval", d.in_eval))))
        outs.arrange(DOWN, aligned_edge=LEFT, buff=style.WIDE_GAP)
        VGroup(left, outs).arrange(RIGHT, buff=style.WIDE_GAP, aligned_edge=UP)
        VGroup(left, outs).next_to(heading, DOWN, buff=style.GAP).set_x(0)
        with self.say(fmt.f("no_grad is not eval. A Dropout layer with p equal to "
                            "{}, in training mode and under no_grad, still zeroes "
                            "{} of these {} ones, and scales the rest up to {}.",
                            fmt.num(d.p), fmt.num(d.dropped), fmt.num(d.numel),
                            fmt.num(d.kept))):
            self.play(FadeIn(left), run_time=style.BEAT)
            self.play(FadeIn(outs[0]), run_time=style.BEAT)
        with self.say(fmt.f("Only eval switches dropout off: all {} come through "
                            "as {}. no_grad stops the graph; eval changes what "
                            "layers do. At inference, use both.", fmt.num(d.numel),
                            fmt.num(d.eval_value))):
            self.play(FadeIn(outs[1]), run_time=style.BEAT)

    def tracked_outside(self, block) -> None:
        d = self.data
        line = VGroup(
            code(d.tracked.code, size=style.SMALL_SIZE, color=style.MUTED),
            code(gives(d.tracked_shown), size=style.SMALL_SIZE, color=style.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        line.next_to(block, DOWN, buff=style.GAP).align_to(block, LEFT)
        with self.say(
            fmt.f("Outside no_grad the same product is tracked: {}.", d.tracked_shown)
        ):
            self.play(FadeIn(line), run_time=style.FAST)
