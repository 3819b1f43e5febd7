"""Practice questions, levels 1 and 2: tensor basics, operations, broadcasting.

Each question of the guide (Q1-Q10) is asked as data (``Question``: its
number, its words, how long the viewer gets to think) and answered by running
the guide's solution code (A1-A10) in torch. Where torch disagrees with the
guide the difference is a finding in ``tensors.errata``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from tensors import device, quiz
from tensors.fmt import num, vector
from tensors.fmt import shape as shape_str
from tensors.quiz import Quiz
from tensors.snippet import Run, run

# What a question asks of the viewer, and how long its countdown gives them to do
# it (seconds, one digit a second): a shape or a yes or no is a prediction, a
# line or two of torch takes longer, numbers worked out by hand longer still,
# and a derivative by hand longest.
PREDICT, CODE, WORK, DERIVE = "predict", "code", "work", "derive"
THINK_SECONDS = {PREDICT: 10, CODE: 20, WORK: 30, DERIVE: 40}


@dataclass(frozen=True)
class Question:
    """A practice question as shown on screen and as read aloud.

    ``kind`` (``PREDICT``, ``CODE``, ``WORK`` or ``DERIVE``) says what it asks,
    and so how long the viewer gets to think: ``think_seconds``, from
    ``THINK_SECONDS``. ``countdown`` is filled in from it (``5 -> (5, 4, 3, 2,
    1)``): the digits the scene shows while the viewer thinks. ``said`` is
    the question as the narration reads it, for a listener who cannot see
    the card: the card's words and code in a form the voice reads well (the
    card's own ``text`` when that reads well already).
    """

    number: int
    text: str
    code: str = ""
    kind: str = field(default=CODE, kw_only=True)
    said: str = field(default="", kw_only=True)
    # The page's answer box for this question (``tensors.quiz``): torch's answer.
    quiz: Quiz | None = field(default=None, kw_only=True)
    # A formula the card typesets under its words (TeX), and the same formula
    # in plain text for the page and the handout ("" for none).
    tex: str = field(default="", kw_only=True)
    tex_text: str = field(default="", kw_only=True)
    think_seconds: int = field(init=False)
    countdown: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.kind not in THINK_SECONDS:
            raise ValueError(f"Q{self.number}: kind {self.kind!r} is not one of "
                             f"{', '.join(THINK_SECONDS)}")
        seconds = THINK_SECONDS[self.kind]
        object.__setattr__(self, "think_seconds", seconds)
        object.__setattr__(self, "countdown", tuple(range(seconds, 0, -1)))
        if not self.said:
            object.__setattr__(self, "said", self.text)


def _shape(t) -> tuple[int, ...]:
    return tuple(int(d) for d in t)


# -- Level 1: tensor basics ---------------------------------------------------

A1_CODE = "A = torch.tensor([[1, 2, 3], [4, 5, 6]])\nA.shape"
A2_CODE = "T = torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])\nT.shape"
A3_GUIDE = "I = torch.eye(3); result = I @ A"
A3_MIXED = "A @ torch.eye(3)"
# Float on both sides: CUDA has no integer matmul, so A becomes float32 too.
A3_RIGHT = "F = A.float(); I3 = torch.eye(3)\ntorch.equal(F @ I3, F)"
A3_LEFT = "F = A.float(); I2 = torch.eye(2)\ntorch.equal(I2 @ F, F)"
# Q3's quiz: which side of A the n x n identity goes on, by (I @ A, A @ I) working.
A3_ORDERS = {(True, False): "I @ A", (False, True): "A @ I", (True, True): "both",
             (False, False): "neither"}
A4_CODE = "x.mean(), x.std()"
# x.std() is the sample std (divides by n - 1, Bessel's correction); these divide by n.
A4_POPULATION = "x.std(correction=0)"
A4_NUMPY = "import numpy as np\nnp.std(x.cpu().numpy())"  # NumPy's default: ddof=0
SAMPLES = 100
DISTRIBUTION = "N(0, 1)"
# Q4's samples are random: a prediction of 0 and 1 counts within three standard
# errors of the mean (1 / sqrt(SAMPLES) for N(0, 1)).
Q4_TOLERANCE = 3 / math.sqrt(SAMPLES)
BIN_WIDTH = 0.5  # histogram bins; the range is the smallest whole [-k, k] holding all
A5_ARANGE = "a = torch.arange(0, 101, 5)"
A5_LINSPACE = "l = torch.linspace(0, 100, 21)"
A5_EQUAL = "torch.equal(a, l)"
A5_CLOSE = "torch.allclose(a.float(), l)"
A5_ROWS = 3  # the row of 21 values is drawn wrapped onto 3 lines of 7
A5_COUNT = "a.numel()"


@dataclass(frozen=True)
class MatrixAnswer:
    """Q1: the matrix built as a tensor, and the shape torch reports."""

    question: Question
    run: Run
    a: torch.Tensor
    shape: tuple[int, ...]
    dtype: str


@dataclass(frozen=True)
class CubeAnswer:
    """Q2: a 3-D tensor, its shape, and its two 2-D layers ``t[0]``, ``t[1]``."""

    question: Question
    run: Run
    shape: tuple[int, ...]
    dims: int
    layers: tuple[torch.Tensor, ...]
    layer_names: tuple[str, ...]  # how each layer is picked out: T[0], T[1]
    layer_shape: tuple[int, ...]
    layer_count: int  # len(T): how many 2-D layers the first dimension holds


@dataclass(frozen=True)
class IdentityAnswer:
    """Q3: the guide's ``I @ A`` (fails for a 2x3 A) and what does work."""

    question: Question
    a: torch.Tensor
    a_shape: tuple[int, ...]
    guide: Run
    guide_shapes: tuple[tuple[int, ...], tuple[int, ...]]
    mixed: Run
    right: Run
    right_product: torch.Tensor
    product_code: str
    right_eye_shape: tuple[int, ...]
    left: Run
    left_eye_shape: tuple[int, ...]
    eye_dtype: str
    a_dtype: str


