"""Practice questions, level 3: autograd (Q11-Q15).

Each question is asked on its own with a countdown, then answered twice:
by autograd (``.backward()`` and ``.grad``) and by the hand formula, both
computed by torch. Q14 runs ``backward()`` twice for real: through
``x ** 2`` (which saved x) it raises, through ``x + 1`` (nothing saved) it
works and x.grad adds up.
"""

from __future__ import annotations

from manim import DOWN, LEFT, UP, FadeIn, FadeOut, VGroup, Write

from scenes.kit import style
from scenes.kit.base import PracticeScene
from scenes.kit.code import snippet
from scenes.kit.layout import beside, column, mark, under_left
from scenes.kit.text import code, math, paren
from tensors import fmt
from tensors.practice_autograd import practice_autograd

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
READ_CODE_SIZE = style.BODY_SIZE  # code read on its own, large enough for a phone


class AutogradPractice(PracticeScene):
    """Q11-Q15 from ``tensors.practice_autograd.practice_autograd()``."""

    LESSON = staticmethod(practice_autograd)
    SHOWS = ("q11.autograd.value", "q11.hand", "q11.hand_tex", "q12.grad", "q12.hand",
             "q13.dy_du", "q13.du_dx", "q13.product", "q14.first.value",
             "q14.twice.error", "q14.raised", "q14.nothing_saved.value",
             "q14.retain.value", "q14.recompute.value",
             "q14.zero.value", "q14.optimizer_reset", "q15.autograd.value",
             "q15.formula", "q15.terms")
    HEADING = "Practice: autograd"

    def construct(self) -> None:
        d = self.data
        heading = self.show_heading(fmt.f("Practice, level {}: autograd", d.level))
        for question, solve in ((d.q11, self.derivative), (d.q12, self.gradient),
                                (d.q13, self.chain), (d.q14, self.twice),
                                (d.q15, self.mse)):
            card = self.ask(question.question, under=heading)
            solve(question, card)
            self.hold()
            self.clear_below(keep=[heading])

    def derivative(self, q, card) -> None:
        # Step: autograd's answer.
        auto = snippet(q.autograd, fmt.num(q.autograd.value))
        hand = column(math(q.hand_tex), math(fmt.f("{} = {}", q.filled_in_tex,
                                                     fmt.num(q.hand)), style.RESULT))
        beside(auto, hand, card)
        with self.say(fmt.f(
            "Autograd first: make x a tensor that records what happens to it, "
            "build f, call backward, and read x.grad. It says {}.",
            fmt.num(q.autograd.value),
        )):
            self.play(Write(auto), run_time=style.BEAT)
        # Step: the power rule by hand.
        with self.say(fmt.f(
            "By hand, the power rule turns each x to the power n into n times x "
            "to the power n minus one: the power drops by one. At x equal to "
            "{} that gives {} too.", fmt.num(q.x), fmt.num(q.hand),
        )):
            self.play(FadeIn(hand[0]), run_time=style.FAST)
            self.play(Write(hand[1]), run_time=style.BEAT)
            self.play(*mark(auto.result, hand[1]), run_time=style.FAST)

    def gradient(self, q, card) -> None:
        # Step: both partial derivatives from one backward pass.
        auto = under_left(snippet(q.autograd, paren(fmt.num(g) for g in q.grad),
                                  size=READ_CODE_SIZE), card)
        hand = column(
            math(q.hand_tex[0]),
            math(fmt.f("{} = {}", q.filled_in_tex[0], fmt.num(q.hand[0])),
                 style.RESULT),
            math(q.hand_tex[1]),
            math(fmt.f("{} = {}", q.filled_in_tex[1], fmt.num(q.hand[1])),
                 style.RESULT),
        )
        with self.say(fmt.f(
            "With two inputs that both require grad, one backward call "
            "computes both: x.grad is {} and y.grad is {}.",
            fmt.num(q.grad[0]), fmt.num(q.grad[1]),
        )):
            self.play(Write(auto), run_time=style.BEAT)
        # Step: the hand check, one partial at a time.
        with self.say(fmt.f(
            "To check by hand, differentiate with respect to one variable "
            "while holding the other fixed, then put in the point ({}, {}).",
            fmt.num(q.point[0]), fmt.num(q.point[1]),
        )):
            self.play(self.aside(auto, hand, card, style.CODE_SIZE), FadeIn(hand),
                      run_time=style.BEAT)
            self.play(*mark(auto.result, hand[1], hand[-1]), run_time=style.FAST)

    def chain(self, q, card) -> None:
        # Step: the chain rule, each link asked of torch.
        auto = snippet(q.autograd, fmt.num(q.autograd.value))
        product = math(
            fmt.f(r"{}\cdot {} = {}", fmt.num(q.dy_du), fmt.num(q.du_dx),
                  fmt.num(q.product)),
            style.RESULT,
        )
        hand = column(math(q.rule_tex), math(q.dy_du_tex), math(q.du_dx_tex), product)
        beside(auto, hand, card)
        with self.say(fmt.f(
            "At x equal to {}, u is {}. The outer link dy by du is two u, "
            "which is {}; the inner link du by dx is {}.", fmt.num(q.x),
            fmt.num(q.u), fmt.num(q.dy_du), fmt.num(q.du_dx),
        )):
            self.play(FadeIn(hand[:-1]), run_time=style.BEAT)
        with self.say(fmt.f(
            "Multiply the links: {}. Autograd walks the same chain backward "
            "and lands on the same number.", fmt.num(q.product),
        )):
            self.play(Write(product), Write(auto), run_time=style.BEAT)
            self.play(*mark(auto.result, product), run_time=style.FAST)

    def twice(self, q, card) -> None:
        # Step: one backward, then a second on the freed graph.
        first = under_left(snippet(q.first, fmt.num(q.first.value)), card)
        with self.say(fmt.f(
            "One backward pass on y equals x squared: x.grad is two x, "
            "which is {}.", fmt.num(q.first.value),
        )):
            self.play(Write(first), run_time=style.BEAT)
        # Step: a second backward raises where the graph saved values.
        second = under_left(snippet(q.twice, size=style.SMALL_SIZE), card)
        with self.say(
            "Now call backward a second time. Torch refuses: x squared saved "
            "x for its backward step, and the first pass freed what it saved."
        ):
            self.play(FadeOut(first), FadeIn(second[0]), run_time=style.FAST)
            self.play(
                FadeIn(second.result, shift=UP * style.SHIFT), run_time=style.BEAT
            )
        self.hold(style.LONG_READ)
        # Step: next to it, a graph that saved nothing runs backward twice.
        raised = code(q.raised, size=style.SMALL_SIZE, color=style.ERROR)
        works = snippet(q.nothing_saved, fmt.num(q.nothing_saved.value),
                        size=style.SMALL_SIZE)
        shown = self.error_then_working(
            second, raised, works,
            fmt.f("So a second backward raises when the graph saved values "
                  "for its backward step. y equals x plus one saves nothing, so "
                  "a second backward works, and x.grad adds up to {}.",
                  fmt.num(q.nothing_saved.value)))
        self.hold()
        self.erratum(
            "backward-twice",
            "The guide is right for every backward call that runs: gradients "
            "accumulate. It is wrong for a second backward through a graph "
            "that saved values, as x squared saves x: that call raises, "
            "unless the first one kept the graph.",
        )
        # Step: keeping the graph, or running forward again, accumulates.
        retain = snippet(q.retain, fmt.num(q.retain.value), size=style.SMALL_SIZE)
        again = snippet(q.recompute, fmt.num(q.recompute.value), size=style.SMALL_SIZE)
        under_left(column(retain, again), card)
        with self.say(fmt.f(
            "Keep the graph with retain graph, or run the forward pass again, "
            "and the second gradient is added: {} becomes {}.",
            fmt.num(q.first.value), fmt.num(q.retain.value),
        )):
            self.play(FadeOut(second[0]), FadeOut(shown), FadeIn(retain),
                      run_time=style.BEAT)
        with self.say(
            "That adding is on purpose: it lets you sum gradients over "
            "several small batches before taking one step."
        ):
            self.play(FadeIn(again), run_time=style.BEAT)
        self.hold()
        # Step: resetting.
        zero = snippet(q.zero, fmt.num(q.zero.value), size=style.SMALL_SIZE)
        opt = snippet(q.optimizer, q.optimizer_reset, size=style.SMALL_SIZE)
        under_left(column(zero, opt), card)
        with self.say(
            "So reset between steps: zero the gradient in place, or let the "
            "optimizer do it. Its zero grad sets the gradient to None, which "
            "the next backward fills afresh."
        ):
            self.play(
                FadeOut(retain), FadeOut(again), FadeIn(zero), run_time=style.BEAT
            )
            self.play(FadeIn(opt), run_time=style.BEAT)

    @staticmethod
    def aside(auto, hand, card, size: int):
        """``auto``, read at ``READ_CODE_SIZE``, shrinks to ``size`` and steps
        left so that the hand work ``hand`` fits beside it (placed here)."""
        scale = size / READ_CODE_SIZE
        ghost = auto.copy().scale(scale)
        beside(ghost, hand, card)
        return auto.animate.scale(scale).move_to(ghost)

    def mse(self, q, card) -> None:
        # Step: autograd on four points.
        auto = under_left(snippet(q.autograd, fmt.num(q.autograd.value),
                                  size=READ_CODE_SIZE), card)
        hand = column(
            math(q.formula_tex),
            math(fmt.f(r"\hat y = w x + b = {}", fmt.vector(q.y_hat))),
            math(fmt.f(r"x_i(y_i - \hat y_i) = {}", fmt.vector(q.weighted))),
            math(fmt.f("{} = {}", q.filled_in_tex, fmt.num(q.formula)),
                 style.RESULT),
        )
        with self.say(fmt.f(
            "Take {} points, with w at {} and b at {}. Autograd gives dL by dw "
            "equal to {}.", q.n, fmt.num(q.w), fmt.num(q.b),
            fmt.num(q.autograd.value),
        )):
            self.play(Write(auto), run_time=style.BEAT)
        with self.say(fmt.f(
            "By hand: the chain rule on each squared error gives minus two x "
            "times the error. Sum those terms over the points and divide by "
            "n: the gradient is {}.", fmt.num(q.formula),
        )):
            self.play(self.aside(auto, hand, card, style.SMALL_SIZE), FadeIn(hand),
                      run_time=style.BEAT)
            self.play(*mark(auto.result, hand[-1]), run_time=style.FAST)
        # Step: the guide's formula has no sum.
        terms = math(fmt.f("{} = {}", q.guide_tex, fmt.vector(q.terms)),
                     style.OPERAND_B)
        terms.next_to(VGroup(auto, hand), DOWN, buff=style.GAP).align_to(auto, LEFT)
        with self.say(fmt.f(
            "The guide's answer leaves out the sum: it is one term per point, "
            "{}. Only their sum is the gradient.", fmt.vector(q.terms),
        )):
            self.play(FadeIn(terms), run_time=style.BEAT)
        self.erratum(
            "mse-sum",
            "A correction: the gradient with respect to w is one "
            "number, the sum of these per-point terms.",
        )
