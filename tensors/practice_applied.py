"""Practice questions, level 4 (applied math): Q16-Q20 answered by torch.

Softmax and MSE are written by hand (the guide's A16, A17) and compared with
torch's own functions; the batch multiply and the permute run on real
tensors; Q20's gradient step is one ``torch.optim.SGD`` step on the
fit-a-line model's own loss (``tensors.training``), at the (w, b) where its
gradient is the guide's [2, -3].
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from tensors import descent, quiz, training
from tensors.fmt import num, shape, vector
from tensors.practice_basics import CODE, PREDICT, WORK, Question
from tensors.snippet import Run, run

# -- Q16 ---------------------------------------------------------------------

Q16_CODE = ("x = torch.tensor([1.0, 2.0, 3.0])\n"
            "exp_x = torch.exp(x)\n"
            "probs = exp_x / exp_x.sum()\n"
            "probs")
Q16_TORCH = "torch.softmax(x, dim=0)"
# Worked by hand in the think time, two decimals are a right answer (0.24, 0.67).
Q16_TOLERANCE = 0.005
# The card's formula, typeset, and as plain text for the page and handout.
Q16_TEX = r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}"
Q16_TEX_TEXT = "softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ)."
Q16_SAME = "torch.allclose(probs, torch.softmax(x, dim=0))"
# The guide's A16 on large logits, then the fix torch.softmax uses: shift by the max.
Q16_LARGE = ("x = torch.tensor([1000.0, 1001.0, 1002.0])\n"
             "exp_x = torch.exp(x)\n"
             "exp_x / exp_x.sum()")
Q16_LARGE_EXP = "exp_x"  # the name Q16_LARGE gives torch.exp(x)
Q16_SHIFTED = ("exp_x = torch.exp(x - x.max())\n"
               "exp_x / exp_x.sum()")


@dataclass(frozen=True)
class Softmax:
    """Q16: exp, its sum, the quotient, and torch.softmax beside it."""

    question: Question
    by_hand: Run
    x: torch.Tensor
    exp_x: torch.Tensor
    total: torch.Tensor
    probs: torch.Tensor
    probs_sum: torch.Tensor
    torch_softmax: Run
    same: Run
    formula_tex: str
    large: Run
    large_exp: torch.Tensor
    large_exp_code: str
    large_dtype: str
    shifted: Run
    large_torch: Run


def q16() -> Softmax:
    hand = run(Q16_CODE)
    names = hand.names
    return Softmax(
        question=Question(16, f"Implement softmax for x = {vector(names['x'])}, "
                              "where", kind=CODE,
                          tex=Q16_TEX, tex_text=Q16_TEX_TEXT,
                          said="Implement softmax: e to the power of each entry, "
                               "divided by the sum of e to the power of every entry, "
                               f"for x = {vector(names['x'])}.",
                          quiz=quiz.numbers(f"What is softmax({vector(names['x'])})?",
                                            hand.value, hand.code,
                                            tolerance=Q16_TOLERANCE)),
        by_hand=hand,
        x=names["x"],
        exp_x=names["exp_x"],
        total=names["exp_x"].sum(),
        probs=hand.value,
        probs_sum=hand.value.sum(),
        torch_softmax=run(Q16_TORCH, x=names["x"]),
        same=run(Q16_SAME, **names),
        formula_tex=r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}",
        **overflow(),
    )


def overflow() -> dict:
    """A16 on logits near 1000: exp overflows to inf and inf / inf is nan."""
    large = run(Q16_LARGE)
    x = large.names["x"]
    return {"large": large, "large_exp": large.names[Q16_LARGE_EXP],
            "large_exp_code": Q16_LARGE_EXP, "large_dtype": str(x.dtype),
            "shifted": run(Q16_SHIFTED, x=x),
            "large_torch": run(Q16_TORCH, x=x)}


def softmax_overflow_check() -> str | None:
    """Guide A16: ``exp_x = torch.exp(x); probs = exp_x / exp_x.sum()``.

    Right for small logits (Q16's), overflows for large ones: a stability
    caution, not an error in the formula.
    """
    small, d = run(Q16_CODE), overflow()
    if not d["large"].value.isnan().any():
        return None
    return (f"right for small logits such as x = {vector(small.names['x'])}, where "
            f"it matches `torch.softmax`. It overflows for large logits: for x = "
            f"{vector(d['large'].names['x'])}, `torch.exp(x)` is "
            f"{vector(d['large_exp'])} and the same code gives "
            f"{vector(d['large'].value)}. Subtract the max first, as "
            f"`torch.softmax` does inside: {vector(d['shifted'].value)}")


# -- Q17 ---------------------------------------------------------------------

Q17_CODE = ("y_true = torch.tensor([3.0, -0.5, 2.0, 7.0])\n"
            "y_pred = torch.tensor([2.5, 0.0, 2.0, 8.0])\n"
            "loss = ((y_true - y_pred)**2).mean()\n"
            "loss")
Q17_TORCH = "torch.nn.functional.mse_loss(y_pred, y_true)"


@dataclass(frozen=True)
class Mse:
    """Q17: the mean of squared errors by hand, and F.mse_loss."""

    question: Question
    by_hand: Run
    y_true: torch.Tensor
    y_pred: torch.Tensor
    error: torch.Tensor
    squared: torch.Tensor
    loss: torch.Tensor
    torch_loss: Run
    formula_tex: str
    squared_tex: str


def q17() -> Mse:
    hand = run(Q17_CODE)
    y_true, y_pred = hand.names["y_true"], hand.names["y_pred"]
    prompt = f"MSE of y_true = {vector(y_true)}, y_pred = {vector(y_pred)}?"
    return Mse(
        question=Question(17, "Implement the mean squared error loss by hand.",
                          kind=CODE,
                          quiz=quiz.number(prompt, hand.value, hand.code)),
        by_hand=hand,
        y_true=y_true,
        y_pred=y_pred,
        error=y_true - y_pred,
        squared=(y_true - y_pred) ** 2,
        loss=hand.value,
        torch_loss=run(Q17_TORCH, y_true=y_true, y_pred=y_pred),
        formula_tex=r"\mathrm{MSE} = \frac{1}{n}\sum_i (y_i - \hat y_i)^2",
        squared_tex=r"(y - \hat y)^2",
    )


# -- Q18 ---------------------------------------------------------------------

Q18_A = (32, 10, 20)
Q18_B = (32, 20, 30)
# Seeded on a CPU generator so every machine draws the same A and B.
Q18_CODE = ("g = torch.Generator().manual_seed(0)\n"
            f"A = torch.randn({', '.join(map(str, Q18_A))}, generator=g, "
            "device='cpu')\n"
            f"B = torch.randn({', '.join(map(str, Q18_B))}, generator=g, "
            "device='cpu')\n"
            "C = torch.bmm(A, B)\n"
            "C.shape")
Q18_ENTRY = "(C[0, 0, 0], A[0, 0, :] @ B[0, :, 0])"


@dataclass(frozen=True)
class BatchMatmul:
    """Q18: (b, n, m) bmm (b, m, p) -> (b, n, p), from real seeded tensors.

    ``entry`` is C[0, 0, 0] next to the dot product of row 0 of A[0] with
    column 0 of B[0]: one matrix product per batch item.
    """

    question: Question
    run: Run
    a_shape: tuple[int, ...]
    b_shape: tuple[int, ...]
    c_shape: tuple[int, ...]
    entry_code: str
    entry: tuple[torch.Tensor, torch.Tensor]
    rule_tex: str


def q18() -> BatchMatmul:
    r = run(Q18_CODE)
    a, b = r.names["A"], r.names["B"]
    entry = run(Q18_ENTRY, **r.names).value
    return BatchMatmul(
        question=Question(18, f"Batch multiply tensors of shapes {shape(Q18_A)} "
                              f"and {shape(Q18_B)}. What shape will come out?",
                          kind=PREDICT,
                          quiz=quiz.shape("What shape does the batch product have?",
                                          r.value, r.code)),
        run=r,
        a_shape=tuple(a.shape),
        b_shape=tuple(b.shape),
        c_shape=tuple(r.value),
        entry_code=Q18_ENTRY,
        entry=entry,
        rule_tex=r"(b, n, m)\ \mathrm{bmm}\ (b, m, p) \rightarrow (b, n, p)",
    )


# -- Q19 ---------------------------------------------------------------------

Q19_SHAPE = (3, 224, 224)
Q19_ORDER = (1, 2, 0)
AXES = ("C", "H", "W")  # channel, height, width: the order of Q19_SHAPE
Q19_CODE = (f"image = torch.zeros{Q19_SHAPE}\n"
            f"out = image.permute{Q19_ORDER}\n"
            "out.shape")


@dataclass(frozen=True)
class Permute:
    """Q19: channel-first to channel-last with ``permute``.

    ``order[k]`` is the input axis that becomes output axis ``k``;
    ``contiguous`` says whether the result is laid out in row order in memory.
    ``strides`` are the permuted view's strides, ``row_strides`` those of a
    contiguous tensor of the same shape (``out.contiguous().stride()``): the
    reordered strides are why ``view`` fails (``view``, torch's error) and
    ``out.contiguous().view(-1)`` works (``fixed``).
    """

    question: Question
    run: Run
    before: tuple[int, ...]
    after: tuple[int, ...]
    order: tuple[int, ...]
    axes: tuple[str, ...]
    axes_after: tuple[str, ...]
    contiguous: Run
    strides: Run
    row_strides: Run
    view: Run
    fixed: Run


def permuted_axes(before: torch.Tensor, after: torch.Tensor) -> tuple[int, ...]:
    """The input axis each output axis of a permuted view came from.

    Read from the strides (a permute moves them with the axes), so this is what
    torch did, not the order it was asked for. ``before`` must be contiguous with
    distinct strides.
    """
    return tuple(before.stride().index(s) for s in after.stride())


def q19() -> Permute:
    r = run(Q19_CODE)
    out = r.names["out"]
    axes_after = tuple(AXES[i] for i in Q19_ORDER)
    order = permuted_axes(r.names["image"], r.names["out"])
    prompt = (f"Which permute order turns ({', '.join(AXES)}) into "
              f"({', '.join(axes_after)})?")
    return Permute(
        question=Question(
            19,
            f"An image has shape {shape(Q19_SHAPE)}. How do you "
            f"turn it into {shape(Q19_SHAPE[i] for i in Q19_ORDER)}?",
            kind=CODE,
            quiz=quiz.numbers(prompt, order, r.code),
        ),
        run=r,
        before=tuple(r.names["image"].shape),
        after=tuple(r.value),
        order=Q19_ORDER,
        axes=AXES,
        axes_after=axes_after,
        contiguous=run("out.is_contiguous()", out=out),
        strides=run("out.stride()", out=out),
        row_strides=run("out.contiguous().stride()", out=out),
        view=run("out.view(-1)", out=out),
        fixed=run("out.contiguous().view(-1).shape", out=out),
    )


# -- Q20 ---------------------------------------------------------------------

Q20_DIRECTION = "-lr * grad"
# The guide's Q20: grad L = [2, -3], alpha = 0.1.
Q20_GRAD = (2.0, -3.0)
Q20_LR = 0.1


def line_fit_loss(w: torch.Tensor, b: torch.Tensor,
                  fit: training.LineFit) -> torch.Tensor:
    """The fit-a-line model's loss at (w, b), by its own code (w and b are
    leaves, or plain values: the recorded run can be made again)."""
    r = run(f"{training.FORWARD}\n{training.LOSS}", w=w, b=b,
            x=fit.x.to(w.dtype), y=fit.y.to(w.dtype))
    return r.names["loss"]


def _leaves(theta) -> tuple[torch.Tensor, torch.Tensor]:
    """(w, b) from theta, each its own leaf that autograd fills a .grad on."""
    return tuple(v.detach().clone().requires_grad_(True) for v in theta)


def where_gradient_is(grad, fit: training.LineFit) -> torch.Tensor:
    """The (w, b) at which the fit-a-line loss has gradient ``grad``.

    The loss is quadratic in (w, b), so its gradient is g(0) + H theta, with
    H's columns g(e_i) - g(0), each g from autograd (in float64); solve for
    theta, and return it in float32.
    """
    def g(theta):
        w, b = _leaves(torch.tensor(theta, dtype=torch.float64, device=fit.x.device))
        line_fit_loss(w, b, fit).backward()
        return torch.stack([w.grad, b.grad])
    g0 = g((0.0, 0.0))
    hessian = torch.stack([g((1.0, 0.0)) - g0, g((0.0, 1.0)) - g0], dim=1)
    target = torch.tensor(grad, dtype=torch.float64)
    return torch.linalg.solve(hessian, target - g0).float()


def line_fit_step(theta0: torch.Tensor, lr: float,
                  fit: training.LineFit) -> descent.Step:
    """One ``torch.optim.SGD`` step on the fit-a-line loss, from theta0."""
    w, b = _leaves(theta0)
    opt = torch.optim.SGD([w, b], lr=lr)
    value = line_fit_loss(w, b, fit)
    value.backward()
    before = torch.stack([w, b]).detach()
    grad = torch.stack([w.grad, b.grad]).detach()
    opt.step()
    after = torch.stack([w, b]).detach()
    return descent.Step(1, before, grad, lr, after, value.detach(), after - before)


@dataclass(frozen=True)
class UpdateDirection:
    """Q20: the step -alpha * grad L on the fit-a-line model's real loss.

    ``step.theta`` is the (w, b) where that loss has the guide's gradient
    [2, -3]; ``loss_after`` is the loss after one SGD step from there.
    ``minus_lr`` is -alpha, the factor ``substituted_tex`` starts with.
    """

    question: Question
    step: descent.Step
    minus_lr: float
    direction: torch.Tensor
    direction_code: str
    loss_after: torch.Tensor
    rule_tex: str
    substituted_tex: str


def q20() -> UpdateDirection:
    fit = training.line_fit()
    step = line_fit_step(where_gradient_is(Q20_GRAD, fit), Q20_LR, fit)
    direction = run(Q20_DIRECTION, lr=step.lr, grad=step.grad).value
    return UpdateDirection(
        question=Question(
            20,
            "In the fit-a-line model, θ = (w, b). If its loss has "
            f"∇L = {vector(step.grad)} and α = {num(step.lr)}, "
            "what is the update direction? Why subtract?",
            kind=WORK,
            said="In the fit-a-line model, theta is the pair w, b. If the "
                 f"gradient of its loss is {vector(step.grad)}, and the learning "
                 f"rate α is {num(step.lr)}, what is the update direction? Why "
                 "subtract?",
            quiz=quiz.numbers("What is the update direction?", direction,
                              Q20_DIRECTION),
        ),
        step=step,
        minus_lr=-step.lr,
        direction=direction,
        direction_code=Q20_DIRECTION,
        loss_after=line_fit_loss(*step.theta_new, fit).detach(),
        rule_tex=r"\theta_{new} = \theta_{old} - \alpha\,\nabla L",
        substituted_tex=(
            rf"{num(-step.lr)}\cdot{vector(step.grad)}"
            rf" = {vector(direction)}"
        ),
    )


@dataclass(frozen=True)
class PracticeApplied:
    """Level 4 of the practice set: Q16 to Q20."""

    level: int
    q16: Softmax
    q17: Mse
    q18: BatchMatmul
    q19: Permute
    q20: UpdateDirection


def practice_applied() -> PracticeApplied:
    """Everything the level-4 practice scene shows."""
    return PracticeApplied(4, q16(), q17(), q18(), q19(), q20())
