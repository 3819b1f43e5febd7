"""Part 1, math foundation: the symbols of the guide, each checked by torch.

Shows ``tensors.notation``: the notation table with torch's answer to every
worked example, sigma as a loop, a partial derivative as the slope of a
slice, and a vector as an arrow with a length and a direction.
"""

from __future__ import annotations

import re
from typing import ClassVar

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    ReplacementTransform,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.cards import Recap
from scenes.kit.code import gives, result_line, snippet
from scenes.kit.contours import ContourMap
from scenes.kit.text import code, label, lines, tex
from tensors import fmt
from tensors.notation import (
    SymbolRow,
    notation_table,
    partial_slope,
    shown,
    sigma_loop,
)

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
SYMBOL_COLUMN = 1.5  # width of the symbol column
NAME_COLUMN = 6.0  # width of the name / meaning column
ROW_GAP = 0.2
WARNING_WRAP = 78  # characters per line of torch's warning under the .T line
PROBLEM_WIDTH = 5.0  # the opening's plot of the running problem's four points
PROBLEM_HEIGHT = 3.1
AGENDA_SCALE = 0.9  # the agenda, a little smaller to fit beside the problem
SYMBOL_ROWS = 3  # the symbols of the chapter, in the problem's place
SLICE_WIDTH = 5.0
SLICE_HEIGHT = 4.6
MAP_SIDE = 4.4  # side of the contour map of z(x, y)


def column_tex(rows: list[list[str]]) -> str:
    """A column vector in TeX from ``fmt.grid`` rows of one entry each."""
    return (r"\begin{bmatrix}" + fmt.join([r[0] for r in rows], r"\\")
            + r"\end{bmatrix}")


FIELD = re.compile(r"\{(\w+)\}")


def fill(template: str, **parts: object) -> str:
    """``template.format(**parts)`` for ``{name}`` fields, spans kept (fmt.f)."""
    names = FIELD.findall(template)
    return fmt.f(FIELD.sub("{}", template), *(parts[n] for n in names))


class SymbolLine(VGroup):
    """One row of the notation table: symbol | name, meaning | example, code.

    Columns sit at fixed offsets from the row's left edge, so stacked rows
    line up. ``note`` (possibly empty) is drawn under the answer, shown later.
    """

    def __init__(self, row: SymbolRow, with_setup: bool, note=None) -> None:
        super().__init__()
        symbol = tex(row.symbol, size=style.HEADING_SIZE, color=style.OPERAND_A)
        words = VGroup(label(row.name, size=style.BODY_SIZE),
                       label(row.meaning, size=style.SMALL_SIZE, color=style.MUTED))
        words.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        words.move_to(ORIGIN, aligned_edge=UP + LEFT)
        example = tex(row.example, size=style.BODY_SIZE)
        example.move_to(RIGHT * NAME_COLUMN + UP * (words.get_center()[1]),
                        aligned_edge=LEFT)
        setup = fmt.split(row.setup, "; ") if with_setup and row.setup else []
        answer = result_line(row.code, row.shown)
        if row.value is not None and getattr(row.value, "dim", None) \
                and row.value.dim() == 2:
            answer.add(tex(column_tex(fmt.grid(row.value)), color=style.RESULT))
            answer.arrange(RIGHT, buff=style.GAP / 2)
        run = VGroup(*(code(s, size=style.SMALL_SIZE, color=style.MUTED)
                       for s in setup), answer, *([note] if note else []))
        run.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        run.next_to(VGroup(words, example), DOWN, buff=style.TIGHT)
        run.align_to(words, LEFT)
        symbol.move_to(LEFT * SYMBOL_COLUMN / 2 + UP * words[0].get_center()[1])
        self.add(symbol, words, example, run)
        self.words, self.answer, self.note, self.run = words, answer, note, run
        if note is not None:
            note.row = answer  # the answer line the note is about


