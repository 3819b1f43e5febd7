"""The running problem (``tensors.running``) solved with ``torch.optim.SGD``.

The data are practice question 15's four points, which lie on y = 2x + 1.
Everything Part 2 teaches meets here: ``w * x + b`` broadcasts two scalars
over the batch, the mean squared error is the loss, ``backward()`` fills
``.grad``, ``optimizer.step()`` moves the parameters, and a short loop
(zero_grad, forward, loss, backward, step) fits the line. The parameters start
at 0, not at Q15's w = 1, so Q15's answer is not given away.

Before ``backward()`` the gradient is worked out by hand on the same graph
(``ByHand``): each node's local derivative, point by point, multiplied along
each point's path and added at the leaves, then checked against ``.grad`` and
a central finite difference. The same loop run without ``zero_grad``
(``Accumulated``) shows the second step's ``.grad`` holding the sum of two
gradients.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from tensors import running
from tensors.snippet import run

SETUP = (
    *running.DATA,
    "w = torch.tensor(0.0, requires_grad=True)",
    "b = torch.tensor(0.0, requires_grad=True)",
)
QUESTION = 15
TRUE_LINE = running.TRUE_LINE
FORWARD = "y_hat = w * x + b"
LOSS = "loss = ((y_hat - y) ** 2).mean()"
BACKWARD = "loss.backward()"
LEARNING_RATE = 0.05
# The optimizer line, with {} where the learning rate goes.
OPTIMIZER_FORM = "optimizer = torch.optim.SGD([w, b], lr={})"
OPTIMIZER = OPTIMIZER_FORM.format(LEARNING_RATE)
STEP = "optimizer.step()"
STEPS = 300
LOOP = (
    f"for step in range({STEPS}):",
    "    optimizer.zero_grad()",
    "    loss = ((w * x + b - y) ** 2).mean()",
    "    loss.backward()",
    "    optimizer.step()",
    "    seen.append((loss.item(), w.item(), b.item()))",
)
# The same loop with the zero_grad line left out, keeping each step's .grad.
NO_ZERO_STEPS = 3  # enough to see the second gradient added to the first
NO_ZERO_LOOP = (
    f"for step in range({NO_ZERO_STEPS}):",
    *LOOP[2:5],
    "    seen.append((loss.item(), w.grad.item()))",
)
# The loop's steps at which the scene redraws the fitted line.
SHOWN_STEPS = (1, 3, 10, 30, 100, STEPS)
PLOT_X = (0.0, 5.0)  # the fitted line is drawn over this range of x
PLOT_X_STEP = 1  # a tick value on the x axis every PLOT_X_STEP
PLOT_Y_STEP = 2  # and on the y axis every PLOT_Y_STEP
STEP_TICK = 100  # the loss chart's step axis: a tick value every STEP_TICK steps
LOG_BASE = 10  # the loss chart's log scale: ticks at powers of LOG_BASE
LOG_TICK = 3  # every LOG_TICK-th power

# Backward by hand. The loss's nodes, named so their derivatives can be written.
NAMES = "e = y_hat - y    s = e ** 2    L = s.mean()"
# Each local derivative (drawn as written), in backward order, output first.
LOCAL_RULES = (
    "dL/ds = 1/n",
    "ds/de = 2 * e",
    "de/dy_hat = 1",
    "dy_hat/dw = x",
    "dy_hat/db = 1",
)
# The central differences, as drawn, in w and in b.
FD_FORMS = ("(L(w+h) - L(w-h)) / (2*h)", "(L(b+h) - L(b-h)) / (2*h)")
FD_STEP = 1e-3


@dataclass(frozen=True)
class Snapshot:
    """The parameters after ``step`` loop steps, and the loss they came from."""

    step: int
    w: float
    b: float
    loss: float


@dataclass(frozen=True)
class Local:
    """One node's local derivative, written as a rule and evaluated per point."""

    rule: str
    values: torch.Tensor  # (n,): its value at each of the n points


