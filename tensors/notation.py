"""Part 1, math foundation: the symbols, each one run as torch code.

Every worked example of the guide's notation table is computed here by
torch (a sum with ``arange(...).sum()``, a norm with ``linalg.norm``, a
partial derivative with autograd), so the lecture shows torch's answers.
Formula TeX that holds numbers is data too, built from the same numbers.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import torch

from tensors import device, fmt, running
from tensors.bound import is_size
from tensors.contours import Contour, contour, contours
from tensors.snippet import Run, run


@dataclass(frozen=True)
class SymbolRow:
    """One row of the notation table, with its example run by torch.

    ``setup`` (possibly empty) runs before ``code``; ``shown`` is torch's
    result as it appears on screen, and ``value`` the raw result; ``numel``
    is how many numbers a tensor result holds (None for a dtype or a shape).
    """

    symbol: str
    name: str
    meaning: str
    example: str
    setup: str
    code: str
    value: Any
    shown: str
    numel: int | None = None


@dataclass(frozen=True)
class SymbolGroup:
    """One screen of the table: a themed title and its rows."""

    title: str
    rows: tuple[SymbolRow, ...]


# -- The running problem, as the lecture opens ------------------------------

def whole_ticks(low: float, high: float, step: float = 1.0) -> tuple[int, ...]:
    """The multiples of ``step`` from ``low`` to ``high``, ends included."""
    first, last = math.ceil(low / step), math.floor(high / step)
    return tuple(int(k * step) for k in range(first, last + 1))


PLOT_X_STEP = 1  # the opening plot marks x every PLOT_X_STEP ...
PLOT_Y_STEP = 2  # ... and y every PLOT_Y_STEP


@dataclass(frozen=True)
class RunningProblem:
    """``tensors.running``'s four points and first guess, as the opening draws
    them. Not the answer: the fitted w and b are fit-a-line's to find."""

    code: tuple[str, ...]  # the lines that make x and y
    x: torch.Tensor
    y: torch.Tensor
    guess: Run  # ``running.guess_code()``: w and b, a first guess
    w: torch.Tensor
    b: torch.Tensor
    plot_x: tuple[float, float]
    plot_y: tuple[float, float]
    x_ticks: tuple[int, ...]  # from 0 (marked once, where the axes cross)
    y_ticks: tuple[int, ...]  # from one step above 0
    guess_ends: torch.Tensor  # the guess's w * x + b at the ends of plot_x
    guess_below: bool  # the guess's line passes below every point


def running_problem() -> RunningProblem:
    """The four points, the plot's ranges and ticks, and the guess's line."""
    points = running.points()
    guess = run("\n".join(running.guess_code()))
    w, b = guess.names["w"], guess.names["b"]
    plot_x = (0.0, float(points.x.max()) + PLOT_X_STEP)
    top = math.ceil((float(points.y.max()) + 1) / PLOT_Y_STEP) * PLOT_Y_STEP
    ends = torch.tensor(plot_x, device=points.x.device)
    return RunningProblem(
        code=points.code, x=points.x, y=points.y, guess=guess, w=w, b=b,
        plot_x=plot_x, plot_y=(0.0, float(top)),
        x_ticks=whole_ticks(*plot_x, PLOT_X_STEP),
        y_ticks=whole_ticks(PLOT_Y_STEP, top, PLOT_Y_STEP),
        guess_ends=w * ends + b,
        guess_below=bool((w * points.x + b < points.y).all()),
    )


@dataclass(frozen=True)
class NotationTable:
    """The guide's table 1.1 in the guide's order, in themed groups.

    ``groups`` are the screens in order; ``rows`` is all of their rows in order.
    """

    groups: tuple[SymbolGroup, ...]
    # The guide's [1, 2, 3] as a 1-D tensor: shape (3,), no rows or columns to
    # flip, so .T gives the shape back unchanged (and torch warns).
    flat_list: torch.Tensor
    flat_t: Run
    flat_t_warning: str  # the first sentence of the UserWarning torch gives for it
    int_dtype: Run  # torch.tensor(5), no decimal point: an integer tensor
    point: Run  # the x and y the slope rows differentiate at
    problem: RunningProblem  # the running problem the opening introduces

    @property
    def rows(self) -> tuple[SymbolRow, ...]:
        return tuple(r for g in self.groups for r in g.rows)


def shown(value: Any) -> str:
    """A row's result as text: a number, a vector, a shape or a dtype."""
    if is_size(value):
        return fmt.size(value)  # as torch prints it: torch.Size([3])
    if isinstance(value, torch.dtype):
        return str(value)
    if isinstance(value, torch.Tensor) and value.dim() == 2:
        return fmt.shape(value.shape)
    if isinstance(value, torch.Tensor) and value.dim() == 1:
        return fmt.vector(value)
    return fmt.num(value)


