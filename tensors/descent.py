"""Gradient descent on the running problem's own loss surface.

The running problem (``tensors.running``) fits ``w * x + b`` to four points
with the mean squared error. As a function of the two parameters that loss
is a surface over the (w, b) plane: a long, narrow valley, curved far more
steeply across than along its floor (the Hessian's eigenvalues say how much
more), with its lowest point at the true line (2, 1). ``descent()`` samples
it on a grid, draws its level lines, and runs real ``torch.optim.SGD`` steps
from fit-a-line's start (w = b = 0) at fit-a-line's learning rate
(``tensors.training``), so the path is fit-a-line's first ``STEPS`` steps:
the first steps run straight across the valley, then the path turns and
creeps along the floor.

``Step`` is one SGD update; practice question 20 (``tensors.practice_applied``)
builds one on the same loss, at the guide's grad L = [2, -3], which this
chapter does not solve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from tensors import device, running, training
from tensors.contours import Contour, contours
from tensors.snippet import run

# The loss as the scene writes it: the mean over our n = 4 points.
LOSS_TEX = r"L(w, b) = \frac{1}{4}\sum_i (w\,x_i + b - y_i)^2"
LEARNING_RATE = training.LEARNING_RATE  # fit-a-line's, so the paths agree
STEPS = 100  # enough for the path to turn and creep along the valley floor
# The SGD steps, from fit-a-line's start: its setup (the data, w = b = 0),
# its optimizer line, and its loop, keeping each step's (w, b), gradient and
# loss before the step is taken.
SGD_LOOP = (
    f"for step in range({STEPS}):",
    "    optimizer.zero_grad()",
    f"    loss = {running.LOSS}",
    "    loss.backward()",
    "    seen.append((w.item(), b.item(), w.grad.item(), b.grad.item(), loss.item()))",
    "    optimizer.step()",
)
# The picture: w right, b up, one scale for both (so the gradient crosses
# the level lines at right angles), covering the start (0, 0) and the
# minimum (2, 1) with MARGIN on every side.
MARGIN = 0.75
GRID_STEP = 0.02  # the surface is sampled at the centres of cells this wide
WORKED_STEPS = 2  # the steps the scene writes out, each with its gradient arrow
# Level lines: the start's loss, then each CONTOUR_RATIO times the one before.
CONTOUR_LEVELS = 6
CONTOUR_RATIO = 1 / 3
# The gradient arrows show its direction: each is ARROW_LENGTH long (in w, b
# units) or shorter, so that it ends inside the picture, ARROW_ROOM of the way
# from the point to the edge at most.
ARROW_LENGTH = 0.5
ARROW_ROOM = 0.9
STEP_TICK = 25  # the loss chart's step axis is marked every STEP_TICK steps
LOG_BASE = 10  # its loss axis is a log scale, marked at powers of LOG_BASE
LOG_TICK = 2  # every LOG_TICK-th power


@dataclass(frozen=True)
class Step:
    """SGD update number ``number`` (from 1): theta_new = theta - lr * grad.

    ``theta`` is (w, b) before the step, ``loss`` the loss there, ``delta``
    is theta_new - theta, the move the step makes.
    """

    number: int
    theta: torch.Tensor
    grad: torch.Tensor
    lr: float
    theta_new: torch.Tensor
    loss: torch.Tensor
    delta: torch.Tensor


@dataclass(frozen=True)
class Descent:
    """The loss surface over (w, b), the SGD path over it, and its losses."""

    loss_tex: str
    x: torch.Tensor  # our four points
    y: torch.Tensor
    loop_code: tuple[str, ...]  # the code the steps ran (setup, optimizer, loop)
    w_range: tuple[float, float]  # the picture's window
    b_range: tuple[float, float]
    surface: torch.Tensor  # (rows, cols): row 0 at the top (b_range[1]), w right
    path: torch.Tensor  # (STEPS + 1, 2): (w, b) before each step, then after the last
    losses: torch.Tensor  # (STEPS + 1,): the loss at each point of the path
    steps: tuple[Step, ...]
    lr: float
    minimum: torch.Tensor  # (w, b) where the loss is least (least squares)
    curvature: torch.Tensor  # the Hessian's eigenvalues, smallest first
    # How many times more steeply the valley curves across than along its floor.
    steepness: torch.Tensor
    contours: tuple[Contour, ...]  # the loss's level lines, the start's first
    # The worked steps' gradient arrows: where each ends, in (w, b).
    arrow_ends: torch.Tensor  # (WORKED_STEPS, 2)
    w_ticks: tuple[int, ...]  # marked under the surface
    b_ticks: tuple[int, ...]  # and beside it
    step_ticks: tuple[int, ...]  # the loss chart's step axis
    log_losses: torch.Tensor  # (STEPS + 1,): log10 of the losses
    log_base: int
    log_range: tuple[int, int]  # the chart's log axis, in whole powers of log_base
    log_ticks: tuple[int, ...]  # the powers marked on it


def loss(theta: torch.Tensor, x: torch.Tensor | None = None,
         y: torch.Tensor | None = None) -> torch.Tensor:
    """The running problem's MSE at (w, b) = ``theta`` (shape (..., 2)).

    ``x`` and ``y`` default to our four points.
    """
    if x is None or y is None:
        p = running.points()
        x, y = p.x, p.y
    x, y = x.to(theta), y.to(theta)
    w, b = theta[..., 0, None], theta[..., 1, None]
    return ((w * x + b - y) ** 2).mean(dim=-1)


def window() -> tuple[tuple[float, float], tuple[float, float]]:
    """The (w, b) window: the start and the true line, MARGIN on every side."""
    (w1, b1), start = running.TRUE_LINE, (0.0, 0.0)
    lo_w, hi_w = min(start[0], w1) - MARGIN, max(start[0], w1) + MARGIN
    lo_b, hi_b = min(start[1], b1) - MARGIN, max(start[1], b1) + MARGIN
    return (lo_w, hi_w), (lo_b, hi_b)


def centres(lo: float, hi: float, step: float = GRID_STEP) -> torch.Tensor:
    """The centres of the cells of width ``step`` that tile [lo, hi]."""
    count = round((hi - lo) / step)
    return lo + (torch.arange(count, device=device.current()) + 0.5) * (hi - lo) / count


def surface(x: torch.Tensor, y: torch.Tensor, w_range, b_range):
    """The loss on a grid over the window: (ws, bs, values), values[i, j] at
    (ws[j], bs[i]), bs increasing (the picture flips it, b up)."""
    ws, bs = centres(*w_range), centres(*b_range)
    b_grid, w_grid = torch.meshgrid(bs, ws, indexing="ij")
    return ws, bs, loss(torch.stack([w_grid, b_grid], dim=-1), x, y)


def sgd_steps(steps: int = STEPS) -> tuple[running.Points, tuple[Step, ...],
                                           torch.Tensor]:
    """Run fit-a-line's setup, optimizer and loop; each step and the last (w, b)."""
    names = run("\n".join(training.SETUP)).names
    w, b = names["w"], names["b"]
    opt = run(training.OPTIMIZER, w=w, b=b).names["optimizer"]
    seen: list[tuple[float, ...]] = []
    loop = SGD_LOOP if steps == STEPS else (f"for step in range({steps}):",
                                            *SGD_LOOP[1:])
    run("\n".join(loop), x=names["x"], y=names["y"], w=w, b=b, optimizer=opt,
        seen=seen)
    where = names["x"].device
    rows = torch.tensor(seen, device=where)  # (steps, 5): w, b, dw, db, loss
    thetas = torch.cat([rows[:, :2], torch.stack([w, b]).detach()[None]])
    out = tuple(
        Step(k + 1, thetas[k], rows[k, 2:4], LEARNING_RATE, thetas[k + 1],
             rows[k, 4], thetas[k + 1] - thetas[k])
        for k in range(steps))
    p = running.Points(running.DATA, names["x"], names["y"], running.TRUE_LINE)
    return p, out, thetas