@dataclass(frozen=True)
class ByHand:
    """dL/dw and dL/db at the start, by the chain rule, then checked two ways.

    ``locals`` run output first: the mean, the square, the subtraction, then
    ``y_hat``'s derivative for w and for b. A point's path to w multiplies the
    first three and ``dy_hat/dw``; to b, the first three and ``dy_hat/db``.
    w and b feed every point (broadcast), so each gradient adds n paths.
    """

    names: str
    n: int  # points
    locals: tuple[Local, ...]
    w_paths: torch.Tensor  # (n,): the product along each point's path to w
    b_paths: torch.Tensor
    w_sum: torch.Tensor  # the n paths added
    b_sum: torch.Tensor
    fd_forms: tuple[str, str]  # in w, in b
    fd_step: float
    w_fd: torch.Tensor  # the central difference in w (float64)
    b_fd: torch.Tensor


@dataclass(frozen=True)
class Accumulated:
    """The loop without ``zero_grad``: ``.grad`` keeps every gradient added.

    ``w_grads[k]`` is w.grad after step k + 1's backward; ``fresh`` is step
    2's own gradient (the one the loop with zero_grad uses), so
    ``w_grads[1] == w_grads[0] + fresh``. ``losses[k]`` is the loss step
    k + 1 computed; ``kept[k]`` the same with zero_grad (the one step shown
    first, then the loop); ``steps`` numbers the steps.
    """

    loop_code: tuple[str, ...]
    w_grads: torch.Tensor  # (NO_ZERO_STEPS,)
    fresh: torch.Tensor
    losses: torch.Tensor  # (NO_ZERO_STEPS,)
    kept: torch.Tensor  # (NO_ZERO_STEPS,)
    steps: tuple[int, ...]  # 1, 2, ... NO_ZERO_STEPS


@dataclass(frozen=True)
class LineFit:
    """Every number the running example shows, all from torch."""

    setup: tuple[str, ...]
    x: torch.Tensor
    y: torch.Tensor
    true_line: tuple[float, float]
    question: int  # the practice question the data come from
    w0: torch.Tensor  # where the parameters start
    b0: torch.Tensor
    forward_code: str
    sizes: tuple[tuple[str, str], ...]  # (name, torch.Size as printed) for w, x, y_hat
    y_hat: torch.Tensor
    loss_code: str
    loss: torch.Tensor
    backward_code: str
    w_grad: torch.Tensor
    b_grad: torch.Tensor
    optimizer_code: str
    optimizer_form: str  # optimizer_code with {} for the learning rate
    step_code: str
    lr: float
    w1: torch.Tensor
    b1: torch.Tensor
    loss1: torch.Tensor  # the loss at (w1, b1), before any further step
    loop_code: tuple[str, ...]
    losses: torch.Tensor  # (STEPS,): the loss each loop step computed
    log_losses: torch.Tensor  # (STEPS + 1,): log10 of the loss, the first one first
    snapshots: tuple[Snapshot, ...]
    plot_x: tuple[float, float]
    plot_y: tuple[float, float]  # the scatter plot's y range: 0 to max(y) + 1
    x_ticks: tuple[float, ...]  # the scatter plot's tick values
    y_ticks: tuple[float, ...]  # from one step above 0 (0 is marked on x)
    step_ticks: tuple[int, ...]  # the loss chart's step axis
    log_range: tuple[int, int]  # its log axis, in whole powers of log_base
    log_base: int
    log_ticks: tuple[int, ...]  # the powers of log_base marked on it
    by_hand: ByHand
    accumulated: Accumulated


def by_hand(x: torch.Tensor, y: torch.Tensor, w: torch.Tensor,
            b: torch.Tensor) -> ByHand:
    """The chain rule on the loss's graph at (w, b), written out in torch."""
    n = x.shape[0]
    e = w * x + b - y
    locals_ = (torch.full_like(x, 1 / n), 2 * e, torch.ones_like(x), x.clone(),
               torch.ones_like(x))
    mean, square, sub, to_w, to_b = locals_
    w_paths, b_paths = mean * square * sub * to_w, mean * square * sub * to_b

    def loss64(w64: float, b64: float) -> torch.Tensor:
        x64, y64 = x.double(), y.double()
        return ((w64 * x64 + b64 - y64) ** 2).mean()

    w0, b0, h = float(w), float(b), FD_STEP
    return ByHand(
        names=NAMES, n=n,
        locals=tuple(Local(r, v) for r, v in zip(LOCAL_RULES, locals_)),
        w_paths=w_paths, b_paths=b_paths,
        w_sum=w_paths.sum(), b_sum=b_paths.sum(), fd_forms=FD_FORMS, fd_step=h,
        w_fd=(loss64(w0 + h, b0) - loss64(w0 - h, b0)) / (2 * h),
        b_fd=(loss64(w0, b0 + h) - loss64(w0, b0 - h)) / (2 * h),
    )


