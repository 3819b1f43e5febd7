"""PyTorch core: tensors by rank, the element-wise product, matmul, the chain rule.

Every tensor here comes from running the guide's code through
``tensors.snippet.run``, so the code a scene shows is the code that ran.
Each of the first three chapters also takes one step with our running problem
(``tensors.running``): the shapes of its tensors, its errors squared element
by element, and the model as one ``X @ theta``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from tensors import device, running
from tensors.fmt import num
from tensors.snippet import Run, run

# -- Our running problem (tensors.running), as these chapters use it ----------

# Two features per point: x beside a column of ones (sized from x), so that
# X @ theta with theta = (w, b) computes w * x + b for every point at once.
BATCH_CODE = "X = torch.stack([x, torch.ones({})], dim=1)"
THETA_CODE = "theta = torch.tensor([w, b])"


def batch_code(x: torch.Tensor) -> str:
    """The line that stacks ``x`` beside a column of ones."""
    return BATCH_CODE.format(len(x))


def guess() -> tuple[torch.Tensor, torch.Tensor]:
    """w and b at the running problem's first guess, as ``guess_code`` makes them."""
    names = run("\n".join(running.guess_code())).names
    return names["w"], names["b"]

# -- Tensors by rank ----------------------------------------------------------

SCALAR_CODE = "torch.tensor(5)"
VECTOR_CODE = "torch.tensor([1, 2, 3])"
MATRIX_CODE = "torch.tensor([[1, 2], [3, 4]])"
# Not the guide's Q2 cube (2, 2, 2): practice question 2 asks for that one.
CUBE_CODE = "torch.tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])"
# Seeded right before the draw, on the CPU (torch.rand's default device), so
# every machine shows the same pixels; the batch then moves to the device.
IMAGES_CODE = (f"torch.manual_seed({device.SEED})\n"
               "images = torch.rand(2, 3, 4, 4)")
MOVE_CODE = "images = images.to(device)"
# Does .to() hand back the very tensor it was given? Asked of a CPU tensor, so
# every machine shows both answers: already there, then a conversion.
SAME_CODE = "t = torch.ones(2, device=\"cpu\")\nt.to(\"cpu\") is t"
NEW_CODE = "t.to(torch.float64) is t"
TO_RULE = (".to() returns the same tensor if it is already on that device",
           "(and dtype), a new one if it must move or convert. Always assign.")
IMAGE_AXES = ("B", "C", "H", "W")
IMAGE_AXIS_NAMES = ("batch", "channels", "height", "width")


@dataclass(frozen=True)
class Ranked:
    """One tensor, the code that made it, and what torch says its shape is."""

    name: str
    code: str
    value: torch.Tensor
    shape: tuple[int, ...]
    dim: int
    size: str  # the shape as torch prints it: torch.Size([2, 2])


@dataclass(frozen=True)
class Ranks:
    """The rank scene's tensors: 0-D up to a 4-D batch of images."""

    scalar: Ranked
    vector: Ranked
    matrix: Ranked
    cube: Ranked
    cube_layers: tuple[Run, ...]
    images: Ranked
    images_seed: int  # the seed set right before the images are drawn
    image_axes: tuple[str, ...]
    image_axis_names: tuple[str, ...]
    same: Run  # t.to("cpu") is t, for a CPU tensor t: already there
    new: Run  # t.to(torch.float64) is t: it must convert
    moved: Run  # images = images.to(device), then images.device
    device: str  # where it landed, as torch prints it: device(type='cpu')
    device_type: str  # "cpu" or "cuda"
    to_rule: tuple[str, ...]  # what .to() returns, in lines
    to_said: str  # the narration of both answers, worded from torch's bools
    running: RunningRanks  # our running problem's tensors, by dimensions


def ranked(name: str, code: str, **given: torch.Tensor) -> Ranked:
    """Run ``code`` (its value, or the name it assigns) and read its shape."""
    r = run(code, **given)
    value = r.value if r.value is not None else r.names.get(
        name, next(iter(r.names.values())))
    return Ranked(name, code, value, tuple(value.shape), value.dim(), str(value.shape))


@dataclass(frozen=True)
class RunningRanks:
    """Our running problem's tensors and the shapes torch gives them.

    x and y hold one number per point (1-D), w and b one number each (0-D);
    ``batch`` gives every point a second feature, a 1 beside its x (2-D, one
    row per point). Each ``dim`` is the tensor's ``.ndim``.
    """

    model: str  # the line to fit: w * x + b
    x: Ranked
    y: Ranked
    w: Ranked
    b: Ranked
    batch: Ranked


