"""Speed hacks, mental models and the final exam, each claim run in torch.

``speed_hacks()``: what ``zeros_like`` copies, what ``no_grad`` switches off,
the error torch raises for ``x += 1`` on a leaf that needs a gradient, where an
in-place add in the forward pass breaks backward (``sigmoid`` saved the value
it changed) and where it does not (``x * 2`` saved nothing of it), and how a
weight is changed in place under ``no_grad``. ``final_exam()``: the guide's four quick
questions, each answered by a tensor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from tensors import device as lecture_device
from tensors.fmt import error_gist, shape_tex, vector
from tensors.snippet import Run, run

# -- Mental models ------------------------------------------------------------

BCHW_CODE = "torch.zeros(8, 3, 32, 32).shape"
BCHW_NAMES = ("batch", "channels", "height", "width")
# Same shape, channels stored last in memory: the strides say so.
CHANNELS_LAST_CODE = ("x = torch.zeros(8, 3, 32, 32)\n"
                      "y = x.to(memory_format=torch.channels_last)\n"
                      "y.shape, y.stride()")
# Image files: which axis comes first depends on the loader. A PIL image made a
# NumPy array is (H, W, C) (tests/tensors/test_speed_hacks.py checks it);
# torchvision.io.decode_image returns (C, H, W) (its documentation: "output
# (Tensor[image_channels, image_height, image_width])"); torch's conv layers
# take (N, C, H, W). Names of axes, not numbers: the numbers are torch's below.
LOADERS = (("PIL image, as a NumPy array", "(H, W, C)"),
           ("torchvision.io.decode_image", "(C, H, W)"),
           ("torch.nn.Conv2d input", "(N, C, H, W)"))
CHANNELS_FIRST = (2, 0, 1)  # (H, W, C) -> (C, H, W)
HWC_CODE = ("img = torch.zeros(32, 48, 3)\n"
            f"x = img.permute{CHANNELS_FIRST}.unsqueeze(0)\n"
            "x.shape")
CONV_CODE = ("conv = torch.nn.Conv2d(3, 8, kernel_size=3)\n"
             "conv(x).shape")
# Gradients flow; each operation's local derivative scales what passes through.
FLOW_CODE = ("arrived = []\n"
             "x = torch.tensor(2.0, requires_grad=True)\n"
             "y = 3 * x\n"
             "y.register_hook(lambda g: arrived.append(g))\n"
             "loss = y ** 2\n"
             "loss.backward()\n"
             "arrived[0], x.grad")


@dataclass(frozen=True)
class ImageLayouts:
    """How image loaders lay out the axes, and the permute torch's conv needs.

    ``loaders``: (loader, axes) pairs; ``permute``: an (H, W, C) image made
    (N, C, H, W) by ``permute(2, 0, 1).unsqueeze(0)``; ``conv``: a Conv2d
    taking it (its output shape).
    """

    loaders: tuple[tuple[str, str], ...]
    order: tuple[int, ...]
    permute: Run
    hwc_shape: tuple[int, ...]
    nchw_shape: tuple[int, ...]
    conv: Run
    conv_shape: tuple[int, ...]
    in_channels: int
    out_channels: int
    layer: str  # the conv layer's class name, as torch names it


def image_layouts() -> ImageLayouts:
    p = run(HWC_CODE)
    c = run(CONV_CODE, x=p.names["x"])
    conv = c.names["conv"]
    return ImageLayouts(loaders=LOADERS, order=CHANNELS_FIRST, permute=p,
                        hwc_shape=tuple(p.names["img"].shape),
                        nchw_shape=tuple(p.value),
                        conv=c, conv_shape=tuple(c.value),
                        in_channels=conv.in_channels, out_channels=conv.out_channels,
                        layer=type(conv).__name__)


@dataclass(frozen=True)
class MentalModels:
    """The guide's three pictures, each checked on real tensors.

    ``bchw``: a batch of images in torch's shape convention.
    ``channels_last``: the same shape stored channels-last (its strides).
    ``flow``: the gradient that reaches y (``arrived``) and what leaves for x
    (``x_grad``), which is ``arrived`` times the local derivative ``local``.
    """

    bchw: Run
    bchw_shape: tuple[int, ...]
    bchw_names: tuple[str, ...]
    channels_last: Run
    cl_shape: tuple[int, ...]
    cl_strides: tuple[int, ...]
    contiguous_strides: tuple[int, ...]
    flow: Run
    arrived: torch.Tensor
    local: torch.Tensor
    x_grad: torch.Tensor
    ranks: tuple[tuple[int, ...], ...] = ()
    ndims: tuple[int, ...] = ()
    memory: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())


# The tensor picture: one tensor of each number of axes, as torch makes them.
RANK_SHAPES = ((), (3,), (2, 3), (2, 2, 3))
MEMORY_CELLS = 9  # how many elements of memory the channels-last picture shows


def ranks() -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
    """Shapes and numbers of axes of ``torch.zeros(*s)`` for ``RANK_SHAPES``."""
    made = [torch.zeros(s) for s in RANK_SHAPES]
    return tuple(tuple(t.shape) for t in made), tuple(t.dim() for t in made)


def memory_channels(shape: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The channel of each of the first ``MEMORY_CELLS`` elements in memory, for
    a ``shape`` (N, C, H, W) tensor stored contiguous and channels-last: each
    element holds its own channel index, and memory is read in storage order."""
    ids = torch.arange(shape[1]).view(1, -1, 1, 1).expand(*shape)
    out = []
    for fmt_ in (torch.contiguous_format, torch.channels_last):
        stored = ids.contiguous(memory_format=fmt_)
        out.append(tuple(int(c) for c in stored.as_strided((MEMORY_CELLS,), (1,))))
    return out[0], out[1]


