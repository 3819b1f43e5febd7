"""Part 1, math foundation: the symbols of the guide, each checked by torch.

Shows ``tensors.notation``: the notation table with torch's answer to every
worked example, sigma as a loop, a partial derivative as the slope of a
slice, and a vector as an arrow with a length and a direction.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    GrowArrow,
    Indicate,
    VGroup,
    Write,
)

from scenes import style
from scenes.common import LectureScene, code, label, lines, tex
from tensors import fmt
from tensors.notation import (
    SymbolRow,
    notation_table,
    partial_slope,
    sigma_loop,
    vector_arrow,
)

ARROW = " \u2192 "


def column_tex(rows: list[list[str]]) -> str:
    """A column vector in TeX from ``fmt.grid`` rows of one entry each."""
    return r"\begin{bmatrix}" + r"\\".join(r[0] for r in rows) + r"\end{bmatrix}"


def result_line(source: str, shown: str) -> VGroup:
    """``code  ->  result``, the result in the result colour."""
    left = code(source, size=style.SMALL_SIZE)
    right = code(ARROW.strip() + " " + shown, size=style.SMALL_SIZE, color=style.RESULT)
    return VGroup(left, right).arrange(RIGHT, buff=style.GAP / 2)


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
        example.move_to(RIGHT * style.NAME_COLUMN + UP * (words.get_center()[1]),
                        aligned_edge=LEFT)
        setup = row.setup.split("; ") if with_setup and row.setup else []
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
        symbol.move_to(LEFT * style.SYMBOL_COLUMN / 2 + UP * words[0].get_center()[1])
        self.add(symbol, words, example, run)
        self.words, self.answer, self.note = words, answer, note


class NotationTable(LectureScene):
    """``notation_table()``: each symbol, its meaning, and torch's worked example."""

    LESSON = staticmethod(notation_table)
    SHOWS = ("rows.*.code", "rows.*.shown", "rows.*.name", "flat.value", "flat.code")
    HEADING = "The notation, checked by torch"

    NARRATION = {
        "Variables": "A letter is a name for a number. Torch holds one in a tensor: "
                     "here, {shown}.",
        "Real numbers": "Blackboard R is the set of real numbers: whole numbers, "
                        "negatives, fractions, and pi. Torch stores pi as {shown}.",
        "Belongs to": "The curly e means 'belongs to'. x in R says x is a real "
                      "number; torch keeps such numbers as {shown}.",
        "n-dimensional space": "R to the n is every list of n real numbers. One "
                               "point, x y z, belongs to R three; torch calls its "
                               "shape {shown}.",
        "Summation": "Big sigma adds a series of terms. Torch adds the same numbers "
                     "and gets {shown}.",
        "Product": "Big pi multiplies them instead. Torch's prod gives {shown}.",
        "Partial derivative": "The curly d is a partial derivative: how fast f changes "
                              "when only x moves. Autograd gives {shown}, which is y.",
        "Gradient": "Nabla collects every partial derivative into one vector. Torch "
                    "returns {shown}: y first, then x.",
        "Norm": "Double bars mean length. Pythagoras and torch.linalg.norm agree: "
                "{shown}.",
        "Transpose": "A small T turns a row into a column. The row becomes a column "
                     "of shape {shown}.",
        "Dot product": "The dot multiplies matching entries and adds them up: "
                       "torch.dot gives {shown}.",
    }

    def construct(self) -> None:
        heading = self.show_heading()
        with self.say("Before any code, the symbols. Each one comes with a small "
                      "example, and torch works every example out."):
            self.hold()
        for title, rows in self.data.groups:
            # Step: one screen per group, a row at a time.
            subtitle = label(title, size=style.BODY_SIZE, color=style.MUTED)
            subtitle.next_to(heading, DOWN, buff=style.GAP)
            screen = self.screen(rows).next_to(subtitle, DOWN, buff=style.GAP)
            screen.to_edge(LEFT, buff=style.EDGE_BUFF)
            self.play(FadeIn(subtitle), run_time=style.FAST)
            for row, line in zip(rows, screen):
                shown = [m for m in line if m is not line.note]
                with self.say(self.NARRATION[row.name].format(shown=row.shown)):
                    self.play(*(FadeIn(m, shift=UP * style.SHIFT) for m in shown),
                              run_time=style.BEAT)
                if line.note is not None:
                    self.flat_note(line.note)
            self.hold()
            if title != self.data.groups[-1][0]:
                self.clear_below(keep=[heading])

    def screen(self, rows) -> VGroup:
        """Rows stacked, each shared setup written once, the flat note reserved."""
        seen: set[str] = set()
        out = VGroup()
        for row in rows:
            note = self.flat_line() if row.name == "Transpose" else None
            out.add(SymbolLine(row, with_setup=row.setup not in seen, note=note))
            seen.add(row.setup)
        out.arrange(DOWN, buff=style.ROW_GAP)
        for line in out:  # line up the name columns, not the symbols
            line.shift(RIGHT * (out[0].words.get_left()[0] - line.words.get_left()[0]))
        return out

    def flat_line(self):
        flat = self.data.flat
        return code(f"{flat.code}{ARROW}{fmt.shape(flat.value)}"
                    "  (flat: nothing to flip)",
                    size=style.SMALL_SIZE, color=style.MUTED)

    def flat_note(self, note) -> None:
        """A 1-D tensor has no rows or columns, so .T cannot make it a column."""
        shape = fmt.shape(self.data.flat.value)
        with self.say(f"Why the double brackets? A flat tensor has shape {shape}: no "
                      "rows, no columns, nothing to flip. Written as one row, it can "
                      "be turned into a column."):
            self.play(FadeIn(note), run_time=style.FAST)