class NotationTable(LectureScene):
    """``notation_table()``: each symbol, its meaning, and torch's worked example."""

    LESSON = staticmethod(notation_table)
    SHOWS = ("groups.*.rows.*.code", "groups.*.rows.*.shown",
             "groups.*.rows.*.name", "flat_t.value", "flat_t.code",
             "flat_t_warning", "int_dtype.code", "problem.x", "problem.y",
             "problem.x_ticks", "problem.y_ticks", "problem.w", "problem.b")
    HEADING = "The notation, checked by torch"

    NARRATION: ClassVar[dict[str, str]] = {
        "Variables": "A letter is a name for a number. Torch holds one in a tensor: "
                     "here, {shown}.",
        "Real numbers": "Blackboard R is the set of real numbers: whole numbers, "
                        "negatives, fractions, and numbers like pi. Here are {numel} "
                        "of them in one tensor: {shown}. Pi itself is stored only "
                        "approximately, to about seven digits.",
        "Belongs to": "The next symbol is read 'in', and means belongs to: x in R "
                      "says x is a real number. A computer keeps reals as "
                      "floating-point numbers, and torch's default float dtype is "
                      "{shown}.",
        "n-dimensional space": "R to the n is every list of n real numbers. One "
                               "point, x y z, belongs to R three; asked for its "
                               "shape, torch prints {shown}.",
        "Summation": "Big sigma adds a series of terms. Torch adds the same numbers "
                     "and gets {shown}.",
        "Product": "Big pi multiplies them instead. Torch's prod gives {shown}.",
        "Partial derivative": "The curly d is a partial derivative: how fast f changes "
                              "when only x moves. In torch, f dot backward works it "
                              "out and leaves it in x dot grad: {shown}, which is y.",
        "Gradient": "Nabla collects every partial derivative into one vector. At "
                    "x = {x} and y = {y}, that one backward call filled y dot grad "
                    "too; stacked, they are {shown}: df by dx is y, {y}, then df "
                    "by dy is x, {x}.",
        "Norm": "Double bars mean length. Pythagoras and torch.linalg.norm agree: "
                "{shown}.",
        "Transpose": "A small T turns a row into a column. The row becomes a column "
                     "of shape {shown}.",
        "Dot product": "The dot multiplies matching entries and adds them up: "
                       "torch.dot gives {shown}.",
    }

    # What the opening says the lecture covers, in its order: the notation,
    # then the tools as the running problem needs them, then the tables and
    # the practice questions.
    AGENDA = ("The notation",
              "Shapes: x and y",
              "Broadcasting: w * x + b",
              "@ for a second feature",
              "Autograd: dL/dw, dL/db",
              "Gradient descent on its loss",
              "The training loop",
              "Memory tables, practice questions")

    def construct(self) -> None:
        heading = self.show_heading()
        self.opening(heading)
        for group in self.data.groups:
            title, rows = group.title, group.rows
            # Step: one screen per group, a row at a time.
            subtitle = label(title, size=style.BODY_SIZE, color=style.MUTED)
            subtitle.next_to(heading, DOWN, buff=style.GAP)
            screen = self.screen(rows).next_to(subtitle, DOWN, buff=style.TIGHT)
            screen.to_edge(LEFT, buff=style.EDGE_BUFF)
            self.play(FadeIn(subtitle), run_time=style.FAST)
            point = {k: fmt.num(v) for k, v in self.data.point.names.items()}
            for row, line in zip(rows, screen):
                if line.note is not None:  # laid out with its row, shown later
                    line.run.remove(line.note)
                shown = list(line)
                with self.say(fill(self.NARRATION[row.name], shown=row.shown,
                                   numel=row.numel, **point)):
                    self.play(*(FadeIn(m, shift=UP * style.SHIFT) for m in shown),
                              run_time=style.BEAT)
                if line.note is not None:
                    self.NOTES[row.name][1](self, line.note)
            self.hold()
            if group is not self.data.groups[-1]:
                self.clear_below(keep=[heading])

    def opening(self, heading) -> None:
        """The running problem, the path the lecture takes through it, then the
        symbols this chapter explains."""
        p = self.data.problem
        problem = self.problem_panel()
        problem.next_to(heading, DOWN, buff=style.GAP)
        problem.to_edge(LEFT, buff=style.EDGE_BUFF)
        # Step: our running problem, named with its four points on screen.
        with self.say(fmt.f("One problem runs through this whole lecture. Here are "
                            "our four points: x is {}, and y is {}. Find the w and "
                            "b of the line w x plus b that passes closest to them.",
                            fmt.join([fmt.num(v) for v in p.x]),
                            fmt.join([fmt.num(v) for v in p.y]))):
            self.play(FadeIn(problem.words), run_time=style.FAST)
            self.play(FadeIn(problem.plot), run_time=style.BEAT)
            self.play(FadeIn(problem.dots, scale=style.SHIFT), run_time=style.FAST)
        with self.say(fmt.f("A first guess, w = {} and b = {}, draws this dashed "
                            "line. It passes below all four points: only a guess.",
                            p.w, p.b)):
            self.play(Create(problem.guess.line), FadeIn(problem.guess.legend),
                      run_time=style.BEAT)

        # Step: the lecture as the path through the problem.
        agenda = Recap("One problem, tool by tool", self.AGENDA).scale(AGENDA_SCALE)
        # the problem's tools: every line but the first and the last
        agenda.items[1:-1].set_color(style.OPERAND_A)
        agenda.next_to(heading, DOWN, buff=style.GAP)
        agenda.align_to(problem, UP).shift(RIGHT * (problem.get_right()[0]
                                                    + style.WIDE_GAP
                                                    - agenda.get_left()[0]))
        with self.say("Each tool the lecture teaches comes in when our running "
                      "problem needs it: the shapes of x and y, broadcasting in "
                      "w times x plus b, the at operator for a second feature, "
                      "autograd for the slopes of the loss, gradient descent on "
                      "that loss, and the training loop. Around them: the notation "
                      "first, the memory tables and every practice question last."):
            self.reveal(agenda)

        # Step: the symbols, where the problem was.
        rows = self.data.rows
        per_row = -(-len(rows) // SYMBOL_ROWS)
        symbols = VGroup(*(
            VGroup(*(tex(r.symbol, size=style.HEADING_SIZE, color=style.OPERAND_A)
                     for r in rows[k:k + per_row])).arrange(RIGHT, buff=style.WIDE_GAP)
            for k in range(0, len(rows), per_row)))
        symbols.arrange(DOWN, buff=style.WIDE_GAP)
        symbols.scale_to_fit_width(min(symbols.width, problem.width))
        symbols.move_to(problem)
        with self.say("Before any code, the symbols. Each one comes with a small "
                      "example, and torch works every example out."):
            self.play(*(m.animate.set_opacity(style.DASH_OPACITY)
                        for m in [agenda.title, *agenda.items[1:]]),
                      Indicate(agenda.items[0], color=style.OPERAND_A),
                      FadeOut(problem), run_time=style.FAST)
            self.play(FadeIn(symbols), run_time=style.BEAT)
        self.clear_below(keep=[heading])

    def problem_panel(self) -> VGroup:
        """The running problem: its name, its data, its question, its points on
        axes with tick values, and the first guess as a faint dashed line."""
        p = self.data.problem
        title = label("Our running problem", size=style.HEADING_SIZE,
                      color=style.RESULT)
        data = tex(fmt.f(r"x = {} \qquad y = {}", fmt.vector(p.x), fmt.vector(p.y)),
                   size=style.BODY_SIZE, color=style.OPERAND_A)
        ask = label("Find the w and b of the line y = w\u00b7x + b\n"
                    "that passes closest to these four points.",
                    size=style.SMALL_SIZE)
        words = VGroup(title, data, ask).arrange(DOWN, aligned_edge=LEFT,
                                                 buff=style.TIGHT)
        axes = Axes(x_range=[*p.plot_x, p.x_ticks[1] - p.x_ticks[0]],
                    y_range=[*p.plot_y, p.y_ticks[0] - p.plot_y[0]],
                    x_length=PROBLEM_WIDTH, y_length=PROBLEM_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        ticks = VGroup(
            *(self.tick(t).next_to(axes.c2p(t, 0), DOWN, buff=style.TIGHT)
              for t in p.x_ticks),
            *(self.tick(t).next_to(axes.c2p(0, t), LEFT, buff=style.TIGHT)
              for t in p.y_ticks))
        names = VGroup(tex("x", color=style.MUTED).next_to(axes.x_axis, RIGHT,
                                                           buff=style.TIGHT),
                       tex("y", color=style.MUTED).next_to(axes.y_axis, UP,
                                                           buff=style.TIGHT))
        plot = VGroup(axes, ticks, names)
        plot.next_to(words, DOWN, buff=style.GAP)
        plot.shift(RIGHT * (words.get_left()[0] - ticks.get_left()[0]))
        dots = VGroup(*(Dot(axes.c2p(float(a), float(b)), color=style.OPERAND_A)
                        for a, b in zip(p.x, p.y)))
        line = DashedLine(axes.c2p(p.plot_x[0], float(p.guess_ends[0])),
                          axes.c2p(p.plot_x[1], float(p.guess_ends[1])),
                          color=style.GRADIENT, stroke_opacity=style.DASH_OPACITY)
        legend = label(fmt.f("dashed: a first guess, w = {}, b = {}", p.w, p.b),
                       size=style.TINY_SIZE, color=style.GRADIENT)
        legend.next_to(ticks, DOWN, buff=style.TIGHT).align_to(words, LEFT)
        guess = VGroup(line, legend)
        guess.line, guess.legend = line, legend
        panel = VGroup(words, plot, dots, guess)
        panel.words, panel.plot, panel.dots, panel.guess = words, plot, dots, guess
        return panel

    @staticmethod
    def tick(value):
        """A tick value by an axis of the running problem's plot."""
        return label(fmt.num(value), size=style.TINY_SIZE, color=style.MUTED)

    def screen(self, rows) -> VGroup:
        """Rows stacked, each shared setup written once, the flat note reserved."""
        seen: set[str] = set()
        out = VGroup()
        for row in rows:
            note = self.NOTES[row.name][0](self) if row.name in self.NOTES else None
            out.add(SymbolLine(row, with_setup=row.setup not in seen, note=note))
            seen.add(row.setup)
        out.arrange(DOWN, buff=ROW_GAP)
        for line in out:  # line up the name columns, not the symbols
            line.shift(RIGHT * (out[0].words.get_left()[0] - line.words.get_left()[0]))
        return out

    def flat_line(self):
        d = self.data
        return VGroup(
            code(d.flat_t.code + " " + gives(shown(d.flat_t.value)),
                 size=style.SMALL_SIZE, color=style.HIGHLIGHT),
            label(fmt.join(fmt.lines(d.flat_t_warning, WARNING_WRAP), "\n"),
                  size=style.TINY_SIZE, color=style.HIGHLIGHT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)

    def flat_note(self, note) -> None:
        """A 1-D tensor has no rows or columns, so .T cannot make it a column."""
        d = self.data
        listed = fmt.join([fmt.num(v) for v in d.flat_list])
        with self.say(fmt.f("Why the double brackets? The guide says the plain list "
                            "{} transposed becomes vertical, but in torch that "
                            "fails. A flat tensor has shape {}: no rows, no columns, "
                            "nothing to flip. Dot T hands it back unchanged and "
                            "warns that this use is deprecated.", listed,
                            shown(d.flat_t.value))):
            self.play(FadeIn(note), run_time=style.FAST)
        with self.say("Written as one row, with double brackets, it can be turned "
                      "into a column."):
            self.play(Indicate(note.row, color=style.OPERAND_A), run_time=style.FAST)

    def int_line(self):
        r = self.data.int_dtype
        return code(r.code + " " + gives(shown(r.value))
                    + "  (no decimal point: integers)",
                    size=style.SMALL_SIZE, color=style.MUTED)

    def int_note(self, note) -> None:
        """float32 is only the default for floats; a tensor of ints is int64."""
        r = self.data.int_dtype
        with self.say(fmt.f("That is only the default for floats. Written without "
                            "a decimal point, as in the first row, a tensor holds "
                            "integers: {}.", shown(r.value))):
            self.play(FadeIn(note), run_time=style.FAST)

    # Notes drawn under a row: (make the line, narrate it).
    NOTES: ClassVar[dict] = {"Transpose": (flat_line, flat_note),
                             "Belongs to": (int_line, int_note)}


class SigmaAsALoop(LectureScene):
    """``sigma_loop()``: the sum of squares term by term, then torch and Python."""

    LESSON = staticmethod(sigma_loop)
    SHOWS = ("running", "terms", "total", "cumsum.code", "cumsum.value",
             "python.code", "python.value", "python_range.code", "python_range.value",
             "problem.loss_tex", "problem.loop.code", "problem.loop.value",
             "problem.terms", "problem.by_torch.code", "problem.by_torch.value")
    HEADING = "Sigma is a loop"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        formula = tex(fmt.f("{} = {}", d.sum_tex, d.expanded_tex),
                      size=style.HEADING_SIZE)
        formula.next_to(heading, DOWN, buff=style.WIDE_GAP)
        with self.say("Sigma is a loop written in math. The counter i starts at the "
                      "bottom number, stops at the top one, and each term is added "
                      "to a running total."):
            self.play(Write(formula), run_time=style.BEAT)

        # Step: the loop, one pass per term, the total from torch.cumsum.
        passes = VGroup(*(m for k in range(len(d.terms)) for m in self.one_pass(k)))
        passes.arrange_in_grid(rows=len(d.terms), col_alignments="lll",
                               buff=(style.WIDE_GAP, style.GAP / 2))
        passes.next_to(formula, DOWN, buff=style.GAP)
        columns = len(passes) // len(d.terms)
        for k in range(len(d.terms)):
            with self.say(fmt.f("Pass {}: the term is {}, so the total is now {}.",
                                d.i[k], d.terms[k], d.running[k])):
                self.play(FadeIn(passes[k * columns:(k + 1) * columns],
                                 shift=RIGHT * style.SHIFT), run_time=style.FAST)

        # Step: the same loop in torch and in plain Python.
        torch_line = result_line(d.cumsum.code, fmt.vector(d.cumsum.value))
        python_line = result_line(d.python.code, fmt.num(d.python.value))
        code_block = VGroup(
            label("torch keeps every running total:", size=style.SMALL_SIZE,
                  color=style.MUTED), torch_line,
            label("plain Python, one line:", size=style.SMALL_SIZE, color=style.MUTED),
            python_line,
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        code_block.next_to(passes, DOWN, buff=style.GAP)
        with self.say(fmt.f("Torch's cumsum computes all the running totals at "
                            "once; the last one, {}, is the sum.", d.total)):
            self.play(FadeIn(code_block[:2]), run_time=style.BEAT)
        with self.say(fmt.f("And the same loop in one line of Python, run for "
                            "real, gives {} as well.", d.python.value)):
            self.play(FadeIn(code_block[2:]), run_time=style.BEAT)
        last, end = fmt.num(d.python_range.value[-1]), fmt.num(d.stop)
        listed = "[" + fmt.join([fmt.num(v) for v in d.python_range.value]) + "]"
        stops = result_line(d.python_range.code, listed)
        stops.next_to(code_block, DOWN, buff=style.TIGHT).align_to(code_block, LEFT)
        with self.say(fmt.f("Why does range stop at {} when it says {}? Python's "
                            "range, like torch.arange, leaves out its end: the top "
                            "of the sigma plus one.", last, end)):
            self.play(FadeIn(stops), run_time=style.BEAT)
        total = tex(fmt.f("{} = {} = {}", d.sum_tex, d.expanded_tex, d.total),
                    size=style.HEADING_SIZE,
                    color=style.RESULT).move_to(formula)
        with self.say(fmt.f("So the sum of the first {} squares is {}.",
                            d.terms.shape[0], d.total)):
            self.play(FadeIn(total), formula.animate.set_opacity(0),
                      run_time=style.BEAT)
        self.hold()
        self.clear_below(keep=[heading])
        self.running_loss(heading)

    def running_loss(self, heading) -> None:
        """``problem``: our running problem's loss at the first guess, a sigma
        too: a Python loop over the four points, one term each, then torch."""
        p = self.data.problem
        formula = tex(p.loss_tex, size=style.HEADING_SIZE)
        formula.next_to(heading, DOWN, buff=style.GAP)
        with self.say(fmt.f("Our running problem's loss is a sigma too: square the "
                            "miss, w x i plus b minus y i, at each of our {} "
                            "points, add them up, and divide by n.", p.n)):
            self.play(Write(formula), run_time=style.BEAT)

        # Step: the loop at the guess, one term a point.
        loop = snippet(p.loop, fmt.num(p.loop.value), size=style.SMALL_SIZE)
        loop.next_to(formula, DOWN, buff=style.GAP).to_edge(LEFT,
                                                           buff=style.EDGE_BUFF)
        terms = VGroup(*(tex(fmt.f(r"({} \cdot {} + {} - {})^{{{}}} = {}", p.w,
                                   p.x[k], p.b, p.y[k], p.power, p.terms[k]),
                             color=style.OPERAND_B) for k in range(p.n)))
        terms.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        terms.next_to(loop, RIGHT, buff=style.WIDE_GAP).align_to(loop, UP)
        with self.say(fmt.f("At the first guess, w = {} and b = {}, a Python "
                            "for-loop adds one term a point.", p.w, p.b)):
            self.play(FadeIn(loop[0]), run_time=style.BEAT)
        *first, last = [fmt.num(t) for t in p.terms]
        with self.say(fmt.f("The terms: {} and {}.", fmt.join(first), last)):
            self.play(*(FadeIn(t, shift=RIGHT * style.SHIFT) for t in terms),
                      run_time=style.BEAT)

        # Step: their mean, from the loop and from torch's one line.
        mean = tex(fmt.f("L = ({}) / {} = {}", fmt.join(
            [fmt.num(t) for t in p.terms], " + "), p.n, p.loop.value),
            color=style.RESULT)
        by_torch = result_line(p.by_torch.code, fmt.num(p.by_torch.value))
        checks = VGroup(mean, by_torch).arrange(DOWN, aligned_edge=LEFT,
                                                buff=style.GAP)
        checks.next_to(loop, DOWN, buff=style.GAP).align_to(loop, LEFT)
        with self.say(fmt.f("Added up and divided by {}, they give {}. Torch's one "
                            "line, the mean of the squared misses, gives {} too.",
                            p.n, p.loop.value, p.by_torch.value)):
            self.play(FadeIn(loop.result), FadeIn(mean), run_time=style.BEAT)
            self.play(FadeIn(by_torch), run_time=style.BEAT)
        self.hold()

    def one_pass(self, k: int) -> VGroup:
        """``i = k:  k^2 = term   total = running``."""
        d = self.data
        return VGroup(
            tex(fmt.f("i = {}", d.i[k]), color=style.OPERAND_A),
            tex(fmt.f("{} = {}", d.term_tex[k], d.terms[k]), color=style.OPERAND_B),
            tex(fmt.f(r"\text{{total}} = {}", d.running[k]), color=style.RESULT),
        )


class PartialDerivativeSlice(LectureScene):
    """``partial_slope()``: z(x, y)'s contour map, the slice at fixed y, its slope."""

    LESSON = staticmethod(partial_slope)
    SHOWS = ("z_tex", "slice_tex", "autograd_lines", "autograd.value", "formula.code",
             "formula.value", "z0", "both.value")
    HEADING = "Partial derivatives: hold the others still"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        axes, names, curve, tangent = self.slice_plot()
        panel_left = axes.get_right() + RIGHT * style.GAP
        z = tex(d.z_tex, size=style.HEADING_SIZE).next_to(heading, DOWN, buff=style.GAP)
        z.align_to(panel_left, LEFT)
        surface = ContourMap(d.levels, d.x_range, d.y_range, MAP_SIDE,
                             MAP_SIDE).move_to(axes)
        map_ticks = self.map_ticks(surface)
        with self.say("This z depends on two inputs, x and y. Seen from above, each "
                      "line of this map joins points where z has the same value."):
            self.play(Write(z), FadeIn(surface), FadeIn(map_ticks),
                      run_time=style.BEAT)

        # Step: freeze y: a straight walk across the map, along x only.
        sliced = tex(d.slice_tex, color=style.OPERAND_A)
        sliced.next_to(z, DOWN, buff=style.GAP).align_to(z, LEFT)
        walk = Line(surface.point(d.x_range[0], d.y0),
                    surface.point(d.x_range[1], d.y0),
                    color=style.OPERAND_A, stroke_width=style.EDGE_STROKE)
        here = Dot(surface.point(d.x0, d.y0), color=style.OPERAND_B,
                   radius=style.DOT_RADIUS)
        with self.say(fmt.f("A partial derivative asks: how fast does z change if "
                            "only x moves? Hold y still at {} and walk along this "
                            "line, east only.", d.y0)):
            self.play(Create(walk), FadeIn(here), FadeIn(sliced),
                      map_ticks.held.animate.set_color(style.OPERAND_A),
                      run_time=style.BEAT)
            self.play(Indicate(map_ticks.held, color=style.OPERAND_A),
                      run_time=style.FAST)
        with self.say("Along that line z is an ordinary curve in x: one slice "
                      "through the surface."):
            self.play(FadeOut(surface), FadeOut(here), FadeOut(map_ticks),
                      FadeIn(axes), FadeIn(names),
                      ReplacementTransform(walk, curve), run_time=style.BEAT)

        # Step: the point and the tangent line there.
        point = axes.c2p(float(d.x0), float(d.z0))
        dot = Dot(point, color=style.OPERAND_B, radius=style.DOT_RADIUS)
        where = tex(fmt.f(r"({},\ {})", d.x0, d.z0), color=style.OPERAND_B)
        where.next_to(dot, LEFT, buff=style.GAP / 2)
        with self.say(fmt.f("Pick the point x equals {}; there z is {}. The slope "
                            "of the slice at this point is the partial derivative: "
                            "the steepness of the tangent line.", d.x0, d.z0)):
            self.play(FadeIn(dot), FadeIn(where), run_time=style.FAST)
            self.play(Create(tangent), run_time=style.BEAT)
        self.by_autograd(sliced, z, tangent)
        self.hold()

    def by_autograd(self, sliced, z, tangent) -> None:
        """Autograd's slope, the same with y requiring grad, then the formula's."""
        d = self.data
        *setup, last = d.autograd_lines
        grad = lines(setup, size=style.SMALL_SIZE)
        grad.add(result_line(last, fmt.num(d.autograd.value)))
        grad.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        grad.next_to(sliced, DOWN, buff=style.GAP).align_to(z, LEFT)
        with self.say(fmt.f("Autograd finds it for us: x dot grad comes back as {}.",
                            d.autograd.value)):
            self.play(FadeIn(grad), run_time=style.BEAT)
        y_line = fmt.split(d.both.code)[1]
        both = lines([y_line,
                      "x.grad " + gives(fmt.num(d.both.value))],
                     size=style.TINY_SIZE, color=style.MUTED)
        both.next_to(grad, DOWN, buff=style.TIGHT).align_to(z, LEFT)
        with self.say(fmt.f("y needs no gradient here, but that is not what holds "
                            "it still: give y requires grad too, and x dot grad is "
                            "still {}. Holding y fixed is simply what a partial "
                            "derivative means.", d.both.value)):
            self.play(FadeIn(both), run_time=style.BEAT)
        rule = tex(d.dzdx_tex, color=style.GRADIENT)
        check = result_line(d.formula.code, fmt.num(d.formula.value))
        pair = VGroup(rule, check).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        pair.next_to(both, DOWN, buff=style.GAP).align_to(z, LEFT)
        with self.say(fmt.f("By hand: treat y as a constant and differentiate in "
                            "x. The formula, computed in torch, gives {} too: the "
                            "same slope.", d.formula.value)):
            self.play(FadeIn(pair), run_time=style.BEAT)
            self.play(Indicate(tangent, color=style.GRADIENT), run_time=style.BEAT)

    def map_ticks(self, surface) -> VGroup:
        """x values under the map, y values left of it; ``held`` is y0's."""
        d = self.data
        (x_low, _), (y_low, _) = d.x_range, d.y_range
        xs = VGroup(*(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
                      .next_to(surface.point(t, y_low), DOWN, buff=style.TIGHT)
                      for t in d.x_ticks))
        ys = VGroup(*(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
                      .next_to(surface.point(x_low, t), LEFT, buff=style.TIGHT)
                      for t in d.y_ticks))
        surface.names[0].next_to(xs, DOWN, buff=style.TIGHT)
        surface.names[1].next_to(ys, LEFT, buff=style.TIGHT)
        ticks = VGroup(xs, ys)
        ticks.held = ys[[float(t) for t in d.y_ticks].index(float(d.y0))]
        return ticks

    def slice_plot(self):
        """Axes, the curve z(x, y0) and its tangent at x0, all from torch samples."""
        d = self.data
        axes = Axes(x_range=[*d.x_range, 1], y_range=[*d.z_range, d.z_step],
                    x_length=SLICE_WIDTH, y_length=SLICE_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        axes.to_edge(LEFT, buff=style.WIDE_GAP).to_edge(DOWN, buff=style.WIDE_GAP)
        # Tick values; the one 0 sits below and left of where the axes cross.
        ticks = VGroup(
            *(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
              .next_to(axes.x_axis.n2p(t), DOWN if t else DOWN + LEFT,
                       buff=style.TIGHT)
              for t in d.x_ticks),
            *(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
              .next_to(axes.y_axis.n2p(t), LEFT, buff=style.TIGHT)
              for t in d.z_ticks if t),
        )
        names = VGroup(
            ticks,
            tex("x", color=style.MUTED).next_to(axes.x_axis.get_end(), UP,
                                                buff=style.TIGHT),
            tex("z", color=style.MUTED).next_to(axes.y_axis.get_top(), RIGHT,
                                                buff=style.TIGHT),
        )
        xs = [float(v) for v in d.xs]
        curve = axes.plot_line_graph(xs, [float(v) for v in d.zs],
                                     add_vertex_dots=False, line_color=style.OPERAND_A)
        tangent = axes.plot_line_graph(xs, [float(v) for v in d.tangent],
                                       add_vertex_dots=False,
                                       line_color=style.GRADIENT)
        return axes, names, curve, tangent
