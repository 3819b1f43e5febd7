"""PyTorch core: tensors by number of dimensions, and the element-wise product.

Shows ``tensors.core.ranks()`` (a scalar, a vector, a matrix, our running
problem's x, y, w, b and a two-feature batch, a 3-D tensor that is not
practice Q2's, and a seeded batch of RGB images moved to the lecture's device,
each with the ``.shape`` and ``.dim()`` torch printed) and
``tensors.core.hadamard()`` (the guide's ``A * B`` cell by cell, our running
problem's errors squared the same way, then ``A * B`` next to ``A @ B``).
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    UR,
    Brace,
    FadeIn,
    FadeOut,
    Indicate,
    Square,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.code import gives
from scenes.kit.grids import CellGrid
from scenes.kit.text import code, label, lines, paren, tex
from tensors import fmt
from tensors.core import Ranked, hadamard, ranks

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
PIXEL = 0.45  # side of one pixel in a drawn image plane
PIXEL_FLOOR = 0.12  # fill opacity of a pixel of value 0 (value 1 is opaque)
PLANE_OFFSET = 0.3  # shift between stacked channel planes
RUNNING_CELL = 0.7  # cells of our running problem's small tensors
SQUARE_CELL = 1.3  # cells of the running problem's errors and their squares
COLUMN_GAP = 0.6  # between the running problem's data and its parameters


def shape_and_dim(t: Ranked, size: int = style.CODE_SIZE,
                  dim: str = ".dim()") -> VGroup:
    """``.shape -> torch.Size([2, 2])`` over ``.dim() -> 2``, as torch prints them
    (``dim=".ndim"`` reads the count from the attribute instead)."""
    return lines([".shape " + gives(fmt.size(t.shape)),
                  dim + " " + gives(fmt.num(t.dim))], size=size, color=style.RESULT)


def running_block(t: Ranked, color: str) -> VGroup:
    """Our running problem's ``t``: the line that made it, over its cells and the
    ``.shape`` and ``.ndim`` torch gives. ``block.grid`` is the grid."""
    grid = CellGrid(fmt.grid(t.value), color=color, cell=RUNNING_CELL)
    info = shape_and_dim(t, size=style.SMALL_SIZE, dim=".ndim")
    body = VGroup(grid, info).arrange(RIGHT, buff=style.GAP)
    block = VGroup(code(t.code, size=style.TINY_SIZE), body)
    block.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
    block.grid = grid
    return block


def opaque(grid: CellGrid) -> VGroup:
    """``grid`` on solid squares, so whatever is drawn behind it is hidden."""
    backing = VGroup(*(Square(side_length=sq.width, stroke_width=0)
                       .set_fill(style.BACKGROUND, opacity=1).move_to(sq)
                       for row in grid.cells for sq in row))
    return VGroup(backing, grid)


class ImagePlane(VGroup):
    """One channel of one image: an H x W grid of pixels, brighter = larger."""

    def __init__(self, values, color: str) -> None:
        super().__init__()
        rows = values.tolist()
        backing = Square(side_length=len(rows) * PIXEL, stroke_width=0)
        self.add(backing.set_fill(style.BACKGROUND, opacity=1))
        self.pixels = VGroup()
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                px = Square(side_length=PIXEL, color=color,
                            stroke_width=style.CELL_STROKE / 2)
                px.set_fill(color,
                            opacity=PIXEL_FLOOR + (1 - PIXEL_FLOOR) * v)
                self.pixels.add(px.move_to(RIGHT * c * PIXEL
                                           + DOWN * r * PIXEL))
        backing.move_to(self.pixels)
        self.add(self.pixels)


class ImageStack(VGroup):
    """One image of the batch: its channel planes stacked, channel 0 in front."""

    def __init__(self, image) -> None:
        super().__init__()
        self.planes = [ImagePlane(plane.detach().cpu(), color)
                       for plane, color in zip(image, style.CHANNEL_COLORS)]
        for k, plane in enumerate(self.planes):
            plane.shift(UR * k * PLANE_OFFSET)
        self.add(*reversed(self.planes))  # the back plane is drawn first

    @property
    def front(self) -> ImagePlane:
        return self.planes[0]


class TensorsByRank(LectureScene):
    """``ranks()``: 0-D, 1-D and 2-D, our running problem's tensors, a 3-D
    tensor, a (B, C, H, W) batch, .to()."""

    LESSON = staticmethod(ranks)
    # A shape is drawn as torch prints it (fmt.size); ``size``, torch's own
    # print of it, is what the narration reads out.
    SHOWS = ("scalar.value", "scalar.dim", "vector.value", "vector.shape", "vector.dim",
             "matrix.value", "matrix.shape", "matrix.dim", "cube.value", "cube.shape",
             "cube.dim", "images.shape", "images.dim", "image_axes", "same.value",
             "new.value", "device", "to_rule", "running.model",
             *(f"running.{t}.{part}" for t in ("x", "y", "w", "b", "batch")
               for part in ("code", "value", "shape", "dim")))
    HEADING = "Tensors, by number of dimensions"

    def construct(self) -> None:
        heading = self.show_heading()
        self.low_ranks(heading)
        self.clear_below(keep=[heading])
        self.running_problem(heading)
        self.clear_below(keep=[heading])
        self.cube(heading)
        self.clear_below(keep=[heading])
        self.image_batch(heading)
        self.hold()

    def low_ranks(self, heading) -> None:
        d = self.data
        rows = []
        for t in (d.scalar, d.vector, d.matrix):
            words = VGroup(label(t.name, size=style.BODY_SIZE),
                           code(t.code, size=style.TINY_SIZE, color=style.MUTED))
            words.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
            rows.append((words, CellGrid(fmt.grid(t.value), color=style.OPERAND_A),
                         shape_and_dim(t, size=style.SMALL_SIZE)))
        left = max(r[0].width for r in rows)
        middle = max(r[1].width for r in rows)
        top = heading.get_bottom()[1] - style.WIDE_GAP
        for words, grid, info in rows:
            height = max(words.height, grid.height, info.height)
            y = top - height / 2
            words.move_to(UP * y).to_edge(LEFT, buff=style.EDGE_BUFF)
            grid.move_to(UP * y).align_to(words, LEFT)
            grid.shift(RIGHT * (left + style.GAP))
            info.move_to(UP * y).align_to(grid, LEFT)
            info.shift(RIGHT * (middle + style.GAP))
            top -= height + style.WIDE_GAP
        said = {
            "scalar": fmt.f("A scalar is a single number. It has no dimensions at "
                            "all: its shape is empty and dim gives {}.", d.scalar.dim),
            "vector": fmt.f("A vector is a flat list of numbers, drawn here along a "
                            "line: {} dimension, and torch prints its shape as {}. It "
                            "has no rows and no columns.", d.vector.dim, d.vector.size),
            "matrix": fmt.f("A matrix has rows and columns: {} dimensions, shape {}.",
                            d.matrix.dim, d.matrix.size),
        }
        # Step: one dimension count at a time, with what torch says of its shape.
        for (words, grid, info), t in zip(rows, (d.scalar, d.vector, d.matrix)):
            with self.say(said[t.name]):
                self.play(Write(words), FadeIn(grid), run_time=style.BEAT)
                self.play(FadeIn(info, shift=LEFT * style.SHIFT), run_time=style.FAST)
        with self.say("dim counts the dimensions. Some texts call that number the "
                      "rank; we say dimensions, because a matrix's rank in linear "
                      "algebra is something else."):
            self.play(*(Indicate(info[1]) for _, _, info in rows), run_time=style.BEAT)

    def running_problem(self, heading) -> None:
        """Our running problem's tensors, each with the shape torch gives it."""
        r = self.data.running
        intro = label(fmt.f("Our running problem: fit y with {} at four points",
                            r.model), size=style.SMALL_SIZE, color=style.MUTED)
        intro.next_to(heading, DOWN, buff=style.GAP).to_edge(LEFT,
                                                            buff=style.EDGE_BUFF)
        x_block, y_block = (running_block(r.x, style.OPERAND_A),
                            running_block(r.y, style.OPERAND_B))
        data = VGroup(x_block, y_block)
        data.arrange(DOWN, aligned_edge=LEFT, buff=style.WIDE_GAP)
        params = VGroup(running_block(r.w, style.RESULT),
                        running_block(r.b, style.RESULT))
        params.arrange(DOWN, aligned_edge=LEFT, buff=style.WIDE_GAP)
        for group, words in ((data, "the data: one number per point"),
                             (params, "the line: one number each")):
            group.add_to_back(label(words, size=style.SMALL_SIZE, color=style.MUTED)
                              .next_to(group, UP, aligned_edge=LEFT, buff=style.GAP))
        VGroup(data, params).arrange(RIGHT, aligned_edge=UP, buff=COLUMN_GAP)
        VGroup(data, params).next_to(intro, DOWN, buff=style.WIDE_GAP).set_x(0)
        intro.align_to(data, LEFT)
        # Step: x and y, one number per point; then w and b, one number each.
        with self.say(fmt.f("Our running problem: four points, x and y. Each holds "
                            "one number per point: {} dimension, shape {}.",
                            r.x.dim, r.x.size)):
            self.play(FadeIn(intro), FadeIn(data), run_time=style.BEAT)
        with self.say(fmt.f("The line's w and b are single numbers: {} dimensions, "
                            "shape {}. ndim counts dimensions, as dim does.",
                            r.w.dim, r.w.size)):
            self.play(FadeIn(params), run_time=style.BEAT)

        # Step: a second feature per point makes the batch a matrix, row by point.
        self.play(FadeOut(data[0]), FadeOut(y_block), FadeOut(params),
                  x_block.animate.next_to(intro, DOWN, buff=style.WIDE_GAP,
                                          aligned_edge=LEFT),
                  run_time=style.FAST)
        batch = running_block(r.batch, style.OPERAND_A)
        batch.next_to(x_block, DOWN, buff=style.WIDE_GAP).align_to(x_block, LEFT)
        column = VGroup(*(row[0] for row in batch.grid.entries))
        ones = r.batch.value[0][1]
        with self.say(fmt.f("Give each point a second feature, a {} beside its x, "
                            "and the batch is a matrix: one row per point, shape {}, "
                            "{} dimensions. Matrix multiplication will put it to "
                            "work.", ones, r.batch.size, r.batch.dim)):
            self.play(FadeIn(batch[0]),
                      *(FadeIn(sq) for row in batch.grid.cells for sq in row),
                      run_time=style.BEAT)
            self.play(TransformFromCopy(VGroup(*x_block.grid.entries[0]), column),
                      *(FadeIn(row[1]) for row in batch.grid.entries),
                      run_time=style.BEAT)
            layout = label("one row per point, one column per feature",
                           size=style.SMALL_SIZE, color=style.MUTED)
            layout.next_to(batch[1][1], DOWN, aligned_edge=LEFT, buff=style.GAP)
            self.play(FadeIn(batch[1][1]), FadeIn(layout), run_time=style.FAST)

    def cube(self, heading) -> None:
        d = self.data
        c = d.cube
        source = code(c.code).next_to(heading, DOWN, buff=style.GAP)
        question = label(fmt.f("{} levels of brackets: what is its shape?", c.dim),
                         size=style.SMALL_SIZE, color=style.MUTED)
        question.next_to(source, DOWN, buff=style.TIGHT)
        with self.say(fmt.f("{} levels of brackets make a tensor of {} dimensions. "
                            "What is its shape, and how would you draw it?", c.dim,
                            c.dim)):
            self.play(Write(source), FadeIn(question), run_time=style.BEAT)

        # Step: the layers, back one offset up and right, like sheets in a stack.
        layers = [opaque(CellGrid(fmt.grid(layer), color=style.OPERAND_A))
                  for layer in c.value]  # c.value[k] is what cube[k] gave
        for k, layer in enumerate(layers):
            layer.shift(UR * k * style.LAYER_OFFSET)
        stack = VGroup(*reversed(layers))
        stack.next_to(question, DOWN, buff=style.WIDE_GAP)
        stack.to_edge(LEFT, buff=style.WIDE_GAP * 2)
        with self.say(fmt.f("It is {} layers stacked one behind the other, like "
                            "sheets of paper: a small cube of numbers.", c.shape[0])):
            self.play(*(FadeIn(layer) for layer in stack), run_time=style.BEAT)

        # Step: pull the layers apart so every number can be read.
        spread = stack.copy()
        for k, layer in enumerate(reversed(spread)):
            layer.shift(RIGHT * k * (layer.width + style.WIDE_GAP))
        names = VGroup(*(code(layer.code, color=style.MUTED)
                         .next_to(g, DOWN, buff=style.GAP)
                         for layer, g in zip(d.cube_layers, reversed(spread))))
        with self.say(fmt.f("Pulled apart, each layer is a {} by {} matrix. Indexing "
                            "the first dimension picks a layer.", c.shape[1],
                            c.shape[2])):
            self.play(*(layer.animate.move_to(target)
                        for layer, target in zip(stack, spread)), run_time=style.BEAT)
            self.play(FadeIn(names), run_time=style.FAST)
        drawing = VGroup(stack, names)
        info = shape_and_dim(c, size=style.SMALL_SIZE)
        info.next_to(drawing, RIGHT, buff=style.WIDE_GAP).align_to(stack, UP)
        order = label("layer, row, column", size=style.SMALL_SIZE, color=style.MUTED)
        order.next_to(info, DOWN, aligned_edge=LEFT, buff=style.GAP)
        with self.say(fmt.f("So the shape is {}: layers first, then rows, then "
                            "columns. One size per dimension, so dim is {}.",
                            c.size, c.dim)):
            self.play(FadeIn(info), FadeIn(order), run_time=style.BEAT)

    def image_batch(self, heading) -> None:
        d = self.data
        im = d.images
        source = lines(fmt.split(im.code)).next_to(heading, DOWN, buff=style.GAP)
        stacks = VGroup(*(ImageStack(image) for image in im.value.detach().cpu()))
        stacks.arrange(RIGHT, buff=style.GAP)
        tags, braces = self.dimension_labels(stacks)
        drawing = VGroup(stacks, *tags.values(), *braces.values())
        drawing.next_to(source, DOWN, buff=style.GAP).to_edge(LEFT,
                                                              buff=style.EDGE_BUFF)
        with self.say(fmt.f("Real data has more dimensions. Here is a batch of small "
                            "colour images, filled with random pixel values. "
                            "torch.manual_seed({}) first fixes the random draws, so "
                            "every run gives these same pixels.", d.images_seed)):
            self.play(Write(source), run_time=style.BEAT)
            self.play(*(FadeIn(s) for s in stacks), run_time=style.BEAT)

        # Step: name each dimension on the drawing.
        b, ch, h, w = im.shape
        said = {
            "B": fmt.f("B: {} images in the batch.", b),
            "C": fmt.f("C: each image has {} channels, red, green and blue, stacked "
                       "like sheets.", ch),
            "H": fmt.f("H and W: each channel is a {} by {} grid of pixels.", h, w),
        }
        for name, shown in (("B", ["B"]), ("C", ["C"]), ("H", ["H", "W"])):
            with self.say(said[name]):
                self.play(*(FadeIn(m) for k in shown for m in (tags[k], braces.get(k))
                            if m is not None), run_time=style.BEAT)
        info = shape_and_dim(im, size=style.SMALL_SIZE)
        order = code(paren(d.image_axes), size=style.BODY_SIZE, color=style.HIGHLIGHT)
        panel = VGroup(order, info).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        panel.next_to(drawing, RIGHT, buff=style.GAP).align_to(stacks, UP)
        with self.say(fmt.f("Together: shape {}, batch, channels, height, width. {} "
                            "dimensions.", im.size, im.dim)):
            self.play(FadeIn(panel), run_time=style.BEAT)
        self.hold()
        self.clear_below(keep=[heading, source])
        self.on_device(source)

    def on_device(self, above) -> None:
        """``.to(device)``: the same tensor if already there, else a new one."""
        d = self.data
        *move, ask = fmt.split(d.moved.code)
        make_t, same_ask = fmt.split(d.same.code)
        asks = VGroup(
            code(make_t, size=style.SMALL_SIZE),
            code(same_ask + " " + gives(fmt.num(d.same.value)),
                 size=style.SMALL_SIZE, color=style.RESULT),
            code(d.new.code + " " + gives(fmt.num(d.new.value)),
                 size=style.SMALL_SIZE, color=style.RESULT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        block = VGroup(
            asks,
            *(code(m, size=style.SMALL_SIZE) for m in move),
            code(ask + " " + gives(d.device), size=style.SMALL_SIZE,
                 color=style.RESULT),
            lines(list(d.to_rule), make=label, size=style.SMALL_SIZE,
                  color=style.MUTED),
        )
        block.arrange(DOWN, aligned_edge=LEFT, buff=style.TIGHT)
        block.next_to(above, DOWN, buff=style.WIDE_GAP)
        with self.say("A tensor can live on a GPU. Every tensor has a device, and "
                      "dot to returns a tensor on the device you name. " + d.to_said):
            self.play(FadeIn(block[0]), run_time=style.BEAT)
        with self.say(fmt.f("Either way, assign the result: then the same code works "
                            "on any device. This lecture was computed on the {}; on a "
                            "machine with CUDA, device set to cuda puts the batch on "
                            "the GPU.", d.device_type)):
            self.play(FadeIn(block[1:]), run_time=style.BEAT)

    def dimension_labels(self, stacks) -> tuple[dict, dict]:
        """A tag per axis (``B = 2 batch``...) and the braces they name."""
        d = self.data
        first = stacks[0]
        tags = {
            name: label(fmt.f("{} = {} {}", name, size, long), size=style.SMALL_SIZE,
                        color=style.HIGHLIGHT)
            for name, size, long in zip(d.image_axes, d.images.shape,
                                        d.image_axis_names)
        }
        braces = {
            "H": Brace(first.front, LEFT, color=style.HIGHLIGHT),
            "W": Brace(first.front, DOWN, buff=style.TIGHT, color=style.HIGHLIGHT),
        }
        h_text = tags["H"].original_text
        cut = h_text.rfind(" ")
        h_name, h_long = h_text[:cut], h_text[cut + 1:]  # slices keep the spans
        tags["H"] = lines([h_name, h_long], make=label, size=style.SMALL_SIZE,
                          color=style.HIGHLIGHT)  # two lines: room on the left is short
        tags["H"].next_to(braces["H"], LEFT, buff=style.TIGHT)
        tags["W"].next_to(braces["W"], DOWN, buff=style.TIGHT)
        braces["B"] = Brace(stacks, DOWN, color=style.HIGHLIGHT)
        braces["B"].next_to(tags["W"], DOWN, buff=style.TIGHT).set_x(stacks.get_x())
        tags["B"].next_to(braces["B"], DOWN, buff=style.TIGHT)
        tags["C"].next_to(first, UP, buff=style.TIGHT).align_to(first, LEFT)
        return tags, braces


class HadamardProduct(LectureScene):
    """``hadamard()``: A * B one cell at a time, our running problem's errors
    squared (e * e), then A * B beside A @ B."""

    LESSON = staticmethod(hadamard)
    SHOWS = ("pair.a", "pair.b", "product.value", "matmul.value",
             "running.error.code", "running.e", "running.squares.code",
             "running.squares.value")
    HEADING = "Element-wise product: A * B"

    def construct(self) -> None:
        heading = self.show_heading()
        self.cell_by_cell(heading)
        self.clear_below(keep=[heading])
        self.running_problem(heading)
        self.clear_below(keep=[heading])
        self.star_is_not_at(heading)
        self.hold()

    def cell_by_cell(self, heading) -> None:
        d = self.data
        p = d.pair
        source = lines(["A = " + p.a_code, "B = " + p.b_code, "C = " + d.product.code])
        source.next_to(heading, DOWN, buff=style.GAP)
        with self.say("Two matrices of the same shape. The star multiplies them "
                      "element by element."):
            self.play(Write(source), run_time=style.BEAT)
        a = CellGrid(fmt.grid(p.a), color=style.OPERAND_A)
        b = CellGrid(fmt.grid(p.b), color=style.OPERAND_B)
        c = CellGrid(fmt.grid(d.product.value), color=style.RESULT)
        times = tex(r"\ast", size=style.TITLE_SIZE)
        equals = tex("=", size=style.TITLE_SIZE)
        row = VGroup(a, times, b, equals, c).arrange(RIGHT, buff=style.WIDE_GAP)
        row.next_to(source, DOWN, buff=style.WIDE_GAP)
        names = VGroup(*(tex(n, color=col).next_to(g, DOWN, buff=style.GAP)
                         for n, col, g in (("A", style.OPERAND_A, a),
                                           ("B", style.OPERAND_B, b),
                                           ("C", style.RESULT, c))))
        self.play(FadeIn(a), FadeIn(times), FadeIn(b), FadeIn(equals), FadeIn(names),
                  *(FadeIn(sq) for r in c.cells for sq in r), run_time=style.BEAT)

        # Step: each cell of C from the two cells in the same place.
        a_s, b_s, c_s = fmt.grid(p.a), fmt.grid(p.b), fmt.grid(d.product.value)
        work = None
        with self.say(fmt.f("Same row, same column: {} times {} is {}, {} times {} "
                            "is {}, and so on. Nothing mixes across cells.", a_s[0][0],
                            b_s[0][0], c_s[0][0], a_s[0][1], b_s[0][1], c_s[0][1])):
            for r, cell_row in enumerate(c.cells):
                for k, _ in enumerate(cell_row):
                    boxes = VGroup(*(SurroundingRectangle(
                        g.cells[r][k], color=style.HIGHLIGHT, buff=0,
                        stroke_width=style.HIGHLIGHT_STROKE) for g in (a, b, c)))
                    step = tex(fmt.f(r"{} \times {} = {}", a_s[r][k], b_s[r][k],
                                     c_s[r][k]),
                               size=style.TITLE_SIZE, color=style.HIGHLIGHT)
                    step.next_to(names, DOWN, buff=style.WIDE_GAP)
                    old = [FadeOut(work)] if work else []
                    self.play(*old, FadeIn(boxes), FadeIn(step), run_time=style.FAST)
                    pair = VGroup(a.entries[r][k], b.entries[r][k])
                    self.play(TransformFromCopy(pair, c.entries[r][k]),
                              run_time=style.FAST)
                    work = VGroup(boxes, step)
        self.play(FadeOut(work), run_time=style.FAST)

    def running_problem(self, heading) -> None:
        """Our running problem at the guess: each point's error e, then e * e."""
        r = self.data.running
        source = lines([*fmt.split(r.error.code), r.squares.code])
        source.next_to(heading, DOWN, buff=style.GAP).to_edge(LEFT,
                                                             buff=style.EDGE_BUFF)
        names = ("e", "e", r.squares.code)
        grids = [CellGrid(fmt.grid(v), color=col, cell=SQUARE_CELL)
                 for v, col in ((r.e, style.OPERAND_A), (r.e, style.OPERAND_B),
                                (r.squares.value, style.RESULT))]
        rows = VGroup(*grids).arrange(DOWN, buff=style.GAP)
        tags = VGroup(*(code(n, size=style.BODY_SIZE, color=col)
                        .next_to(g, LEFT, buff=style.GAP)
                        for n, col, g in zip(names, (style.OPERAND_A, style.OPERAND_B,
                                                     style.RESULT), grids)))
        signs = VGroup(*(tex(t, size=style.TITLE_SIZE).next_to(tag, LEFT,
                                                               buff=style.GAP)
                         for t, tag in ((r"\ast", tags[1]), ("=", tags[2]))))
        picture = VGroup(rows, tags, signs)
        picture.next_to(source, RIGHT, buff=style.WIDE_GAP * 2)
        picture.set_y((heading.get_bottom()[1] - style.FRAME_HALF_HEIGHT) / 2)
        given = label("x, y: our four points", size=style.SMALL_SIZE,
                      color=style.MUTED).next_to(source, DOWN, aligned_edge=LEFT,
                                                 buff=style.GAP)
        e_s, sq = fmt.grid(r.e)[0], fmt.grid(r.squares.value)[0]
        # Step: the guess misses every point; e holds the four misses.
        with self.say(fmt.f("Our running problem at the first guess, w = {} and "
                            "b = {}: e holds the line's miss at each of our four "
                            "points, {}. How one w reaches all four points is "
                            "broadcasting, the next chapter.", fmt.num(r.w),
                            fmt.num(r.b), fmt.join(e_s[:-1]) + " and " + e_s[-1])):
            self.play(Write(source[:-1]), FadeIn(given), run_time=style.BEAT)
            self.play(FadeIn(tags[0]), FadeIn(grids[0]), run_time=style.BEAT)

        # Step: e * e squares each miss in its own cell.
        boxes = VGroup(*(SurroundingRectangle(g.cells[0][0], color=style.HIGHLIGHT,
                                              buff=0,
                                              stroke_width=style.HIGHLIGHT_STROKE)
                         for g in grids))
        with self.say(fmt.f("e * e squares each miss in its own cell: {} times {} is "
                            "{}, and so on. These four squares are what the mean "
                            "squared error averages.", e_s[0], e_s[0], sq[0])):
            self.play(Write(source[-1]), FadeIn(tags[1:]), FadeIn(grids[1]),
                      FadeIn(signs), *(FadeIn(c) for c in grids[2].cells[0]),
                      run_time=style.BEAT)
            self.play(FadeIn(boxes), run_time=style.FAST)
            self.play(TransformFromCopy(VGroup(grids[0].entries[0][0],
                                               grids[1].entries[0][0]),
                                        grids[2].entries[0][0]), run_time=style.FAST)
            self.play(FadeOut(boxes), *(TransformFromCopy(
                VGroup(grids[0].entries[0][k], grids[1].entries[0][k]),
                grids[2].entries[0][k]) for k in range(1, len(sq))),
                run_time=style.BEAT)

    def star_is_not_at(self, heading) -> None:
        d = self.data
        sides = VGroup()
        for r, color, words in ((d.product, style.RESULT, "element-wise"),
                                (d.matmul, style.OPERAND_B, "matrix multiplication")):
            grid = CellGrid(fmt.grid(r.value), color=color)
            sides.add(VGroup(code(r.code), grid, label(words, size=style.SMALL_SIZE,
                                                       color=style.MUTED))
                      .arrange(DOWN, buff=style.GAP))
        sides.arrange(RIGHT, buff=style.WIDE_GAP * 2, aligned_edge=UP)
        sides.next_to(heading, DOWN, buff=style.WIDE_GAP)
        with self.say("Careful with the operator. The star is element-wise; the at "
                      "sign is matrix multiplication, and gives different numbers."):
            self.play(FadeIn(sides[0]), run_time=style.BEAT)
            self.play(FadeIn(sides[1]), run_time=style.BEAT)