def minimum(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The (w, b) of least squared error: least squares on the columns [x, 1]."""
    design = torch.stack([x, torch.ones_like(x)], dim=1)
    return torch.linalg.lstsq(design.cpu(), y.cpu()[:, None]).solution[:, 0].to(x)


def curvature(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The eigenvalues of the loss's Hessian in (w, b), smallest first."""
    def of(theta):
        return loss(theta, x, y)
    at = torch.zeros(2, dtype=torch.float64, device=x.device)  # quadratic: any point
    hessian = torch.autograd.functional.hessian(of, at)
    return torch.linalg.eigvalsh(hessian.cpu()).float().to(x.device)


def arrow_ends(steps: tuple[Step, ...], w_range, b_range) -> torch.Tensor:
    """theta + s * grad / |grad| for the worked steps, s = ARROW_LENGTH or less,
    so that each ends inside the window (ARROW_ROOM of the way to its edge)."""
    ends = []
    for s in steps[:WORKED_STEPS]:
        unit = s.grad / s.grad.norm()
        length = ARROW_LENGTH
        for t, u, (lo, hi) in zip(s.theta.tolist(), unit.tolist(), (w_range, b_range)):
            if u:  # the longest run from t along u that stays in [lo, hi]
                edge = hi if u > 0 else lo
                length = min(length, ARROW_ROOM * (edge - t) / u)
        ends.append(s.theta + length * unit)
    return torch.stack(ends)


def descent() -> Descent:
    """Everything the gradient-descent scene draws."""
    p, steps, path = sgd_steps()
    x, y = p.x, p.y
    w_range, b_range = window()
    ws, bs, values = surface(x, y, w_range, b_range)
    losses = loss(path, x, y)
    logs = torch.log10(losses) / math.log10(LOG_BASE)
    log_range = (math.floor(logs.min().item() / LOG_TICK) * LOG_TICK,
                 math.ceil(logs.max().item() / LOG_TICK) * LOG_TICK)
    bends = curvature(x, y)
    levels = losses[0] * CONTOUR_RATIO ** torch.arange(CONTOUR_LEVELS,
                                                       device=losses.device)
    return Descent(
        loss_tex=LOSS_TEX,
        x=x,
        y=y,
        loop_code=(*training.SETUP, training.OPTIMIZER, *SGD_LOOP),
        w_range=w_range,
        b_range=b_range,
        surface=values.flip(0),
        path=path,
        losses=losses,
        steps=steps,
        lr=LEARNING_RATE,
        minimum=minimum(x, y),
        curvature=bends,
        steepness=bends[1] / bends[0],
        contours=contours(ws, bs, values, levels),
        arrow_ends=arrow_ends(steps, w_range, b_range),
        w_ticks=tuple(range(math.ceil(w_range[0]), math.floor(w_range[1]) + 1)),
        b_ticks=tuple(range(math.ceil(b_range[0]), math.floor(b_range[1]) + 1)),
        step_ticks=tuple(range(0, STEPS + 1, STEP_TICK)),
        log_losses=logs,
        log_base=LOG_BASE,
        log_range=log_range,
        log_ticks=tuple(range(log_range[0], log_range[1] + 1, LOG_TICK)),
    )
