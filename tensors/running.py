"""The running problem: four points, and the line ``w * x + b`` to fit them.

One problem threads the lecture from its first minute (as d2l.ai and
micrograd do): each chapter brings in its tool when the problem needs it.

1. the opening (notation-table) plots the points and asks for w and b;
2. tensor-ranks: the shapes of x and y (rank 1) and of w and b (rank 0);
3. broadcasting: ``w * x + b`` stretches two scalars over the batch;
4. matmul: with a second feature (a column of ones) the model is ``X @ theta``;
5. autograd-graph: ``loss.backward()`` gives dL/dw and dL/db;
6. gradient-descent: SGD on this model's own loss surface over (w, b);
7. fit-a-line: backward by hand, then the training loop;
8. practice questions 15 and 20 test the same model.

Only the data and the model's code live here; each chapter's lesson runs the
code it shows (``tensors.snippet.run``) and keeps the results it draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from tensors.snippet import run

DATA = (
    "x = torch.tensor([1.0, 2.0, 3.0, 4.0])",
    "y = torch.tensor([3.0, 5.0, 7.0, 9.0])",
)
TRUE_LINE = (2.0, 1.0)  # the w and b the data were made with: y = 2x + 1
MODEL = "w * x + b"  # the prediction, y_hat
LOSS = "((w * x + b - y) ** 2).mean()"  # the mean squared error
# A first guess the early chapters try, before anything is fitted. Not the
# start of the fit (w = b = 0) and not Q15's w = 1, whose answer it would give.
GUESS = (0.5, 1.0)
GUESS_CODE = ("w = torch.tensor({})", "b = torch.tensor({})")


@dataclass(frozen=True)
class Points:
    """The data as torch holds them."""

    code: tuple[str, ...]
    x: torch.Tensor
    y: torch.Tensor
    true_line: tuple[float, float]


def points() -> Points:
    """Run ``DATA``: the four points every chapter's running beat uses."""
    names = run("\n".join(DATA)).names
    return Points(DATA, names["x"], names["y"], TRUE_LINE)


def guess_code() -> tuple[str, ...]:
    """The two lines that set w and b to ``GUESS``."""
    return tuple(line.format(v) for line, v in zip(GUESS_CODE, GUESS))
