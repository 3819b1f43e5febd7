"""Broadcasting: a smaller tensor is read again along its size-1 dims to fit.

Shows ``tensors.broadcasting.broadcasting()``: the guide's A + b, a vector
added to every row of a matrix, our running problem's ``w * x + b`` (two
scalars stretched over the four points, the guess set beside y), and the
error torch raises for a pair that cannot broadcast. Each sum lines the
shapes up in right-aligned columns, draws the stretched operand faded
(``b.expand``: read again, never copied), then draws A + b = C. The rule:
compare sizes from the right, one dimension at a time; each pair must be
equal, or one of them 1, or missing.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.code import result_line
from scenes.kit.grids import CellGrid
from scenes.kit.text import code, label, lines, tex
from tensors import fmt
from tensors.broadcasting import RunningBroadcast, StretchAdd, broadcasting

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
FADED = 0.3  # opacity of the stretched operand: rows read again, not stored
SIZE_PITCH = 0.6  # width of one dimension's column in the lined-up shapes
RUN_CELL = 0.75  # the running problem's cells: five rows of four fit under its code


def faded(grid: CellGrid) -> CellGrid:
    """``grid`` drawn faint: the rows broadcasting reads again."""
    for row in grid.cells:
        for square in row:
            square.set_stroke(opacity=FADED)
            square.set_fill(opacity=style.CELL_FILL_OPACITY * FADED)
    for row in grid.entries:
        for entry in row:
            entry.set_color(style.MUTED)
    return grid


class ShapeColumns(VGroup):
    """Shapes lined up from the right, one column per dimension.

    ``rows`` are ``(name, sizes, colour)``; a size of ``None`` is a missing
    dimension, left as a gap. ``rows[r]`` is row ``r`` drawn (its name, then
    its sizes), and ``slot(r, k)`` the centre of size ``k``'s place in it, so
    a gap can be filled later.
    """

    def __init__(self, rows) -> None:
        super().__init__()
        names = [code(name, color=colour) for name, _, colour in rows]
        name_width = max(n.width for n in names)
        self.rows, self._columns = [], {}
        for r, ((_, sizes, colour), name) in enumerate(zip(rows, names)):
            name.move_to(DOWN * r * SIZE_PITCH, aligned_edge=LEFT)
            row = VGroup(name)
            for k, size in enumerate(sizes):
                if size is None:
                    continue
                x = name_width + style.WIDE_GAP + k * SIZE_PITCH
                cell = code(fmt.num(size), color=colour)
                row.add(cell.move_to(RIGHT * x + UP * name.get_y()))
                self._columns.setdefault(k, cell)
            self.rows.append(row)
            self.add(row)

    def slot(self, r: int, k: int):
        """The centre of size ``k``'s place in row ``r``, drawn or not."""
        return RIGHT * self._columns[k].get_x() + UP * self.rows[r][0].get_y()


