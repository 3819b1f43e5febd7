"""Broadcasting: how torch stretches a smaller tensor to fit a larger one."""

from __future__ import annotations

from dataclasses import dataclass

import torch

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
class Broadcasting:
    """The broadcasting scene's results."""

    guide: StretchAdd
    row: Run
    row_parts: StretchAdd  # the same sum, operand by operand
    row_shape: tuple[int, ...]
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
        a_columns=right_aligned(tuple(a.shape), len(shape)),
        b_columns=right_aligned(tuple(b.shape), len(shape)),
        b_read_as=tuple(b.reshape(*[1] * (len(shape) - b.dim()), *b.shape).shape),
    )


def right_aligned(shape: tuple[int, ...], width: int) -> tuple[int | None, ...]:
    """``shape`` padded on the left with ``None`` to ``width`` columns."""
    return (None,) * (width - len(shape)) + shape


def operand_shapes(code: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The shapes of the two operands of ``left + right``."""
    left, right = code.split(" + ")
    return tuple(run(left).value.shape), tuple(run(right).value.shape)


def broadcasting() -> Broadcasting:
    """The guide's A + b, a vector added to each row, and a pair torch refuses."""
    row = run(ROW_CODE)
    return Broadcasting(
        guide=stretch_add(A_CODE, B_CODE),
        row=row,
        row_parts=stretch_add(ROW_A_CODE, ROW_B_CODE),
        row_shape=tuple(row.value.shape),
        clash=run(CLASH_CODE),
        clash_operand_shapes=operand_shapes(CLASH_CODE),
    )
