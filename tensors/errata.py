"""Where the guide and torch disagree: every finding, checked live.

The guide was written by hand. Each ``Finding`` quotes the guide, names the
scene that shows the difference, and carries a ``check`` that runs torch and
returns what torch really does, or ``None`` if torch now agrees with the
guide (then the finding is stale and the tests fail). ``render.py lecture``
writes all findings to ``build/errata.md``.

Two kinds. A ``CARD`` is a mistake that leads a student to wrong code or a
wrong belief: the scene that teaches the point stops for an erratum card
(at most ``MAX_CARDS`` in the lecture). A ``NOTE`` is a slip a careful
reader corrects alone (a stray glyph, a missing comma or pair of brackets)
or a real point the lecture already teaches in its own words: all notes are
read on one "Notes on the guide" beat at the end (``NOTES_SCENE``) and get
their own heading in ``build/errata.md``.

To add one: write a check function (next to the torch code it checks) and
append a ``Finding`` to ``FINDINGS``; for a card, call
``self.erratum("<key>")`` in the scene where it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from tensors import cheatsheets, core, practice_applied, practice_autograd, speed_hacks
from tensors.fmt import nested, num
from tensors.snippet import run

CARD, NOTE = "card", "note"
MAX_CARDS = 6
NOTES_SCENE = "final-exam"  # the scene whose last beat reads every note


@dataclass(frozen=True)
class Finding:
    """One place where the guide says something torch does not do."""

    key: str
    scene: str
    guide: str
    check: Callable[[], str | None]
    kind: str = CARD

    def torch_says(self) -> str:
        """What torch does instead, computed now; fails loudly if it agrees."""
        said = self.check()
        if said is None:
            raise AssertionError(
                f"erratum {self.key!r}: torch now agrees with the guide"
            )
        return said


def backward_returns_none() -> str | None:
    """Guide 2.3: ``y.backward() # Output: tensor(2.)``."""
    r = run("x = torch.tensor(2.0, requires_grad=True)\ny = (x * 2) + 3\ny.backward()")
    if r.value is not None:
        return None
    return (
        f"y.backward() returns None; the gradient, {num(r.names['x'].grad)}, "
        "is stored in x.grad"
    )


def hadamard_operator() -> str | None:
    """Guide 2.2 heading: ``Element-wise (Hadamard Product) @``."""
    p = core.pair()  # floats: CUDA has no integer matmul
    star, at = run("A * B", A=p.a, B=p.b), run("A @ B", A=p.a, B=p.b)
    if torch.equal(star.value, at.value):
        return None
    return (
        f"the stray @ after the heading: element-wise is A * B = "
        f"{nested(star.value)}; A @ B = {nested(at.value)} is the matrix product"
    )


def matmul_is_not_dot() -> str | None:
    """Guide 2.2 heading: ``Matrix Multiplication (Dot Product) @``."""
    p = core.pair()
    r = run("torch.dot(A, B)", A=p.a, B=p.b)
    if r.error is None:
        return None
    return (
        f"torch.dot is 1-D only, unlike np.dot: on matrices it raises "
        f"{r.error_type} ({r.error}). Use @, torch.matmul"
    )


def identity_left_of_wide_matrix() -> str | None:
    """Guide A3: ``I = torch.eye(3); result = I @ A`` with Q1's 2x3 matrix A."""
    from tensors import practice_basics as pb  # noqa: PLC0415 - keeps the hunk local
    from tensors.fmt import shape as fmt_shape  # noqa: PLC0415

    q = pb.q3_identity(pb.q1_matrix().a)
    if q.guide.error is None:
        return None
    fix = q.right.code.replace("\n", "; ")
    return (
        f"A from Q1 has shape {fmt_shape(q.a_shape)}, so I @ A raises "
        f"{q.guide.error_type}: {q.guide.error}. The identity that fits goes on "
        f"the right: {fix} gives {q.right.value}"
    )


def reshape_list_incomplete() -> str | None:
    """Guide A9: the 2-D shapes of a (2, 3, 4) tensor, listed with "etc."."""
    from tensors import practice_basics as pb  # noqa: PLC0415 - keeps the hunk local
    from tensors.fmt import shape as fmt_shape  # noqa: PLC0415

    q = pb.q9_reshape()
    if not q.missing:
        return None
    return (
        f'"etc." hides {len(q.missing)}: torch accepts {len(q.worked)} 2-D '
        f"shapes for {q.numel} elements; the list leaves out "
        f"{', '.join(fmt_shape(s) for s in q.missing)}"
    )