def row(symbol: str, name: str, meaning: str, example: str, code: str,
        setup: str = "", before: str = "") -> SymbolRow:
    """Run ``setup``, ``before`` then ``code`` and keep the result with its row.

    ``before`` is code an earlier row on the same screen shows and runs (so it
    is not drawn again with this row).
    """
    result = run("\n".join(c for c in (setup, before, code) if c))
    if result.error:
        raise RuntimeError(f"{code}: {result.error}")
    value = result.value
    numel = value.numel() if isinstance(value, torch.Tensor) else None
    return SymbolRow(symbol, name, meaning, example, setup, code, value,
                     shown(value), numel)


GRAD_SETUP = ("x = torch.tensor(3.0, requires_grad=True); "
              "y = torch.tensor(2.0, requires_grad=True)")
# One backward call fills x.grad and y.grad; the gradient row reads them both.
GRAD_BACKWARD = "(x * y).backward()"
FLAT_T = "torch.tensor([1, 2, 3]).T.shape"


def warned(code: str) -> tuple[Run, str]:
    """Run ``code`` and keep the first sentence of the warning torch gives.

    Torch gives some warnings once a process; ``set_warn_always`` makes it give
    them on every run, so the lesson sees the warning whatever ran before.
    """
    always = torch.is_warn_always_enabled()
    torch.set_warn_always(True)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = run(code)
    finally:
        torch.set_warn_always(always)
    if not caught:
        raise RuntimeError(f"{code}: torch gave no warning")
    first = caught[0]
    sentence = str(first.message).split(". ")[0] + "."
    return result, f"{first.category.__name__}: {sentence}"


def notation_table() -> NotationTable:
    """Each symbol of the guide's table with a worked example torch ran."""
    numbers = (
        row("x,\\ y,\\ z", "Variables", "names that stand for numbers",
            "x = 5", "torch.tensor(5)"),
        row("\\mathbb{R}", "Real numbers", "every point on the number line",
            "3,\\ -2.5,\\ 0,\\ \\pi \\in \\mathbb{R}",
            "torch.tensor([3, -2.5, 0, torch.pi])"),
        row("\\in", "Belongs to", "is a member of a set",
            "x \\in \\mathbb{R}", "torch.tensor(5.0).dtype"),
        row("\\mathbb{R}^n", "n-dimensional space", "all lists of n real numbers",
            "(x, y, z) \\in \\mathbb{R}^3", "torch.tensor([1.0, -2.0, 0.5]).shape"),
    )
    sums = (
        row("\\sum", "Summation", "add up a series of terms",
            "\\sum_{i=1}^{5} i = 1 + 2 + 3 + 4 + 5", "torch.arange(1, 6).sum()"),
        row("\\prod", "Product", "multiply a series of terms",
            "\\prod_{i=1}^{3} i = 1 \\times 2 \\times 3", "torch.arange(1, 4).prod()"),
    )
    slopes = (
        row("\\partial", "Partial derivative", "slope in one input, others held still",
            "f = xy:\\ \\frac{\\partial f}{\\partial x} = y",
            f"{GRAD_BACKWARD}; x.grad", GRAD_SETUP),
        row("\\nabla", "Gradient", "all the partial derivatives in a vector",
            "\\nabla f = \\left[\\frac{\\partial f}{\\partial x},"
            "\\frac{\\partial f}{\\partial y}\\right] = [y, x]",
            "torch.stack([x.grad, y.grad])", GRAD_SETUP, before=GRAD_BACKWARD),
    )
    vectors = (
        row("\\|\\mathbf{x}\\|", "Norm", "the length of a vector",
            "\\|[3, 4]\\| = \\sqrt{3^2 + 4^2}",
            "torch.linalg.norm(torch.tensor([3.0, 4.0]))"),
        row("\\mathbf{x}^T", "Transpose", "rows become columns",
            "[1, 2, 3]^T", "torch.tensor([[1, 2, 3]]).T"),
        row("\\mathbf{x} \\cdot \\mathbf{y}", "Dot product",
            "multiply matching entries, then add",
            "[1, 2] \\cdot [3, 4] = (1)(3) + (2)(4)",
            "torch.dot(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))"),
    )
    groups = (SymbolGroup("Numbers and sets", numbers),
              SymbolGroup("Sums and products", sums), SymbolGroup("Slopes", slopes),
              SymbolGroup("Vectors", vectors))
    flat_t, warning = warned(FLAT_T)
    return NotationTable(groups=groups, flat_t=flat_t, flat_t_warning=warning,
                         flat_list=run("torch.tensor([1, 2, 3])").value,
                         int_dtype=run("torch.tensor(5).dtype"), point=run(GRAD_SETUP),
                         problem=running_problem())


# -- Sigma as a loop --------------------------------------------------------

