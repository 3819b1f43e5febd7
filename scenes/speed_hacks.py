"""Speed hacks and mental models, each claim run in torch.

``SpeedHacks`` shows ``tensors.speed_hacks.speed_hacks()``: the guide's three
mental models (BCHW next to channels-last, gradients as the flow), what
``zeros_like`` copies, what ``no_grad`` switches off, the real error for
``x += 1`` on a leaf that needs a gradient, where an in-place add in the
forward pass breaks backward (sigmoid saved the value) and where it does not
(``x * 2``), and how to change a weight: in place, inside ``no_grad``. The
final exam that follows is ``scenes/final_exam.py``.
"""

from __future__ import annotations

from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    UR,
    Arrow,
    Brace,
    Circle,
    FadeIn,
    FadeOut,
    GrowArrow,
    LaggedStart,
    ManimColor,
    Square,
    VGroup,
    Write,
    interpolate_color,
)

from scenes.kit import style
from scenes.kit.arrows import BackwardArrow
from scenes.kit.base import LectureScene
from scenes.kit.code import note, snippet
from scenes.kit.grids import Table, head, plain
from scenes.kit.layout import captioned, column, under_left
from scenes.kit.text import code, label, listing, paren
from tensors import fmt
from tensors.speed_hacks import speed_hacks

# The three pictures (layout only): a cell of the tensor drawings, an image's
# side in the batch row and drawn alone, how far its planes step apart (a
# share of its side), and a memory cell of the channels-last strips.
ICON_CELL = 0.5
DRAWN_AXES = 3  # a tensor picture draws layers, rows and columns
FILL = interpolate_color(ManimColor(style.BACKGROUND), ManimColor(style.OPERAND_A),
                         style.CELL_FILL_OPACITY)
ICON = 0.45
IMAGE = 1.5
PLANE_SHIFT = 8
MEMORY_CELL = 0.4