def mental_models() -> MentalModels:
    r = run(BCHW_CODE)
    cl = run(CHANNELS_LAST_CODE)
    flow = run(FLOW_CODE)
    arrived, x_grad = flow.value
    x = flow.names["x"]
    local = torch.autograd.grad(3 * x, x)[0]  # dy/dx of y = 3x, asked of torch
    shapes, ndims = ranks()
    return MentalModels(ranks=shapes, ndims=ndims,
                        memory=memory_channels(tuple(cl.value[0])),
                        bchw=r, bchw_shape=tuple(r.value), bchw_names=BCHW_NAMES,
                        channels_last=cl, cl_shape=tuple(cl.value[0]),
                        cl_strides=tuple(cl.value[1]),
                        contiguous_strides=tuple(cl.names["x"].stride()),
                        flow=flow, arrived=arrived, local=local, x_grad=x_grad)


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
    shown: str  # z as the Python prompt prints it, dtype included


def zeros_like() -> Copied:
    r = run(ZEROS_LIKE_CODE)
    x, z = r.names["x"], r.value
    return Copied(
        run=r,
        shape=(tuple(x.shape), tuple(z.shape)),
        dtype=(str(x.dtype), str(z.dtype)),
        device=(str(x.device), str(z.device)),
        shown=" ".join(repr(z).replace(", device='cuda:0'", "").split()),
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
# In the forward pass: sigmoid saves its output for backward, so changing that
# output in place breaks backward; a product with a constant saves nothing of it.
SAVED_CODE = ("x = torch.ones(3, requires_grad=True)\n"
              "y = x.sigmoid()\n"
              "y += 1\n"
              "y.sum().backward()")
NOTHING_SAVED_CODE = ("x = torch.ones(3, requires_grad=True)\n"
                      "y = x * 2\n"
                      "y += 1\n"
                      "y.sum().backward()\n"
                      "x.grad")
NO_GRAD_WAY_CODE = ("x = torch.ones(3, requires_grad=True)\n"
                    "with torch.no_grad():\n"
                    "    x += 1\n"
                    "x")
ADD_WAY_CODE = ("x = torch.ones(3, requires_grad=True)\n"
                "with torch.no_grad():\n"
                "    x.add_(1)\n"
                "x")


@dataclass(frozen=True)
class InPlace:
    """``x += 1`` on a leaf, in the forward pass, and on a weight under no_grad.

    ``inplace`` is the add on a leaf that requires grad: torch refuses.
    ``saved`` adds in place to sigmoid's output, which sigmoid saved for its
    backward step: backward raises (``saved_raised`` is torch's error cut at
    its first detail). ``nothing_saved`` does the same to ``x * 2``, which
    saved nothing of y: backward runs. ``no_grad_way`` and ``add_way`` change
    the leaf itself inside ``no_grad``, which is what an optimizer's step does.
    """

    inplace: Run
    saved: Run
    saved_raised: str
    nothing_saved: Run
    no_grad_way: Run
    no_grad_way_is_leaf: bool
    add_way: Run


def in_place() -> InPlace:
    saved = run(SAVED_CODE)
    return InPlace(
        inplace=run(INPLACE_CODE),
        saved=saved,
        saved_raised=error_gist(saved.error_type, saved.error),
        nothing_saved=run(NOTHING_SAVED_CODE),
        no_grad_way=(way := run(NO_GRAD_WAY_CODE)),
        no_grad_way_is_leaf=way.value.is_leaf,
        add_way=run(ADD_WAY_CODE),
    )


def in_place_check() -> str | None:
    """Speed hack: "Never do ``x += 1`` if tracking grads. Do ``x = x + 1``"."""
    p = in_place()
    if p.saved.error is None or p.nothing_saved.error is not None:
        return None
    return (f"right for a tensor whose value backward needs: after `y = x.sigmoid()`, "
            f"`y += 1` makes backward raise `{p.saved_raised}`. Wrong as a rule "
            f"for all tracked tensors: after `y = x * 2`, `y += 1` is harmless "
            f"(`x.grad` {vector(p.nothing_saved.value)}), and a weight is changed "
            f"in place under `torch.no_grad()`: `x += 1` there gives "
            f"{vector(p.no_grad_way.value)}")


@dataclass(frozen=True)
class SpeedHacks:
    """Everything the speed-hacks scene shows."""

    models: MentalModels
    images: ImageLayouts
    zeros_like: Copied
    no_grad: NoGrad
    in_place: InPlace


def speed_hacks() -> SpeedHacks:
    return SpeedHacks(mental_models(), image_layouts(), zeros_like(), no_grad(),
                      in_place())


# -- Final exam -------------------------------------------------------------------

# Seconds of silence to think before each answer, one countdown digit a second.
# The guide calls these quick questions (a one-line answer each, nothing to
# work by hand), so less than a practice question's 15 (tensors/practice_basics.py
# THINK_SECONDS), and well over the bare reading pause they had (about 4 s).
QUICK_THINK_SECONDS = 10

SPACE_CODE = ("m = torch.zeros(3, 4)\n"
              "m.shape")
TRANSPOSE_CODE = ("A = torch.zeros(2, 3)\n"
                  "B = torch.zeros(3, 4)\n"
                  "(A @ B).T.shape")
BACKWARD_CODE = ("model = torch.nn.Linear(2, 1)\n"
                 "with torch.no_grad():\n"
                 "    model.weight.copy_(torch.tensor([[0.5, -1.0]]))\n"
                 "    model.bias.zero_()\n"
                 "before = model.weight.grad\n"
                 "loss = (model(torch.tensor([[1.0, 2.0]])) ** 2).mean()\n"
                 "loss.backward()\n"
                 "model.weight.grad")
# 'meta' holds shapes but no data: a device mismatch any machine can raise.
META_CODE = ("model = torch.nn.Linear(2, 1).to('meta')\n"
             "x = torch.ones(1, 2, device='cpu')\n"
             "model(x)")
MISMATCH_CODE = ("model = torch.nn.Linear(2, 1).to('cuda')\n"
                 "x = torch.ones(1, 2, device='cpu')\n"
                 "model(x)")
FIX_CODE = ("device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n"
            "model = torch.nn.Linear(2, 1).to(device)\n"
            "x = torch.ones(1, 2)\n"
            "x = x.to(device)\n"
            "model(x).device")
# .to() of a tensor returns a new tensor; a module's .to() changes the module.
# A dtype shows it on every machine (moving a CPU tensor to the CPU returns it).
TO_CODE = ("x = torch.ones(2)\n"
           "model = torch.nn.Linear(2, 1)\n"
           "x.to(torch.float64)\n"
           "model.to(torch.float64)\n"
           "x.dtype, model.weight.dtype")


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
    in_features: int = 0  # nn.Linear(in, out): what the exam's layer takes
    out_features: int = 0
    weight_shape: tuple[int, ...] = ()  # (out, in): the layer's weight


@dataclass(frozen=True)
class DeviceFix:
    """Putting model and data on one device.

    ``meta`` is the real error of a model on the 'meta' device (shapes, no
    data) fed a CPU tensor, which every machine raises. ``mismatch`` is the
    real error of a CUDA model fed a CPU tensor, only where the lecture
    computes on CUDA (``None`` otherwise: no error text is made up; see
    ``cuda_mismatch``). ``fix`` runs the
    ``.to(device)`` pattern; ``device`` is what torch picked and
    ``output_device`` where the model's output landed. ``to`` shows that a
    tensor's ``.to`` returns a new tensor while a module's changes the
    module: ``to_dtypes`` is (x.dtype, model.weight.dtype) after.
    """

    question: str
    meta: Run
    mismatch: Run | None
    fix: Run
    device: str
    output_device: str
    to: Run
    to_dtypes: tuple[str, str]


@dataclass(frozen=True)
class FinalExam:
    """The guide's four quick questions, answered by torch; ``countdown`` is
    the digits shown while the viewer thinks before each answer
    (``QUICK_THINK_SECONDS`` down to 1)."""

    space: Space
    transpose: TransposeShape
    backward: BackwardFills
    device: DeviceFix
    countdown: tuple[int, ...] = tuple(range(QUICK_THINK_SECONDS, 0, -1))
    next: WhatNext | None = None


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
    r = run(BACKWARD_CODE)
    model = r.names["model"]
    return BackwardFills(
        question="Why write loss.backward()?",
        run=r,
        before=repr(r.names["before"]),
        weight=model.weight.detach(),
        weight_grad=model.weight.grad,
        bias_grad=model.bias.grad,
        loss=r.names["loss"].detach(),
        in_features=model.in_features,
        out_features=model.out_features,
        weight_shape=tuple(model.weight.shape),
    )


def cuda_mismatch() -> Run | None:
    """``MISMATCH_CODE`` run for real where the lecture computes on CUDA
    (``TENSOR_HERO_DEVICE``, ``tensors.device.current``), else ``None``.

    It follows the lecture's device, not whether a GPU is present, so a
    ``--device cpu`` lecture on a GPU machine is the CPU lecture.
    """
    if lecture_device.current().type != "cuda":
        return None
    return run(MISMATCH_CODE)


def device_fix(mismatch: Callable[[], Run | None] = cuda_mismatch) -> DeviceFix:
    """The device question; ``mismatch`` gives the CUDA-only run (a test
    passes one that reads recorded CUDA output, to draw that block on a CPU)."""
    fix = run(FIX_CODE)
    return DeviceFix(
        question="How do you fix device errors?",
        meta=run(META_CODE),
        mismatch=mismatch(),
        fix=fix,
        device=str(fix.names["device"]),
        output_device=str(fix.value),
        to=(to := run(TO_CODE)),
        to_dtypes=tuple(str(d) for d in to.value),
    )


# -- What comes next ---------------------------------------------------------------

# Each tool the lecture ends by naming, with one fact about it run in torch.
MODULE_CODE = ("model = torch.nn.Linear(2, 1)\n"
               "[(name, p.shape) for name, p in model.named_parameters()]")
LOADER_ROWS, LOADER_BATCH = 10, 4
LOADER_CODE = ("from torch.utils.data import DataLoader, TensorDataset\n"
               f"X = torch.zeros({LOADER_ROWS}, 2)\n"
               f"data = TensorDataset(X, torch.zeros({LOADER_ROWS}))\n"
               f"loader = DataLoader(data, batch_size={LOADER_BATCH})\n"
               "[len(xb) for xb, yb in loader]")
EVAL_CODE = ("torch.manual_seed(0)\n"
             "drop = torch.nn.Dropout(0.5)\n"
             "x = torch.ones(8)\n"
             "with torch.no_grad():\n"
             "    kept = drop(x)\n"
             "drop.eval()\n"
             "(kept == 0).sum(), torch.equal(drop(x), x)")
INFERENCE_CODE = ("w = torch.ones(2, requires_grad=True)\n"
                  "with torch.inference_mode():\n"
                  "    t = torch.ones(2)\n"
                  "(t * w).sum().backward()")


@dataclass(frozen=True)
class WhatNext:
    """The tools after this lecture, each with a fact torch gave just now.

    ``module``: an ``nn.Linear`` is an ``nn.Module`` holding its parameters
    (``params``: names and shapes). ``loader``: a ``DataLoader`` serving
    ``rows`` rows in batches of ``batch_size`` (``batches``: their
    sizes). ``eval``: dropout still zeroes ``dropped`` of ``drop_of`` entries under
    ``no_grad``; after ``.eval()`` it returns its input (``eval_same``).
    ``inference``: a tensor made under ``inference_mode`` cannot be saved for
    backward later (``inference_error``: torch's error, cut at its first detail).
    """

    module: Run
    params: tuple[tuple[str, tuple[int, ...]], ...]
    is_module: bool
    loader: Run
    rows: int
    batch_size: int
    batches: tuple[int, ...]
    eval: Run
    dropped: int
    drop_of: int  # entries dropout saw
    eval_same: bool
    inference: Run
    inference_error: str


def what_next() -> WhatNext:
    m = run(MODULE_CODE)
    loader = run(LOADER_CODE)
    ev = run(EVAL_CODE)
    dropped, same = ev.value
    inf = run(INFERENCE_CODE)
    return WhatNext(
        module=m,
        params=tuple((name, tuple(shape)) for name, shape in m.value),
        is_module=isinstance(m.names["model"], torch.nn.Module),
        loader=loader, rows=len(loader.names["data"]),
        batch_size=loader.names["loader"].batch_size,
        batches=tuple(loader.value),
        eval=ev, dropped=int(dropped), drop_of=ev.names["x"].numel(),
        eval_same=bool(same),
        inference=inf, inference_error=error_gist(inf.error_type, inf.error),
    )


def final_exam(mismatch: Callable[[], Run | None] = cuda_mismatch) -> FinalExam:
    """The four questions answered, and what comes next; ``mismatch`` as in
    ``device_fix``."""
    return FinalExam(space(), transpose(), backward_fills(), device_fix(mismatch),
                     next=what_next())
