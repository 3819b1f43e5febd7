"""Where each value on screen came from: bound lesson values, shown strings.

A scene draws its lesson through ``bind(lesson)``: a copy in which every
value knows its path (``guide.result``, ``steps.0.grad``). Numbers, strings
and shapes become ``int``, ``float``, ``str`` and ``tuple`` subclasses with a
``path``; a tensor becomes a ``BoundTensor`` whose elements, ``.shape`` and
``.grad`` are bound too (``t[1][0]`` is ``guide.result.1.0``).

``tensors.fmt`` turns a bound value into a ``Shown``: a ``str`` that keeps,
for each part of it, which value it shows and how it was formatted
(``Span``). Shown strings stay Shown when joined with ``+``, ``fmt.f``,
``fmt.join`` or wrapped with ``fmt.lines``; an f-string drops the spans, so
scenes build text from bound values with those instead. The screen tests
(tests/provenance.py) read the spans back from every text on screen and
every line said, and check each part against a fresh torch run.

A number that is not a lesson value (a step counter a scene counts itself)
is marked with ``literal``; a plain digit with no span fails the tests.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

import torch

LITERAL = "literal"  # a Span's form for a number that is not a lesson value


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` of a Shown shows the value at ``path``.

    ``form`` names the formatter that made the value's text (``num``,
    ``num:2`` for two decimals, ``shape``, ``text``...: ``tensors.fmt.FORMS``);
    ``offset`` is where this part starts in that text (a wrapped line shows
    part of a message).
    """

    start: int
    end: int
    path: str
    form: str
    offset: int = 0

    def moved(self, by: int) -> Span:
        return dataclasses.replace(self, start=self.start + by, end=self.end + by)


class Shown(str):  # a copy is itself too (see _Immutable, defined below)
    """A string on screen that knows which values its parts show."""

    spans: tuple[Span, ...]

    def __new__(cls, text: str, spans: tuple[Span, ...] = ()) -> Shown:
        out = super().__new__(cls, text)
        out.spans = tuple(spans)
        return out

    def __add__(self, other: str) -> Shown:
        if not isinstance(other, str):
            return NotImplemented
        return Shown(str(self) + other,
                     (*self.spans, *(s.moved(len(self)) for s in spans_of(other))))

    def __radd__(self, other: str) -> Shown:
        if not isinstance(other, str):
            return NotImplemented
        return Shown(other + str(self),
                     (*spans_of(other), *(s.moved(len(other)) for s in self.spans)))

    def __getitem__(self, key) -> str:
        """A slice keeps the spans inside it (cut at its ends); an index is a str."""
        if not isinstance(key, slice) or key.step not in (None, 1):
            return str.__getitem__(self, key)
        start, stop, _ = key.indices(len(self))
        return cut(self, start, stop)

    def strip(self, chars: str | None = None) -> Shown:
        left = len(self) - len(str.lstrip(self, chars))
        right = len(str.rstrip(self, chars))
        return cut(self, left, max(left, right))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def upper_first(self) -> Shown:
        """The same text with its first letter a capital."""
        return Shown(str(self)[:1].upper() + str(self)[1:], self.spans)


def spans_of(text: str) -> tuple[Span, ...]:
    """The spans of ``text`` (none for a plain str)."""
    return getattr(text, "spans", ())


def cut(text: str, start: int, stop: int) -> Shown:
    """``text[start:stop]`` with the spans inside it, clipped at both ends."""
    out = []
    for s in spans_of(text):
        lo, hi = max(s.start, start), min(s.end, stop)
        if lo < hi:
            out.append(Span(lo - start, hi - start, s.path, s.form,
                            s.offset + lo - s.start))
    return Shown(str.__getitem__(text, slice(start, stop)), tuple(out))


def whole(text: str, path: str | None, form: str) -> str:
    """``text`` as one span showing the value at ``path`` (plain if no path)."""
    if path is None:
        return text
    return Shown(text, (Span(0, len(text), path, form),))


def literal(text: str, why: str) -> Shown:
    """A number drawn that is not a lesson value (``why``: what it counts)."""
    return Shown(text, (Span(0, len(text), f"{LITERAL}:{why}", LITERAL),))


# Bound values ---------------------------------------------------------------


class _Immutable:
    """A value that never changes: a copy of it is itself (manim deep-copies
    every mobject it animates, with the strings it holds)."""

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class _Bound(_Immutable):
    """A lesson value of an immutable type (int, float, str) and its ``path``."""

    path: str

    def __new__(cls, value, path: str = ""):
        out = super().__new__(cls, value)
        out.path = path
        return out


class BoundInt(_Bound, int):
    pass


class BoundFloat(_Bound, float):
    pass