SIGMA_TERMS = 4
TORCH_SIGMA = "torch.cumsum(torch.arange(1, 5) ** 2, dim=0)"
PYTHON_SIGMA = "sum([i**2 for i in range(1, 5)])"


# The running problem's loss as a sigma: one squared miss a point, averaged.
LOSS_TEX = "L = \\frac{1}{n} \\sum_{i=1}^{n} \\left(w x_i + b - y_i\\right)^2"
SQUARE = 2  # the power in LOSS_TEX and running.LOSS: each miss is squared
LOSS_LOOP = ("terms = []",
             "for xi, yi in zip(x, y):",
             "    terms.append((w * xi + b - yi) ** 2)",
             "sum(terms) / len(terms)")


@dataclass(frozen=True)
class RunningLoss:
    """L(w, b) for the running problem at the first guess, as a Python loop
    over the four points (one term each) and as torch's one line."""

    loss_tex: str
    x: torch.Tensor
    y: torch.Tensor
    w: torch.Tensor
    b: torch.Tensor
    n: int  # how many points the mean divides by
    power: int  # SQUARE
    loop: Run  # DATA, the guess, then LOSS_LOOP: the mean of the terms
    terms: torch.Tensor  # the loop's terms, one a point, in order
    by_torch: Run  # running.LOSS on the same x, y, w, b


def running_loss() -> RunningLoss:
    """Run the loop and torch's mean of the squared misses at ``running.GUESS``."""
    loop = run("\n".join((*running.DATA, *running.guess_code(), *LOSS_LOOP)))
    names = loop.names
    x, y, w, b = (names[k] for k in ("x", "y", "w", "b"))
    return RunningLoss(
        loss_tex=LOSS_TEX, x=x, y=y, w=w, b=b, n=len(x), power=SQUARE, loop=loop,
        terms=torch.stack(names["terms"]),
        by_torch=run(running.LOSS, x=x, y=y, w=w, b=b),
    )


@dataclass(frozen=True)
class SigmaLoop:
    """Sum of i^2 for i = 1..4, term by term with a running total."""

    sum_tex: str
    expanded_tex: str
    term_tex: tuple[str, ...]
    i: torch.Tensor
    terms: torch.Tensor
    running: torch.Tensor
    total: torch.Tensor
    cumsum: Run
    python: Run
    python_range: Run  # list(range(1, 5)): the end is left out
    stop: int  # the end range is given (5), one past the top of the sigma
    problem: RunningLoss  # the running problem's loss, a sum too


def sigma_loop(n: int = SIGMA_TERMS) -> SigmaLoop:
    """The guide's sum of squares, as torch's cumsum and as the Python line."""
    cumsum = run(TORCH_SIGMA)
    stop = n + 1
    i = run(f"torch.arange(1, {stop})").value
    terms = i ** 2
    term_tex = tuple(f"{int(k)}^2" for k in i)
    return SigmaLoop(
        sum_tex=f"\\sum_{{i=1}}^{{{n}}} i^2",
        expanded_tex=" + ".join(term_tex),
        term_tex=term_tex,
        i=i,
        terms=terms,
        running=cumsum.value,
        total=cumsum.value[-1],
        cumsum=cumsum,
        python=run(PYTHON_SIGMA),
        python_range=run(f"list(range(1, {stop}))"),
        stop=stop,
        problem=running_loss(),
    )


# -- Partial derivatives ----------------------------------------------------

POINT = (1.0, 2.0)
SLICE_X = (-1.0, 3.0)
SLICE_SAMPLES = 81
# Each formula typed for the screen has a Python twin that runs: tests/tensors/
# test_hand_math.py reads the TeX back as math, checks it says what its twin
# computes, and checks the derivative against autograd at several points.
Z_TEX = "z = x^2 + 3xy + y^2"
Z_CODE = "x**2 + 3*x*y + y**2"  # Z_TEX's right side; the autograd lines run it
DZDX_TEX = "\\frac{\\partial z}{\\partial x} = 2x + 3y"
FORMULA_CODE = "2 * x + 3 * y"  # DZDX_TEX's right side, run beside autograd


Z_TICK = 10.0  # the slice plot's z axis is marked every Z_TICK
MAP_SAMPLES = 61
MAP_HALF = 2.0  # the map shows y0 - MAP_HALF .. y0 + MAP_HALF
MAP_LEVELS = 9


def autograd_code(x: float, y: float, y_grad: bool = False) -> str:
    """The autograd lines; ``y_grad`` also asks for y's gradient."""
    y_line = (f"y = torch.tensor({y}, requires_grad=True)" if y_grad
              else f"y = torch.tensor({y})")
    return (f"x = torch.tensor({x}, requires_grad=True)\n"
            f"{y_line}\n"
            f"z = {Z_CODE}\n"
            "z.backward()\n"
            "x.grad")


