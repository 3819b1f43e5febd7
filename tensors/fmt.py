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

from tensors.bound import Shown, Span, cut, path_of, spans_of, whole

DIGITS = 4
NUMBER_RE = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")


def num(value: object, digits: int = DIGITS) -> str:
    """One number as shown on screen: ``2``, ``-0.2``, ``0.09``, ``True``.

    Integral values print without a decimal point whatever their dtype
    (``tensor(2.)`` shows as ``2``), ``-0`` never appears, and floats are
    rounded to ``digits`` decimals with trailing zeros dropped. A bound value
    (``tensors.bound``) gives a ``Shown`` that says which value it shows.
    """
    return whole(_num(value, digits), path_of(value), _form("num", digits))


def _form(name: str, digits: int) -> str:
    return name if digits == DIGITS else f"{name}:{digits}"


def _num(value: object, digits: int) -> str:
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
    """A 0-D, 1-D or 2-D tensor as rows of strings (a vector is one row);
    each cell of a bound tensor is bound to its element (``path.r.c``)."""
    if t.dim() == 0:
        return [[num(t, digits)]]
    if t.dim() == 1:
        return [[num(t[c], digits) for c in range(len(t))]]
    if t.dim() == 2:
        return [[num(t[r][c], digits) for c in range(t.shape[1])]
                for r in range(len(t))]
    raise ValueError(f"grid() draws at most 2-D tensors, got {t.dim()}-D")


def column(t: torch.Tensor, digits: int = DIGITS) -> list[list[str]]:
    """A 1-D tensor as a column: one entry per row."""
    if t.dim() != 1:
        t = t.reshape(-1)
    return [[s] for s in grid(t, digits)[0]]


def vector(t: torch.Tensor, digits: int = DIGITS) -> str:
    """A 1-D tensor inline: ``[4, 10, 18]``."""
    cells = grid(t if t.dim() == 1 else t.reshape(-1), digits)[0]
    return "[" + join(cells) + "]"


def nested(t: torch.Tensor, digits: int = DIGITS) -> str:
    """Any tensor as nested brackets: ``[[1, 2], [3, 4]]``."""
    if t.dim() == 0:
        return num(t, digits)
    return "[" + join([nested(t[i], digits) for i in range(len(t))]) + "]"


def shape(s: Iterable[int]) -> str:
    """A shape as Python prints a tuple: ``(2, 3)``, ``(6,)``, ``()``."""
    dims = [int(d) for d in s]
    text = f"({dims[0]},)" if len(dims) == 1 else "(" + ", ".join(map(str, dims)) + ")"
    return whole(text, path_of(s), "shape")


def size(s: Iterable[int]) -> str:
    """A shape as torch prints ``x.shape``: ``torch.Size([2, 3])``."""
    text = "torch.Size([" + ", ".join(str(int(d)) for d in s) + "])"
    return whole(text, path_of(s), "size")


def shape_tex(s: Iterable[int]) -> str:
    r"""A shape as a product for MathTex: ``2 \times 3``."""
    return whole(r" \times ".join(str(int(d)) for d in s), path_of(s), "shape_tex")


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
    first = ERROR_DETAIL.search(str(message))
    return (error_type if isinstance(error_type, str) else str(error_type)) + ": " + (
        message[: first.start()] if first else message)


def lines(text: str, width: int, glue: Sequence[str] = ()) -> list[str]:
    """Wrap a message (a torch error, say) into lines of at most ``width``.

    The lines of a ``Shown`` keep the spans of the words on them. A word in
    ``glue`` (say ``OPERATORS``) stays on one line with the words either side
    (``I3 = torch.eye(3)`` is never split at its ``=``), and so does a word
    inside code marks (`` `y = x.sigmoid()` ``) or a list's brackets
    (``[2, 2, 2]``), as long as the code or the list fits on one line.
    """
    found = list(re.finditer(r"\S+", text))
    marks = [m.start() for m in re.finditer(CODE, text)]
    # code that fits on a line: (start, end) from mark to mark
    whole = [(a, b + 1) for a, b in zip(marks[::2], marks[1::2]) if b + 1 - a <= width]
    # a list in brackets that fits on a line: [2, 2, 2]
    whole += [(b.start(), b.end()) for b in re.finditer(r"\[[^\[\]]*\]", text)
              if b.end() - b.start() <= width]
    units: list[tuple[int, int]] = []
    for k, m in enumerate(found):
        glued = glue and (m.group() in glue or found[k - 1].group() in glue)
        in_code = any(a < m.start() < b for a, b in whole)
        if units and (glued or in_code):
            units[-1] = (units[-1][0], m.end())  # on the line of the word before
        else:
            units.append((m.start(), m.end()))
    words = [cut(text, a, b) for a, b in units]
    out: list[str] = []
    for word in words:
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] = out[-1] + " " + word
        else:
            out.append(word)
    return out


