"""Where the lecture's tensors live, and the one seeded source of randomness.

The device is chosen once per process from ``TENSOR_HERO_DEVICE``
(``auto``: cuda when available, else cpu; ``cpu``; ``cuda``). Random draws
always come from one seeded CPU generator and are then moved to the device,
so the lecture shows the same numbers on every machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import torch

from tensors.env import DEVICE_ENV as ENV_VAR

CHOICES = ("auto", "cpu", "cuda")
SEED = 0
# A device that code inside ``pinned`` computes on, whatever the lecture's.
_PINNED: ContextVar[torch.device | None] = ContextVar("tensor_hero_pinned",
                                                      default=None)


class DeviceError(ValueError):
    """The requested device is unknown or not available on this machine."""


def resolve(name: str) -> torch.device:
    """Turn ``auto``, ``cpu`` or ``cuda`` into a usable ``torch.device``."""
    if name not in CHOICES:
        raise DeviceError(
            f"unknown device {name!r}: choose one of {', '.join(CHOICES)}"
        )
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise DeviceError(
            "--device cuda was asked for but torch sees no CUDA device here: "
            "use --device cpu (or auto)"
        )
    return torch.device(name)


def current() -> torch.device:
    """The device this process computes on, from ``TENSOR_HERO_DEVICE`` (or
    the one ``pinned`` names, inside its block)."""
    pinned_device = _PINNED.get()
    if pinned_device is not None:
        return pinned_device
    return resolve(os.environ.get(ENV_VAR, "auto"))


@contextmanager
def pinned(name: str) -> Iterator[torch.device]:
    """Compute on ``name`` (``cpu`` or ``cuda``) inside the block: for code
    whose numbers depend on the device, as ``torch.manual_seed`` then a draw
    does (each device has its own generator)."""
    token = _PINNED.set(resolve(name))
    try:
        yield _PINNED.get()
    finally:
        _PINNED.reset(token)


def generator(seed: int = SEED) -> torch.Generator:
    """A fresh CPU generator with the lecture's seed."""
    return torch.Generator(device="cpu").manual_seed(seed)


def randn(*shape: int, seed: int = SEED) -> torch.Tensor:
    """Standard normal samples drawn on CPU with ``seed``, moved to the device."""
    return torch.randn(*shape, generator=generator(seed)).to(current())


def rand(*shape: int, seed: int = SEED) -> torch.Tensor:
    """Uniform [0, 1) samples drawn on CPU with ``seed``, moved to the device."""
    return torch.rand(*shape, generator=generator(seed)).to(current())
