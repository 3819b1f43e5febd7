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
    DOWN,
    LEFT,
    UP,
    FadeIn,
    FadeOut,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.base import LectureScene
from scenes.kit.code import note, snippet
from scenes.kit.grids import Table, head, plain
from scenes.kit.layout import column, under_left
from scenes.kit.text import label, lines, listing, paren
from tensors import fmt
from tensors.speed_hacks import speed_hacks


class SpeedHacks(LectureScene):
    """Mental models and three habits, shown with what torch really does."""

    LESSON = staticmethod(speed_hacks)
    # images.hwc_shape is said (bound), not drawn: on screen it is only inside
    # the permute run's code, bound as a whole to images.permute.code.
    SHOWS = ("models.bchw_shape", "models.cl_strides", "images.loaders",
             "images.nchw_shape", "images.conv_shape",
             "models.arrived",
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
        # Step: a tensor, and torch's shape convention for images.
        tensor = lines(fmt.lines("Tensor: an array with any number of axes, that can "
                                 "live on a GPU and carry gradients", style.WRAP),
                       make=label)
        shape = snippet(m.bchw, fmt.size(m.bchw_shape), size=style.SMALL_SIZE)
        names = Table([[head(n) for n in m.bchw_names],
                       [(fmt.num(n), style.RESULT) for n in m.bchw_shape]])
        bchw = column(label("BCHW: torch's shape for a batch of images"), shape, names)
        stored = fmt.f("({}, {})", fmt.size(m.cl_shape), fmt.shape(m.cl_strides))
        last = snippet(m.channels_last, stored, size=style.SMALL_SIZE)
        under_left(column(tensor, bchw, last), heading)
        with self.say("Three pictures to keep in mind. A tensor is an array with any "
                      "number of axes that can sit on a GPU and track gradients."):
            self.play(FadeIn(tensor), run_time=style.FAST)
        with self.say(fmt.f("Torch's convention for a batch of images is batch, "
                            "channels, height, width: here {} colour images of {} "
                            "by {} pixels.", m.bchw_shape[0], m.bchw_shape[-2],
                            m.bchw_shape[-1])):
            self.play(FadeIn(bchw), run_time=style.BEAT)
        with self.say(fmt.f("The guide says always, but that is the shape, not the "
                            "memory: in channels last format the shape is the same "
                            "and the strides {} show the channels stored last.",
                            fmt.shape(m.cl_strides))):
            self.play(FadeIn(last), run_time=style.BEAT)

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
        title = lines(fmt.lines("Autograd pipes: the gradient is what flows backward; "
                                "each operation's local derivative scales it",
                                style.WRAP), make=label)
        run = snippet(m.flow, paren((fmt.num(m.arrived), fmt.num(m.x_grad))),
                      size=style.SMALL_SIZE)
        under_left(column(title, run), heading)
        with self.say("The guide pictures autograd as water running backward through "
                      "pipes, and calls the gradients valves. It is the other way "
                      "round: the gradient is the water."):
            self.play(FadeIn(title), run_time=style.FAST)
        with self.say(fmt.f("Here {} flows into y, and y equals three x scales it "
                            "by its local derivative, {}, so {} arrives in x dot "
                            "grad. The local derivatives are the valves.",
                            fmt.num(m.arrived), fmt.num(m.local),
                            fmt.num(m.x_grad))):
            self.play(Write(run), run_time=style.BEAT)

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