# Marks code inside words: "`y.backward()` returns None". A card draws the
# code in the monospace font (``code_marks``), the voice and the page get the
# text without the marks, and errata.md keeps them as Markdown code.
CODE = "`"


def code_marks(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` without its code marks, and where its code runs in that text.

    ``"`x.grad` is 2"`` gives ``("x.grad is 2", ((0, 6),))``; the spans of a
    ``Shown`` are kept. An unclosed mark runs to the end.
    """
    pieces, ranges = [], []
    pos, length, start, inside = 0, 0, 0, False
    while (k := text.find(CODE, pos)) != -1:
        piece = cut(text, pos, k)
        pieces.append(piece)
        length += len(piece)
        if inside:
            ranges.append((start, length))
        start, inside, pos = length, not inside, k + 1
    pieces.append(cut(text, pos, len(text)))
    if inside:
        ranges.append((start, length + len(pieces[-1])))
    return join(pieces, ""), tuple((a, b) for a, b in ranges if b > a)


def plain(text: str) -> str:
    """``text`` without its code marks (what is said and listed)."""
    return code_marks(text)[0]


# Words that keep their neighbours on their line when a card wraps (``lines``).
OPERATORS = ("=", "+", "-", "*", "/", "@", "**", "+=", "==", "!=")


def split(text: str, sep: str = "\n") -> list[str]:
    """``text.split(sep)``, each part keeping its bound parts (spans)."""
    out, start = [], 0
    while (end := text.find(sep, start)) != -1:
        out.append(cut(text, start, end))
        start = end + len(sep)
    out.append(cut(text, start, len(text)))
    return out


def join(parts: Sequence[str], sep: str = ", ") -> str:
    """Join already formatted parts; the spans of Shown parts are kept."""
    out: str = Shown("")
    for k, part in enumerate(parts):
        out = out + (sep if k else "") + part
    return out if out.spans else str(out)


FIELD = re.compile(r"\{\}")


def f(template: str, *parts: object) -> str:
    """``template`` with each ``{}`` replaced by the next part, spans kept.

    What an f-string does for bound text (an f-string drops the spans): a
    part that is a bound number is formatted with ``num``; ``{{`` and ``}}``
    are literal braces. ``f("A has shape {}.", shape(a.shape))``.
    """
    pieces = re.split(r"(\{\{|\}\}|\{\})", template)
    out: str = Shown("")
    queue = list(parts)
    for piece in pieces:
        if piece == "{}":
            if not queue:
                raise ValueError(f"f(): more {{}} than parts in {template!r}")
            part = queue.pop(0)
            out = out + (part if isinstance(part, str) else num(part))
        elif piece in ("{{", "}}"):
            out = out + piece[0]
        else:
            out = out + piece
    if queue:
        raise ValueError(f"f(): {len(queue)} parts left over for {template!r}")
    return out


def spans(text: str) -> tuple[Span, ...]:
    """Which values ``text``'s parts show (none for a plain string)."""
    return spans_of(text)


# How the screen tests remake a span's text from a fresh value: a span's
# ``form`` is one of these names, optionally ``:digits``.
FORMS = {"num": num, "shape": shape, "size": size, "shape_tex": shape_tex,
         "vector": vector, "nested": nested, "text": str}


def remake(value: object, form: str) -> str:
    """The text ``form`` makes of ``value`` (plain, no spans)."""
    name, _, digits = form.partition(":")
    make = FORMS[name]
    if digits:
        return str(make(value, int(digits)))
    return str(make(value))