class SigmaAsALoop(LectureScene):
    """``sigma_loop()``: the sum of squares term by term, then torch and Python."""

    LESSON = staticmethod(sigma_loop)
    SHOWS = ("running", "terms", "total", "cumsum.code", "cumsum.value",
             "python.code", "python.value")
    HEADING = "Sigma is a loop"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        formula = tex(rf"{d.sum_tex} = {d.expanded_tex}", size=style.HEADING_SIZE)
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
            with self.say(f"Pass {fmt.num(d.i[k])}: the term is {fmt.num(d.terms[k])}, "
                          f"so the total is now {fmt.num(d.running[k])}."):
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
        code_block.next_to(passes, DOWN, buff=style.WIDE_GAP)
        with self.say("Torch's cumsum computes all the running totals at once; the "
                      f"last one, {fmt.num(d.total)}, is the sum."):
            self.play(FadeIn(code_block[:2]), run_time=style.BEAT)
        with self.say("And the same loop in one line of Python, run for real, "
                      f"gives {fmt.num(d.python.value)} as well."):
            self.play(FadeIn(code_block[2:]), run_time=style.BEAT)
        total = tex(rf"{d.sum_tex} = {d.expanded_tex} = {fmt.num(d.total)}",
                    size=style.HEADING_SIZE,
                    color=style.RESULT).move_to(formula)
        with self.say(f"So the sum of the first squares is {fmt.num(d.total)}."):
            self.play(FadeIn(total), formula.animate.set_opacity(0),
                      run_time=style.BEAT)
        self.hold()

    def one_pass(self, k: int) -> VGroup:
        """``i = k:  k^2 = term   total = running``."""
        d = self.data
        return VGroup(
            tex(f"i = {fmt.num(d.i[k])}", color=style.OPERAND_A),
            tex(f"{d.term_tex[k]} = {fmt.num(d.terms[k])}", color=style.OPERAND_B),
            tex(rf"\text{{total}} = {fmt.num(d.running[k])}", color=style.RESULT),
        )


