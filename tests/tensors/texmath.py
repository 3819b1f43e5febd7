"""Read the lecture's hand-written formulas back as math, to check them.

The formulas in ``tensors/`` are typed by hand (TeX for the screen, or a
Unicode line in a question's text); a typo in one shows a wrong formula that
no torch call ever made. ``formula(tex)`` turns one into a sympy expression,
independently of the code under test: a small rewrite of the TeX the lecture
uses into plain infix (``\\frac{a}{b}`` to ``(a)/(b)``, ``\\cdot`` to ``*``,
``x^{2}`` to ``x^(2)``, ``²`` to ``^2``, ``\\sum_i t`` to ``S(t)``,
``e^{t}`` to ``exp(t)``), then sympy's own parser with implicit
multiplication (``3xy`` is ``3*x*y``). ``equation(tex)`` splits a line at its
``=`` signs and names what its left side is the derivative of
(``derivative``): ``\\frac{\\partial z}{\\partial x}``, ``\\partial f /
\\partial x``, ``\\frac{dy}{du}``, ``f'(x)``.

sympy comes with torch (one of its dependencies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

TRANSFORMS = (*standard_transformations, implicit_multiplication_application,
              convert_xor)
SUM = sympy.Function("S")  # \sum over the index: summed when evaluated
UNICODE = {"−": "-", "·": "*", "×": "*", "²": "^2", "³": "^3", "⁴": "^4",
           "ᵢ": "_i", "ⱼ": "_j", "∇": r"\nabla ", "∂": r"\partial "}
DROP = (r"\left", r"\right", r"\,", r"\;", r"\!", r"\ ", r"\quad")
WORDS = {r"\cdot": " * ", r"\times": " * ", r"\theta": " theta"}


def _group(s: str, start: int) -> tuple[str, int]:
    """The ``{...}`` group (or single character) at ``start``: (content, end)."""
    while s[start] == " ":
        start += 1
    if s[start] != "{":
        return s[start], start + 1
    depth = 0
    for i in range(start, len(s)):
        depth += {"{": 1, "}": -1}.get(s[i], 0)
        if depth == 0:
            return s[start + 1:i], i + 1
    raise ValueError(f"unbalanced braces in {s!r}")


def plain(tex: str) -> str:
    """``tex`` (one side of an equation) as infix sympy can parse."""
    s = tex
    for a, b in UNICODE.items():
        s = s.replace(a, b)
    for d in DROP:
        s = s.replace(d, " ")
    return _plain(s)


def _plain(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        if s.startswith(r"\frac", i):
            num, i = _group(s, i + len(r"\frac"))
            den, i = _group(s, i)
            out.append(f"(({_plain(num)})/({_plain(den)}))")
        elif s.startswith(r"\sum", i):
            i += len(r"\sum")
            if i < len(s) and s[i] == "_":
                _, i = _group(s, i + 1)  # the index: every term is summed
            out.append(f"S({_plain(s[i:])})")  # the rest of this group is the term
            break
        elif s.startswith(r"\hat", i):
            name, i = _group(s, i + len(r"\hat"))
            if name == " ":
                name, i = _group(s, i)
            out.append(f"{name.strip()}hat")
        elif s.startswith(r"\mathrm", i):
            name, i = _group(s, i + len(r"\mathrm"))
            out.append(name)
        elif s.startswith("e^", i) and (i == 0 or not s[i - 1].isalnum()):
            power, i = _group(s, i + 2)
            out.append(f"exp({_plain(power)})")
        elif s[i] == "^":
            power, i = _group(s, i + 1)
            out.append(f"^({_plain(power)})")
        elif s[i] == "_":
            sub, i = _group(s, i + 1)
            out.append(f"_{sub}")
        elif s[i] == "\\":
            word = re.match(r"\\[A-Za-z]+", s[i:]).group()
            if word not in WORDS:
                raise ValueError(f"no reading for {word} in {s!r}")
            out.append(WORDS[word])
            i += len(word)
        elif s[i] in "{}":
            out.append("(" if s[i] == "{" else ")")
            i += 1
        elif s[i] in "[]":
            out.append(s[i])
            i += 1
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def formula(tex: str) -> sympy.Expr:
    """One side of a hand-written equation as a sympy expression (a list
    ``[a, b]`` becomes a sympy Tuple)."""
    text = plain(tex).strip()
    # Names with an index or a hat (x_i, yhat, theta_1) are one symbol each;
    # any other run of letters is a product of one-letter symbols (3xy).
    scope = {n: sympy.Symbol(n) for n in re.findall(r"[A-Za-z]\w*", text)
             if "_" in n or n.endswith("hat")}
    scope.update(S=SUM, exp=sympy.exp)
    if text.startswith("[") and text.endswith("]"):
        return sympy.Tuple(*(formula(part) for part in _split(text[1:-1], ",")))
    return parse_expr(text, local_dict=scope, transformations=TRANSFORMS)


def _split(s: str, sep: str) -> list[str]:
    """``s`` split at ``sep`` outside any brackets."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(s):
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(c, 0)
        if c == sep and depth == 0:
            parts.append(s[start:i])
            start = i + 1
    return [*parts, s[start:]]