def running_ranks() -> RunningRanks:
    """Run the running problem's data and guess lines, then stack a batch."""
    x, y = (ranked(name, line) for name, line in zip("xy", running.DATA))
    w, b = (ranked(name, line) for name, line in zip("wb", running.guess_code()))
    return RunningRanks(running.MODEL, x, y, w, b,
                        ranked("X", batch_code(x.value), x=x.value))


def to_words(same: bool, new: bool) -> str:
    """The narration of ``.to()``'s two answers, as torch gave them."""
    kept = "the same tensor" if same else "a new tensor"
    made = "the same tensor" if new else "a new one"
    return (f"Asked whether t dot to cpu is t, torch says {num(same)}: t was already "
            f"on the cpu, so dot to gave back {kept}. Asked the same of a float64 "
            f"copy, torch says {num(new)}: converting makes {made}.")


def ranks() -> Ranks:
    """Scalar, vector, matrix, the guide's Q2 cube, and a seeded image batch."""
    cube = ranked("cube", CUBE_CODE)
    layers = tuple(run(f"cube[{i}]", cube=cube.value) for i in range(cube.shape[0]))
    # torch's CPU generator is put back afterwards: the seed changes no other draw.
    with torch.random.fork_rng(devices=[]), device.pinned("cpu"):
        images = run(IMAGES_CODE).names["images"]
    same = run(SAME_CODE)
    new = run(NEW_CODE, t=same.names["t"])
    moved = run(f"{MOVE_CODE}\nimages.device", images=images, device=device.current())
    return Ranks(
        scalar=ranked("scalar", SCALAR_CODE),
        vector=ranked("vector", VECTOR_CODE),
        matrix=ranked("matrix", MATRIX_CODE),
        cube=cube,
        cube_layers=layers,
        images=Ranked("images", IMAGES_CODE, images, tuple(images.shape), images.dim(),
                      str(images.shape)),
        images_seed=device.SEED,
        image_axes=IMAGE_AXES,
        image_axis_names=IMAGE_AXIS_NAMES,
        same=same,
        new=new,
        moved=moved,
        device=repr(moved.value),
        device_type=moved.value.type,
        to_rule=TO_RULE,
        to_said=to_words(same.value, new.value),
        running=running_ranks(),
    )


# -- Element-wise (Hadamard) product ------------------------------------------

A_CODE = "torch.tensor([[1., 2.], [3., 4.]])"
B_CODE = "torch.tensor([[5., 6.], [7., 8.]])"


@dataclass(frozen=True)
class Pair:
    """The guide's A and B, and the code that made them."""

    a: torch.Tensor
    b: torch.Tensor
    a_code: str
    b_code: str


# The model's miss at each of our four points, at the first guess.
ERROR_CODE = f"e = ({running.MODEL}) - y"
SQUARES_CODE = "e * e"


@dataclass(frozen=True)
class RunningSquares:
    """Our running problem at the guess: the error ``e`` per point, and ``e * e``.

    ``error`` ran the guess lines and ``e = (w * x + b) - y``; ``squares`` is
    ``e * e``, the squares the mean squared error averages.
    """

    w: torch.Tensor
    b: torch.Tensor
    x: torch.Tensor
    y: torch.Tensor
    error: Run
    e: torch.Tensor
    squares: Run


def running_squares() -> RunningSquares:
    """``e = (w * x + b) - y`` at the guess, then ``e * e`` element by element."""
    p = running.points()
    error = run("\n".join((*running.guess_code(), ERROR_CODE)), x=p.x, y=p.y)
    n = error.names
    return RunningSquares(n["w"], n["b"], p.x, p.y, error, n["e"],
                          run(SQUARES_CODE, e=n["e"]))


@dataclass(frozen=True)
class Hadamard:
    """``A * B`` (cell by cell), with ``A @ B`` beside it for contrast, and our
    running problem's errors squared the same way."""

    pair: Pair
    product: Run
    matmul: Run
    running: RunningSquares


def pair() -> Pair:
    return Pair(run(A_CODE).value, run(B_CODE).value, A_CODE, B_CODE)