@dataclass(frozen=True)
class NormalAnswer:
    """Q4: mean and std of seeded N(0, 1) samples, and their histogram."""

    question: Question
    samples: int
    distribution: str
    seed: int
    run: Run
    mean: float
    std: float  # x.std(): divides by n - 1 (Bessel's correction), the sample std
    population: Run  # x.std(correction=0): divides by n
    numpy: Run  # np.std on the same numbers: NumPy divides by n unless told ddof=1
    numpy_code: str  # the line of it shown (its import left off)
    numpy_std: float
    counts: torch.Tensor
    edges: tuple[float, ...]
    ticks: tuple[int, ...]


@dataclass(frozen=True)
class RangeAnswer:
    """Q5: ``arange`` and ``linspace`` give the same values, in two dtypes."""

    question: Question
    arange: Run
    linspace: Run
    a: torch.Tensor
    l: torch.Tensor  # noqa: E741 - the name the code uses
    arange_rows: torch.Tensor
    linspace_rows: torch.Tensor
    arange_dtype: str
    linspace_dtype: str
    count: int
    equal: Run
    close: Run


@dataclass(frozen=True)
class LevelOne:
    """Level 1: Q1 to Q5, each asked and then answered by torch."""

    level: int
    q1: MatrixAnswer
    q2: CubeAnswer
    q3: IdentityAnswer
    q4: NormalAnswer
    q5: RangeAnswer


def matrix_text(name: str, m: torch.Tensor) -> str:
    """A 2-D tensor written as a matrix, a bracketed row a line, columns aligned:
    ``A = [ 1  2  3 ]`` over ``    [ 4  5  6 ]``. Each row stays whole."""
    cells = [[num(v) for v in row] for row in m]
    width = max(len(c) for row in cells for c in row)
    rows = ["[ " + "  ".join(c.rjust(width) for c in row) + " ]" for row in cells]
    lead = name + " = "
    return "\n".join((lead if i == 0 else " " * len(lead)) + row
                     for i, row in enumerate(rows))