class PartialDerivativeSlice(LectureScene):
    """``partial_slope()``: z(x, y) sliced at fixed y, its tangent, autograd's slope."""

    LESSON = staticmethod(partial_slope)
    SHOWS = ("z_tex", "slice_tex", "autograd_lines", "autograd.value", "formula.code",
             "formula.value", "z0")
    HEADING = "Partial derivatives: hold the others still"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        axes, names, curve, tangent = self.slice_plot()
        panel_left = axes.get_right() + RIGHT * style.GAP
        z = tex(d.z_tex, size=style.HEADING_SIZE).next_to(heading, DOWN, buff=style.GAP)
        z.align_to(panel_left, LEFT)
        with self.say("This z depends on two inputs, x and y. A partial derivative "
                      "asks: how fast does z change if only x moves?"):
            self.play(Write(z), run_time=style.BEAT)

        # Step: freeze y, leaving a curve in x.
        sliced = tex(d.slice_tex, color=style.OPERAND_A)
        sliced.next_to(z, DOWN, buff=style.GAP).align_to(z, LEFT)
        with self.say(f"Hold y still at {fmt.num(d.y0)}. What is left is an ordinary "
                      "curve in x: one slice through the surface."):
            self.play(FadeIn(axes), FadeIn(names), FadeIn(sliced), run_time=style.FAST)
            self.play(Create(curve), run_time=style.BEAT)

        # Step: the point and the tangent line there.
        point = axes.c2p(float(d.x0), float(d.z0))
        dot = Dot(point, color=style.OPERAND_B, radius=style.DOT_RADIUS)
        where = tex(rf"({fmt.num(d.x0)},\ {fmt.num(d.z0)})", color=style.OPERAND_B)
        where.next_to(dot, LEFT, buff=style.GAP / 2)
        with self.say(f"Pick the point x equals {fmt.num(d.x0)}; there z is "
                      f"{fmt.num(d.z0)}. The slope of the slice at this point is the "
                      "partial derivative: the steepness of the tangent line."):
            self.play(FadeIn(dot), FadeIn(where), run_time=style.FAST)
            self.play(Create(tangent), run_time=style.BEAT)

        # Step: autograd's value, then the formula's.
        *setup, last = d.autograd_lines
        grad = lines(setup, size=style.SMALL_SIZE)
        grad.add(result_line(last, fmt.num(d.autograd.value)))
        grad.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        grad.next_to(sliced, DOWN, buff=style.WIDE_GAP).align_to(z, LEFT)
        with self.say("Autograd finds it for us. y is a plain tensor, so it stays "
                      "fixed, and x dot grad comes back as "
                      f"{fmt.num(d.autograd.value)}."):
            self.play(FadeIn(grad), run_time=style.BEAT)
        rule = tex(d.dzdx_tex, color=style.GRADIENT)
        check = result_line(d.formula.code, fmt.num(d.formula.value))
        pair = VGroup(rule, check).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        pair.next_to(grad, DOWN, buff=style.GAP).align_to(z, LEFT)
        with self.say("By hand: treat y as a constant and differentiate in x. The "
                      f"formula, computed in torch, gives {fmt.num(d.formula.value)} "
                      "too: the same slope."):
            self.play(FadeIn(pair), run_time=style.BEAT)
            self.play(Indicate(tangent, color=style.GRADIENT), run_time=style.BEAT)
        self.hold()

    def slice_plot(self):
        """Axes, the curve z(x, y0) and its tangent at x0, all from torch samples."""
        d = self.data
        axes = Axes(x_range=[*d.x_range, 1], y_range=[*d.z_range, d.z_range[1]],
                    x_length=style.SLICE_WIDTH, y_length=style.SLICE_HEIGHT,
                    tips=False, axis_config={"color": style.MUTED})
        axes.to_edge(LEFT, buff=style.WIDE_GAP).to_edge(DOWN, buff=style.WIDE_GAP)
        names = VGroup(
            tex("x", color=style.MUTED).next_to(axes.x_axis.get_end(), DOWN,
                                                buff=style.GAP),
            tex("z", color=style.MUTED).next_to(axes.y_axis, UP, buff=style.TIGHT),
        )
        xs = [float(v) for v in d.xs]
        curve = axes.plot_line_graph(xs, [float(v) for v in d.zs],
                                     add_vertex_dots=False, line_color=style.OPERAND_A)
        tangent = axes.plot_line_graph(xs, [float(v) for v in d.tangent],
                                       add_vertex_dots=False,
                                       line_color=style.GRADIENT)
        return axes, names, curve, tangent


