"""Part 3, memory tables: creation, shape operations, operators and autograd.

Every entry of the guide's two cheat-sheet tables is run here: the tensor
each creation call really makes, the before and after shape of each shape
operation, and the live result of each operator and autograd call.
Random tables come from the lecture's seeded generator (``tensors.device``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

from tensors import device, fmt
from tensors.snippet import Run, run


def ran(code: str, **names: Any) -> Run:
    """``run`` that insists the code worked (a cheat sheet shows no errors)."""
    result = run(code, **names)
    if result.error:
        raise RuntimeError(f"{code}: {result.error_type}: {result.error}")
    return result


# -- Table 1, left half: creating tensors ------------------------------------


@dataclass(frozen=True)
class Creation:
    """One creation call: the math it stands for, the code, the tensor made.

    ``seeded`` marks a random call: its ``code`` seeds torch's generator with
    the table's ``seed`` right before the draw (``torch.manual_seed(0)``, then
    the call), and ran as shown, on the CPU. ``call`` is the call alone (the
    whole ``code`` when nothing is seeded); ``numel`` counts the elements made.
    """

    math: str
    code: str
    call: str
    value: torch.Tensor
    shape: tuple[int, ...]
    numel: int
    seeded: bool


@dataclass(frozen=True)
class CreationGroup:
    """One screen of creation cards: its title and its calls."""

    title: str
    rows: tuple[Creation, ...]


@dataclass(frozen=True)
class CreationTable:
    """The creation calls of the guide's Table 1, in two screens."""

    groups: tuple[CreationGroup, ...]
    seed: int
    seed_form: str  # a random card's seeding line, with {} for the seed
    # Seeded once, then rand, then randn: randn's numbers are not its card's
    # (it goes on from where rand left the generator).
    seed_once_differs: bool
    # The guide's Table 1 as printed: its header, then its first rows, each
    # a creation call beside an unrelated shape operation.
    guide_rows: tuple[tuple[str, ...], ...]
    guide_creation_columns: int  # how many of its columns are the creation table

    @property
    def rows(self) -> tuple[Creation, ...]:
        return tuple(r for g in self.groups for r in g.rows)


# The guide's Table 1, header and first rows, as it prints them (four columns:
# two of a creation table, two of a shape-operation table).
GUIDE_TABLE_ONE = (
    ("Math / Concept", "PyTorch Code", "Operation", "Change"),
    ("Scalar", "torch.tensor(5)", "Reshape", "(2, 3) \u2192 (3, 2)"),
    ("Vector", "torch.tensor([1, 2, 3])", "Transpose", "(2, 3) \u2192 (3, 2)"),
    ("Zeros", "torch.zeros(2, 3)", "Add dim", "(3, 4) \u2192 (1, 3, 4)"),
)
GUIDE_CREATION_COLUMNS = 2  # the first two columns are the creation table


def made(math: str, code: str) -> Creation:
    value = ran(code).value
    return Creation(math, code, code, value, tuple(value.shape), value.numel(),
                    seeded=False)


def forked_random():
    """``torch.random.fork_rng`` over every generator ``torch.manual_seed``
    resets now: the CPU's, and each CUDA device's once CUDA is in use."""
    cuda = (list(range(torch.cuda.device_count())) if torch.cuda.is_initialized()
            else [])
    return torch.random.fork_rng(devices=cuda)


SEED_FORM = "torch.manual_seed({})"  # a random card's first line, {} the seed


def drawn(math: str, call: str, seed: int = device.SEED) -> Creation:
    """A random call, seeded right before it: ``torch.manual_seed(seed)``,
    then ``call``, run as the card shows it (and as the code log lists it).

    It runs on the CPU, whatever the lecture's device: each device has its
    own generator, and the CPU's gives the lecture's draws
    (``tensors.device``). torch's generators are put back afterwards, so the
    seed changes no other draw.
    """
    code = SEED_FORM.format(seed) + "\n" + call
    with forked_random(), device.pinned("cpu"):
        value = ran(code).value
    return Creation(math, code, call, value, tuple(value.shape), value.numel(),
                    seeded=True)