def hadamard() -> Hadamard:
    """The guide's ``C = A * B`` and, for contrast, what ``A @ B`` gives."""
    p = pair()
    return Hadamard(
        pair=p,
        product=run("A * B", A=p.a, B=p.b),
        matmul=run("A @ B", A=p.a, B=p.b),
        running=running_squares(),
    )


# -- Matrix multiplication: row times column ----------------------------------

# Not the guide's Q8 shapes, (3 x 4) @ (4 x 2): practice question 8 asks that.
RULE_CODE = "torch.ones(2, 3) @ torch.ones(3, 5)"
RULE_QUESTION = 8
CLASH_CODE = "torch.ones(2, 3) @ torch.ones(2, 3)"
DOT_CODE = "torch.dot(A, B)"
DOT_ROW_COLUMN_CODE = "torch.dot(A[0], B[:, 0])"


@dataclass(frozen=True)
class DotEntry:
    """Entry ``E[i, j]`` of ``A @ B``: row ``i`` of A dotted with column ``j`` of B.

    ``value`` is ``torch.dot(row, column)``; ``tex`` writes the sum out.
    """

    i: int
    j: int
    row: torch.Tensor
    column: torch.Tensor
    terms: torch.Tensor
    value: torch.Tensor
    tex: str


@dataclass(frozen=True)
class ShapeRule:
    """``left @ right``: the operand shapes and the result (or torch's error)."""

    run: Run
    left: tuple[int, ...]
    right: tuple[int, ...]
    out: tuple[int, ...] | None


# Our running problem with two features: one @ gives every point's w * x + b.
RUNNING_PRODUCT_CODE = "X @ theta"
RUNNING_CHECK_CODE = f"torch.equal(X @ theta, {running.MODEL})"


@dataclass(frozen=True)
class RunningMatmul:
    """Our running problem as one ``X @ theta``, at the first guess.

    ``batch`` stacks x beside a column of ones (the feature b multiplies) into
    ``X``; ``params`` puts w and b in ``theta``; ``product`` is ``X @ theta``
    and ``rule`` its shapes, (4, 2) @ (2,) -> (4,); ``first`` is row 0 of X
    times theta, written out with w and b and with their values; ``check`` is
    torch's ``torch.equal(X @ theta, w * x + b)``.
    """

    x: torch.Tensor
    w: torch.Tensor
    b: torch.Tensor
    batch: Run
    X: torch.Tensor  # the name the code gives it
    params: Run
    theta: torch.Tensor
    product: Run
    rule: ShapeRule
    first: DotEntry
    check: Run


def row_times_theta(X: torch.Tensor, theta: torch.Tensor, i: int) -> DotEntry:
    """Row ``i`` of X times the column theta, as ``x_i * w + 1 * b``."""
    row = X[i]
    terms = row * theta
    value = torch.dot(row, theta)
    (x, one), (w, b) = row, theta
    tex = (rf"{num(x)} \cdot w + {num(one)} \cdot b = {num(x)} \cdot {num(w)} + "
           rf"{num(one)} \cdot {num(b)} = {num(value)}")
    return DotEntry(i, 0, row, theta, terms, value, tex)


def running_matmul() -> RunningMatmul:
    """Stack x beside ones, put (w, b) in theta, compare X @ theta with the model."""
    x = running.points().x
    w, b = guess()
    batch = run(batch_code(x), x=x)
    X = batch.names["X"]
    params = run(THETA_CODE, w=w, b=b)
    theta = params.names["theta"]
    product = run(RUNNING_PRODUCT_CODE, X=X, theta=theta)
    return RunningMatmul(
        x=x, w=w, b=b, batch=batch, X=X, params=params, theta=theta,
        product=product,
        rule=ShapeRule(product, tuple(X.shape), tuple(theta.shape),
                       tuple(product.value.shape)),
        first=row_times_theta(X, theta, 0),
        check=run(RUNNING_CHECK_CODE, X=X, theta=theta, w=w, x=x, b=b),
    )


@dataclass(frozen=True)
class MatMul:
    """The guide's ``E = A @ B`` entry by entry, the shape rule, and two refusals.

    ``dot_row_column`` is what ``torch.dot`` is for: a row of A with a column of B;
    ``running`` is our running problem written as one ``X @ theta``.
    """

    pair: Pair
    product: Run
    entries: tuple[DotEntry, ...]
    rule: ShapeRule
    rule_question: int
    clash: ShapeRule
    dot: Run
    dot_row_column: Run
    running: RunningMatmul