class BoundStr(_Bound, str):
    """A lesson string: shown as it is, one span (``text``)."""

    @property
    def spans(self) -> tuple[Span, ...]:
        return (Span(0, len(self), self.path, "text"),)

    def __add__(self, other: str) -> Shown:
        return Shown(str(self), self.spans) + other

    def __radd__(self, other: str) -> Shown:
        return other + Shown(str(self), self.spans)

    def __getitem__(self, key) -> str:
        return Shown(str(self), self.spans)[key]

    def strip(self, chars: str | None = None) -> Shown:
        return Shown(str(self), self.spans).strip(chars)


class BoundTuple(tuple):
    """A lesson tuple (a shape, say): its items are bound too.

    A ``torch.Size`` (which cannot be subclassed) becomes one with
    ``was_size`` set: ``is_size`` tells the two apart.
    """

    path: str
    was_size: bool = False

    def __new__(cls, items=(), path: str = "") -> BoundTuple:
        out = super().__new__(cls, items)
        out.path = path
        return out


class BoundTensor(torch.Tensor):
    """A lesson tensor that knows its path; torch ops on it give plain tensors.

    Indexing with an int, iterating, ``.shape`` and ``.grad`` give bound
    values (``path.1``, ``path.shape``, ``path.grad``); everything else is the
    plain tensor's.
    """

    path: str
    _source: torch.Tensor

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        with torch._C.DisableTorchFunctionSubclass():
            return func(*args, **(kwargs or {}))

    @property
    def shape(self) -> BoundTuple:
        return bind(tuple(torch.Tensor.shape.__get__(self)), f"{self.path}.shape")

    def size(self, dim: int | None = None):
        return self.shape if dim is None else self.shape[dim]

    @property
    def grad(self):
        grad = self._source.grad
        return None if grad is None else bind(grad, f"{self.path}.grad")

    @property
    def requires_grad(self) -> bool:
        return self._source.requires_grad

    @property
    def is_leaf(self) -> bool:
        return self._source.is_leaf

    @property
    def grad_fn(self):
        return self._source.grad_fn

    def __getitem__(self, key):
        out = torch.Tensor.__getitem__(self._source, key)
        if isinstance(key, int) and not isinstance(key, bool):
            return bind(out, f"{self.path}.{key % len(self._source)}")
        return out

    def __iter__(self):
        return (self[i] for i in range(len(self._source)))

    def __len__(self) -> int:
        return len(self._source)

    def __format__(self, spec: str) -> str:
        return self._source.__format__(spec)

    def __repr__(self, *args, **kwargs) -> str:
        return repr(self._source)

    def __reduce_ex__(self, proto):
        return self._source.__reduce_ex__(proto)


def is_size(value: Any) -> bool:
    """Whether ``value`` is a ``torch.Size``, bound or not."""
    return isinstance(value, torch.Size) or getattr(value, "was_size", False)


def path_of(value: Any) -> str | None:
    """The lesson path ``value`` was bound at, or None."""
    return getattr(value, "path", None) if isinstance(
        value, (BoundInt, BoundFloat, BoundStr, BoundTuple, BoundTensor)) else None


def bind(value: Any, path: str = "") -> Any:
    """A copy of a lesson result in which every value knows its ``path``."""
    def at(key):
        return (f"{path}.{key}" if path else str(key))
    if path_of(value) is not None:
        return value
    if isinstance(value, torch.Tensor):
        alias = value.detach().as_subclass(BoundTensor)
        alias.path, alias._source = path, value
        return alias
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = copy.copy(value)
        for f in dataclasses.fields(value):
            object.__setattr__(out, f.name, bind(getattr(value, f.name), at(f.name)))
        return out
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return BoundInt(value, path)
    if isinstance(value, float):
        return BoundFloat(value, path)
    if isinstance(value, str):
        return BoundStr(value, path)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        out = BoundTuple((bind(v, at(i)) for i, v in enumerate(value)), path)
        out.was_size = isinstance(value, torch.Size)
        return out
    if isinstance(value, tuple):  # a namedtuple keeps its type
        return type(value)(*(bind(v, at(i)) for i, v in enumerate(value)))
    if isinstance(value, list):
        return [bind(v, at(i)) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: bind(v, at(k)) for k, v in value.items()}
    return value


def lookup(data: Any, path: str) -> Any:
    """The value at ``path`` (``"guide.result.1.0"``, ``"a.shape"``) in ``data``."""
    for key in path.split(".") if path else ():
        if isinstance(data, dict):
            data = data[key] if key in data else data[int(key)]
        elif key.lstrip("-").isdigit() and not dataclasses.is_dataclass(data):
            data = data[int(key)]
        else:
            data = getattr(data, key)
    return data