FINDINGS: tuple[Finding, ...] = (
    # Cards: the lecture stops for these, in the scene that teaches the point.
    Finding(
        key="backward-output",
        scene="autograd-graph",
        guide="y.backward() # Output: tensor(2.)",
        check=backward_returns_none,
    ),
    Finding(
        key="identity-needs-square-fit",
        scene="practice-level-1",
        guide="I = torch.eye(3); result = I @ A",
        check=identity_left_of_wide_matrix,
    ),
    Finding(
        key="backward-twice",
        scene="practice-level-3",
        guide="A14. Gradients accumulate! PyTorch adds new gradients to existing ones.",
        check=practice_autograd.backward_twice_check,
    ),
    Finding(
        key="mse-sum",
        scene="practice-level-3",
        guide="A15. Chain rule computes -2x_i(y_i - y_hat_i)/n",
        check=practice_autograd.mse_sum_check,
    ),
    Finding(
        key="softmax-overflow",
        scene="practice-level-4",
        guide="A16. exp_x = torch.exp(x); probs = exp_x / exp_x.sum()",
        check=practice_applied.softmax_overflow_check,
    ),
    Finding(
        key="in-place-saved-values",
        scene="speed-hacks",
        guide="Never do x += 1 if tracking grads. Do x = x + 1.",
        check=speed_hacks.in_place_check,
    ),
    # Notes: read together on the last beat of the lecture.
    Finding(
        key="hadamard-operator",
        scene=NOTES_SCENE,
        guide="Element-wise (Hadamard Product) @",
        check=hadamard_operator,
        kind=NOTE,
    ),
    Finding(
        key="matmul-is-not-dot",
        scene=NOTES_SCENE,
        guide="Matrix Multiplication (Dot Product) @",
        check=matmul_is_not_dot,
        kind=NOTE,
    ),
    Finding(
        key="table-one-mixed",
        scene=NOTES_SCENE,
        guide="Table 1: Tensor Creation | Scalar 5 | torch.tensor(5) | Reshape | "
        "(2, 3) -> (3, 2)",
        check=cheatsheets.table_one_mixed_check,
        kind=NOTE,
    ),
    Finding(
        key="drop-dim-shape",
        scene=NOTES_SCENE,
        guide="Drop dim (1, 3, 1) -> (3)",
        check=cheatsheets.drop_dim_check,
        kind=NOTE,
    ),
    Finding(
        key="uncalled-methods",
        scene=NOTES_SCENE,
        guide="optimizer.zero_grad ... with torch.no_grad",
        check=cheatsheets.uncalled_methods_check,
        kind=NOTE,
    ),
    Finding(
        key="reshape-shape-list",
        scene=NOTES_SCENE,
        guide="2D shapes: (2,12), (3,8), (4,6), (6,4), (8,3), etc.",
        check=reshape_list_incomplete,
        kind=NOTE,
    ),
    Finding(
        key="bchw-always",
        scene=NOTES_SCENE,
        guide="BCHW: Image dimensions are always Batch, Channel, Height, Width.",
        check=speed_hacks.bchw_check,
        kind=NOTE,
    ),
    Finding(
        key="gradients-are-valves",
        scene=NOTES_SCENE,
        guide="Imagine water flowing backward through pipes. Gradients are valves.",
        check=speed_hacks.valves_check,
        kind=NOTE,
    ),
    Finding(
        key="to-not-in-place",
        scene=NOTES_SCENE,
        guide="Ensure data x and model are both on .to('cuda') or 'cpu'",
        check=speed_hacks.to_check,
        kind=NOTE,
    ),
)


def by_key() -> dict[str, Finding]:
    return {f.key: f for f in FINDINGS}


def cards() -> tuple[Finding, ...]:
    return tuple(f for f in FINDINGS if f.kind == CARD)


def notes() -> tuple[Finding, ...]:
    return tuple(f for f in FINDINGS if f.kind == NOTE)


def report(scene_titles: dict[str, str]) -> str:
    """``build/errata.md``: the errata, then the notes, each checked against torch now.

    ``scene_titles`` maps scene ids to chapter titles in lecture order; the
    errata are listed in the order the lecture shows them.
    """
    order = {scene: i for i, scene in enumerate(scene_titles)}
    found = sorted(cards(), key=lambda f: order.get(f.scene, len(order)))
    out = [f"# Errata: where the guide and torch disagree ({torch.__version__})", ""]
    for i, f in enumerate(found, 1):
        title = scene_titles.get(f.scene, "(not in the lecture)")
        out += [
            f"## {i}. {f.key}",
            "",
            f"- **Guide:** `{f.guide}`",
            f"- **Torch:** {f.torch_says()}",
            f"- **Shown in:** `{f.scene}` ({title})",
            "",
        ]
    title = scene_titles.get(NOTES_SCENE, "(not in the lecture)")
    out += [
        "# Notes on the guide",
        "",
        f"Smaller points, read together at the end of `{NOTES_SCENE}` ({title}).",
        "",
    ]
    for f in notes():
        out += [f"- **{f.key}.** Guide: `{f.guide}`. Torch: {f.torch_says()}."]
    return "\n".join(out) + "\n"