def dot_entry(a: torch.Tensor, b: torch.Tensor, i: int, j: int) -> DotEntry:
    row, column = a[i], b[:, j]
    terms = row * column
    value = torch.dot(row, column)
    pairs = " + ".join(rf"{num(x)} \cdot {num(y)}" for x, y in zip(row, column))
    return DotEntry(i, j, row, column, terms, value,
                    rf"E_{{{i},{j}}} = {pairs} = {num(value)}")


def shape_rule(code: str) -> ShapeRule:
    """Run ``left @ right`` and keep both operand shapes and the result's."""
    left, right = (run(side).value for side in code.split(" @ "))
    r = run(code)
    out = tuple(r.value.shape) if r.error is None else None
    return ShapeRule(r, tuple(left.shape), tuple(right.shape), out)


def matmul() -> MatMul:
    """``A @ B`` for the guide's A, B; the (m x n)(n x p) rule; what torch refuses."""
    p = pair()
    rows, cols = p.a.shape[0], p.b.shape[1]
    return MatMul(
        pair=p,
        product=run("A @ B", A=p.a, B=p.b),
        entries=tuple(dot_entry(p.a, p.b, i, j)
                      for i in range(rows) for j in range(cols)),
        rule=shape_rule(RULE_CODE),
        rule_question=RULE_QUESTION,
        clash=shape_rule(CLASH_CODE),
        dot=run(DOT_CODE, A=p.a, B=p.b),
        dot_row_column=run(DOT_ROW_COLUMN_CODE, A=p.a, B=p.b),
        running=running_matmul(),
    )


# -- The chain rule ------------------------------------------------------------

# Not the structure of the guide's Q13 (a square of a line, u = 2x + 1 and
# y = u^2): practice question 13 asks for that derivative, so this chain has
# another outer function, y = 1 / u, and is worked by hand first.
CHAIN_QUESTION = 13
SLOPE = 3  # u = SLOPE * x - 1
CHAIN_FORWARD = (
    "x = torch.tensor(2.0, requires_grad=True)",
    f"u = {SLOPE} * x - 1",
    "y = 1 / u",
)
# Autograd checks the hand result: .backward() walks the chain from y back to
# x and leaves dy/dx in x.grad (the lecture's first use of both).
CHAIN_WHOLE = ("y.backward()", "x.grad")
U_TEX = f"u = {SLOPE}x - 1"
Y_TEX = r"y = \frac{1}{u}"


@dataclass(frozen=True)
class ChainRule:
    """A chain worked by hand, link by link, then checked by autograd.

    ``dy_du`` and ``du_dx`` are the local derivatives from their formulas
    (``-1 / u**2`` and the slope), computed by torch at the forward values;
    ``by_hand`` writes them out (TeX) with those values put in; ``product``
    is ``dy_du * du_dx``; ``dy_dx`` is what ``y.backward()`` left in
    ``x.grad``.
    """

    question: int
    u_tex: str
    y_tex: str
    forward_code: tuple[str, ...]
    whole_code: tuple[str, ...]
    x: torch.Tensor
    u: torch.Tensor
    y: torch.Tensor
    dy_du: torch.Tensor
    du_dx: torch.Tensor
    product: torch.Tensor
    dy_dx: torch.Tensor
    by_hand: tuple[str, str]


def chain_rule() -> ChainRule:
    """Run the chain forward, work each link's derivative, then ``y.backward()``."""
    r = run("\n".join((*CHAIN_FORWARD, *CHAIN_WHOLE)))
    n = r.names
    x, u, y = n["x"].detach(), n["u"].detach(), n["y"].detach()
    dy_du = -1 / u ** 2  # d(1/u)/du
    du_dx = torch.tensor(float(SLOPE))  # d(SLOPE * x - 1)/dx
    by_hand = (
        rf"\frac{{dy}}{{du}} = -\frac{{1}}{{u^2}} = -\frac{{1}}{{{num(u)}^2}} "
        rf"= {num(dy_du)}",
        rf"\frac{{du}}{{dx}} = {SLOPE}",
    )
    return ChainRule(
        question=CHAIN_QUESTION,
        u_tex=U_TEX,
        y_tex=Y_TEX,
        forward_code=CHAIN_FORWARD,
        whole_code=CHAIN_WHOLE,
        x=x,
        u=u,
        y=y,
        dy_du=dy_du,
        du_dx=du_dx,
        product=dy_du * du_dx,
        dy_dx=r.value,
        by_hand=by_hand,
    )
