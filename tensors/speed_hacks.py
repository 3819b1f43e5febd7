"""Speed hacks, mental models and the final exam, each claim run in torch.

``speed_hacks()``: what ``zeros_like`` copies, what ``no_grad`` switches off,
the error torch raises for ``x += 1`` on a leaf that needs a gradient and what
``x = x + 1`` makes instead. ``final_exam()``: the guide's four quick
questions, each answered by a tensor.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from tensors import device
from tensors.fmt import shape_tex
from tensors.snippet import Run, run

# -- Mental models ------------------------------------------------------------

BCHW_CODE = "torch.zeros(8, 3, 32, 32).shape"
BCHW_NAMES = ("batch", "channels", "height", "width")


@dataclass(frozen=True)
class MentalModels:
    """The guide's three pictures; BCHW checked on a real batch of images."""

    bchw: Run
    bchw_shape: tuple[int, ...]
    bchw_names: tuple[str, ...]


def mental_models() -> MentalModels:
    r = run(BCHW_CODE)
    return MentalModels(bchw=r, bchw_shape=tuple(r.value), bchw_names=BCHW_NAMES)


# -- Speed hacks ----------------------------------------------------------------

ZEROS_LIKE_CODE = ("x = torch.ones(2, 3, dtype=torch.float64)\n"
                   "z = torch.zeros_like(x)\n"
                   "z")


@dataclass(frozen=True)
class Copied:
    """``zeros_like``: the source's and the copy's shape, dtype and device."""

    run: Run
    shape: tuple[tuple[int, ...], tuple[int, ...]]
    dtype: tuple[str, str]
    device: tuple[str, str]


def zeros_like() -> Copied:
    r = run(ZEROS_LIKE_CODE)
    x, z = r.names["x"], r.value
    return Copied(
        run=r,
        shape=(tuple(x.shape), tuple(z.shape)),
        dtype=(str(x.dtype), str(z.dtype)),
        device=(str(x.device), str(z.device)),
    )


NO_GRAD_CODE = ("w = torch.ones(3, requires_grad=True)\n"
                "tracked = w * 2\n"
                "with torch.no_grad():\n"
                "    untracked = w * 2")


@dataclass(frozen=True)
class Tracking:
    """Whether a result records its history: ``requires_grad`` and ``grad_fn``."""

    requires_grad: bool
    grad_fn: str  # the node's class name, or "None"


def tracking(t: torch.Tensor) -> Tracking:
    fn = t.grad_fn
    return Tracking(t.requires_grad, type(fn).__name__ if fn is not None else "None")


@dataclass(frozen=True)
class NoGrad:
    """The same product computed with and without ``torch.no_grad()``."""

    run: Run
    tracked: Tracking
    untracked: Tracking


def no_grad() -> NoGrad:
    r = run(NO_GRAD_CODE)
    return NoGrad(r, tracking(r.names["tracked"]), tracking(r.names["untracked"]))


INPLACE_CODE = ("x = torch.ones(3, requires_grad=True)\n"
                "x += 1")
REBIND_CODE = ("x = torch.ones(3, requires_grad=True)\n"
               "x = x + 1\n"
               "x")
OPTIMIZER_WAY_CODE = ("x = torch.ones(3, requires_grad=True)\n"
                      "with torch.no_grad():\n"
                      "    x += 1\n"
                      "x")


@dataclass(frozen=True)
class InPlace:
    """``x += 1`` on a leaf that requires grad, and the two ways that work.

    ``rebind`` makes a new tensor (not a leaf, with a ``grad_fn``) and leaves
    the original leaf alone; ``optimizer_way`` changes the leaf itself inside
    ``no_grad``, which is what an optimizer's step does.
    """

    inplace: Run
    rebind: Run
    rebind_tracking: Tracking
    rebind_is_leaf: bool
    optimizer_way: Run
    optimizer_way_is_leaf: bool


def in_place() -> InPlace:
    rebind, opt = run(REBIND_CODE), run(OPTIMIZER_WAY_CODE)
    return InPlace(
        inplace=run(INPLACE_CODE),
        rebind=rebind,
        rebind_tracking=tracking(rebind.value),
        rebind_is_leaf=rebind.value.is_leaf,
        optimizer_way=opt,
        optimizer_way_is_leaf=opt.value.is_leaf,
    )


@dataclass(frozen=True)
class SpeedHacks:
    """Everything the speed-hacks scene shows."""

    models: MentalModels
    zeros_like: Copied
    no_grad: NoGrad
    in_place: InPlace


