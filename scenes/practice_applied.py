"""Practice questions, level 4: applied math (Q16-Q20).

Each question is asked on its own with a countdown, then solved with torch:
softmax and MSE by hand against torch's own functions, a batch multiply of
real tensors, a permute drawn as axes changing places, and one gradient step.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Dot,
    FadeIn,
    FadeOut,
    Rectangle,
    Square,
    VGroup,
    Write,
)

from scenes.kit import style, visuals
from scenes.kit.base import PracticeScene
from scenes.kit.code import code_line, error_block, snippet
from scenes.kit.layout import beside, column, mark, under_left
from scenes.kit.text import label, listing, math, paren
from tensors import fmt
from tensors.practice_applied import practice_applied

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
STACK_DEPTH = 3  # sheets drawn for a batch of matrices
MATRIX_UNIT = 0.045  # side of one element in a batch-of-matrices picture
STACK_OFFSET = 0.12  # shift between the sheets of a batch
AXIS_BOX = 0.8  # box of one named axis (C, H, W)
VECTOR_SCALE = 0.9  # screen units per unit of a drawn 2-D vector
STEP_TIP_RATIO = 0.5  # a short step arrow keeps a visible tip
STEP_STROKE_RATIO = 20  # ...and a visible shaft
VIEW_ERROR_WRAP = 36  # characters per line of Q19's view error, left of the strides


class MatrixStack(VGroup):
    """A batch of matrices drawn as offset rectangles sized by their shape."""

    def __init__(self, shape, color: str) -> None:
        super().__init__()
        _, rows, cols = shape
        for k in range(STACK_DEPTH):
            sheet = Rectangle(
                width=cols * MATRIX_UNIT,
                height=rows * MATRIX_UNIT,
                color=color,
                stroke_width=style.CELL_STROKE,
            )
            sheet.set_fill(style.BACKGROUND, opacity=1)
            sheet.shift((UP + RIGHT) * STACK_OFFSET * k)
            self.add(sheet)
        self.submobjects.reverse()  # the front sheet is drawn last
        name = math(fmt.shape_tex(shape), color)
        self.add(name.next_to(self, DOWN, buff=style.GAP / 2))


class AxisRow(VGroup):
    """Named axes as boxes in a row, each with its size under it."""

    def __init__(self, names, sizes, color: str) -> None:
        super().__init__()
        self.boxes = VGroup()
        for name, size in zip(names, sizes):
            box = Square(
                side_length=AXIS_BOX, color=color, stroke_width=style.CELL_STROKE
            )
            box.set_fill(color, opacity=style.CELL_FILL_OPACITY)
            letter = label(name, size=style.HEADING_SIZE).move_to(box)
            count = label(fmt.num(size), size=style.SMALL_SIZE, color=style.MUTED)
            self.boxes.add(
                VGroup(box, letter, count.next_to(box, DOWN, buff=style.TIGHT))
            )
        self.boxes.arrange(RIGHT, buff=style.GAP)
        self.add(self.boxes)


class AppliedPractice(PracticeScene):
    """Q16-Q20 from ``tensors.practice_applied.practice_applied()``."""

    LESSON = staticmethod(practice_applied)
    SHOWS = (
        "q16.probs",
        "q16.exp_x",
        "q16.total",
        "q16.same.value",
        "q16.large.value",
        "q16.large_exp",
        "q16.shifted.value",
        "q17.squared",
        "q17.loss",
        "q17.torch_loss.value",
        "q18.c_shape",
        "q18.entry",
        "q19.before",
        "q19.after",
        "q19.run.code",
        "q19.contiguous.value",
        "q19.strides.value",
        "q19.row_strides.value",
        "q19.view.error",
        "q19.fixed.value",
        "q20.step.grad",
        "q20.direction",
        "q20.loss_after",
    )
    HEADING = "Practice: applied math"

    def construct(self) -> None:
        d = self.data
        heading = self.heading = self.show_heading(
            fmt.f("Practice, level {}: applied math", d.level)
        )
        for question, solve in (
            (d.q16, self.softmax),
            (d.q17, self.mse),
            (d.q18, self.bmm),
            (d.q19, self.permute),
            (d.q20, self.step),
        ):
            card = self.ask(question.question, under=heading)
            solve(question, card)
            self.hold()
            self.clear_below(keep=[heading])

    def softmax(self, q, card) -> None:
        # Step: exp, sum, divide.
        hand = snippet(q.by_hand, fmt.vector(q.probs))
        steps = column(
            math(q.formula_tex),
            math(fmt.f(r"e^{{x}} = {}", fmt.vector(q.exp_x))),
            math(fmt.f(r"\textstyle\sum e^{{x}} = {}", fmt.num(q.total))),
            math(fmt.f(r"\textstyle\sum p = {}", fmt.num(q.probs_sum)),
                 style.RESULT),
        )
        beside(hand, steps, card)
        with self.say(fmt.f(
            "Softmax by hand: raise e to each entry, add them up, and divide "
            "each by the total, {}.", fmt.num(q.total),
        )):
            self.play(Write(hand), FadeIn(steps[:-1]), run_time=style.BEAT)
        with self.say(fmt.f(
            "The biggest entry gets most of the weight, {}, and the shares add "
            "up to {}.", fmt.num(q.probs[-1]), fmt.num(q.probs_sum),
        )):
            self.play(FadeIn(steps[-1]), run_time=style.FAST)
        # Step: torch's own softmax agrees.
        # One line each, so both fit under the hand work.
        check = column(
            code_line(q.torch_softmax.code, fmt.vector(q.torch_softmax.value)),
            code_line(q.same.code, fmt.num(q.same.value)),
        )
        check.next_to(VGroup(hand, steps), DOWN, buff=style.GAP).align_to(hand, LEFT)
        with self.say(fmt.f(
            "Torch's own softmax gives the same numbers, and allclose "
            "confirms it: {}.", fmt.num(q.same.value),
        )):
            self.play(FadeIn(check), run_time=style.BEAT)
            self.play(*mark(hand.result, check[0][1]), run_time=style.FAST)
        self.hold()
        self.overflow(q, card)

    def overflow(self, q, card) -> None:
        """The guide's A16 on large logits: inf, then nan; the max-shift fixes it."""
        self.clear_below(keep=[self.heading, card])
        large = snippet(q.large, fmt.vector(q.large.value), size=style.SMALL_SIZE)
        exp_x = code_line(q.large_exp_code, fmt.vector(q.large_exp),
                          size=style.SMALL_SIZE)
        fixed = column(
            snippet(q.shifted, fmt.vector(q.shifted.value), size=style.SMALL_SIZE),
            snippet(
                q.large_torch, fmt.vector(q.large_torch.value), size=style.SMALL_SIZE
            ),
        )
        beside(column(large, exp_x), fixed, card)
        with self.say(fmt.f(
            "The same code on large scores, around a thousand: e to the "
            "thousand overflows {} to {}, and infinity over infinity is not a "
            "number.", q.large_dtype, fmt.vector(q.large_exp),
        )):
            self.play(Write(large), run_time=style.BEAT)
            self.play(FadeIn(exp_x), run_time=style.FAST)
        self.erratum(
            "softmax-overflow",
            "So the guide's softmax is right for small scores, like the question's, "
            "and overflows for large ones.",
        )
        with self.say(
            "The fix: subtract the largest entry before exp. The ratios do not "
            "change, the largest exponent is e to the zero, and torch's "
            "softmax, which does the same inside, gives the same finite shares."
        ):
            self.play(FadeIn(fixed), run_time=style.BEAT)
            self.play(*mark(fixed[0].result, fixed[1].result), run_time=style.FAST)

    def mse(self, q, card) -> None:
        # Step: error, square, mean.
        hand = snippet(q.by_hand, fmt.num(q.loss), size=style.SMALL_SIZE)
        steps = column(
            math(q.formula_tex),
            math(fmt.f(r"y - \hat y = {}", fmt.vector(q.error))),
            math(fmt.f("{} = {}", q.squared_tex, fmt.vector(q.squared))),
            math(fmt.f(r"\mathrm{{mean}} = {}", fmt.num(q.loss)), style.RESULT),
        )
        beside(hand, steps, card)
        with self.say(
            "Mean squared error: subtract, square so that misses in either "
            "direction count, then average."
        ):
            self.play(Write(hand), FadeIn(steps[:-1]), run_time=style.BEAT)
        with self.say(fmt.f("The squares are {}, and their mean is {}.",
                            fmt.vector(q.squared), fmt.num(q.loss))):
            self.play(FadeIn(steps[-1]), run_time=style.FAST)
        # Step: torch's mse_loss agrees.
        check = snippet(
            q.torch_loss, fmt.num(q.torch_loss.value), size=style.SMALL_SIZE
        )
        check.next_to(VGroup(hand, steps), DOWN, buff=style.GAP).align_to(hand, LEFT)
        with self.say(fmt.f("Torch's mse loss returns the same {}.",
                            fmt.num(q.torch_loss.value))):
            self.play(FadeIn(check), run_time=style.BEAT)
            self.play(*mark(hand.result, check.result), run_time=style.FAST)

    def bmm(self, q, card) -> None:
        # Step: the shapes, as stacks of matrices.
        a = MatrixStack(q.a_shape, style.OPERAND_A)
        b = MatrixStack(q.b_shape, style.OPERAND_B)
        c = MatrixStack(q.c_shape, style.RESULT)
        picture = VGroup(a, math(r"\times"), b, math("="), c).arrange(
            RIGHT, buff=style.GAP
        )
        rule = math(q.rule_tex)
        run = snippet(q.run, fmt.size(q.c_shape), size=style.SMALL_SIZE)
        under_left(VGroup(rule, picture, run).arrange(DOWN, aligned_edge=LEFT,
                                                      buff=style.TIGHT), card)
        with self.say(fmt.f(
            "A batch multiply is {} ordinary matrix products side by side: the "
            "batch size stays, the inner sizes must match and disappear.",
            fmt.num(q.a_shape[0]),
        )):
            self.play(FadeIn(rule), FadeIn(a), FadeIn(b), run_time=style.BEAT)
        entry = code_line(
            q.entry_code, paren(fmt.num(v) for v in q.entry), size=style.SMALL_SIZE
        )
        entry.next_to(run, DOWN, buff=style.GAP / 2).align_to(run, LEFT)
        with self.say(fmt.f(
            "On real random tensors torch gives shape {}. One entry of C is row "
            "times column of the first pair.", fmt.shape(q.c_shape),
        )):
            self.play(FadeIn(picture[1:]), Write(run), run_time=style.BEAT)
            self.play(FadeIn(entry), run_time=style.FAST)
            self.play(*mark(run.result, c), run_time=style.FAST)

    def permute(self, q, card) -> None:
        # Step: the code, and the axes moving.
        run = snippet(q.run, fmt.size(q.after))
        before = AxisRow(q.axes, q.before, style.OPERAND_A)
        after = AxisRow(q.axes_after, q.after, style.RESULT)
        axes = column(before, after)
        after.align_to(before, LEFT).shift(DOWN * style.WIDE_GAP)
        beside(run, axes, card)
        arrows = VGroup(
            *(
                Arrow(
                    before.boxes[src][-1].get_bottom(),
                    after.boxes[dst][0].get_top(),
                    color=style.MUTED,
                    buff=style.TIGHT,
                    stroke_width=style.EDGE_STROKE,
                )
                for dst, src in enumerate(q.order)
            )
        )
        with self.say(fmt.f(
            "The image is stored channel first, {}. permute lists the old axes "
            "in their new order: {}.", fmt.shape(q.before),
            paren(fmt.num(i) for i in q.order),
        )):
            self.play(Write(run), FadeIn(before), run_time=style.BEAT)
        with self.say(fmt.f(
            "Height and width move to the front and the channels go last, "
            "giving {}. No data is copied.", fmt.shape(q.after),
        )):
            self.play(FadeIn(arrows), FadeIn(after), run_time=style.BEAT)
        self.view_needs_row_order(q, run, axes, VGroup(arrows, before, after))

    def view_needs_row_order(self, q, run, axes, gone) -> None:
        """Q19's strides in place of the axes (``gone``); why view fails; the fix."""
        # Step: the strides, against a contiguous tensor's.
        strides = column(
            *(snippet(r, shown, size=style.SMALL_SIZE) for r, shown in (
                (q.contiguous, fmt.num(q.contiguous.value)),
                (q.strides, fmt.shape(q.strides.value)),
                (q.row_strides, fmt.shape(q.row_strides.value)),
            ))
        )
        strides.move_to(axes, aligned_edge=UP + LEFT)
        with self.say(fmt.f(
            "permute copies nothing and only reorders the strides: out has "
            "strides {}, where a contiguous tensor of its shape has strides {}. "
            "Those reordered strides are why reading out row by row no longer "
            "walks memory in order, and is contiguous says {}.",
            fmt.shape(q.strides.value), fmt.shape(q.row_strides.value),
            fmt.num(q.contiguous.value),
        )):
            self.play(FadeOut(gone), FadeIn(strides), run_time=style.BEAT)
        # Step: view fails with torch's error; contiguous first works.
        view = VGroup(listing(q.view.code, style.SMALL_SIZE),
                      error_block(q.view, width=VIEW_ERROR_WRAP))
        view.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        visuals.tag(view, visuals.ERROR,
                    f"{q.view.code}\n{visuals.words(view[1])[1]}")
        fix = column(
            view,
            code_line(q.fixed.code, fmt.size(q.fixed.value), size=style.SMALL_SIZE),
        )
        fix.next_to(run, DOWN, buff=style.GAP).align_to(run, LEFT)
        with self.say(fmt.f(
            "Flattening with view needs that order, so out dot view of minus "
            "one fails, with torch's own error. Call contiguous first, which "
            "copies the data into row order, and view then gives {}; or use "
            "reshape, which copies only when it must.",
            fmt.size(q.fixed.value),
        )):
            self.play(FadeIn(fix[0]), run_time=style.BEAT)
            self.play(FadeIn(fix[1]), run_time=style.FAST)

    def step(self, q, card) -> None:
        s = q.step
        # Step: the rule and the numbers.
        rule = column(
            math(q.rule_tex),
            math(fmt.f(r"{}\cdot{} = {}", fmt.num(q.minus_lr), fmt.vector(s.grad),
                       fmt.vector(q.direction)), style.RESULT),
            math(fmt.f(r"(w, b): {} \rightarrow {}", fmt.vector(s.theta),
                       fmt.vector(s.theta_new))),
            math(fmt.f(r"L: {} \rightarrow {}", fmt.num(s.loss),
                       fmt.num(q.loss_after)), style.RESULT),
        )
        picture = self.arrows(s.grad, q.direction)
        beside(rule, picture, card)
        with self.say(fmt.f(
            "This is the fit-a-line model's own loss: its gradient is {} at w "
            "equal to {} and b equal to {}. The gradient points uphill, where "
            "the loss grows fastest. We want to go down, so we subtract it.",
            fmt.vector(s.grad), fmt.num(s.theta[0]), fmt.num(s.theta[1]),
        )):
            self.play(FadeIn(rule[0]), FadeIn(picture[:-1]), run_time=style.BEAT)
        with self.say(fmt.f(
            "Scaled by alpha, {}, the step is {}: small, and exactly opposite.",
            fmt.num(s.lr), fmt.vector(q.direction),
        )):
            self.play(Write(rule[1]), FadeIn(picture[-1]), run_time=style.BEAT)
        with self.say(fmt.f(
            "One real SGD step takes w and b to {}; the loss falls from {} to "
            "{}.", fmt.vector(s.theta_new), fmt.num(s.loss),
            fmt.num(q.loss_after),
        )):
            self.play(FadeIn(rule[2:]), run_time=style.BEAT)

    def arrows(self, grad, direction) -> VGroup:
        """A point, the gradient from it, and the step, drawn to one scale."""
        dot = Dot(color=style.TEXT, radius=style.DOT_RADIUS)
        up = Arrow(
            dot.get_center(),
            dot.get_center() + self.plane(grad),
            color=style.GRADIENT,
            buff=0,
            stroke_width=style.EDGE_STROKE,
        )
        down = Arrow(
            dot.get_center(),
            dot.get_center() + self.plane(direction),
            color=style.RESULT,
            buff=0,
            stroke_width=style.EDGE_STROKE,
            max_tip_length_to_length_ratio=STEP_TIP_RATIO,
            max_stroke_width_to_length_ratio=STEP_STROKE_RATIO,
        )
        up_name = math(r"\nabla L", style.GRADIENT).next_to(up.get_end(), DOWN)
        down_name = math(r"-\alpha\nabla L", style.RESULT).next_to(down.get_end(), UP)
        return VGroup(dot, up, up_name, VGroup(down, down_name))

    @staticmethod
    def plane(v):
        """A 2-vector as a screen offset at the arrow scale."""
        x, y = (float(c) for c in v)
        return (RIGHT * x + UP * y) * VECTOR_SCALE