def creation_table() -> CreationTable:
    """Each creation call of the guide, with the tensor torch made."""
    fixed = (
        made("5 \\in \\mathbb{R}", "torch.tensor(5)"),
        made("\\mathbf{v} \\in \\mathbb{R}^3", "torch.tensor([1, 2, 3])"),
        made("0^{2 \\times 3}", "torch.zeros(2, 3)"),
        made("I_3", "torch.eye(3)"),
    )
    ranges = (
        made("\\{0, \\dots, 9\\}", "torch.arange(10)"),
        made("\\text{5 points, 0 to 1}", "torch.linspace(0, 1, 5)"),
        drawn("\\mathcal{U}(0, 1)", "torch.rand(2, 2)"),
        drawn("\\mathcal{N}(0, 1)", "torch.randn(2, 2)"),
    )
    return CreationTable(groups=(CreationGroup("Fixed values", fixed),
                                 CreationGroup("Ranges and random draws", ranges)),
                         seed=device.SEED, seed_form=SEED_FORM,
                         seed_once_differs=not torch.equal(seed_once(device.SEED),
                                                           ranges[-1].value),
                         guide_rows=GUIDE_TABLE_ONE,
                         guide_creation_columns=GUIDE_CREATION_COLUMNS)


def seed_once(seed: int) -> torch.Tensor:
    """``torch.manual_seed(seed)``, ``torch.rand(2, 2)``, then what
    ``torch.randn(2, 2)`` draws, on the CPU; torch's generator put back after."""
    with forked_random():
        torch.manual_seed(seed)
        torch.rand(2, 2, device="cpu")
        return torch.randn(2, 2, device="cpu")


# -- Table 1, right half: shape operations -----------------------------------


@dataclass(frozen=True)
class ShapeOp:
    """One shape operation of the guide's table, run on a tensor of zeros."""

    name: str
    guide: str
    setup: str
    code: str
    before: tuple[int, ...]
    after: tuple[int, ...]


@dataclass(frozen=True)
class Moves:
    """The same small tensor through two operations, to see elements move."""

    source: torch.Tensor
    source_code: str
    results: tuple[Run, ...]


@dataclass(frozen=True)
class Pixel:
    """One pixel of the (H, W, C) image: its place, and its C channel values."""

    row: int
    col: int
    channels: torch.Tensor  # (C,): image[row, col]


@dataclass(frozen=True)
class ShapeOps:
    """The guide's shape table with torch's shapes, and two element-level views.

    ``reshape_vs_t``: reshape(3, 2) and .T of the same 2x3 tensor.
    ``permute``: an (H, W, C) image permuted to (C, H, W) by ``permute_dims``;
    ``pixels``: that image's pixels, row by row.
    """

    ops: tuple[ShapeOp, ...]
    reshape_vs_t: Moves
    permute: Moves
    hwc: tuple[str, ...]
    permute_dims: tuple[int, ...]
    pixels: tuple[Pixel, ...]
    permute_facts: tuple[Run, ...]  # both strides, then: same memory? (True)
    squeeze: SqueezeTrap


@dataclass(frozen=True)
class SqueezeTrap:
    """``squeeze()`` drops every size-1 dim; ``squeeze(dim)`` only that one.

    ``setup`` makes x (shape ``before``); ``runs`` are ``x.squeeze().shape``
    (``torch.Size([])``: no dims left) and ``x.squeeze(dim).shape``. ``row``
    is the place, in the shape table's ``ops``, of the row that squeezes.
    """

    setup: str
    before: tuple[int, ...]
    dim: int
    runs: tuple[Run, ...]
    row: int


SQUEEZE_SETUP = "torch.zeros(1, 1, 1)"
SQUEEZE_DIM = 0


def squeeze_trap(ops: tuple[ShapeOp, ...]) -> SqueezeTrap:
    """A (1, 1, 1) tensor squeezed with no dim, then with ``SQUEEZE_DIM``."""
    x = ran(SQUEEZE_SETUP).value
    codes = ("x.squeeze().shape", f"x.squeeze({SQUEEZE_DIM}).shape")
    row = next(k for k, op in enumerate(ops) if op.code == "x.squeeze()")
    return SqueezeTrap(f"x = {SQUEEZE_SETUP}", tuple(x.shape), SQUEEZE_DIM,
                       tuple(ran(c, x=x) for c in codes), row)