class SpeedHacks(LectureScene):
    """Mental models and three habits, shown with what torch really does."""

    LESSON = staticmethod(speed_hacks)
    # images.hwc_shape is said (bound), not drawn: on screen it is only inside
    # the permute run's code, bound as a whole to images.permute.code.
    SHOWS = ("models.ndims", "models.bchw_shape", "models.cl_strides",
             "models.contiguous_strides", "images.loaders",
             "images.nchw_shape", "images.conv_shape",
             "models.arrived", "models.local",
             "models.x_grad", "zeros_like.dtype", "zeros_like.device",
             "zeros_like.shape", "zeros_like.shown", "no_grad.tracked.grad_fn",
             "no_grad.untracked.grad_fn", "in_place.inplace.error",
             "in_place.saved.error", "in_place.saved_raised",
             "in_place.nothing_saved.value",
             "in_place.no_grad_way.value", "in_place.add_way.value")
    HEADING = "Speed hacks and mental models"

    def construct(self) -> None:
        heading = self.show_heading()
        for part in (self.models, self.images, self.flow, self.zeros_like,
                     self.no_grad, self.in_place, self.right_tools):
            part(heading)
            self.hold()
            self.clear_below(keep=[heading])

    def models(self, heading) -> None:
        m = self.data.models
        # Step: a tensor, drawn as arrays with zero to three axes.
        ranks = VGroup(*(captioned(self.cells(shape),
                                   fmt.f("{} " + ("axis" if n == 1 else "axes"), n))
                         for shape, n in zip(m.ranks, m.ndims)))
        ranks.arrange(RIGHT, aligned_edge=DOWN, buff=style.WIDE_GAP)
        extras = label("any of them can live on a GPU and carry gradients",
                       size=style.SMALL_SIZE, color=style.MUTED)
        title = label("Tensor: an array with any number of axes")
        under_left(column(title, ranks, extras), heading)
        with self.say("Three pictures to keep in mind. First, a tensor: an array "
                      "with any number of axes, from a single number to a stack "
                      "of grids, that can sit on a GPU and track gradients."):
            self.play(FadeIn(title), run_time=style.FAST)
            self.play(LaggedStart(*(FadeIn(r) for r in ranks)), run_time=style.BEAT)
            self.play(FadeIn(extras), run_time=style.FAST)
        self.hold()
        self.clear_below(keep=[heading])
        # Step: a batch of images, in torch's shape convention.
        batch, channels, height, width = m.bchw_shape
        shape = snippet(m.bchw, fmt.size(m.bchw_shape), size=style.SMALL_SIZE)
        small = VGroup(*(self.image(channels, ICON) for _ in range(batch)))
        small.arrange(RIGHT, buff=style.TIGHT)
        row = VGroup(small, self.braced(small, DOWN, fmt.f("batch: {}", batch)))
        big = self.image(channels, IMAGE)
        front = big[-1]
        one = VGroup(big, self.braced(front, DOWN, fmt.f("width: {}", width)),
                     self.braced(front, LEFT, fmt.f("height: {}", height)),
                     note(fmt.f("channels: {}", channels), style.TEXT).next_to(
                         big, UP, buff=style.TIGHT))
        picture = VGroup(row, one).arrange(RIGHT, aligned_edge=DOWN,
                                           buff=style.WIDE_GAP)
        title = label("BCHW: torch's shape for a batch of images")
        under_left(column(title, shape, picture), heading)
        with self.say(fmt.f("Second, torch's convention for a batch of images: "
                            "batch, channels, height, width. Here {} colour "
                            "images, each {} planes of {} by {} pixels.",
                            batch, channels, height, width)):
            self.play(FadeIn(title), FadeIn(shape), run_time=style.FAST)
            self.play(FadeIn(row), run_time=style.BEAT)
            self.play(FadeIn(one), run_time=style.BEAT)
        self.hold()
        self.play(FadeOut(picture), run_time=style.FAST)
        # Step: the same shape, stored channels last: memory in order.
        stored = fmt.f("({}, {})", fmt.size(m.cl_shape), fmt.shape(m.cl_strides))
        last = snippet(m.channels_last, stored, size=style.SMALL_SIZE)
        strips = VGroup(
            self.strip(m.memory[0], "contiguous, strides "
                       + fmt.shape(m.contiguous_strides)),
            self.strip(m.memory[1], "channels_last, strides "
                       + fmt.shape(m.cl_strides)),
        ).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        heading_memory = note("memory, in order: each cell coloured by its channel",
                              style.TEXT)
        under_left(column(last, heading_memory, strips), shape)
        with self.say(fmt.f("The guide says always, but that is the shape, not the "
                            "memory. Stored channels last, the shape is the same, "
                            "and the strides {} say that memory runs through the "
                            "channels of one pixel before the next pixel.",
                            fmt.shape(m.cl_strides))):
            self.play(FadeIn(last), run_time=style.BEAT)
            self.play(FadeIn(heading_memory), FadeIn(strips), run_time=style.BEAT)

    @staticmethod
    def cells(shape) -> VGroup:
        """A tensor of ``shape`` (up to three axes) as squares: a row, a grid,
        or grids stacked back to front."""
        layers, rows, cols = (1, 1, 1, *shape)[-DRAWN_AXES:]
        stack = VGroup()
        for k in range(layers):
            # Filled opaque, so a layer hides the one behind it.
            grid = VGroup(*(Square(side_length=ICON_CELL, color=style.OPERAND_A,
                                   stroke_width=style.CELL_STROKE)
                            .set_fill(FILL, opacity=1)
                            .move_to(RIGHT * c * ICON_CELL + DOWN * r * ICON_CELL)
                            for r in range(rows) for c in range(cols)))
            stack.add(grid.shift(UR * k * ICON_CELL / 2))
        return VGroup(*reversed(stack))  # the back layer drawn first

    @staticmethod
    def image(channels: int, side: float) -> VGroup:
        """One image: its channel planes, red at the back, offset like cards."""
        planes = VGroup(*(Square(side_length=side, color=colour,
                                 stroke_width=style.CELL_STROKE)
                          .set_fill(colour, opacity=style.BAR_OPACITY)
                          .shift(DL * k * side / PLANE_SHIFT)
                          for k, colour in zip(range(channels),
                                               style.CHANNEL_COLORS)))
        return planes

    @staticmethod
    def braced(mob, direction, text: str) -> VGroup:
        brace = Brace(mob, direction, color=style.MUTED, buff=style.TIGHT)
        return VGroup(brace, note(text, style.TEXT).next_to(brace, direction,
                                                           buff=style.TIGHT))

    @staticmethod
    def strip(channels, caption: str) -> VGroup:
        """Memory cells in order, each filled with its element's channel colour."""
        cells = VGroup(*(Square(side_length=MEMORY_CELL,
                                color=style.CHANNEL_COLORS[c],
                                stroke_width=style.CELL_STROKE)
                         .set_fill(style.CHANNEL_COLORS[c], opacity=style.BAR_OPACITY)
                         for c in channels)).arrange(RIGHT, buff=0)
        more = note("...", style.MUTED).next_to(cells, RIGHT, buff=style.TIGHT)
        return VGroup(cells, more, code(caption, size=style.SMALL_SIZE).next_to(
            more, RIGHT, buff=style.GAP))

    def images(self, heading) -> None:
        im = self.data.images
        # Step: the loader decides the axis order; conv wants (N, C, H, W).
        title = label("Image files: the loader decides the axis order")
        loaders = Table([[plain(who), (axes, style.RESULT)]
                         for who, axes in im.loaders])
        permute = snippet(im.permute, fmt.size(im.nchw_shape), size=style.SMALL_SIZE)
        conv = snippet(im.conv, fmt.size(im.conv_shape), size=style.SMALL_SIZE)
        under_left(column(title, loaders, permute, conv), heading)
        (_, pil_axes), (_, vision_axes), _ = im.loaders
        with self.say(fmt.f("Which axis comes first in an image depends on what "
                            "loaded it. A PIL image, made a NumPy array, is {}: "
                            "height, width, channels. torchvision's decode image "
                            "gives {}.", pil_axes, vision_axes)):
            self.play(FadeIn(title), FadeIn(loaders), run_time=style.BEAT)
        with self.say(fmt.f("Torch's conv layers take batch, channels, height, "
                            "width. So an image of shape {} is permuted with {}, and "
                            "unsqueeze adds the batch axis: shape {}.",
                            fmt.shape(im.hwc_shape),
                            fmt.join([fmt.num(i) for i in im.order]),
                            fmt.size(im.nchw_shape))):
            self.play(FadeIn(permute), run_time=style.BEAT)
        with self.say(fmt.f("A {} with {} channels in and {} out takes it, and "
                            "gives {}.", im.layer, im.in_channels, im.out_channels,
                            fmt.size(im.conv_shape))):
            self.play(FadeIn(conv), run_time=style.BEAT)

    def flow(self, heading) -> None:
        m = self.data.models
        # Step: gradients are what flows; local derivatives scale the flow.
        title = label("Third, autograd pipes: the gradient is the water")
        names = ("x", "y", "loss")
        nodes = VGroup(*(VGroup(Circle(radius=style.NODE_RADIUS, color=style.RESULT,
                                       stroke_width=style.EDGE_STROKE),
                                code(n, size=style.SMALL_SIZE)) for n in names))
        nodes.arrange(RIGHT, buff=style.NODE_COLUMN)
        forward = VGroup(*(Arrow(a.get_right(), b.get_left(), buff=0,
                                 color=style.MUTED, stroke_width=style.EDGE_STROKE,
                                 max_tip_length_to_length_ratio=style.TIP_RATIO)
                           for a, b in zip(nodes, nodes[1:])))
        valve = note(fmt.f("valve: \u00d7 {}", m.local), style.TEXT)
        valve.next_to(forward[0], UP, buff=style.TIGHT)
        back = VGroup(
            BackwardArrow(nodes[1].get_center(), nodes[2].get_center(),
                          fmt.num(m.arrived), side=-1),
            BackwardArrow(nodes[0].get_center(), nodes[1].get_center(),
                          fmt.num(m.x_grad), side=-1),
        )
        pipes = VGroup(nodes, forward, valve, back)
        run = snippet(m.flow, paren((fmt.num(m.arrived), fmt.num(m.x_grad))),
                      size=style.SMALL_SIZE)
        under_left(column(title, pipes, run), heading)
        with self.say("Third, the guide pictures autograd as water running "
                      "backward through pipes. The water is the gradient; each "
                      "operation's local derivative is a valve that scales it."):
            self.play(FadeIn(title), FadeIn(nodes), FadeIn(forward),
                      run_time=style.BEAT)
        with self.say("In the code, register hook asks torch to call a function "
                      "with the gradient that reaches y during backward; this one "
                      "appends it to a list."):
            self.play(Write(run), run_time=style.BEAT)
        with self.say(fmt.f("Here {} flows into y. y equals three x has local "
                            "derivative {}, so that valve scales the flow, and {} "
                            "arrives in x dot grad.", fmt.num(m.arrived),
                            fmt.num(m.local), fmt.num(m.x_grad))):
            self.play(GrowArrow(back[0].arrow), FadeIn(back[0].label),
                      run_time=style.BEAT)
            self.play(FadeIn(valve), run_time=style.FAST)
            self.play(GrowArrow(back[1].arrow), FadeIn(back[1].label),
                      run_time=style.BEAT)

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
            fmt.f("The guide says it copies the shape and the device. It copies "
                  "the data type too: {} in, {} out, and torch prints it.",
                  z.dtype[0], z.dtype[1])
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
            fmt.f("Outside it, the product remembers how it was made: {}. "
                  "Inside, no graph is recorded, so the intermediate values "
                  "backward would need are not kept.", n.tracked.grad_fn)
        ):
            self.play(FadeIn(table), run_time=style.BEAT)

    def in_place(self, heading) -> None:
        p = self.data.in_place
        # Step: the in-place add torch refuses.
        bad = snippet(p.inplace)
        line = fmt.split(p.inplace.code)[-1]
        title = label(
            fmt.f("Hack: never {} on a tensor that tracks gradients", line),
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
        # Step: in the forward pass, an in-place add on a value backward needs.
        saved = under_left(snippet(p.saved, size=style.SMALL_SIZE), title)
        with self.say(
            "In the forward pass the rule is right where backward needs the "
            "value. Sigmoid saves its output y for its backward step; plus "
            "equals changes y, so backward raises."
        ):
            self.play(FadeOut(bad), run_time=style.FAST)
            self.play(FadeIn(saved[0]), run_time=style.BEAT)
            self.play(
                FadeIn(saved.result, shift=UP * style.SHIFT), run_time=style.BEAT
            )
        self.hold(style.LONG_READ)
        # Step: the same add where nothing of y was saved.
        raised = listing(fmt.join(fmt.lines(p.saved_raised, style.ERROR_WRAP), "\n"),
                         style.SMALL_SIZE, style.ERROR)
        works = snippet(p.nothing_saved, fmt.vector(p.nothing_saved.value),
                        size=style.SMALL_SIZE)
        self.error_then_working(
            saved, raised, works,
            fmt.f("Times two saves nothing of y, so the same plus equals is "
                  "harmless: backward runs, and x.grad is {}.",
                  fmt.vector(p.nothing_saved.value)))
        self.hold()
        self.erratum(
            "in-place-saved-values",
            "The guide is right for a tensor in the forward pass whose value "
            "backward needs. It is wrong to say never: elsewhere an in-place "
            "add is harmless, and a weight is changed in place, inside no grad.",
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
        leaf = note("x.is_leaf: " + fmt.num(p.no_grad_way_is_leaf))
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
