"""Broadcasting: how torch stretches a smaller tensor to fit a larger one."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from tensors.snippet import Run, run

A_CODE = "torch.tensor([[1, 2], [3, 4]])"
B_CODE = "torch.tensor([[10, 20]])"
# A vector meets a matrix. Not the guide's Q7 shapes, (3, 4) + (4,): practice
# question 7 asks for that result.
ROW_CODE = "torch.ones(2, 3) + torch.arange(3)"
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


@dataclass(frozen=True)
class Broadcasting:
    """The broadcasting scene's results."""

    guide: StretchAdd
    row: Run
    row_shape: tuple[int, ...]
    row_operand_shapes: tuple[tuple[int, ...], tuple[int, ...]]
    # The vector's shape as broadcasting reads it: size-1 dims padded on the left.
    row_read_as: tuple[int, ...]
    clash: Run
    clash_operand_shapes: tuple[tuple[int, ...], tuple[int, ...]]


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
    )


def operand_shapes(code: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The shapes of the two operands of ``left + right``."""
    left, right = code.split(" + ")
    return tuple(run(left).value.shape), tuple(run(right).value.shape)


def broadcasting() -> Broadcasting:
    """The guide's A + b, a vector added to each row, and a pair torch refuses."""
    row_shapes = operand_shapes(ROW_CODE)
    return Broadcasting(
        guide=stretch_add(A_CODE, B_CODE),
        row=run(ROW_CODE),
        row_shape=tuple(torch.broadcast_shapes(*row_shapes)),
        row_operand_shapes=row_shapes,
        row_read_as=tuple(torch.ones(row_shapes[1]).expand(
            *[1] * (len(row_shapes[0]) - len(row_shapes[1])), *row_shapes[1]).shape),
        clash=run(CLASH_CODE),
        clash_operand_shapes=operand_shapes(CLASH_CODE),
    )