def shape_op(name: str, guide: str, setup: str, code: str) -> ShapeOp:
    before = ran(setup).value
    after = ran(code, x=before).value
    return ShapeOp(name, guide, f"x = {setup}", code, tuple(before.shape),
                   tuple(after.shape))


PERMUTE_DIMS = (2, 0, 1)  # (H, W, C) -> (C, H, W)
PERMUTE = "x.permute(" + ", ".join(map(str, PERMUTE_DIMS)) + ")"


def shape_ops() -> ShapeOps:
    """Each shape operation of the guide, and where the elements go."""
    ops = (
        shape_op("Reshape", "(2, 3) -> (3, 2)", "torch.zeros(2, 3)", "x.reshape(3, 2)"),
        shape_op("Transpose", "(2, 3) -> (3, 2)", "torch.zeros(2, 3)", "x.T"),
        shape_op("Add dim", "(3, 4) -> (1, 3, 4)", "torch.zeros(3, 4)",
                 "x.unsqueeze(0)"),
        shape_op("Drop dim", "(1, 3, 1) -> (3)", "torch.zeros(1, 3, 1)", "x.squeeze()"),
        shape_op("Flatten", "(2, 3) -> (6,)", "torch.zeros(2, 3)", "x.flatten()"),
        shape_op("Permute", "(H, W, C) -> (C, H, W)", "torch.zeros(32, 48, 3)",
                 PERMUTE),
    )
    grid_code = "torch.arange(1, 7).reshape(2, 3)"
    grid = ran(grid_code).value
    image_code = "torch.arange(12).reshape(2, 2, 3)"
    image = ran(image_code).value
    permuted = ran(PERMUTE, x=image)
    facts = tuple(ran(c, x=image) for c in (
        "x.stride()", f"{PERMUTE}.stride()", f"{PERMUTE}.data_ptr() == x.data_ptr()"))
    return ShapeOps(
        ops=ops,
        reshape_vs_t=Moves(grid, grid_code, (ran("x.reshape(3, 2)", x=grid),
                                             ran("x.T", x=grid))),
        permute=Moves(image, image_code, (permuted,)),
        hwc=("H", "W", "C"),
        permute_dims=PERMUTE_DIMS,
        pixels=tuple(Pixel(r, c, image[r, c]) for r in range(image.shape[0])
                     for c in range(image.shape[1])),
        permute_facts=facts,
        squeeze=squeeze_trap(ops),
    )


# -- Table 2: operators and autograd calls -----------------------------------

A_CODE = "torch.tensor([[1., 2.], [3., 4.]])"  # float: CUDA has no integer @
B_CODE = "torch.tensor([[5., 6.], [7., 8.]])"
OPERATORS = ("a + b", "a * b", "a @ b", "a ** 2")
AUTOGRAD_STEPS = (
    ("Compute grad", "x = torch.tensor(3.0, requires_grad=True)\n"
                     "y = x ** 2\n"
                     "y.backward()"),
    ("Access grad", "x.grad"),
    ("Reset grad", "opt = torch.optim.SGD([x], lr=0.1)\n"
                   "opt.zero_grad()\n"
                   "x.grad"),
    ("Stop tracking", "with torch.no_grad():\n"
                      "    z = x * 2\n"
                      "z.requires_grad, z.grad_fn"),
)
TRACKED = "(x * 2).requires_grad, (x * 2).grad_fn.name()"
# no_grad is not eval(): a Dropout layer in training mode still drops under it.
DROPOUT_CODE = ("torch.manual_seed({seed})\n"
                "drop = torch.nn.Dropout(p=0.5)\n"
                "x = torch.ones(8)\n"
                "with torch.no_grad():\n"
                "    in_train = drop(x)\n"
                "    drop.eval()\n"
                "    in_eval = drop(x)\n"
                "in_train, in_eval")


@dataclass(frozen=True)
class DropoutUnderNoGrad:
    """``DROPOUT_CODE`` run once, seeded, on the CPU: the same ones through
    one Dropout layer under no_grad, in training mode, then after ``eval()``.

    ``dropped`` counts the zeros of ``in_train``; ``kept`` is the value of the
    others (scaled up by 1 / (1 - p)); ``numel`` the ones sent in.
    """

    run: Run
    lines: tuple[str, ...]
    p: float
    in_train: torch.Tensor
    in_eval: torch.Tensor
    numel: int
    dropped: int
    kept: float
    eval_value: float  # what every element of in_eval is (the input, 1)