def z_of(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return x ** 2 + 3 * x * y + y ** 2


@dataclass(frozen=True)
class PartialSlope:
    """z = x^2 + 3xy + y^2 sliced at fixed y, with its slope along x."""

    z_tex: str
    dzdx_tex: str
    slice_tex: str
    x0: torch.Tensor
    y0: torch.Tensor
    z0: torch.Tensor
    xs: torch.Tensor
    zs: torch.Tensor
    tangent: torch.Tensor
    autograd: Run
    autograd_lines: tuple[str, ...]
    both: Run  # the same, with y requiring grad too: x.grad does not change
    formula: Run
    x_range: tuple[float, float]
    z_range: tuple[float, float]
    y_range: tuple[float, float]
    levels: tuple[Contour, ...]  # contour lines of z over the map
    through: Contour  # the contour through (x0, y0)
    # Tick values: x on the map and the slice, y on the map, z on the slice.
    # z_range is rounded out to whole z_step, so the ticks start at its ends.
    x_ticks: tuple[int, ...] = ()
    y_ticks: tuple[int, ...] = ()
    z_ticks: tuple[int, ...] = ()
    z_step: float = Z_TICK


def partial_slope(point: tuple[float, float] = POINT) -> PartialSlope:
    """The slice z(x, y0), its tangent at x0, and dz/dx by autograd and by formula."""
    grad = run(autograd_code(*point))
    x0, y0 = grad.names["x"].detach(), grad.names["y"]
    formula = run(FORMULA_CODE, x=x0, y=y0)
    xs = torch.linspace(*SLICE_X, SLICE_SAMPLES, device=device.current())
    zs = z_of(xs, y0)
    z0 = z_of(x0, y0)
    tangent = z0 + grad.value * (xs - x0)
    low = math.floor(float(torch.minimum(zs, tangent).min()) / Z_TICK) * Z_TICK
    high = math.ceil(float(torch.maximum(zs, tangent).max()) / Z_TICK) * Z_TICK
    linear, constant = 3 * y0, y0 ** 2
    y_range = (float(y0) - MAP_HALF, float(y0) + MAP_HALF)
    gx = torch.linspace(*SLICE_X, MAP_SAMPLES, device=device.current())
    gy = torch.linspace(*y_range, MAP_SAMPLES, device=device.current())
    grid_y, grid_x = torch.meshgrid(gy, gx, indexing="ij")
    surface = z_of(grid_x, grid_y)
    levels = torch.linspace(float(surface.min()), float(surface.max()), MAP_LEVELS + 2)
    return PartialSlope(
        z_tex=Z_TEX,
        dzdx_tex=DZDX_TEX,
        slice_tex=(f"z(x, {fmt.num(y0)}) = x^2 + {fmt.num(linear)}x "
                   f"+ {fmt.num(constant)}"),
        x0=x0, y0=y0, z0=z0, xs=xs, zs=zs, tangent=tangent,
        autograd=grad, autograd_lines=tuple(grad.code.splitlines()),
        both=run(autograd_code(*point, y_grad=True)), formula=formula,
        x_range=SLICE_X, z_range=(low, high), y_range=y_range,
        levels=contours(gx, gy, surface, levels[1:-1]),
        through=contour(gx, gy, surface, float(z0)),
        x_ticks=whole_ticks(*SLICE_X), y_ticks=whole_ticks(*y_range),
        z_ticks=whole_ticks(low, high, Z_TICK),
    )


# -- Vectors ----------------------------------------------------------------

VECTOR_CODE = "torch.tensor([3.0, 4.0])"


@dataclass(frozen=True)
class VectorArrow:
    """A 1-D tensor as an arrow: its length and its direction."""

    code: str
    v: torch.Tensor
    norm_code: str
    norm: torch.Tensor
    norm_tex: str
    unit_code: str
    unit: torch.Tensor
    unit_norm: torch.Tensor
    extent: float
    ticks: tuple[int, ...] = ()  # the values marked on both axes of the plane


def vector_arrow(code: str = VECTOR_CODE) -> VectorArrow:
    """v, ||v|| from torch.linalg.norm, and the unit vector v / ||v||."""
    v = run(code).value
    norm = run("torch.linalg.norm(v)", v=v)
    unit = run("v / torch.linalg.norm(v)", v=v)
    squares = " + ".join(f"{fmt.num(c)}^2" for c in v)
    extent = float(v.abs().max().ceil()) + 1
    return VectorArrow(
        code=code, v=v,
        norm_code=norm.code, norm=norm.value,
        norm_tex=f"\\|\\mathbf{{v}}\\| = \\sqrt{{{squares}}}",
        unit_code=unit.code, unit=unit.value,
        unit_norm=torch.linalg.norm(unit.value),
        extent=extent,
        ticks=whole_ticks(1, extent),
    )