@dataclass(frozen=True)
class Equation:
    r"""A hand-written line ``lhs = side = side ...``.

    ``derivative`` is ``(function, variable)`` when ``lhs`` is a derivative
    (``variable`` may be a number: ``f'(2)``; ``nabla`` for a gradient), else
    ``None``; ``sides`` are the right-hand sides, each a sympy expression,
    but for those that only restate derivatives in symbols (``\frac{dy}{du}
    \cdot \frac{du}{dx}``), which are left out.
    """

    lhs: str
    derivative: tuple[str, str] | None
    sides: tuple[sympy.Expr, ...]


DERIVATIVES = (
    r"\\frac\{\\partial (\w+)\}\{\\partial (\w+)\}",
    r"\\partial (\w+) */ *\\partial (\w+)",
    r"\\frac\{d(\w+)\}\{d(\w+)\}",
    r"(\w+)'\((\w+)\)",
    r"\\(nabla) (\w+)",
)
RESTATES = re.compile(r"\\partial|\\frac\{d\w+\}\{d\w+\}")


def equation(tex: str) -> Equation:
    """``tex`` split at its top-level ``=`` signs, its left side read."""
    lhs, *rhs = (part.strip() for part in _split(tex, "="))
    for d in DROP:
        lhs = lhs.replace(d, " ")
    lhs = " ".join(lhs.split())
    found = None
    for pattern in DERIVATIVES:
        m = re.fullmatch(pattern, lhs)
        if m:
            found = (m.group(2), m.group(1)) if m.group(1) == "nabla" else (
                m.group(1), m.group(2))
            break
    return Equation(lhs, found, tuple(formula(side) for side in rhs
                                      if not RESTATES.search(side)))


def definition(text: str) -> tuple[str, sympy.Expr]:
    """``"f(x) = x³ − 2x² + 5x − 7"`` or ``"u = 2x + 1"``: (name, expression)."""
    lhs, rhs = (part.strip() for part in _split(text, "="))
    return re.match(r"\w+", lhs).group(), formula(rhs)


def code(expression: str) -> sympy.Expr:
    """A Python expression of the lesson (``3*x**2 - 4*x + 5``) as sympy."""
    names = set(re.findall(r"[A-Za-z_]\w*", expression))
    return parse_expr(expression, local_dict={n: sympy.Symbol(n) for n in names})


def evaluate(expr: sympy.Expr, **values) -> np.ndarray:
    """``expr`` at ``values`` (numbers or arrays; ``S`` sums), in float64."""
    names = sorted(str(s) for s in expr.free_symbols)
    missing = set(names) - set(values)
    if missing:
        raise KeyError(f"no value for {sorted(missing)} in {expr}")
    f = sympy.lambdify([sympy.Symbol(n) for n in names], expr,
                       modules=[{"S": np.sum}, "numpy"])
    return np.asarray(f(*(np.asarray(values[n], dtype=np.float64) for n in names)),
                      dtype=np.float64)