@dataclass(frozen=True)
class Operator:
    """``a <op> b`` on the guide's A and B, with torch's result."""

    symbol: str
    action: str
    code: str
    value: torch.Tensor


@dataclass(frozen=True)
class AutogradStep:
    """One autograd call of the guide's Table 2, run in one shared session.

    ``shown`` is the result as Python prints it (``tensor(6.)``, ``None``,
    ``(False, None)``) so the viewer sees exactly what the call returns.
    """

    action: str
    lines: tuple[str, ...]
    run: Run
    shown: str


@dataclass(frozen=True)
class Operators:
    """The guide's Table 2: operators on small tensors, then autograd calls."""

    a_code: str
    b_code: str
    a: torch.Tensor
    b: torch.Tensor
    ops: tuple[Operator, ...]
    steps: tuple[AutogradStep, ...]
    tracked: Run
    tracked_shown: str
    dropout: DropoutUnderNoGrad


ACTIONS = {"+": "add", "*": "multiply element-wise", "@": "matrix multiply",
           "**": "power, element-wise"}


def python_repr(value: Any) -> str:
    """What the Python prompt would print, on one line."""
    text = repr(value)
    return " ".join(text.replace(", device='cuda:0'", "").split())


def operators() -> Operators:
    """Table 2 run for real: each operator, then backward, grad, zero_grad, no_grad."""
    a, b = ran(A_CODE).value, ran(B_CODE).value
    ops = tuple(Operator(code.split()[1], ACTIONS[code.split()[1]], code,
                         ran(code, a=a, b=b).value) for code in OPERATORS)
    steps, names = [], {}
    for action, code in AUTOGRAD_STEPS:
        result = ran(code, **names)
        names = result.names
        steps.append(AutogradStep(action, tuple(code.splitlines()), result,
                                  python_repr(result.value)))
    tracked = ran(TRACKED, **names)
    return Operators(A_CODE, B_CODE, a, b, ops, tuple(steps), tracked,
                     python_repr(tracked.value), dropout_under_no_grad())


def dropout_under_no_grad(seed: int = device.SEED) -> DropoutUnderNoGrad:
    """Dropout under no_grad, training mode then eval(): run as shown, seeded
    in its code, on the CPU (whose generator gives the lecture's draws);
    torch's generators are put back afterwards."""
    code = DROPOUT_CODE.format(seed=seed)
    with forked_random(), device.pinned("cpu"):
        result = ran(code)
    in_train, in_eval = result.value
    layer = result.names["drop"]
    kept = in_train[in_train != 0].unique()
    if kept.numel() != 1 or in_eval.unique().numel() != 1:
        raise RuntimeError(f"{code}: expected one kept value and an unchanged x")
    return DropoutUnderNoGrad(result, tuple(code.splitlines()), layer.p, in_train,
                              in_eval, in_train.numel(),
                              int((in_train == 0).sum()), float(kept),
                              float(in_eval[0]))


# -- Where the guide's tables and torch disagree (see tensors/errata.py) -----


UNCALLED_CODE = ("x = torch.tensor(3.0, requires_grad=True)\n"
                 "(x ** 2).backward()\n"
                 "optimizer = torch.optim.SGD([x], lr=0.1)\n"
                 "optimizer.zero_grad\n"
                 "x.grad")


def uncalled_methods_check() -> str | None:
    """Table 2 writes ``optimizer.zero_grad`` and ``with torch.no_grad`` bare.

    The guide calls both correctly elsewhere; in the table the brackets are
    missing, and torch either does nothing or refuses.
    """
    zero = run(UNCALLED_CODE)
    no_grad = run("with torch.no_grad:\n    y = torch.ones(1) * 2")
    if zero.value is None or no_grad.error is None:
        return None
    return ("Table 2 drops the brackets: bare `optimizer.zero_grad` runs nothing "
            f"(`x.grad` stays {fmt.num(zero.value)}), and `with torch.no_grad:` raises "
            f"`{no_grad.error_type}`. Write `zero_grad()` and `no_grad()`")