def q1_matrix() -> MatrixAnswer:
    r = run(A1_CODE)
    a = r.names["A"]
    listed = " and ".join(", ".join(str(int(v)) for v in row) for row in a)
    # The matrix goes on the card's code line, a row a line: words wrap, it cannot.
    q = Question(1, "Build a tensor for this matrix A. What shape will it have?",
                 matrix_text("A", a), kind=CODE,
                 said=f"Build a tensor for the matrix A whose rows are {listed}. "
                      "What shape will it have?",
                 quiz=quiz.shape("What shape does A have?", r.value, r.code))
    return MatrixAnswer(q, r, a, _shape(r.value), str(a.dtype))


def q2_cube() -> CubeAnswer:
    r = run(A2_CODE)
    t = r.names["T"]
    code = A2_CODE.split("\n")[0].split(" = ", 1)[1]
    q = Question(2, "What shape will this tensor have? Sketch it.", code,
                 kind=PREDICT,
                 said=f"What shape will this tensor have? Its brackets, "
                      f"{t.dim()} deep, hold {len(t)} blocks: "
                      + ". The next block: ".join(str(layer.tolist()) for layer in t)
                      + ". Sketch it.",
                 quiz=quiz.shape("What shape does this tensor have?", r.value, r.code))
    return CubeAnswer(q, r, _shape(r.value), t.dim(), tuple(t.unbind(0)),
                      tuple(f"T[{i}]" for i in range(len(t))), _shape(t[0].shape),
                      len(t))


def q3_identity(a: torch.Tensor) -> IdentityAnswer:
    guide = run(A3_GUIDE, A=a)
    right, left = run(A3_RIGHT, A=a), run(A3_LEFT, A=a)
    n = a.shape[1]
    # I @ A is the guide's order (an error for a 2x3 A); A @ I is checked in float.
    works = (guide.error is None and torch.equal(guide.names["result"], a),
             right.value is True)
    q = Question(3, f"Make the {n} x {n} identity matrix I and check that "
                    "multiplying it with A (from Q1) gives A back.", kind=CODE,
                 said=f"Make the {n} by {n} identity matrix I and check that "
                      "multiplying it with A, from question 1, gives A back.",
                 quiz=quiz.choice(
                     f"With the {n} x {n} I, which product fits A's shape?",
                     A3_ORDERS[works], tuple(A3_ORDERS.values()), right.code))
    return IdentityAnswer(
        question=q,
        a=a,
        a_shape=_shape(a.shape),
        guide=guide,
        guide_shapes=((n, n), _shape(a.shape)),
        mixed=run(A3_MIXED, A=a),
        right=right,
        right_product=right.names["F"] @ right.names["I3"],
        product_code="F @ I3",
        right_eye_shape=_shape(right.names["I3"].shape),
        left=left,
        left_eye_shape=_shape(left.names["I2"].shape),
        eye_dtype=str(torch.eye(n).dtype),
        a_dtype=str(a.dtype),
    )


def normal_samples() -> torch.Tensor:
    """The Q4 samples: ``SAMPLES`` draws of N(0, 1) from the lecture's seed."""
    return device.randn(SAMPLES)


