"""Every value of a ``tensors/`` result as the formatter shows it (no manim).

Shared by the screen tests (tests/screen.py) and the device comparison
(tests/tensors/test_cuda_matches_cpu.py), which runs where manim is not installed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import torch

from tensors import fmt


def values(data, limit: int = 256) -> Iterator[str]:
    """Every value in a ``tensors/`` result, as the formatter would show it.

    Walks dataclasses, tuples, lists and dicts; yields ``fmt.num`` of every
    element of tensors up to ``limit`` elements, and the strings themselves.
    """
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        for f in dataclasses.fields(data):
            yield from values(getattr(data, f.name), limit)
    elif isinstance(data, torch.Tensor):
        if data.numel() <= limit:
            yield from (fmt.num(v) for v in data.detach().cpu().reshape(-1))
    elif isinstance(data, (bool, int, float)):
        yield fmt.num(data)
    elif isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from values(k, limit)
            yield from values(v, limit)
    elif isinstance(data, Iterable):
        for item in data:
            yield from values(item, limit)