class BroadcastRowOverMatrix(LectureScene):
    """A (2, 2) + b (1, 2), then (2, 3) + (3,), then our running problem's
    w * x + b: shapes lined up, the stretched operand faded, the result."""

    LESSON = staticmethod(broadcasting)
    SHOWS = ("guide.a", "guide.b", "guide.result", "guide.shape", "row_parts.a",
             "row_parts.b", "row.value", "row_shape", "running.guess_code",
             "running.w", "running.b", "running.x", "running.prediction",
             "running.shape", "running.y", "running.stride.value", "clash.error")
    HEADING = "Broadcasting: stretch, then add"

    def construct(self) -> None:
        heading = self.show_heading()
        self.stretch_and_add(heading)
        self.clear_below(keep=[heading])
        self.row_case(heading)
        self.clear_below(keep=[heading])
        self.running_problem(heading)
        self.clear_below(keep=[heading])
        self.incompatible_pair(heading)

    def columns(self, p: StretchAdd, out: tuple[int, ...]) -> ShapeColumns:
        """A's, b's and the result's shapes, lined up from the right."""
        return ShapeColumns([
            ("A", p.a_columns, style.OPERAND_A),
            ("b", p.b_columns, style.OPERAND_B),
            ("A + b", out, style.RESULT),
        ])

    def operands(self, p: StretchAdd, result) -> VGroup:
        """A + b = C as grids, b's stretched rows faded behind and under b."""
        a = CellGrid(fmt.grid(p.a), color=style.OPERAND_A)
        b = CellGrid(fmt.grid(p.b), color=style.OPERAND_B)
        stretched = faded(CellGrid(fmt.grid(p.b_stretched), color=style.OPERAND_B))
        c = CellGrid(fmt.grid(result), color=style.RESULT)
        plus, equals = tex("+", size=style.TITLE_SIZE), tex("=", size=style.TITLE_SIZE)
        sums = VGroup(a, plus, stretched, equals, c).arrange(RIGHT, buff=style.WIDE_GAP)
        for g in (stretched, c):
            g.align_to(a, UP)
        b.move_to(stretched, aligned_edge=UP)
        # b itself is drawn in the first row: only the rows read again stay faded.
        stretched.remove(*stretched.cells[0], *stretched.entries[0])
        names = VGroup(
            code("A " + fmt.shape(p.a.shape), color=style.OPERAND_A),
            code("b " + fmt.shape(p.b.shape), color=style.OPERAND_B),
            code("C " + fmt.shape(result.shape), color=style.RESULT),
        )
        for name, g in zip(names, (a, stretched, c)):
            name.next_to(sums, DOWN, buff=style.GAP).set_x(g.get_x())
        expand = code("b.expand" + fmt.shape(p.shape), size=style.SMALL_SIZE,
                      color=style.MUTED).next_to(names[1], DOWN, buff=style.TIGHT)
        group = VGroup(a, plus, b, stretched, equals, c, names, expand)
        group.a, group.b, group.stretched, group.c = a, b, stretched, c
        group.plus, group.equals = plus, equals
        group.names, group.expand = names, expand
        # The b entry that cell (r, k) of C adds: b's own row, then its faded copies.
        group.read = lambda r, k: (b if r == 0 else stretched).entries[r][k]
        return group

    def stretch_and_add(self, heading) -> None:
        g = self.data.guide
        # Step: the two tensors, as the guide writes them, drawn as grids.
        source = lines(["A = " + g.a_code, "b = " + g.b_code])
        source.next_to(heading, DOWN, buff=style.GAP).to_edge(LEFT,
                                                               buff=style.EDGE_BUFF)
        pic = self.operands(g, g.result)
        pic.next_to(source, DOWN, buff=style.WIDE_GAP).set_x(0)
        with self.say("Here are two tensors of different shapes. Can we add them?"):
            self.play(Write(source), run_time=style.BEAT)
        with self.say(fmt.f("A has shape {}, but b has only one row: shape {}.",
                            fmt.shape(g.a.shape), fmt.shape(g.b.shape))):
            self.play(FadeIn(pic.a), FadeIn(pic.plus), FadeIn(pic.b),
                      FadeIn(pic.names[:2]), run_time=style.BEAT)

        # Step: the shapes lined up from the right, one column per dimension.
        cols = self.columns(g, g.shape)
        cols.next_to(heading, DOWN, buff=style.GAP).to_edge(RIGHT,
                                                             buff=style.EDGE_BUFF)
        with self.say(fmt.f("Torch lines the shapes up from the right, one column per "
                            "dimension. In each column the sizes must be equal, or "
                            "one of them is one, or one is missing. Here {} against "
                            "{} is fine, and so is {} against {}: the result has "
                            "shape {}.", g.a.shape[1], g.b.shape[1], g.a.shape[0],
                            g.b.shape[0], fmt.shape(g.shape))):
            self.play(FadeIn(cols.rows[0]), FadeIn(cols.rows[1]), run_time=style.BEAT)
            self.play(FadeIn(cols.rows[2]), run_time=style.BEAT)

        # Step: b's one row, read again for every row of A: drawn faded.
        with self.say(fmt.f("b keeps its shape {}. Its size-one dimension is "
                            "stretched: the one row is read again for each row of "
                            "A, drawn faded here. That is b dot expand, a view that "
                            "copies nothing; only the result is a new tensor.",
                            fmt.shape(g.b.shape))):
            self.play(TransformFromCopy(pic.b, pic.stretched), run_time=style.BEAT)
            self.play(FadeIn(pic.expand), run_time=style.FAST)

        # Step: element-wise add, one cell at a time.
        c = pic.c
        with self.say(fmt.f("Now each cell is added to its partner: {} plus {} is {}.",
                            fmt.grid(g.a)[0][0], fmt.grid(g.b)[0][0],
                            fmt.grid(g.result)[0][0])):
            self.play(FadeIn(pic.equals), run_time=style.FAST)
            for r, cell_row in enumerate(c.cells):
                for k, square in enumerate(cell_row):
                    self.play(
                        TransformFromCopy(
                            VGroup(pic.a.entries[r][k], pic.read(r, k)),
                            c.entries[r][k]),
                        FadeIn(square),
                        run_time=style.FAST,
                    )
        with self.say(fmt.f("The result C has shape {}.", fmt.shape(g.result.shape))):
            self.play(FadeIn(pic.names[2]), run_time=style.FAST)
        self.hold()

    def row_case(self, heading) -> None:
        d = self.data
        p = d.row_parts
        left, right = p.a.shape, p.b.shape
        source = code(d.row.code).next_to(heading, DOWN, buff=style.GAP)
        source.to_edge(LEFT, buff=style.EDGE_BUFF)
        cols = self.columns(p, d.row_shape)
        cols.next_to(heading, DOWN, buff=style.GAP).to_edge(RIGHT,
                                                             buff=style.EDGE_BUFF)
        pic = self.operands(p, d.row.value)
        pic.next_to(VGroup(source, cols), DOWN, buff=style.WIDE_GAP).set_x(0)
        with self.say(fmt.f("A vector of shape {} meets a {} matrix. Lined up from "
                            "the right: {} and {} are equal, and the vector has no "
                            "second dimension: a gap.", fmt.shape(right),
                            fmt.shape(left), right[-1], left[-1])):
            self.play(Write(source), run_time=style.BEAT)
            self.play(FadeIn(pic.a), FadeIn(pic.plus), FadeIn(pic.b),
                      FadeIn(pic.names[:2]), FadeIn(cols.rows[0]), FadeIn(cols.rows[1]),
                      run_time=style.BEAT)

        # Step: the gap counts as size one; that one row is read for every row.
        one = code(fmt.num(p.b_read_as[0]), color=style.MUTED).move_to(cols.slot(1, 0))
        with self.say(fmt.f("A missing dimension counts as size one, so b is read as "
                            "shape {}, and its one row is read again for all {} rows "
                            "of A, drawn faded.", fmt.shape(p.b_read_as), left[0])):
            self.play(FadeIn(one, shift=DOWN * style.SHIFT), run_time=style.FAST)
            self.play(TransformFromCopy(pic.b, pic.stretched), FadeIn(pic.expand),
                      run_time=style.BEAT)

        # Step: then a plain element-wise add.
        with self.say(fmt.f("Then each cell adds to its partner, and C has shape {}.",
                            fmt.shape(d.row_shape))):
            self.play(FadeIn(pic.equals), FadeIn(cols.rows[2]), run_time=style.FAST)
            self.play(*(TransformFromCopy(VGroup(pic.a.entries[r][k], pic.read(r, k)),
                                          entry)
                        for r, row in enumerate(pic.c.entries)
                        for k, entry in enumerate(row)),
                      *(FadeIn(sq) for r in pic.c.cells for sq in r),
                      run_time=style.BEAT)
            self.play(FadeIn(pic.names[2]), run_time=style.FAST)
        self.hold()

    def running_problem(self, heading) -> None:
        d = self.data.running
        source = lines([*d.guess_code, d.y_hat.code])
        source.next_to(heading, DOWN, buff=style.GAP).to_edge(LEFT,
                                                               buff=style.EDGE_BUFF)
        cols = ShapeColumns([
            ("w", d.w_columns, style.OPERAND_B),
            ("x", d.x_columns, style.OPERAND_A),
            ("b", d.b_columns, style.OPERAND_B),
            (d.model, d.shape, style.RESULT),
        ])
        cols.next_to(heading, DOWN, buff=style.GAP).to_edge(RIGHT,
                                                             buff=style.EDGE_BUFF)
        stride = result_line(d.stride.code, fmt.shape(d.stride.value))
        stride.next_to(cols, DOWN, buff=style.WIDE_GAP).to_edge(RIGHT,
                                                                 buff=style.EDGE_BUFF)
        pic = points_stack(d).next_to(source, DOWN, buff=style.GAP)
        pic.to_edge(LEFT, buff=style.EDGE_BUFF)

        # Step: the model's code at the guess; w and b are scalars, x a vector.
        with self.say(fmt.f("Our running problem needs broadcasting: w times x plus "
                            "b, at our first guess w = {} and b = {}. w and b have "
                            "shape {}, x has shape {}.", d.w, d.b,
                            fmt.shape(d.w.shape), fmt.shape(d.x.shape))):
            self.play(Write(source), run_time=style.BEAT)
            self.play(*(FadeIn(m) for m in (pic.w, pic.x, pic.b, *pic.operand_names,
                                            *cols.rows[:-1])),
                      run_time=style.BEAT)

        # Step: the gaps count as size one; w and b are read once per point.
        ones = VGroup(
            code(fmt.num(d.w_read_as[0]), color=style.MUTED).move_to(cols.slot(0, 0)),
            code(fmt.num(d.b_read_as[0]), color=style.MUTED).move_to(cols.slot(2, 0)),
        )
        with self.say(fmt.f("From the right, w and b have only a gap, which counts as "
                            "size one: each is read again for all {} points, drawn "
                            "faded. {} is a view, stride {}: no copy.",
                            d.shape[0], d.w_expand.code, d.stride.value[0])):
            self.play(FadeIn(ones, shift=DOWN * style.SHIFT), run_time=style.FAST)
            self.play(TransformFromCopy(pic.w, pic.w_stretched),
                      TransformFromCopy(pic.b, pic.b_stretched),
                      FadeIn(pic.expands), run_time=style.BEAT)
            self.play(FadeIn(stride), run_time=style.FAST)

        # Step: then element by element, point by point.
        with self.say(fmt.f("Then torch multiplies and adds element by element: "
                            "y_hat, shape {}, is {}.",
                            fmt.shape(d.prediction.shape), fmt.vector(d.prediction))):
            self.play(FadeIn(pic.ops), FadeIn(pic.y_hat_name), FadeIn(cols.rows[-1]),
                      run_time=style.FAST)
            self.play(*(TransformFromCopy(VGroup(*(g.entries[0][k] for g in pic.terms)),
                                          entry)
                        for k, entry in enumerate(pic.y_hat.entries[0])),
                      *(FadeIn(sq) for sq in pic.y_hat.cells[0]), run_time=style.BEAT)

        # Step: our guess beside the points' y: off everywhere (nothing fitted).
        with self.say("Set beside y, the guess is off at every one of our four "
                      "points. Fitting w and b comes later."):
            self.play(FadeIn(pic.y), FadeIn(pic.y_name), FadeIn(pic.off),
                      run_time=style.BEAT)
        self.hold()

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


