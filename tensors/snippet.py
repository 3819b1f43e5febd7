"""Run a line of the guide's PyTorch code for real and keep what it gave.

The code string is both what the scene shows and what torch executes, so the
two cannot drift apart. Factory calls (``torch.tensor``, ``torch.ones``...)
land on the lecture's device through torch's device context.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

import torch

from tensors import device


@dataclass(frozen=True)
class Run:
    """One executed snippet: its source, its value, or the error torch raised."""

    code: str
    value: Any = None
    error: str | None = None
    error_type: str | None = None
    names: dict[str, Any] = field(default_factory=dict, compare=False)


# Every run in this process, in order, as {"code", "output", "error", "given"}
# (the names passed in, which the code uses without defining them): the
# lecture page lists a scene's code that ran (``LectureScene`` clears it at
# setup and writes it out at tear down). ``output`` is repr() of the last
# line's value taken when it ran ("" when the last line is a statement).
HISTORY: list[dict[str, Any]] = []


def run(code: str, **names: Any) -> Run:
    """Execute ``code`` with ``torch`` and ``names`` in scope.

    Statements run in order; when the last line is an expression its value is
    returned (as in a notebook). An exception is caught and its message kept,
    so a scene can show exactly what torch says.
    """
    scope: dict[str, Any] = {"torch": torch, **names}
    tree = ast.parse(code)
    ends_in_expr = bool(tree.body) and isinstance(tree.body[-1], ast.Expr)
    last = tree.body.pop() if ends_in_expr else None
    try:
        with torch.device(device.current()):
            exec(compile(tree, "<snippet>", "exec"), scope)
            value = None
            if last is not None:
                expr = ast.Expression(last.value)
                value = eval(compile(expr, "<snippet>", "eval"), scope)
    except Exception as exc:  # noqa: BLE001 - the message is the lesson
        error = str(exc).strip()
        HISTORY.append({"code": code, "output": "", "given": sorted(names),
                        "error": f"{type(exc).__name__}: {error}"})
        return Run(code, error=error, error_type=type(exc).__name__)
    HISTORY.append({"code": code, "output": "" if last is None else repr(value),
                    "given": sorted(names), "error": ""})
    scope.pop("torch")
    scope.pop("__builtins__", None)
    return Run(code, value=value, names=scope)
