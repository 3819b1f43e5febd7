"""The one formatter: every value drawn on screen becomes a string here.

Scenes never format numbers themselves, and tests compare what is on screen
with this module's output. Display precision (``DIGITS`` decimals, trailing
zeros dropped) hides last-bit differences between devices: CPU gives
softmax([1, 2, 3])[0] = 0.09003057, CUDA 0.09003056; both show ``0.09``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import torch

DIGITS = 4
NUMBER_RE = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")


def num(value: object, digits: int = DIGITS) -> str:
    """One number as shown on screen: ``2``, ``-0.2``, ``0.09``, ``True``.

    Integral values print without a decimal point whatever their dtype
    (``tensor(2.)`` shows as ``2``), ``-0`` never appears, and floats are
    rounded to ``digits`` decimals with trailing zeros dropped.
    """
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise ValueError(f"num() needs one element, got shape {tuple(value.shape)}")
        value = value.item()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return str(value)
    text = f"{round(value, digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def grid(t: torch.Tensor, digits: int = DIGITS) -> list[list[str]]:
    """A 0-D, 1-D or 2-D tensor as rows of strings (a vector is one row)."""
    t = t.detach().cpu()
    if t.dim() == 0:
        return [[num(t, digits)]]
    if t.dim() == 1:
        return [[num(v, digits) for v in t]]
    if t.dim() == 2:
        return [[num(v, digits) for v in row] for row in t]
    raise ValueError(f"grid() draws at most 2-D tensors, got {t.dim()}-D")


def column(t: torch.Tensor, digits: int = DIGITS) -> list[list[str]]:
    """A 1-D tensor as a column: one entry per row."""
    return [[s] for s in grid(t.reshape(-1), digits)[0]]


def vector(t: torch.Tensor, digits: int = DIGITS) -> str:
    """A 1-D tensor inline: ``[4, 10, 18]``."""
    return "[" + ", ".join(grid(t.reshape(-1), digits)[0]) + "]"


def nested(t: torch.Tensor, digits: int = DIGITS) -> str:
    """Any tensor as nested brackets: ``[[1, 2], [3, 4]]``."""
    t = t.detach().cpu()
    if t.dim() == 0:
        return num(t, digits)
    return "[" + ", ".join(nested(s, digits) for s in t) + "]"


def shape(s: Iterable[int]) -> str:
    """A shape as Python prints a tuple: ``(2, 3)``, ``(6,)``, ``()``."""
    dims = [int(d) for d in s]
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(str(d) for d in dims) + ")"


def size(s: Iterable[int]) -> str:
    """A shape as torch prints ``x.shape``: ``torch.Size([2, 3])``."""
    return "torch.Size([" + ", ".join(str(int(d)) for d in s) + "])"


def shape_tex(s: Iterable[int]) -> str:
    r"""A shape as a product for MathTex: ``2 \times 3``."""
    return r" \times ".join(str(int(d)) for d in s)


def numbers_in(text: str) -> list[str]:
    """The number tokens in a drawn string, as the screen tests read them.

    A number glued to a letter or underscore (``Q7``, ``x_1``) is a label,
    not a value, and is not read.
    """
    return NUMBER_RE.findall(text.replace("\u2212", "-"))


# Where torch's error messages turn to detail: a bracket, a listed tensor, or
# the end of the first sentence.
ERROR_DETAIL = re.compile(r" \(|: \[|\. ")


def error_gist(error_type: str | None, message: str | None) -> str:
    """torch's error as it opens, ``Type: message`` up to its first detail
    (``""`` when nothing was raised)."""
    if message is None:
        return ""
    return f"{error_type}: {ERROR_DETAIL.split(message, maxsplit=1)[0]}"


def lines(text: str, width: int) -> list[str]:
    """Wrap a message (a torch error, say) into lines of at most ``width``."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def join(parts: Sequence[str], sep: str = ", ") -> str:
    """Join already formatted parts."""
    return sep.join(parts)