class VectorAsArrow(LectureScene):
    """``vector_arrow()``: v = [3, 4] as an arrow, its norm and its unit vector."""

    LESSON = staticmethod(vector_arrow)
    SHOWS = ("code", "v", "norm_code", "norm", "unit_code", "unit", "unit_norm")
    HEADING = "A vector: a length and a direction"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        axes = Axes(x_range=[-1, d.extent, 1], y_range=[-1, d.extent, 1],
                    x_length=(d.extent + 1) * style.PLANE_UNIT,
                    y_length=(d.extent + 1) * style.PLANE_UNIT,
                    tips=False, axis_config={"color": style.MUTED})
        axes.to_edge(LEFT, buff=style.WIDE_GAP).to_edge(DOWN, buff=style.WIDE_GAP)
        (x, y), origin = (float(c) for c in d.v), axes.c2p(0, 0)
        arrow = Arrow(origin, axes.c2p(x, y), buff=0, color=style.OPERAND_A,
                      stroke_width=style.EDGE_STROKE)
        source = code(f"v = {d.code}").next_to(heading, DOWN, buff=style.GAP)
        source.align_to(axes.get_right() + RIGHT * style.WIDE_GAP, LEFT)
        name = tex(r"\mathbf{v}", color=style.OPERAND_A)
        name.next_to(arrow.get_center(), LEFT + UP, buff=style.TIGHT)
        with self.say(f"A one-dimensional tensor, {fmt.vector(d.v)}, can be drawn as "
                      "an arrow: go right by the first entry, up by the second."):
            self.play(FadeIn(axes), Write(source), run_time=style.FAST)
            self.play(Create(arrow), FadeIn(name), run_time=style.BEAT)
        legs = VGroup(
            DashedLine(origin, axes.c2p(x, 0), color=style.MUTED),
            DashedLine(axes.c2p(x, 0), axes.c2p(x, y), color=style.MUTED),
        ).set_opacity(style.DASH_OPACITY)
        leg_names = VGroup(
            tex(fmt.num(d.v[0]), color=style.MUTED)
            .next_to(legs[0], DOWN, buff=style.TIGHT),
            tex(fmt.num(d.v[1]), color=style.MUTED)
            .next_to(legs[1], RIGHT, buff=style.TIGHT),
        )

        # Step: the length, by Pythagoras and by torch.
        length = VGroup(tex(rf"{d.norm_tex} = {fmt.num(d.norm)}",
                            color=style.OPERAND_A),
                        result_line(d.norm_code, fmt.num(d.norm)))
        length.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        length.next_to(source, DOWN, buff=style.WIDE_GAP).align_to(source, LEFT)
        with self.say("Its magnitude is the arrow's length. The two legs make a right "
                      "triangle, and torch.linalg.norm measures the long side: "
                      f"{fmt.num(d.norm)}."):
            self.play(Create(legs), FadeIn(leg_names), run_time=style.BEAT)
            self.play(FadeIn(length), run_time=style.BEAT)

        # Step: the direction, as the unit vector.
        ux, uy = (float(c) for c in d.unit)
        unit = Arrow(origin, axes.c2p(ux, uy), buff=0, color=style.RESULT,
                     stroke_width=style.EDGE_STROKE * 2,
                     max_tip_length_to_length_ratio=style.TIP_RATIO * 2)
        direction = VGroup(result_line(d.unit_code, fmt.vector(d.unit)),
                           label(f"its length: {fmt.num(d.unit_norm)}",
                                 size=style.SMALL_SIZE, color=style.MUTED))
        direction.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        direction.next_to(length, DOWN, buff=style.WIDE_GAP).align_to(source, LEFT)
        with self.say("Its direction is what is left when the length is divided out: "
                      f"v over its norm is {fmt.vector(d.unit)}, an arrow of length "
                      f"{fmt.num(d.unit_norm)} pointing the same way."):
            self.play(FadeIn(direction), GrowArrow(unit), run_time=style.BEAT)
            self.play(FadeIn(tex(r"\mathbf{v} / \|\mathbf{v}\|", color=style.RESULT)
                             .next_to(unit.get_end(), RIGHT, buff=style.GAP)),
                      run_time=style.FAST)
        self.hold()
