"""Practice questions, level 2: operations and broadcasting (the guide's Q6-Q10).

Each question is shown on its own with a countdown, then answered by the
values torch computed in ``tensors.practice_basics.level_two()``.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    FadeIn,
    FadeOut,
    Square,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.base import PracticeScene
from scenes.kit.code import code_line, error_block, snippet
from scenes.kit.grids import CellGrid
from scenes.kit.layout import captioned, under_centred
from scenes.kit.text import code, label, tex
from tensors import fmt
from tensors.practice_basics import level_two

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
SHAPE_UNIT = 0.12  # side of one element when a 2-D shape is drawn to scale
SHAPE_GAP = 0.3  # between the 2-D shapes drawn side by side in Q9


def small_grid(rows, color: str) -> CellGrid:
    """A grid of the smaller cells used in the worked answers."""
    return CellGrid(rows, color=color, cell=style.PRACTICE_CELL,
                    font_size=style.CODE_SIZE)


def step_arrow(text: str) -> VGroup:
    """A short right arrow with a code label over it."""
    arrow = Arrow(LEFT * style.WIDE_GAP, RIGHT * style.WIDE_GAP, color=style.MUTED,
                  buff=0)
    return VGroup(arrow, code(text, size=style.SMALL_SIZE, color=style.MUTED)
                  .next_to(arrow, UP, buff=style.TIGHT))


class PracticeLevelTwo(PracticeScene):
    """Q6-Q10 with torch's answers: ``tensors.practice_basics.level_two()``."""

    LESSON = staticmethod(level_two)
    SHOWS = (
        "q6.hadamard.value",
        "q6.dot.value",
        "q6.outer.value",
        "q7.chain",
        "q7.shape",
        "q7.stride.value",
        "q7.c_stride.value",
        "q8.product.value",
        "q8.shape",
        "q8.swapped.error",
        "q9.pairs.value",
        "q9.good.value",
        "q9.worked",
        "q10.t",
        "q10.tt",
        "q10.run.value",
    )
    HEADING = "Practice: operations and broadcasting"

    def construct(self) -> None:
        heading = self.show_heading(
            fmt.f("Practice, level {}: operations and broadcasting", self.data.level)
        )
        d = self.data
        steps = (
            (self.products, d.q6),
            (self.broadcast, d.q7),
            (self.matmul, d.q8),
            (self.reshapes, d.q9),
            (self.double_transpose, d.q10),
        )
        for i, (step, q) in enumerate(steps):
            if i:
                self.clear_below(keep=[heading])
            card = self.ask(q.question, under=heading)
            step(q, heading, card)
            self.hold()

    def products(self, q, heading, card) -> None:
        # Step: u, v and their element-wise product, cell under cell.
        names = VGroup(
            *(
                code(n, color=c)
                for n, c in (
                    ("u", style.OPERAND_A),
                    ("v", style.OPERAND_B),
                    (q.hadamard.code, style.RESULT),
                )
            )
        )
        grids = VGroup(
            small_grid(fmt.grid(q.u), style.OPERAND_A),
            small_grid(fmt.grid(q.v), style.OPERAND_B),
            small_grid(fmt.grid(q.hadamard.value), style.RESULT),
        )
        grids.arrange(DOWN, buff=style.GAP)
        under_centred(grids, card, style.WIDE_GAP)
        for name, grid in zip(names, grids):
            name.next_to(grid, LEFT, buff=style.GAP)
        with self.say(
            "The element-wise product multiplies partners in the same "
            "position and keeps them apart."
        ):
            self.play(
                FadeIn(grids[0], grids[1], names[0], names[1]), run_time=style.FAST
            )
            self.play(
                TransformFromCopy(VGroup(grids[0], grids[1]), grids[2]),
                FadeIn(names[2]),
                run_time=style.BEAT,
            )
        # Step: the dot product adds those products up.
        dot = VGroup(
            code_line(q.dot.code, fmt.num(q.dot.value)),
            tex(fmt.f("{} = {}", q.dot_terms, fmt.num(q.dot.value))),
        )
        dot.arrange(DOWN, buff=style.GAP / 2)
        under_centred(dot, grids, style.WIDE_GAP)
        with self.say(
            fmt.f("The dot product adds those products into one number: {}, as "
                  "the guide says.", fmt.num(q.dot.value))
        ):
            self.play(FadeIn(dot), run_time=style.BEAT)
        self.clear_below(keep=[heading, card])
        # Step: the outer product pairs every entry of u with every entry of v.
        src = under_centred(code(q.outer.code), card, style.GAP)
        table = small_grid(fmt.grid(q.outer.value), style.RESULT)
        column = small_grid(fmt.column(q.u), style.OPERAND_A)
        row = small_grid(fmt.grid(q.v), style.OPERAND_B)
        under_centred(table, src, style.WIDE_GAP + style.PRACTICE_CELL)
        column.next_to(table, LEFT, buff=style.GAP)
        row.next_to(table, UP, buff=style.GAP)
        shape = code_line(".shape", fmt.size(q.outer.value.shape))
        shape.next_to(table, DOWN, buff=style.GAP)
        with self.say(
            "The outer product multiplies every entry of u with every "
            "entry of v: u down the side, v along the top."
        ):
            self.play(Write(src), FadeIn(column, row), run_time=style.BEAT)
            self.play(FadeIn(table), run_time=style.BEAT)
        with self.say(
            fmt.f("The result is a {} table, the guide's matrix, written out by "
                  "torch.", fmt.shape(q.outer.value.shape))
        ):
            self.play(FadeIn(shape), run_time=style.FAST)

    def broadcast(self, q, heading, card) -> None:
        # Step: b's shape, step by step, as torch lines it up with A.
        one, row, full = q.chain
        stages = [
            captioned(small_grid(fmt.grid(q.b), style.OPERAND_B), fmt.shape(one)),
            captioned(small_grid(fmt.grid(q.row), style.OPERAND_B), fmt.shape(row)),
            captioned(
                small_grid(fmt.grid(q.stretched), style.OPERAND_B), fmt.shape(full)
            ),
        ]
        arrows = [step_arrow("add a dim"), step_arrow("stretch")]
        chain = VGroup(stages[0], arrows[0], stages[1], arrows[1], stages[2])
        chain.arrange(RIGHT, buff=style.GAP)
        under_centred(chain, card, style.GAP)
        with self.say(
            fmt.f("b has shape {}. Torch lines shapes up from the right, so b is "
                  "read as one row: {}.", fmt.shape(one), fmt.shape(row))
        ):
            self.play(FadeIn(stages[0]), run_time=style.FAST)
            self.play(
                FadeIn(arrows[0]),
                TransformFromCopy(stages[0], stages[1]),
                run_time=style.BEAT,
            )
        with self.say(
            fmt.f("That row is repeated to {} rows, shape {}, which is what the "
                  "guide describes.", full[0], fmt.shape(full))
        ):
            self.play(
                FadeIn(arrows[1]),
                TransformFromCopy(stages[1], stages[2]),
                run_time=style.BEAT,
            )
        facts = VGroup(
            code_line("C.shape", fmt.size(q.shape)),
            code_line(q.c_stride.code, fmt.shape(q.c_stride.value)),
            code_line(q.stride.code, fmt.shape(q.stride.value)),
        )
        facts.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        under_centred(facts, chain, style.GAP)
        with self.say(
            fmt.f("So C has shape {}: a new tensor with its own memory, strides "
                  "{}.", fmt.shape(q.shape), fmt.shape(q.c_stride.value))
        ):
            self.play(FadeIn(facts[:2]), run_time=style.BEAT)
        with self.say(
            fmt.f("The stretched b itself is never stored. As a view, b dot "
                  "expand has strides {}: a stride of zero means every row reads "
                  "the same memory.", fmt.shape(q.stride.value))
        ):
            self.play(FadeIn(facts[2]), run_time=style.BEAT)

    def matmul(self, q, heading, card) -> None:
        a = captioned(
            small_grid(fmt.grid(q.a.value), style.OPERAND_A), fmt.shape(q.a_shape)
        )
        b = captioned(
            small_grid(fmt.grid(q.b.value), style.OPERAND_B), fmt.shape(q.b_shape)
        )
        c = captioned(
            small_grid(fmt.grid(q.product.value), style.RESULT), fmt.shape(q.shape)
        )
        at, eq = (code(sign, size=style.HEADING_SIZE) for sign in ("@", "="))
        row = VGroup(a, at, b, eq, c).arrange(RIGHT, buff=style.GAP)
        for m in (b, c):
            m.align_to(a, UP)
        src = VGroup(code("A = " + q.a.code), code("B = " + q.b.code))
        src.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        under_centred(src, card, style.GAP)
        under_centred(row, src, style.GAP)
        with self.say("Take real tensors of those shapes and multiply them."):
            self.play(Write(src), FadeIn(a, at, b), run_time=style.BEAT)
        inner_a, inner_b = q.inner
        with self.say(
            fmt.f("A's columns, {}, meet B's rows, {}: they match, and the outer "
                  "sizes give the result shape {}.", inner_a, inner_b,
                  fmt.shape(q.shape))
        ):
            self.play(FadeIn(eq, c), run_time=style.BEAT)
        swapped = VGroup(code(q.swapped.code), error_block(q.swapped, width=style.WRAP))
        swapped.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        with self.say(
            "The order matters: the other way round, the inner sizes "
            "differ and torch refuses."
        ):
            self.play(
                FadeOut(src),
                row.animate.next_to(card, DOWN, buff=style.GAP).set_x(0),
                run_time=style.FAST,
            )
            under_centred(swapped, row, style.GAP)
            self.play(FadeIn(swapped), run_time=style.BEAT)

    def reshapes(self, q, heading, card) -> None:
        # Step: the rule (rows * cols must be numel), its pairs, one check each way.
        src = code(q.source.code)
        rule = label(
            fmt.f("a reshape keeps all {} elements: rows \u00d7 cols = {}",
                  q.numel, q.numel),
            size=style.SMALL_SIZE,
            color=style.MUTED,
        )
        pairs = snippet(q.pairs, fmt.join([fmt.shape(p) for p in q.pairs.value]),
                        size=style.SMALL_SIZE)
        good = code_line(q.good.code, fmt.size(q.good.value), size=style.SMALL_SIZE)
        bad = VGroup(code(q.bad.code, size=style.SMALL_SIZE),
                     error_block(q.bad, width=style.WRAP)).arrange(
            DOWN, aligned_edge=LEFT, buff=style.TIGHT
        )
        checks = VGroup(good, bad).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        top = VGroup(src, rule, pairs, checks).arrange(DOWN, buff=style.GAP)
        under_centred(top, card, style.GAP)
        with self.say(
            fmt.f("A reshape keeps every element, so rows times columns must be "
                  "{}: no need to try every pair.", q.numel)
        ):
            self.play(Write(src), FadeIn(rule), run_time=style.BEAT)
        with self.say(
            fmt.f("So the shapes are the divisor pairs of {}, {} of them.",
                  q.numel, q.pair_count)
        ):
            self.play(FadeIn(pairs), run_time=style.BEAT)
        with self.say(
            fmt.f("One check each way: a pair that multiplies to {} works, and "
                  "one that does not is refused.", q.numel)
        ):
            self.play(FadeIn(checks), run_time=style.BEAT)
        self.clear_below(keep=[heading, card])
        # Step: the shapes that worked, drawn to scale.
        shapes = VGroup(*(ShapeBlock(s) for s in q.worked))
        shapes.arrange(RIGHT, aligned_edge=DOWN, buff=SHAPE_GAP)
        under_centred(shapes, card, style.WIDE_GAP)
        with self.say(
            fmt.f("These {} shapes are all of them: every way to write {} as rows "
                  "times columns, from one long row to one long column.",
                  q.worked_count, q.numel)
        ):
            self.play(*(FadeIn(s) for s in shapes), run_time=style.BEAT)

    def double_transpose(self, q, heading, card) -> None:
        grids = [
            captioned(small_grid(fmt.grid(t), c), name + " " + fmt.shape(t.shape))
            for t, c, name in (
                (q.a, style.OPERAND_A, "A"),
                (q.t, style.OPERAND_B, "A.t()"),
                (q.tt, style.RESULT, "A.t().t()"),
            )
        ]
        arrows = [step_arrow(".t()") for _ in grids[1:]]
        row = VGroup(grids[0], arrows[0], grids[1], arrows[1], grids[2])
        row.arrange(RIGHT, buff=style.GAP)
        under_centred(row, card, style.WIDE_GAP)
        with self.say(
            "Transposing turns rows into columns; doing it again turns them back."
        ):
            self.play(FadeIn(grids[0]), run_time=style.FAST)
            for arrow, before, after in zip(arrows, grids, grids[1:]):
                self.play(
                    FadeIn(arrow), TransformFromCopy(before, after), run_time=style.BEAT
                )
        check = under_centred(
            code_line(q.run.code, fmt.num(q.run.value)), row, style.WIDE_GAP
        )
        with self.say(
            fmt.f("torch.equal compares shape and every entry, and says {} for "
                  "this A. One example is a check, not a proof: the proof is that "
                  "transposing swaps the row and column index, and swapping twice "
                  "puts every entry back.", fmt.num(q.run.value))
        ):
            self.play(FadeIn(check), run_time=style.BEAT)


class ShapeBlock(VGroup):
    """A 2-D shape drawn to scale, one small square per element, with its label."""

    def __init__(self, shape, color: str = style.OPERAND_A) -> None:
        super().__init__()
        rows, cols = shape
        cells = VGroup(
            *(
                Square(
                    side_length=SHAPE_UNIT,
                    color=color,
                    stroke_width=style.CELL_STROKE / 2,
                ).set_fill(color, opacity=style.BAR_OPACITY)
                for _ in range(rows * cols)
            )
        )
        cells.arrange_in_grid(rows=rows, cols=cols, buff=0)
        name = label(fmt.shape(shape), size=style.SMALL_SIZE, color=color)
        self.add(cells, name.next_to(cells, DOWN, buff=style.GAP / 2))
