"""Practice questions, level 1: tensor basics (the guide's Q1-Q5).

Each question is shown on its own with a countdown, then answered by the
values torch computed in ``tensors.practice_basics.level_one()``.
"""

from __future__ import annotations

from manim import (
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    BackgroundRectangle,
    Brace,
    Create,
    FadeIn,
    Line,
    Rectangle,
    Transform,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.base import PracticeScene
from scenes.kit.code import code_line, error_block, gives
from scenes.kit.grids import CellGrid
from scenes.kit.layout import captioned, under_centred
from scenes.kit.text import code, label, listing
from tensors import fmt
from tensors.practice_basics import level_one

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
HIST_WIDTH = 6.0
HIST_HEIGHT = 2.4
# how much the back layer of a stacked 3-D tensor fades (its text stays AA)
BACK_FADE = 0.35


class PracticeLevelOne(PracticeScene):
    """Q1-Q5 with torch's answers: ``tensors.practice_basics.level_one()``."""

    LESSON = staticmethod(level_one)
    SHOWS = ("q1.a", "q1.shape", "q2.shape", "q2.layers", "q3.guide.error",
             "q3.right_product", "q3.right.value", "q3.left.value",
             ("q4.mean", "mean"), ("q4.std", "std"), "q4.population.value",
             "q4.numpy_std", "q5.arange_rows",
             "q5.linspace_rows",
             "q5.arange_dtype", "q5.linspace_dtype", "q5.equal.value")
    HEADING = "Practice: tensor basics"

    def construct(self) -> None:
        heading = self.show_heading(fmt.f("Practice, level {}: tensor basics",
                                          self.data.level))
        steps = (self.matrix, self.cube, self.identity, self.normal, self.ranges)
        questions = (self.data.q1, self.data.q2, self.data.q3, self.data.q4,
                     self.data.q5)
        for i, (step, q) in enumerate(zip(steps, questions)):
            if i:
                self.clear_below(keep=[heading])
            card = self.ask(q.question, under=heading)
            step(q, heading, card)
            self.hold()

    def matrix(self, q, heading, card) -> None:
        # Step: the guide's one-liner, run.
        src = under_centred(listing(q.run.code), card, style.WIDE_GAP)
        with self.say("Each row of the matrix becomes an inner list; the outer "
                      "list holds the rows."):
            self.play(Write(src), run_time=style.BEAT)
        grid = CellGrid(fmt.grid(q.a), color=style.OPERAND_A)
        under_centred(grid, src, style.WIDE_GAP)
        rows = Brace(grid, LEFT, color=style.MUTED)
        cols = Brace(grid, UP, color=style.MUTED)
        rows_l = label(fmt.num(q.shape[0]), color=style.MUTED).next_to(rows, LEFT)
        cols_l = label(fmt.num(q.shape[1]), color=style.MUTED)
        cols_l.next_to(cols, UP, buff=style.TIGHT)
        shape = code_line("A.shape", fmt.size(q.shape))
        shape.next_to(VGroup(grid, rows_l), DOWN, buff=style.GAP).set_x(0)
        with self.say(fmt.f("Torch reports shape {}: {} rows of {} numbers, just as "
                            "the guide says.", fmt.shape(q.shape), q.shape[0],
                            q.shape[1])):
            self.play(FadeIn(grid), run_time=style.BEAT)
            self.play(FadeIn(rows, rows_l, cols, cols_l), FadeIn(shape),
                      run_time=style.BEAT)

    def cube(self, q, heading, card) -> None:
        src = under_centred(listing(q.run.code), card, style.WIDE_GAP)
        shape = code_line("T.shape", fmt.size(q.shape))
        with self.say(fmt.f("Brackets nested {} deep make a tensor with {} "
                            "dimensions. Torch gives the shape {}.", q.dims, q.dims,
                            fmt.shape(q.shape))):
            self.play(Write(src), run_time=style.BEAT)
        # Step: the two layers side by side, then stacked into a cube.
        grids = [CellGrid(fmt.grid(t), color=c)
                 for t, c in zip(q.layers, (style.OPERAND_A, style.OPERAND_B))]
        names = [label(n, size=style.SMALL_SIZE, color=style.MUTED)
                 for n in q.layer_names]
        VGroup(*grids).arrange(RIGHT, buff=style.WIDE_GAP * 2)
        under_centred(VGroup(*grids), src, style.WIDE_GAP + style.LAYER_OFFSET)
        for grid, name in zip(grids, names):
            name.next_to(grid, DOWN, buff=style.GAP / 2)
        with self.say(fmt.f("Read it as {} layers, each a {} matrix.", q.layer_count,
                            fmt.shape(q.layer_shape))):
            self.play(*(FadeIn(m) for m in (*grids, *names)), run_time=style.BEAT)
        front, back = grids
        with self.say("Stack the layers one behind the other and you get a small "
                      "cube: layers, then rows, then columns."):
            self.play(*self.stack(front, back, names), run_time=style.BEAT)
            shape.next_to(VGroup(front, back), RIGHT, buff=style.WIDE_GAP)
            self.play(FadeIn(shape), run_time=style.FAST)

    def stack(self, front, back, names) -> list:
        """Animations that put ``back`` behind ``front``, drawn as a box."""
        offset = (UP + RIGHT) * style.LAYER_OFFSET
        shade = BackgroundRectangle(front, color=style.BACKGROUND,
                                    fill_opacity=1, buff=0)
        shade.set_z_index(-1)
        back.set_z_index(-2)
        target = front.get_center() + offset
        corners = VGroup(*(Line(front.get_corner(c), front.get_corner(c) + offset,
                                color=style.OPERAND_B, stroke_width=style.CELL_STROKE)
                           .set_z_index(-2) for c in (UL, UR, DR)))
        back_name = names[1].copy().next_to(front, UP, buff=style.GAP / 2).shift(offset)
        return [back.animate.move_to(target).fade(BACK_FADE),
                FadeIn(shade), Create(corners), Transform(names[1], back_name)]

    def identity(self, q, heading, card) -> None:
        # Step: the guide's code, with Q1's A: the sizes do not fit.
        a = captioned(CellGrid(fmt.grid(q.a), color=style.OPERAND_A,
                               cell=style.PRACTICE_CELL, font_size=style.CODE_SIZE),
                      fmt.f("A from Q{}, shape {}", self.data.q1.question.number,
                            fmt.shape(q.a_shape)))
        src = code(q.guide.code)
        err = error_block(q.guide, width=style.WRAP)
        block = VGroup(a, src, err).arrange(DOWN, buff=style.GAP)
        under_centred(block, card, style.GAP)
        with self.say(fmt.f("Here is the guide's answer, run on the matrix A from "
                            "question {}.", self.data.q1.question.number)):
            self.play(FadeIn(a), Write(src), run_time=style.BEAT)
        (eye, mat) = q.guide_shapes
        with self.say(fmt.f("Torch refuses: a {} matrix times a {} matrix does not "
                            "fit, because {} columns meet {} rows.", fmt.shape(eye),
                            fmt.shape(mat), eye[1], mat[0])):
            self.play(FadeIn(err, shift=UP * style.SHIFT), run_time=style.BEAT)
        self.erratum("identity-needs-square-fit",
                     "The guide's line fails for this A. The identity that fits a "
                     "wide matrix goes on its right.")
        self.clear_below(keep=[heading, card])
        self.identity_fixes(q, card)

    def identity_fixes(self, q, card) -> None:
        mixed = code(q.mixed.code)
        mixed_err = error_block(q.mixed, width=style.WRAP)
        block = VGroup(mixed, mixed_err).arrange(DOWN, aligned_edge=LEFT,
                                                 buff=style.GAP / 2)
        under_centred(block, card, style.GAP)
        with self.say(fmt.f("On the right it still fails at first: torch.eye makes "
                            "{} numbers, and A holds {}.", q.eye_dtype, q.a_dtype)):
            self.play(Write(mixed), FadeIn(mixed_err), run_time=style.BEAT)
        right = listing(q.right.code)
        right_v = code(gives(fmt.num(q.right.value)), color=style.RESULT)
        left = listing(q.left.code)
        left_v = code(gives(fmt.num(q.left.value)), color=style.RESULT)
        fixes = VGroup(VGroup(right, right_v).arrange(RIGHT, buff=style.GAP),
                       VGroup(left, left_v).arrange(RIGHT, buff=style.GAP))
        fixes.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        product = captioned(CellGrid(fmt.grid(q.right_product), color=style.RESULT,
                                     cell=style.PRACTICE_CELL,
                                     font_size=style.CODE_SIZE), q.product_code)
        VGroup(fixes, product).arrange(RIGHT, buff=style.WIDE_GAP)
        under_centred(VGroup(fixes, product), block, style.WIDE_GAP)
        with self.say(fmt.f("Make the dtypes match, A as floats. On the right I must "
                            "be {}, on the left {}, and both give A back.",
                            fmt.shape(q.right_eye_shape),
                            fmt.shape(q.left_eye_shape))):
            self.play(FadeIn(fixes[0]), FadeIn(product), run_time=style.BEAT)
            self.play(FadeIn(fixes[1]), run_time=style.BEAT)

    def normal(self, q, heading, card) -> None:
        note = label(fmt.f("x: {} samples of {}, drawn with seed {}", q.samples,
                           q.distribution, q.seed),
                     size=style.SMALL_SIZE, color=style.MUTED)
        src = code(q.run.code)
        top = VGroup(note, src).arrange(DOWN, buff=style.GAP / 2)
        under_centred(top, card, style.GAP)
        with self.say(fmt.f("We draw {} numbers from a normal distribution, seeded "
                            "so that every run shows the same ones.", q.samples)):
            self.play(FadeIn(note), Write(src), run_time=style.BEAT)
        chart = Histogram(q)
        stats = VGroup(
            code("mean = " + fmt.num(q.mean), color=style.RESULT),
            code("std  = " + fmt.num(q.std), color=style.OPERAND_B),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        # x.std() divides by n - 1; correction=0 and NumPy divide by n.
        by_n = VGroup(
            code_line(q.population.code, fmt.num(q.population.value),
                      size=style.SMALL_SIZE),
            code_line(q.numpy_code, fmt.num(q.numpy_std), size=style.SMALL_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        column = VGroup(stats, by_n).arrange(DOWN, aligned_edge=LEFT,
                                             buff=style.WIDE_GAP)
        VGroup(chart, column).arrange(RIGHT, buff=style.WIDE_GAP, aligned_edge=UP)
        under_centred(VGroup(chart, column), top, style.WIDE_GAP)
        with self.say("Most of them pile up near zero and thin out to both sides."):
            self.play(FadeIn(chart.axis), FadeIn(chart.bars, shift=UP * style.SHIFT),
                      run_time=style.BEAT)
        with self.say(fmt.f("The mean comes out at {} and the standard deviation at "
                            "{}: near the ideal values, but not on them, because {} "
                            "draws is a small sample.", fmt.num(q.mean),
                            fmt.num(q.std), q.samples)):
            self.play(FadeIn(chart.marks), FadeIn(stats), run_time=style.BEAT)
        # Step: the same numbers divided by n: correction=0, and NumPy's default.
        with self.say(fmt.f("That {} is the sample standard deviation: x.std() "
                            "divides by n minus one, Bessel's correction. Turn the "
                            "correction off and it divides by n, giving {}; NumPy's "
                            "std divides by n unless told otherwise.",
                            fmt.num(q.std), fmt.num(q.population.value))):
            self.play(FadeIn(by_n), run_time=style.BEAT)

    def ranges(self, q, heading, card) -> None:
        sides = []
        for run, rows, t, dtype, color in (
                (q.arange, q.arange_rows, q.a, q.arange_dtype, style.OPERAND_A),
                (q.linspace, q.linspace_rows, q.l, q.linspace_dtype, style.OPERAND_B)):
            facts = label(fmt.f("{}, {}", fmt.size(t.shape), dtype),
                          size=style.SMALL_SIZE, color=color)
            sides.append(VGroup(code(run.code), WrappedRow(fmt.grid(rows), color),
                                facts).arrange(DOWN, buff=style.GAP / 2))
        pair = VGroup(*sides).arrange(RIGHT, buff=style.WIDE_GAP)
        under_centred(pair, card, style.GAP)
        with self.say("arange steps from the start and stops before the end, so "
                      "the end is given as one past the last value."):
            self.play(FadeIn(sides[0]), run_time=style.BEAT)
        with self.say(fmt.f("linspace asks how many points instead: {} of them, "
                            "both ends included.", q.count)):
            self.play(FadeIn(sides[1]), run_time=style.BEAT)
        checks = VGroup(code_line(q.equal.code, fmt.num(q.equal.value)),
                        code_line(q.close.code, fmt.num(q.close.value)))
        checks.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        under_centred(checks, pair, style.GAP)
        with self.say(fmt.f("Same values, different types: whole numbers, {}, "
                            "against floats, {}. Torch still calls them equal here, "
                            "and allclose agrees once both are floats.",
                            q.arange_dtype, q.linspace_dtype)):
            self.play(FadeIn(checks), run_time=style.BEAT)


class WrappedRow(VGroup):
    """A 1-D tensor drawn as one row of cells, wrapped onto several lines.

    ``lines`` are the row's values in pieces; a hook at the end of each piece
    and at the start of the next says the row goes on. The pieces read as one
    grid: piece ``r``'s cells are row ``r`` of it (``lines`` are the rows of
    the tensor reshaped, so each cell is the element at its row and column).
    """

    def __init__(self, lines, color: str) -> None:
        super().__init__()
        pieces = [CellGrid([values], color=color, cell=style.PRACTICE_CELL,
                           font_size=style.CODE_SIZE) for values in lines]
        for r, piece in enumerate(pieces):
            for c, entry in enumerate(piece.entries[0]):
                entry.cell = (id(self), r, c)
        VGroup(*pieces).arrange(DOWN, buff=style.GAP)
        self.add(*pieces)
        for before, after in zip(pieces, pieces[1:]):
            self.add(label(WRAP_OUT, size=style.SMALL_SIZE, color=style.MUTED)
                     .next_to(before, RIGHT, buff=style.TIGHT),
                     label(WRAP_IN, size=style.SMALL_SIZE, color=style.MUTED)
                     .next_to(after, LEFT, buff=style.TIGHT))


WRAP_OUT, WRAP_IN = "\u21a9", "\u21aa"  # the row continues on the next line


class Histogram(VGroup):
    """Bars of ``torch.histc`` counts over an axis, with mean and std marks."""

    def __init__(self, q) -> None:
        super().__init__()
        lo, hi = q.edges[0], q.edges[-1]
        top = max(q.counts.tolist())

        def x_at(v: float) -> float:
            return (v - lo) / (hi - lo) * HIST_WIDTH

        self.axis = VGroup(Line([0, 0, 0], [HIST_WIDTH, 0, 0], color=style.MUTED))
        for t in q.ticks:
            self.axis.add(label(fmt.num(t), size=style.SMALL_SIZE, color=style.MUTED)
                          .next_to([x_at(t), 0, 0], DOWN, buff=style.TIGHT))
        self.bars = VGroup()
        for left, right, n in zip(q.edges, q.edges[1:], q.counts.tolist()):
            if n:
                bar = Rectangle(width=x_at(right) - x_at(left),
                                height=n / top * HIST_HEIGHT,
                                color=style.OPERAND_A, stroke_width=style.CELL_STROKE)
                bar.set_fill(style.OPERAND_A, opacity=style.BAR_OPACITY)
                bar.move_to([(x_at(left) + x_at(right)) / 2, 0, 0], aligned_edge=DOWN)
                self.bars.add(bar)
        mean = Line([x_at(q.mean), 0, 0], [x_at(q.mean), HIST_HEIGHT, 0],
                    color=style.RESULT, stroke_width=style.EDGE_STROKE)
        high = HIST_HEIGHT + style.TIGHT
        spread = Line([x_at(q.mean - q.std), high, 0], [x_at(q.mean + q.std), high, 0],
                      color=style.OPERAND_B, stroke_width=style.EDGE_STROKE)
        self.marks = VGroup(mean, spread)
        self.add(self.axis, self.bars, self.marks)