def points_stack(d: RunningBroadcast) -> VGroup:
    """``w * x + b = y_hat`` one row per tensor, the four points in columns, y
    under y_hat; w's and b's stretched cells (``expand``) faded beside them."""
    def grid(values, colour) -> CellGrid:
        return CellGrid(fmt.grid(values), color=colour, cell=RUN_CELL,
                        font_size=style.CODE_SIZE)

    w_stretched = faded(grid(d.w_expand.value, style.OPERAND_B))
    x = grid(d.x, style.OPERAND_A)
    b_stretched = faded(grid(d.b_expand.value, style.OPERAND_B))
    y_hat = grid(d.prediction, style.RESULT)
    y = grid(d.y, style.TEXT)
    rows = VGroup(w_stretched, x, b_stretched, y_hat, y)
    rows.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
    y.shift(DOWN * style.TIGHT)  # a little apart: the data, not the sum
    w, b = grid(d.w, style.OPERAND_B), grid(d.b, style.OPERAND_B)
    w.move_to(w_stretched.cells[0][0])
    b.move_to(b_stretched.cells[0][0])
    # w and b themselves fill the first cells: only the cells read again stay faded.
    for g in (w_stretched, b_stretched):
        g.remove(g.cells[0][0], g.entries[0][0])
    names = VGroup(*(code(name + " " + fmt.shape(t.shape), color=colour)
                     for name, t, colour in (
                         ("w", d.w, style.OPERAND_B), ("x", d.x, style.OPERAND_A),
                         ("b", d.b, style.OPERAND_B),
                         ("y_hat", d.prediction, style.RESULT),
                         ("y", d.y, style.TEXT))))
    ops = VGroup(*(tex(sign, size=style.TITLE_SIZE)
                   for sign in (r"\times", "+", "=")))
    # Names right-aligned before the rows, and the operators before the names:
    # "w", "* x", "+ b", "= y_hat", read down as column sums are.
    for name, row in zip(names, rows):
        name.next_to(x, LEFT, buff=style.GAP).set_y(row.get_y())
        name.align_to(x.get_left() + LEFT * style.GAP, RIGHT)
    for op, row in zip(ops, (x, b_stretched, y_hat)):
        op.next_to(names, LEFT, buff=style.GAP).set_y(row.get_y())
    expands = VGroup(*(code(run.code, size=style.SMALL_SIZE, color=style.MUTED)
                       .next_to(row, RIGHT, buff=style.GAP)
                       for run, row in ((d.w_expand, w_stretched),
                                        (d.b_expand, b_stretched))))
    off = label("our guess is off", size=style.SMALL_SIZE, color=style.MUTED)
    off.next_to(y, RIGHT, buff=style.GAP)
    group = VGroup(names, ops, w, w_stretched, x, b, b_stretched, y_hat, y, expands,
                   off)
    group.w, group.x, group.b, group.y_hat, group.y = w, x, b, y_hat, y
    group.w_stretched, group.b_stretched = w_stretched, b_stretched
    group.ops, group.expands, group.off = ops, expands, off
    *group.operand_names, group.y_hat_name, group.y_name = names
    # The three entries each y_hat entry k is made from: w's, x's and b's.
    group.terms = [_Reading(w, w_stretched), x, _Reading(b, b_stretched)]
    return group


class _Reading:
    """A stretched row read as one: entry 0 is the tensor itself, the rest are
    its faded copies (``entries[0][k]``, as a ``CellGrid`` names them)."""

    def __init__(self, own: CellGrid, stretched: CellGrid) -> None:
        self.entries = [[own.entries[0][0], *stretched.entries[0][1:]]]
