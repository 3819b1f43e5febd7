"""Gradient descent: real ``torch.optim.SGD`` steps down a 2-D loss surface.

``guide_step`` (the guide's grad L = [2, -3]) is practice question 20's data;
the teaching scene does not show it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from tensors import device
from tensors.contours import Contour, contours

LOSS_TEX = r"L(\theta) = \theta_1^2 + 2\,\theta_2^2"
START = (2.0, -1.5)
LEARNING_RATE = 0.1
STEPS = 12
# The guide's worked example: grad L = [2, -3] at some theta, alpha = 0.1.
GUIDE_THETA = (1.0, -0.75)
GRID_SIZE = 96
GRID_EXTENT = 2.5
CONTOUR_LEVELS = 7
WORKED_STEPS = 3  # the steps the scene writes out, each with its gradient arrow
# The gradient arrow is drawn ARROW_SCALE times its length (in theta units), or
# shorter, so that every worked step's arrow ends inside ARROW_ROOM * extent.
ARROW_SCALE = 0.125
ARROW_ROOM = 0.95
LOSS_TICK = 5  # the loss chart's loss axis is marked every LOSS_TICK
STEP_TICK = 4  # and its step axis every STEP_TICK steps


def loss(theta: torch.Tensor) -> torch.Tensor:
    """The bowl every step walks down; ``theta`` has shape (..., 2)."""
    return theta[..., 0] ** 2 + 2 * theta[..., 1] ** 2


@dataclass(frozen=True)
class Step:
    """SGD update number ``number`` (from 1): theta_new = theta - lr * grad.

    ``delta`` is theta_new - theta, the move the step makes.
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
    """The loss surface on a grid, the SGD path over it, and its losses."""

    loss_tex: str
    surface: torch.Tensor  # (GRID_SIZE, GRID_SIZE), row 0 at theta_2 = +extent
    extent: float
    path: torch.Tensor  # (STEPS + 1, 2)
    losses: torch.Tensor  # (STEPS + 1,)
    steps: tuple[Step, ...]
    lr: float
    contours: tuple[Contour, ...]  # the loss's level lines, through the path
    # The worked steps' gradient arrows: where each ends, in theta units (one
    # scale for all, short enough that each stays inside the surface).
    arrow_ends: torch.Tensor  # (WORKED_STEPS, 2)
    ticks: tuple[int, ...]  # theta_1 and theta_2 marked on the surface's edges
    step_ticks: tuple[int, ...]  # the loss chart's step axis
    loss_ticks: tuple[int, ...]  # the loss chart's loss axis, 0 up past the start
    loss_top: int  # the loss axis ends here: the last loss tick


def arrow_ends(steps: tuple[Step, ...], extent: float) -> torch.Tensor:
    """theta + s * grad for the worked steps, with one s that keeps them all in."""
    worked = steps[:WORKED_STEPS]
    room = ARROW_ROOM * extent
    scale = ARROW_SCALE
    for s in worked:
        for t, g in zip(s.theta.tolist(), s.grad.tolist()):
            if g:  # the largest s with |t + s g| <= room
                scale = min(scale, ((room if g > 0 else -room) - t) / g)
    return torch.stack([s.theta + scale * s.grad for s in worked])


def surface(extent: float = GRID_EXTENT, size: int = GRID_SIZE) -> torch.Tensor:
    """The loss on a size x size grid over [-extent, extent]^2 (y up)."""
    axis = torch.linspace(-extent, extent, size, device=device.current())
    t2, t1 = torch.meshgrid(axis.flip(0), axis, indexing="ij")
    return loss(torch.stack([t1, t2], dim=-1))


def sgd_path(start=START, lr=LEARNING_RATE, steps=STEPS) -> tuple[Step, ...]:
    """Run ``torch.optim.SGD`` from ``start`` and record every update."""
    theta = torch.tensor(start, device=device.current(), requires_grad=True)
    opt = torch.optim.SGD([theta], lr=lr)
    out = []
    for number in range(1, steps + 1):
        opt.zero_grad()
        value = loss(theta)
        value.backward()
        before, grad = theta.detach().clone(), theta.grad.detach().clone()
        opt.step()
        after = theta.detach().clone()
        out.append(Step(number, before, grad, lr, after, value.detach(),
                        after - before))
    return tuple(out)


def guide_step() -> Step:
    """The guide's example: at the theta where grad L = [2, -3], one step."""
    (step,) = sgd_path(GUIDE_THETA, LEARNING_RATE, 1)
    return step


def descent() -> Descent:
    """Everything the gradient-descent scene draws."""
    steps = sgd_path()
    path = torch.stack([steps[0].theta, *(s.theta_new for s in steps)])
    grid = surface()
    axis = torch.linspace(-GRID_EXTENT, GRID_EXTENT, GRID_SIZE, device=grid.device)
    losses = loss(path)
    top = math.ceil(float(losses.max()) / LOSS_TICK) * LOSS_TICK
    # One level line through each of the first points of the path.
    levels = losses[:CONTOUR_LEVELS]
    return Descent(
        loss_tex=LOSS_TEX,
        surface=grid,
        extent=GRID_EXTENT,
        path=path,
        losses=losses,
        steps=steps,
        lr=LEARNING_RATE,
        contours=contours(axis, axis, grid.flip(0), levels),
        arrow_ends=arrow_ends(steps, GRID_EXTENT),
        ticks=tuple(range(-math.floor(GRID_EXTENT), math.floor(GRID_EXTENT) + 1)),
        step_ticks=tuple(range(0, STEPS + 1, STEP_TICK)),
        loss_ticks=tuple(range(0, top + 1, LOSS_TICK)),
        loss_top=top,
    )