def q4_normal() -> NormalAnswer:
    x = normal_samples()
    r = run(A4_CODE, x=x)
    mean, std = (v.item() for v in r.value)
    edge = math.ceil(x.abs().max().item())
    bins = round(2 * edge / BIN_WIDTH)
    counts = torch.histc(x, bins=bins, min=-edge, max=edge)
    edges = tuple(torch.linspace(-edge, edge, bins + 1).tolist())
    q = Question(4, f"Draw {SAMPLES} random numbers from the standard normal "
                    f"distribution {DISTRIBUTION}. What will their mean and "
                    "standard deviation be?", kind=CODE,
                 quiz=quiz.numbers("About what are their mean and std?", r.value,
                                   r.code, tolerance=Q4_TOLERANCE))
    by_n, numpy = run(A4_POPULATION, x=x), run(A4_NUMPY, x=x)
    return NormalAnswer(q, SAMPLES, DISTRIBUTION, device.SEED, r, mean, std,
                        by_n, numpy, A4_NUMPY.split("\n")[-1], float(numpy.value),
                        counts.cpu(), edges,
                        tuple(range(-edge, edge + 1)))


def q5_ranges() -> RangeAnswer:
    ra, rl = run(A5_ARANGE), run(A5_LINSPACE)
    a, lin = ra.names["a"], rl.names["l"]
    cols = a.numel() // A5_ROWS
    step = a[1] - a[0]
    q = Question(5, "Make the numbers from 0 to 100 in steps of 5, "
                    "once with arange and once with linspace.", kind=CODE,
                 quiz=quiz.number(f"How many numbers go from {num(a[0])} to "
                                  f"{num(a[-1])} in steps of {num(step)}?",
                                  a.numel(), A5_COUNT))
    return RangeAnswer(
        question=q,
        arange=ra,
        linspace=rl,
        a=a,
        l=lin,
        arange_rows=a.reshape(A5_ROWS, cols),
        linspace_rows=lin.reshape(A5_ROWS, cols),
        arange_dtype=str(a.dtype),
        linspace_dtype=str(lin.dtype),
        count=a.numel(),
        equal=run(A5_EQUAL, a=a, l=lin),
        close=run(A5_CLOSE, a=a, l=lin),
    )


def level_one() -> LevelOne:
    """Questions 1 to 5 with torch's answers."""
    q1 = q1_matrix()
    return LevelOne(1, q1, q2_cube(), q3_identity(q1.a), q4_normal(), q5_ranges())


# -- Level 2: operations and broadcasting ---------------------------------------

A6_U = "torch.tensor([1., 2., 3.])"  # float: CUDA has no integer dot
A6_V = "torch.tensor([4., 5., 6.])"
A6_CODES = ("u * v", "torch.dot(u, v)", "torch.outer(u, v)")
A7_CODE = "A = torch.ones(3, 4); b = torch.arange(4); C = A + b"
A7_SHAPE = "C.shape"
A8_A = "torch.arange(12.).reshape(3, 4)"
A8_B = "torch.arange(8.).reshape(4, 2)"
A8_CODES = ("A @ B", "B @ A")
A9_CODE = "torch.arange(24).reshape(2, 3, 4)"
A9_GUIDE = ((2, 12), (3, 8), (4, 6), (6, 4), (8, 3))
A9_PAIRS = "n = t.numel()\n[(d, n // d) for d in range(1, n + 1) if n % d == 0]"
A9_GOOD = (4, 6)  # one divisor pair, reshaped for real as a check
A9_BAD = (5, 5)  # one of the shapes torch refuses, shown as an example
A9_COUNT = "len(two_d_shapes(t))"
A10_CODE = "double_t = A.t().t(); torch.equal(A, double_t)"


@dataclass(frozen=True)
class ProductsAnswer:
    """Q6: element-wise, dot and outer products of u and v."""

    question: Question
    u: torch.Tensor
    v: torch.Tensor
    hadamard: Run
    dot: Run
    outer: Run
    dot_terms: str  # the dot product written out as a sum, for MathTex


@dataclass(frozen=True)
class BroadcastAnswer:
    """Q7: ``b`` of shape (4,) is read as (1, 4), then stretched to (3, 4)."""

    question: Question
    run: Run
    b: torch.Tensor
    row: torch.Tensor  # b.unsqueeze(0): the same numbers as one row
    chain: tuple[tuple[int, ...], ...]  # b.shape, b[None].shape, expanded shape
    stretched: torch.Tensor
    stride: Run  # the broadcast view b.expand(3, 4): stride 0, no copy
    c_stride: Run  # C = A + b is a new tensor with its own memory: (4, 1)
    result: torch.Tensor
    shape: tuple[int, ...]
    dtype: str
    same_as_expanded: bool


