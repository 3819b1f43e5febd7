"""Broadcasting: a smaller tensor is stretched (copied) to fit a larger one.

Shows ``tensors.broadcasting.broadcasting()``: the guide's A + b, a vector
added to every row of a matrix, and the error torch raises for a pair that
cannot broadcast. The rule: compare sizes from the right, one dimension at a
time; each pair must be equal, or one of them 1, or missing.
"""

from __future__ import annotations

from manim import (
    DOWN,
    RIGHT,
    UP,
    FadeIn,
    ReplacementTransform,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.grids import CellGrid
from scenes.kit.text import code, label, lines, tex
from tensors import fmt
from tensors.broadcasting import broadcasting


class BroadcastRowOverMatrix(LectureScene):
    """A (2x2) + b (1x2): b's row is copied down, then added cell by cell."""

    LESSON = staticmethod(broadcasting)
    SHOWS = ("guide.a", "guide.b", "guide.result", "guide.shape", "row.value",
             "row_shape", "clash.error")
    HEADING = "Broadcasting: stretch, then add"

    def construct(self) -> None:
        heading = self.show_heading()
        self.stretch_and_add(heading)
        self.clear_below(keep=[heading])
        self.row_case(heading)
        self.clear_below(keep=[heading])
        self.incompatible_pair(heading)

    def stretch_and_add(self, heading) -> None:
        g = self.data.guide
        # Step: the two tensors, as the guide writes them.
        source = lines(["A = " + g.a_code, "b = " + g.b_code])
        source.next_to(heading, DOWN, buff=style.GAP)
        with self.say("Here are two tensors of different shapes. Can we add them?"):
            self.play(Write(source), run_time=style.BEAT)

        a = CellGrid(fmt.grid(g.a), color=style.OPERAND_A)
        b = CellGrid(fmt.grid(g.b), color=style.OPERAND_B)
        c = CellGrid(fmt.grid(g.result), color=style.RESULT)
        plus, equals = tex("+", size=style.TITLE_SIZE), tex("=", size=style.TITLE_SIZE)
        row = VGroup(a, plus, b, equals, c).arrange(RIGHT, buff=style.WIDE_GAP)
        b.align_to(a, UP)
        c.align_to(a, UP)
        row.next_to(source, DOWN, buff=style.WIDE_GAP)
        names = VGroup(
            tex(fmt.f(r"A_{{({})}}", fmt.shape_tex(g.a.shape)), size=style.HEADING_SIZE,
                color=style.OPERAND_A).next_to(a, DOWN),
            tex(fmt.f(r"b_{{({})}}", fmt.shape_tex(g.b.shape)), size=style.HEADING_SIZE,
                color=style.OPERAND_B).next_to(b, DOWN),
        )
        names[1].align_to(names[0], DOWN)
        with self.say(fmt.f("A has shape {}, but b has only one row: shape {}.",
                            fmt.shape(g.a.shape), fmt.shape(g.b.shape))):
            self.play(FadeIn(a), FadeIn(b), FadeIn(plus), FadeIn(names),
                      run_time=style.BEAT)

        # Step: torch works out the common shape.
        rule = code(fmt.f("torch.broadcast_shapes({}, {}) = {}", fmt.shape(g.a.shape),
                          fmt.shape(g.b.shape), fmt.shape(g.shape)),
                    ).to_edge(DOWN, buff=style.EDGE_BUFF)
        with self.say(fmt.f("Torch compares the shapes from the right, one dimension "
                            "at a time: two sizes fit when they are equal, or one of "
                            "them is size one, or one is missing. Here that gives {}.",
                            fmt.shape(g.shape))):
            self.play(Write(rule), run_time=style.BEAT)

        # Step: b's row is copied down until b has A's shape.
        stretched = CellGrid(fmt.grid(g.b_stretched), color=style.OPERAND_B)
        stretched.move_to(b, aligned_edge=UP)
        copies = [stretched.row(r) for r in range(len(stretched.cells))]
        new_name = tex(fmt.f(r"b_{{({})}}", fmt.shape_tex(g.b_stretched.shape)),
                       size=style.HEADING_SIZE, color=style.OPERAND_B).move_to(names[1])
        with self.say("The size-one dimension of b is stretched: its one row is read "
                      "again for every row of A. Torch does not copy it in memory to "
                      "do this; only the result is a new tensor."):
            self.play(ReplacementTransform(b, copies[0]), run_time=style.FAST)
            self.play(*(TransformFromCopy(copies[0], r) for r in copies[1:]),
                      run_time=style.BEAT)
            self.play(ReplacementTransform(names[1], new_name), run_time=style.FAST)

        # Step: element-wise add, one cell at a time.
        first = fmt.grid(g.result)[0][0]
        with self.say(fmt.f("Now the shapes agree, and each cell is added to its "
                            "partner: {} plus {} is {}.", fmt.grid(g.a)[0][0],
                            fmt.grid(g.b)[0][0], first)):
            self.play(FadeIn(equals), run_time=style.FAST)
            for r, cell_row in enumerate(c.cells):
                for k, square in enumerate(cell_row):
                    self.play(
                        TransformFromCopy(
                            VGroup(a.entries[r][k], stretched.entries[r][k]),
                            c.entries[r][k]),
                        FadeIn(square),
                        run_time=style.FAST,
                    )
        c_name = tex(fmt.f(r"C_{{({})}}", fmt.shape_tex(g.result.shape)),
                     size=style.HEADING_SIZE, color=style.RESULT)
        with self.say(fmt.f("The result C has shape {}.", fmt.shape(g.result.shape))):
            self.play(FadeIn(c_name.next_to(c, DOWN).align_to(names[0], DOWN)),
                      run_time=style.FAST)

    def row_case(self, heading) -> None:
        d = self.data
        (left, right) = d.row_operand_shapes
        source = code(d.row.code).next_to(heading, DOWN, buff=style.GAP)
        shapes = tex(fmt.f(r"({}) + ({})\;\rightarrow\; ({})", fmt.shape_tex(left),
                           fmt.shape_tex(right), fmt.shape_tex(d.row_shape)),
                     ).next_to(source, DOWN, buff=style.GAP)
        grid = CellGrid(fmt.grid(d.row.value), color=style.RESULT)
        grid.next_to(shapes, DOWN, buff=style.WIDE_GAP)
        note = label(
            fmt.f("shape {} is read as {}, then stretched to all {} rows",
                  fmt.shape(right), fmt.shape(d.row_read_as), left[0]),
            size=style.SMALL_SIZE, color=style.MUTED,
        ).next_to(grid, DOWN, buff=style.GAP)
        with self.say(fmt.f("A vector of shape {} meets a {} matrix. From the right: "
                            "{} and {} are equal, and the vector has no second "
                            "dimension.", fmt.shape(right), fmt.shape(left), right[-1],
                            left[-1])):
            self.play(Write(source), run_time=style.BEAT)
            self.play(FadeIn(shapes), run_time=style.BEAT)
        with self.say(fmt.f("A missing dimension counts as size one, so the vector "
                            "is one row, stretched to all {} rows: the result has "
                            "shape {}.", left[0], fmt.shape(d.row_shape))):
            self.play(FadeIn(grid), FadeIn(note), run_time=style.BEAT)

    def incompatible_pair(self, heading) -> None:
        d = self.data
        (left, right) = d.clash_operand_shapes
        source = code(d.clash.code).next_to(heading, DOWN, buff=style.GAP)
        shapes = tex(
            fmt.f(r"({}) + ({})\;\rightarrow\;?", fmt.shape_tex(left),
                  fmt.shape_tex(right))
        ).next_to(source, DOWN, buff=style.GAP)
        error = lines(
            [d.clash.error_type + ":", *fmt.lines(d.clash.error, style.WRAP)],
            color=style.ERROR,
        ).next_to(shapes, DOWN, buff=style.WIDE_GAP)
        why = label(
            "From the right, each pair of sizes: equal, one of them size one, "
            "or missing.",
            size=style.SMALL_SIZE, color=style.MUTED,
        ).next_to(error, DOWN, buff=style.WIDE_GAP)
        with self.say(fmt.f("Change the vector to length {} and the last sizes, {} "
                            "and {}, no longer fit.", right[-1], left[-1], right[-1])):
            self.play(Write(source), run_time=style.BEAT)
            self.play(FadeIn(shapes), run_time=style.BEAT)
        with self.say("Torch refuses, and says exactly which dimension clashed."):
            self.play(FadeIn(error, shift=UP * style.SHIFT), run_time=style.BEAT)
        with self.say("So the rule, dimension by dimension from the right: the "
                      "sizes are equal, or one of them is size one, or one is missing. "
                      "Anything else is an error."):
            self.play(FadeIn(why), run_time=style.FAST)
        self.hold()
