"""Practice questions, level 3 (autograd): Q11-Q15 answered by torch.

Every answer is computed twice: by autograd (``.backward()`` then ``.grad``)
and by the hand formula evaluated in torch, so the two can be compared on
screen. Q14 runs ``backward()`` twice for real: through ``x ** 2``, which
saved x, torch raises (the error is kept); through ``x + 1``, which saved
nothing, the second call works and x.grad adds up.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from tensors import quiz
from tensors.fmt import error_gist, num, vector
from tensors.practice_basics import DERIVE, PREDICT, Question
from tensors.snippet import Run, run

# -- Q11 ---------------------------------------------------------------------

Q11_CODE = ("x = torch.tensor(2.0, requires_grad=True)\n"
            "f = x**3 - 2*x**2 + 5*x - 7\n"
            "f.backward()\n"
            "x.grad")
Q11_HAND = "3*x**2 - 4*x + 5"


@dataclass(frozen=True)
class Derivative:
    """Q11: f'(2) from autograd and from the hand-derived f'(x)."""

    question: Question
    autograd: Run
    x: torch.Tensor
    f: torch.Tensor
    hand_tex: str
    hand_code: str
    hand: torch.Tensor
    substituted_tex: str
    # substituted_tex up to its last ``=``: the scene draws it ``= hand``.
    filled_in_tex: str


def q11() -> Derivative:
    auto = run(Q11_CODE)
    x = auto.names["x"].detach()
    hand = run(Q11_HAND, x=x).value
    xs = num(x)
    filled = rf"f'({xs}) = 3\cdot {xs}^2 - 4\cdot {xs} + 5"
    return Derivative(
        question=Question(11, "Find the derivative of f(x) = x³ − 2x² + 5x − 7 "
                                 f"at x = {xs} using autograd.", kind=DERIVE,
                          quiz=quiz.number(f"What is f'({xs})?", auto.value,
                                           auto.code)),
        autograd=auto,
        x=x,
        f=auto.names["f"].detach(),
        hand_tex=r"f'(x) = 3x^2 - 4x + 5",
        hand_code=Q11_HAND,
        hand=hand,
        substituted_tex=f"{filled} = {num(hand)}",
        filled_in_tex=filled,
    )


# -- Q12 ---------------------------------------------------------------------

Q12_CODE = ("x = torch.tensor(2.0, requires_grad=True)\n"
            "y = torch.tensor(3.0, requires_grad=True)\n"
            "f = x**2 * y + y**3\n"
            "f.backward()\n"
            "(x.grad, y.grad)")
Q12_HAND = ("2*x*y", "x**2 + 3*y**2")


@dataclass(frozen=True)
class Gradient:
    """Q12: grad f at (2, 3) from autograd and from the partial derivatives."""

    question: Question
    autograd: Run
    point: tuple[torch.Tensor, torch.Tensor]
    grad: torch.Tensor
    hand_tex: tuple[str, str]
    hand_code: tuple[str, str]
    hand: torch.Tensor
    substituted_tex: tuple[str, str]
    # Each substituted_tex up to its ``=``: the scene draws it ``= hand``.
    filled_in_tex: tuple[str, str]


def q12() -> Gradient:
    auto = run(Q12_CODE)
    x, y = auto.names["x"].detach(), auto.names["y"].detach()
    hand = torch.stack([run(c, x=x, y=y).value for c in Q12_HAND])
    xs, ys = num(x), num(y)
    grad = torch.stack(list(auto.value))
    filled = (rf"2\cdot {xs}\cdot {ys}", rf"{xs}^2 + 3\cdot {ys}^2")
    return Gradient(
        question=Question(12, "For f(x, y) = x²y + y³, compute the gradient ∇f "
                                 f"at ({xs}, {ys}). Verify it by hand.", kind=DERIVE,
                          said="For f(x, y) = x²y + y³, compute the gradient of f "
                               f"at the point ({xs}, {ys}), and verify it by hand.",
                          quiz=quiz.numbers(f"What is the gradient of f at "
                                            f"({xs}, {ys})?", grad, auto.code)),
        autograd=auto,
        point=(x, y),
        grad=grad,
        hand_tex=(r"\partial f / \partial x = 2xy",
                  r"\partial f / \partial y = x^2 + 3y^2"),
        hand_code=Q12_HAND,
        hand=hand,
        substituted_tex=(f"{filled[0]} = {num(hand[0])}",
                         f"{filled[1]} = {num(hand[1])}"),
        filled_in_tex=filled,
    )


# -- Q13 ---------------------------------------------------------------------

Q13_CODE = ("x = torch.tensor(1.0, requires_grad=True)\n"
            "u = 2*x + 1\n"
            "y = u**2\n"
            "y.backward()\n"
            "x.grad")


@dataclass(frozen=True)
class ChainRule:
    """Q13: dy/dx = (dy/du)(du/dx), each factor from ``torch.autograd.grad``."""

    question: Question
    autograd: Run
    x: torch.Tensor
    u: torch.Tensor
    rule_tex: str
    dy_du_tex: str
    du_dx_tex: str
    dy_du: torch.Tensor
    du_dx: torch.Tensor
    product: torch.Tensor


def chain_factors(x0: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """u at x0, dy/du and du/dx, each link of the chain asked of autograd alone."""
    x = x0.detach().clone().requires_grad_(True)
    u = 2 * x + 1
    y = u ** 2
    (dy_du,) = torch.autograd.grad(y, u, retain_graph=True)
    (du_dx,) = torch.autograd.grad(u, x)
    return u.detach(), dy_du, du_dx


def q13() -> ChainRule:
    auto = run(Q13_CODE)
    x = auto.names["x"].detach()
    u, dy_du, du_dx = chain_factors(x)
    return ChainRule(
        question=Question(13, "Let u = 2x + 1 and y = u². Find dy/dx at "
                                 f"x = {num(x)}, by the chain rule and by autograd.",
                          kind=DERIVE,
                          said="Let u = 2x + 1 and y = u². Find dy by dx at "
                               f"x = {num(x)}, by the chain rule and by autograd.",
                          quiz=quiz.number(f"What is dy/dx at x = {num(x)}?",
                                           auto.value, auto.code)),
        autograd=auto,
        x=x,
        u=u,
        rule_tex=(r"\frac{dy}{dx} = \frac{dy}{du}\cdot\frac{du}{dx}"
                  r" = (2u)\cdot(2)"),
        dy_du_tex=rf"\frac{{dy}}{{du}} = 2u = 2\cdot {num(u)} = {num(dy_du)}",
        du_dx_tex=rf"\frac{{du}}{{dx}} = {num(du_dx)}",
        dy_du=dy_du,
        du_dx=du_dx,
        product=dy_du * du_dx,
    )


# -- Q14 ---------------------------------------------------------------------

Q14_FIRST = ("x = torch.tensor(3.0, requires_grad=True)\n"
             "y = x ** 2\n"
             "y.backward()\n"
             "x.grad")
Q14_TWICE = ("x = torch.tensor(3.0, requires_grad=True)\n"
             "y = x ** 2\n"
             "y.backward()\n"
             "y.backward()")
# A graph that saved nothing for backward (x + 1): a second call works.
Q14_NOTHING_SAVED = ("x = torch.tensor(3.0, requires_grad=True)\n"
                     "y = x + 1\n"
                     "y.backward()\n"
                     "y.backward()\n"
                     "x.grad")
Q14_RETAIN = ("x = torch.tensor(3.0, requires_grad=True)\n"
              "y = x ** 2\n"
              "y.backward(retain_graph=True)\n"
              "y.backward()\n"
              "x.grad")
Q14_RECOMPUTE = ("x = torch.tensor(3.0, requires_grad=True)\n"
                 "(x ** 2).backward()\n"
                 "(x ** 2).backward()\n"
                 "x.grad")
Q14_ZERO = ("x = torch.tensor(3.0, requires_grad=True)\n"
            "(x ** 2).backward()\n"
            "x.grad.zero_()\n"
            "x.grad")
Q14_OPTIMIZER = ("x = torch.tensor(3.0, requires_grad=True)\n"
                 "opt = torch.optim.SGD([x], lr=0.1)\n"
                 "(x ** 2).backward()\n"
                 "opt.zero_grad()\n"
                 "x.grad")

# Q14's quiz: what the second y.backward() through the graph of y = x ** 2 does.
Q14_ADDS, Q14_REPLACED, Q14_RAISES = ("x.grad adds up", "x.grad is replaced",
                                      "it raises an error")


def second_backward(first: Run, twice: Run) -> str | None:
    """Q14's quiz answer: what ``twice`` (backward, backward) did to x.grad.

    ``None`` (which ``quiz.choice`` refuses) if x.grad ends as neither the
    first pass's gradient nor twice it.
    """
    if twice.error is not None:
        return Q14_RAISES
    after, once = twice.names["x"].grad, first.value
    if torch.equal(after, 2 * once):
        return Q14_ADDS
    return Q14_REPLACED if torch.equal(after, once) else None


@dataclass(frozen=True)
class BackwardTwice:
    """Q14: one backward, a second one on the freed graph, and the ways out.

    ``twice`` is the second ``y.backward()`` through ``y = x ** 2``, whose
    graph saved x: it raises. ``nothing_saved`` is the same through
    ``y = x + 1``, whose graph saved nothing: it works, and x.grad adds up.
    ``raised`` is torch's error type and the first sentence of its message.
    ``optimizer_reset`` is ``repr`` of x.grad after ``opt.zero_grad()``:
    ``None`` in torch 2.x, which frees the gradient instead of zeroing it.
    """

    question: Question
    first: Run
    twice: Run
    raised: str
    nothing_saved: Run
    retain: Run
    recompute: Run
    zero: Run
    optimizer: Run
    optimizer_reset: str


def q14() -> BackwardTwice:
    opt = run(Q14_OPTIMIZER)
    first, twice = run(Q14_FIRST), run(Q14_TWICE)
    return BackwardTwice(
        question=Question(14, "What happens if you run .backward() twice "
                          "without zeroing the gradients? Will the second call add "
                          "to x.grad, replace it, or raise?", kind=PREDICT,
                          said="What happens if you run backward twice without "
                               "zeroing the gradients? Will the second call add to "
                               "x.grad, replace it, or raise?",
                          quiz=quiz.choice("What does a second y.backward() do when "
                                           "y = x ** 2?", second_backward(first, twice),
                                           (Q14_ADDS, Q14_REPLACED, Q14_RAISES),
                                           twice.code)),
        first=first,
        twice=twice,
        raised=error_gist(twice.error_type, twice.error),
        nothing_saved=run(Q14_NOTHING_SAVED),
        retain=run(Q14_RETAIN),
        recompute=run(Q14_RECOMPUTE),
        zero=run(Q14_ZERO),
        optimizer=opt,
        optimizer_reset=repr(opt.value) if opt.error is None else opt.error,
    )


# -- Q15 ---------------------------------------------------------------------

# The fit-a-line model's loss, as its training loop writes it
# (tensors.training.LOOP): the card shows it whole, as code.
Q15_LOSS = "loss = ((w * x + b - y) ** 2).mean()"
Q15_CODE = ("x = torch.tensor([1.0, 2.0, 3.0, 4.0])\n"
            "y = torch.tensor([3.0, 5.0, 7.0, 9.0])\n"
            "w = torch.tensor(1.0, requires_grad=True)\n"
            "b = torch.tensor(0.0, requires_grad=True)\n"
            f"{Q15_LOSS}\n"
            "loss.backward()\n"
            "w.grad")
Q15_FORMULA = "-(2 / len(x)) * (x * (y - y_hat)).sum()"
Q15_GUIDE = "-2 * x * (y - y_hat) / len(x)"


@dataclass(frozen=True)
class MseGradient:
    """Q15: dL/dw of the mean squared error, autograd against the formula.

    ``terms`` is the guide's expression ``-2 x_i (y_i - y_hat_i) / n``, one
    value per data point; the gradient is their sum.
    """

    question: Question
    autograd: Run
    x: torch.Tensor
    y: torch.Tensor
    w: torch.Tensor
    b: torch.Tensor
    y_hat: torch.Tensor
    loss: torch.Tensor
    formula_tex: str
    formula_code: str
    formula: torch.Tensor
    weighted: torch.Tensor
    formula_value_tex: str
    # formula_value_tex up to its last ``=``: the scene draws it ``= formula``.
    filled_in_tex: str
    guide_tex: str
    guide_code: str
    terms: torch.Tensor
    n: int


def q15() -> MseGradient:
    auto = run(Q15_CODE)
    names = {k: auto.names[k].detach() for k in ("x", "y", "w", "b")}
    y_hat = names["w"] * names["x"] + names["b"]
    scope = {"x": names["x"], "y": names["y"], "y_hat": y_hat}
    weighted = names["x"] * (names["y"] - y_hat)
    formula = run(Q15_FORMULA, **scope).value
    n = len(names["x"])
    filled = rf"-\frac{{2}}{{{n}}}\cdot ({num(weighted.sum())})"
    at = (f"dL/dw at w = {num(names['w'])}, b = {num(names['b'])}, "
          f"x = {vector(names['x'])}, y = {vector(names['y'])}?")
    return MseGradient(
        question=Question(
            15,
            "For the fit-a-line model, compute ∂L/∂w, where the loss L is "
            "this mean squared error:",
            Q15_LOSS,
            kind=DERIVE,
            said="For the fit-a-line model, compute the partial derivative of the "
                 "loss L with respect to w, where L is the mean squared error: "
                 "loss equals the mean of, w times x plus b minus y, to the "
                 "power 2.",
            quiz=quiz.number(at, auto.value, auto.code),
        ),
        autograd=auto,
        y_hat=y_hat,
        loss=auto.names["loss"].detach(),
        formula_tex=(r"\frac{\partial L}{\partial w} = "
                     r"-\frac{2}{n}\sum_i x_i(y_i - \hat y_i)"),
        formula_code=Q15_FORMULA,
        formula=formula,
        weighted=weighted,
        formula_value_tex=f"{filled} = {num(formula)}",
        filled_in_tex=filled,
        guide_tex=r"-2x_i(y_i - \hat y_i)/n",
        guide_code=Q15_GUIDE,
        terms=run(Q15_GUIDE, **scope).value,
        n=n,
        **names,
    )


@dataclass(frozen=True)
class PracticeAutograd:
    """Level 3 of the practice set: Q11 to Q15."""

    level: int
    q11: Derivative
    q12: Gradient
    q13: ChainRule
    q14: BackwardTwice
    q15: MseGradient


def practice_autograd() -> PracticeAutograd:
    """Everything the level-3 practice scene shows."""
    return PracticeAutograd(3, q11(), q12(), q13(), q14(), q15())


# -- errata checks (used by tensors/errata.py) --------------------------------


def backward_twice_check() -> str | None:
    """Guide A14: gradients accumulate. Right for every backward that runs;
    a second backward through a graph that saved values raises instead."""
    d = q14()
    if d.twice.error is None or d.nothing_saved.error is not None:
        return None
    return (f"right for every backward that runs: `y = x + 1` saves nothing, so "
            f"`y.backward()` twice adds into `x.grad`, which ends at "
            f"{num(d.nothing_saved.value)}. Wrong for a graph that saved values: "
            f"`y = x ** 2` saved x, the first backward freed it, and the second "
            f"raises `{d.raised}`, unless the first passed `retain_graph=True`")


def mse_sum_check() -> str | None:
    """Guide A15: dL/dw = -2x_i(y_i - y_hat_i)/n, with no sum over i.

    Said in plain words: the card quotes the guide's maths just above it.
    """
    d = q15()
    if d.terms.numel() == 1 and torch.allclose(d.terms, d.autograd.value):
        return None
    return (
        f"the answer is missing its sum. The gradient with respect to w is one "
        f"number, {num(d.autograd.value)}: the sum over the {d.n} points of "
        f"minus 2 times x times (y minus the prediction), divided by n. The "
        f"guide's expression is one term of that sum; here the terms are "
        f"{vector(d.terms)}"
    )