def accumulated(x, y, w0, b0, w1, b1, kept: torch.Tensor) -> Accumulated:
    """Run the loop without zero_grad from (w0, b0); step 2's own gradient."""
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    opt = run(OPTIMIZER, w=w, b=b).names["optimizer"]
    seen: list[tuple[float, float]] = []
    run("\n".join(NO_ZERO_LOOP), x=x, y=y, w=w, b=b, optimizer=opt, seen=seen)
    w2 = w1.clone().requires_grad_(True)
    ((w2 * x + b1 - y) ** 2).mean().backward()
    w_grads = torch.tensor([g for _, g in seen])
    return Accumulated(
        loop_code=NO_ZERO_LOOP, w_grads=w_grads, fresh=w2.grad.detach(),
        losses=torch.tensor([h[0] for h in seen]), kept=kept[:len(seen)],
        steps=tuple(range(1, len(seen) + 1)),
    )


def _ticks(lo: float, hi: float, step: float) -> tuple[float, ...]:
    count = int(round((hi - lo) / step))
    return tuple(lo + k * step for k in range(count + 1))


def line_fit() -> LineFit:
    """Run the example piece by piece, as the scene shows it."""
    names = run("\n".join(SETUP)).names
    w0, b0 = names["w"].detach().clone(), names["b"].detach().clone()
    first = run(f"{FORWARD}\n{LOSS}\n{BACKWARD}", **names)
    n = first.names
    sizes = tuple((k, str(n[k].shape)) for k in ("w", "x", "y_hat"))
    w_grad, b_grad = n["w"].grad.detach().clone(), n["b"].grad.detach().clone()
    stepped = run(f"{OPTIMIZER}\n{STEP}", w=n["w"], b=n["b"])
    opt = stepped.names["optimizer"]
    w, b = n["w"], n["b"]
    w1, b1 = w.detach().clone(), b.detach().clone()
    with torch.no_grad():
        loss1 = ((w * n["x"] + b - n["y"]) ** 2).mean()
    history: list[tuple[float, float, float]] = []
    run("\n".join(LOOP), x=n["x"], y=n["y"], w=w, b=b, optimizer=opt, seen=history)
    # history[k] is the loss step k + 1 computed and the parameters after it.
    snapshots = tuple(Snapshot(k, *history[k - 1][1:], history[k - 1][0])
                      for k in SHOWN_STEPS)
    losses = torch.tensor([h[0] for h in history])
    log_losses = torch.log10(torch.tensor([n["loss"].item(), *losses.tolist()]))
    log_range = (math.floor(log_losses.min().item() / LOG_TICK) * LOG_TICK,
                 math.ceil(log_losses.max().item() / LOG_TICK) * LOG_TICK)
    plot_y = (0.0, float(n["y"].max()) + 1)
    return LineFit(
        setup=SETUP, x=n["x"], y=n["y"], true_line=TRUE_LINE, question=QUESTION,
        w0=w0, b0=b0,
        forward_code=FORWARD, sizes=sizes, y_hat=n["y_hat"].detach(),
        loss_code=LOSS, loss=n["loss"].detach(), backward_code=BACKWARD,
        w_grad=w_grad, b_grad=b_grad, optimizer_code=OPTIMIZER,
        optimizer_form=OPTIMIZER_FORM, step_code=STEP,
        lr=LEARNING_RATE, w1=w1, b1=b1, loss1=loss1,
        loop_code=LOOP, losses=losses, log_losses=log_losses,
        snapshots=snapshots, plot_x=PLOT_X, plot_y=plot_y,
        x_ticks=_ticks(*PLOT_X, PLOT_X_STEP),
        y_ticks=_ticks(*plot_y, PLOT_Y_STEP)[1:],  # 0 is marked once, on x
        step_ticks=tuple(range(0, STEPS + 1, STEP_TICK)), log_range=log_range,
        log_base=LOG_BASE, log_ticks=tuple(range(*log_range, LOG_TICK))
        + (log_range[1],),
        by_hand=by_hand(n["x"], n["y"], w0, b0),
        accumulated=accumulated(n["x"], n["y"], w0, b0, w1, b1,
                                torch.cat([n["loss"].detach().reshape(1), losses])),
    )