def speed_hacks() -> SpeedHacks:
    return SpeedHacks(mental_models(), zeros_like(), no_grad(), in_place())


# -- Final exam -------------------------------------------------------------------

SPACE_CODE = ("m = torch.zeros(3, 4)\n"
              "m.shape")
TRANSPOSE_CODE = ("A = torch.zeros(2, 3)\n"
                  "B = torch.zeros(3, 4)\n"
                  "(A @ B).T.shape")
BACKWARD_CODE = ("model = torch.nn.Linear(2, 1)\n"
                 "with torch.no_grad():\n"
                 "    model.weight.copy_(randn(1, 2))\n"
                 "    model.bias.zero_()\n"
                 "before = model.weight.grad\n"
                 "loss = (model(torch.tensor([[1.0, 2.0]])) ** 2).mean()\n"
                 "loss.backward()\n"
                 "model.weight.grad")
MISMATCH_CODE = ("model = torch.nn.Linear(2, 1).to('cuda')\n"
                 "x = torch.ones(1, 2, device='cpu')\n"
                 "model(x)")
FIX_CODE = ("device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n"
            "model = torch.nn.Linear(2, 1).to(device)\n"
            "x = torch.ones(1, 2).to(device)\n"
            "model(x).device")


@dataclass(frozen=True)
class Space:
    r"""R^{3x4}: a real zeros(3, 4), its rows and columns."""

    question: str
    run: Run
    tex: str
    rows: int
    cols: int


@dataclass(frozen=True)
class TransposeShape:
    """(AB)^T for A (2x3), B (3x4): the product's shape, then the flip."""

    question: str
    question_tex: str
    run: Run
    a_shape: tuple[int, ...]
    b_shape: tuple[int, ...]
    product_shape: tuple[int, ...]
    shape: tuple[int, ...]


@dataclass(frozen=True)
class BackwardFills:
    """A tiny linear model's ``weight.grad`` before and after ``loss.backward()``."""

    question: str
    run: Run
    before: str  # repr of weight.grad before backward: "None"
    weight: torch.Tensor
    weight_grad: torch.Tensor
    bias_grad: torch.Tensor
    loss: torch.Tensor


@dataclass(frozen=True)
class DeviceFix:
    """Putting model and data on one device.

    ``mismatch`` is the real error of a CUDA model fed a CPU tensor, only
    where this machine has CUDA (``None`` otherwise: no error text is made
    up). ``fix`` runs the ``.to(device)`` pattern; ``device`` is what torch
    picked and ``output_device`` where the model's output landed; ``cuda``
    asks torch whether this machine has a CUDA device at all.
    """

    question: str
    mismatch: Run | None
    fix: Run
    device: str
    output_device: str
    cuda: Run


@dataclass(frozen=True)
class FinalExam:
    """The guide's four quick questions, answered by torch."""

    space: Space
    transpose: TransposeShape
    backward: BackwardFills
    device: DeviceFix


def space() -> Space:
    r = run(SPACE_CODE)
    rows, cols = r.value
    space_tex = rf"\mathbb{{R}}^{{{rows} \times {cols}}}"
    return Space("What does this mean?", r, space_tex, rows, cols)


def transpose() -> TransposeShape:
    r = run(TRANSPOSE_CODE)
    a, b = r.names["A"], r.names["B"]
    names = rf"A_{{({shape_tex(a.shape)})}},\ B_{{({shape_tex(b.shape)})}}"
    return TransposeShape("What is the shape of (AB)\u1d40 for", names + "?", r,
                          tuple(a.shape), tuple(b.shape), tuple((a @ b).shape),
                          tuple(r.value))


def backward_fills() -> BackwardFills:
    r = run(BACKWARD_CODE, randn=device.randn)
    model = r.names["model"]
    return BackwardFills(
        question="Why write loss.backward()?",
        run=r,
        before=repr(r.names["before"]),
        weight=model.weight.detach(),
        weight_grad=model.weight.grad,
        bias_grad=model.bias.grad,
        loss=r.names["loss"].detach(),
    )


def device_fix() -> DeviceFix:
    fix = run(FIX_CODE)
    return DeviceFix(
        question="How do you fix device errors?",
        mismatch=run(MISMATCH_CODE) if torch.cuda.is_available() else None,
        fix=fix,
        device=str(fix.names["device"]),
        output_device=str(fix.value),
        cuda=run("torch.cuda.is_available()"),
    )


def final_exam() -> FinalExam:
    return FinalExam(space(), transpose(), backward_fills(), device_fix())