@dataclass(frozen=True)
class MatmulAnswer:
    """Q8: (3, 4) @ (4, 2) -> (3, 2), and the other order failing."""

    question: Question
    a: Run
    b: Run
    product: Run
    a_shape: tuple[int, ...]
    b_shape: tuple[int, ...]
    shape: tuple[int, ...]
    inner: tuple[int, int]
    swapped: Run


@dataclass(frozen=True)
class ReshapeAnswer:
    """Q9: the 2-D shapes of a (2, 3, 4) tensor: the divisor pairs of its numel."""

    question: Question
    source: Run
    shape: tuple[int, ...]
    numel: int
    pairs: Run  # (rows, cols) with rows * cols == numel, from t.numel()
    worked: tuple[tuple[int, int], ...]  # the pairs that t.reshape accepted
    good: Run  # one of them reshaped: its .shape
    guide: tuple[tuple[int, int], ...]
    missing: tuple[tuple[int, int], ...]
    bad: Run
    pair_count: int  # len(pairs.value): the divisor pairs of numel
    worked_count: int  # len(worked): the 2-D shapes t.reshape accepted
    guide_count: int  # len(guide): the shapes the guide lists
    missing_count: int  # len(missing): worked shapes the guide leaves out


@dataclass(frozen=True)
class DoubleTransposeAnswer:
    """Q10: A, A.t() and A.t().t(); torch.equal says whether they match."""

    question: Question
    a: torch.Tensor
    t: torch.Tensor
    tt: torch.Tensor
    run: Run


@dataclass(frozen=True)
class LevelTwo:
    """Level 2: Q6 to Q10, each asked and then answered by torch."""

    level: int
    q6: ProductsAnswer
    q7: BroadcastAnswer
    q8: MatmulAnswer
    q9: ReshapeAnswer
    q10: DoubleTransposeAnswer


def q6_products() -> ProductsAnswer:
    u, v = run(A6_U).value, run(A6_V).value
    had, dot, outer = (run(c, u=u, v=v) for c in A6_CODES)
    terms = " + ".join(rf"{int(a)} \cdot {int(b)}" for a, b in zip(u, v))
    q = Question(6, f"For u = {vector(u)} and v = {vector(v)}, compute the "
                    "element-wise product, the dot product and the outer "
                    "product of u and v.", kind=WORK,
                 said=f"For u = {vector(u)}, and v = {vector(v)}, compute the "
                      "element-wise product, the dot product and the outer "
                      "product of u and v.",
                 quiz=quiz.number("What is the dot product of u and v?", dot.value,
                                  dot.code))
    return ProductsAnswer(q, u, v, had, dot, outer, terms)


def q7_broadcast() -> BroadcastAnswer:
    r = run(A7_CODE)
    a, b, c = r.names["A"], r.names["b"], r.names["C"]
    shape = tuple(torch.broadcast_shapes(a.shape, b.shape))
    row = b.unsqueeze(0)
    stretched = row.expand(shape)
    a_code, b_code, c_code = (c.strip() for c in A7_CODE.split(";"))
    q = Question(7, "Will this addition broadcast, or will it raise? Why, and what "
                    "shape will C have?",
                 A7_CODE, kind=PREDICT,
                 said=f"Take {a_code}, {b_code}, and {c_code}. Will this addition "
                      "broadcast, or will it raise? Why, and what shape will C have?",
                 quiz=quiz.shape("What shape does C have?", c.shape, A7_SHAPE))
    return BroadcastAnswer(
        question=q, run=r, b=b, row=row,
        chain=(_shape(b.shape), _shape(row.shape), _shape(stretched.shape)),
        stretched=stretched,
        stride=run(f"b.expand{shape}.stride()", b=b),
        c_stride=run("C.stride()", C=c),
        result=c,
        shape=_shape(c.shape), dtype=str(c.dtype),
        same_as_expanded=torch.equal(c, a + stretched),
    )


