"""Broadcasting: how torch stretches a smaller tensor to fit a larger one.

Ends on our running problem (``tensors.running``): ``w * x + b`` at the first
guess, where w and b (shape ``()``) are stretched over the four points.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from tensors import running
from tensors.snippet import Run, run

A_CODE = "torch.tensor([[1, 2], [3, 4]])"
B_CODE = "torch.tensor([[10, 20]])"
# A vector meets a matrix. Not the guide's Q7 shapes, (3, 4) + (4,): practice
# question 7 asks for that result.
ROW_A_CODE = "torch.ones(2, 3)"
ROW_B_CODE = "torch.arange(3)"
ROW_CODE = ROW_A_CODE + " + " + ROW_B_CODE
CLASH_CODE = "torch.ones(2, 3) + torch.arange(2)"


@dataclass(frozen=True)
class StretchAdd:
    """``a + b`` where ``b`` is copied along its size-1 dims to ``a``'s shape."""

    a: torch.Tensor
    b: torch.Tensor
    b_stretched: torch.Tensor
    result: torch.Tensor
    a_code: str
    b_code: str
    shape: tuple[int, ...]
    # The shapes lined up from the right, one column per dim of the result:
    # ``None`` where an operand has no such dim (drawn as a gap).
    a_columns: tuple[int | None, ...]
    b_columns: tuple[int | None, ...]
    # ``b``'s shape as broadcasting reads it: a missing dim counts as size 1.
    b_read_as: tuple[int, ...]


@dataclass(frozen=True)
class RunningBroadcast:
    """``y_hat = w * x + b`` on our four points at the guess: two scalars
    stretched over x, then element-wise, set beside y (nothing is fitted)."""

    guess_code: tuple[str, ...]  # the lines that set w and b to the guess
    w: torch.Tensor
    b: torch.Tensor
    x: torch.Tensor
    y: torch.Tensor
    model: str  # ``w * x + b``, as the shape columns name the result
    y_hat: Run  # ``y_hat = w * x + b``: its code, and y_hat in ``names``
    prediction: torch.Tensor  # y_hat itself
    shape: tuple[int, ...]  # y_hat's shape: x's, as broadcasting gives it
    # The shapes lined up from the right, one column per dim of y_hat.
    w_columns: tuple[int | None, ...]
    x_columns: tuple[int | None, ...]
    b_columns: tuple[int | None, ...]
    # w's (and b's) shape as broadcasting reads it: each missing dim is size 1.
    w_read_as: tuple[int, ...]
    b_read_as: tuple[int, ...]
    w_expand: Run  # ``w.expand(4)``: w read once per point
    b_expand: Run  # ``b.expand(4)``
    stride: Run  # ``w.expand(4).stride()``: ``(0,)``, the one value read again
    # The view's storage is w's own: expand copies nothing (not drawn).
    shares_storage: bool


@dataclass(frozen=True)
class Broadcasting:
    """The broadcasting scene's results."""

    guide: StretchAdd
    row: Run
    row_parts: StretchAdd  # the same sum, operand by operand
    row_shape: tuple[int, ...]
    clash: Run
    clash_operand_shapes: tuple[tuple[int, ...], tuple[int, ...]]
    running: RunningBroadcast


def stretch_add(a_code: str, b_code: str) -> StretchAdd:
    """Run both codes, expand ``b`` to the broadcast shape, and add."""
    a, b = run(a_code).value, run(b_code).value
    shape = tuple(torch.broadcast_shapes(a.shape, b.shape))
    return StretchAdd(
        a=a,
        b=b,
        b_stretched=b.expand(shape),
        result=a + b,
        a_code=a_code,
        b_code=b_code,
        shape=shape,
        a_columns=right_aligned(tuple(a.shape), len(shape)),
        b_columns=right_aligned(tuple(b.shape), len(shape)),
        b_read_as=read_as(b, len(shape)),
    )


def right_aligned(shape: tuple[int, ...], width: int) -> tuple[int | None, ...]:
    """``shape`` padded on the left with ``None`` to ``width`` columns."""
    return (None,) * (width - len(shape)) + shape


def operand_shapes(code: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The shapes of the two operands of ``left + right``."""
    left, right = code.split(" + ")
    return tuple(run(left).value.shape), tuple(run(right).value.shape)


def read_as(t: torch.Tensor, width: int) -> tuple[int, ...]:
    """``t``'s shape as broadcasting reads it against ``width`` dims: size 1
    in front for each missing dim."""
    return tuple(t.reshape(*[1] * (width - t.dim()), *t.shape).shape)


def running_broadcast() -> RunningBroadcast:
    """Our running problem's prediction at the guess, ``w * x + b``."""
    pts = running.points()
    guess_code = running.guess_code()
    guess = run("\n".join(guess_code)).names
    w, b, x = guess["w"], guess["b"], pts.x
    y_hat = run("y_hat = " + running.MODEL, w=w, x=x, b=b)
    prediction = y_hat.names["y_hat"]
    shape = tuple(prediction.shape)
    width = len(shape)
    expand = ".expand(" + ", ".join(str(n) for n in shape) + ")"
    w_expand = run("w" + expand, w=w)
    return RunningBroadcast(
        guess_code=guess_code,
        w=w,
        b=b,
        x=x,
        y=pts.y,
        model=running.MODEL,
        y_hat=y_hat,
        prediction=prediction,
        shape=shape,
        w_columns=right_aligned(tuple(w.shape), width),
        x_columns=right_aligned(tuple(x.shape), width),
        b_columns=right_aligned(tuple(b.shape), width),
        w_read_as=read_as(w, width),
        b_read_as=read_as(b, width),
        w_expand=w_expand,
        b_expand=run("b" + expand, b=b),
        stride=run("w" + expand + ".stride()", w=w),
        shares_storage=(w_expand.value.untyped_storage().data_ptr()
                        == w.untyped_storage().data_ptr()),
    )


def broadcasting() -> Broadcasting:
    """The guide's A + b, a vector added to each row, our running problem's
    ``w * x + b``, and a pair torch refuses."""
    row = run(ROW_CODE)
    return Broadcasting(
        guide=stretch_add(A_CODE, B_CODE),
        row=row,
        row_parts=stretch_add(ROW_A_CODE, ROW_B_CODE),
        row_shape=tuple(row.value.shape),
        clash=run(CLASH_CODE),
        clash_operand_shapes=operand_shapes(CLASH_CODE),
        running=running_broadcast(),
    )
