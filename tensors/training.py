"""The running example of Part 2: fit a line with autograd and ``torch.optim.SGD``.

The data are practice question 15's four points, which lie on y = 2x + 1.
Everything Part 2 teaches meets here: ``w * x + b`` broadcasts two scalars
over the batch, the mean squared error is the loss, ``backward()`` fills
``.grad``, ``optimizer.step()`` moves the parameters, and a short loop
(zero_grad, forward, loss, backward, step) fits the line. The parameters start
at 0, not at Q15's w = 1, so Q15's answer is not given away.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from tensors.snippet import run

SETUP = (
    "x = torch.tensor([1.0, 2.0, 3.0, 4.0])",
    "y = torch.tensor([3.0, 5.0, 7.0, 9.0])",
    "w = torch.tensor(0.0, requires_grad=True)",
    "b = torch.tensor(0.0, requires_grad=True)",
)
QUESTION = 15
TRUE_LINE = (2.0, 1.0)  # the w and b the data were made with: y = 2x + 1
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
# The loop's steps at which the scene redraws the fitted line.
SHOWN_STEPS = (1, 3, 10, 30, 100, STEPS)
PLOT_X = (0.0, 5.0)  # the fitted line is drawn over this range of x


@dataclass(frozen=True)
class Snapshot:
    """The parameters after ``step`` loop steps, and the loss they came from."""

    step: int
    w: float
    b: float
    loss: float


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
    return LineFit(
        setup=SETUP, x=n["x"], y=n["y"], true_line=TRUE_LINE, question=QUESTION,
        w0=w0, b0=b0,
        forward_code=FORWARD, sizes=sizes, y_hat=n["y_hat"].detach(),
        loss_code=LOSS, loss=n["loss"].detach(), backward_code=BACKWARD,
        w_grad=w_grad, b_grad=b_grad, optimizer_code=OPTIMIZER,
        optimizer_form=OPTIMIZER_FORM, step_code=STEP,
        lr=LEARNING_RATE, w1=w1, b1=b1, loss1=loss1,
        loop_code=LOOP, losses=torch.tensor([h[0] for h in history]),
        log_losses=torch.log10(torch.tensor([n["loss"].item(),
                                             *(h[0] for h in history)])),
        snapshots=snapshots, plot_x=PLOT_X,
    )
