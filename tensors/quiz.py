"""A practice question's quiz: one short answer a student types, judged by torch.

The lecture page offers an answer box while a question's countdown runs. What
the box accepts and the answer it is checked against are made here, from the
value torch computed for the question, and travel to the page through the
scene's events and the lecture JSON: the page never holds an answer of its own.

Kinds, and what the page accepts for each:

- ``shape``: a tensor shape. ``(3, 4)``, ``3x4``, ``3 by 4``, ``[3, 4]`` and
  ``torch.Size([3, 4])`` are the same answer. ``value`` is the list of sizes.
- ``number``: one number, within ``tolerance`` of ``value``.
- ``numbers``: several numbers in order (``12, 31``, ``[12, 31]``,
  ``tensor([12., 31.])``), each within ``tolerance``. ``value`` is the list.
- ``choice``: one of ``choices``; ``value`` is the right one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import torch

from tensors import fmt

KINDS = ("shape", "number", "numbers", "choice")
# Numbers shown with fmt.DIGITS decimals: an answer read off the screen
# (0.0371 for 0.037141...) must count as right.
TOLERANCE = 0.5 * 10 ** -fmt.DIGITS


@dataclass(frozen=True)
class Quiz:
    """What the answer box asks, and torch's answer to it.

    ``answer`` is the answer as the lecture shows it (``tensors.fmt``);
    ``value`` the same answer as JSON for the page to compare with; ``code``
    the code whose result it is (shown with the verdict).
    """

    prompt: str
    kind: str
    answer: str
    value: Any
    code: str
    tolerance: float = 0.0
    choices: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"quiz kind {self.kind!r} is not one of {KINDS}")
        if self.kind == "choice" and self.value not in self.choices:
            raise ValueError(f"quiz answer {self.value!r} is not among its choices")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["choices"] = list(self.choices)
        return data


def shape(prompt: str, size: Sequence[int], code: str) -> Quiz:
    """A quiz whose answer is the shape ``size`` (a ``torch.Size`` or tuple)."""
    dims = [int(d) for d in size]
    return Quiz(prompt, "shape", fmt.shape(dims), dims, code)


def number(prompt: str, value: Any, code: str, tolerance: float = TOLERANCE) -> Quiz:
    """A quiz whose answer is one number (a 1-element tensor or a Python number)."""
    if isinstance(value, torch.Tensor):
        value = value.item()
    if isinstance(value, bool):
        raise TypeError("a yes/no answer is a choice, not a number")
    return Quiz(prompt, "number", fmt.num(value), float(value), code, tolerance)


def numbers(prompt: str, values: Any, code: str, tolerance: float = TOLERANCE) -> Quiz:
    """A quiz whose answer is several numbers in order (a tensor or a sequence)."""
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().reshape(-1).tolist()
    values = [float(v.item() if isinstance(v, torch.Tensor) else v) for v in values]
    shown = "[" + ", ".join(fmt.num(v) for v in values) + "]"
    return Quiz(prompt, "numbers", shown, values, code, tolerance)


def choice(prompt: str, right: str, choices: Sequence[str], code: str) -> Quiz:
    """A quiz answered by picking ``right`` among ``choices``."""
    return Quiz(prompt, "choice", right, right, code, choices=tuple(choices))