def q8_matmul() -> MatmulAnswer:
    a, b = run(A8_A), run(A8_B)
    product, swapped = (run(c, A=a.value, B=b.value) for c in A8_CODES)
    sa, sb = _shape(a.value.shape), _shape(b.value.shape)
    # Asked before either runs: which order runs, which raises, and the shape.
    ab, ba = A8_CODES
    q = Question(8, f"For a {shape_str(sa)} matrix A and a {shape_str(sb)} matrix B, "
                    f"will {ab} run or raise? And {ba}? What shape?", kind=PREDICT,
                 said=f"For a {shape_str(sa)} matrix A and a {shape_str(sb)} matrix "
                      f"B, will {ab} run, or raise? And {ba}? What shape will come "
                      "out?",
                 quiz=quiz.shape(f"What shape does {product.code} have?",
                                 product.value.shape, f"({product.code}).shape"))
    return MatmulAnswer(q, a, b, product, sa, sb, _shape(product.value.shape),
                        (sa[-1], sb[0]), swapped)


def divisor_pairs(t: torch.Tensor) -> Run:
    """Every (rows, cols) with rows * cols == t.numel(): reshape keeps each element."""
    return run(A9_PAIRS, t=t)


def two_d_shapes(
    t: torch.Tensor, pairs: Run | None = None
) -> tuple[tuple[int, int], ...]:
    """The divisor pairs of ``t.numel()`` that ``t.reshape`` really accepts."""
    worked = []
    for rows, cols in (pairs or divisor_pairs(t)).value:
        try:
            t.reshape(rows, cols)
        except RuntimeError:
            continue
        worked.append((rows, cols))
    return tuple(worked)


def q9_reshape() -> ReshapeAnswer:
    source = run(A9_CODE)
    t = source.value
    n = t.numel()
    pairs = divisor_pairs(t)
    worked = two_d_shapes(t, pairs)
    shape = _shape(t.shape)
    q = Question(9, f"A tensor t has shape {shape_str(shape)}. Which 2-D shapes "
                    "will t.reshape accept, and which will raise?", kind=WORK,
                 quiz=quiz.number("How many 2-D shapes can it take?", len(worked),
                                  A9_COUNT))
    missing = tuple(s for s in worked if s not in A9_GUIDE)
    return ReshapeAnswer(
        question=q, source=source, shape=shape, numel=n, pairs=pairs,
        worked=worked, good=run(f"t.reshape{A9_GOOD}.shape", t=t), guide=A9_GUIDE,
        missing=missing, bad=run(f"t.reshape{A9_BAD}", t=t),
        pair_count=len(pairs.value), worked_count=len(worked),
        guide_count=len(A9_GUIDE), missing_count=len(missing),
    )


def q10_double_transpose(a: torch.Tensor) -> DoubleTransposeAnswer:
    r = run(A10_CODE, A=a)
    q = Question(10, "Show with PyTorch code that transposing Q1's A twice gives "
                     "A back.", kind=CODE,
                 said="Show with PyTorch code that transposing A, from question 1, "
                      "twice gives A back.",
                 quiz=quiz.choice("Is A.t().t() equal to A: True or False?",
                                  num(r.value), (num(True), num(False)), r.code))
    return DoubleTransposeAnswer(q, a, a.t(), r.names["double_t"], r)


def level_two() -> LevelTwo:
    """Questions 6 to 10 with torch's answers."""
    return LevelTwo(2, q6_products(), q7_broadcast(), q8_matmul(), q9_reshape(),
                    q10_double_transpose(q1_matrix().a))
