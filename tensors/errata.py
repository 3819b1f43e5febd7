"""Where the guide and torch disagree: every finding, checked live.

The guide was written by hand. Each ``Finding`` quotes the guide, names the
scene that shows the difference, and carries a ``check`` that runs torch and
returns what torch really does, or ``None`` if torch now agrees with the
guide (then the finding is stale and the tests fail). ``render.py lecture``
writes all findings to ``build/errata.md``.

Three kinds. A ``CARD`` is a mistake that leads a student to wrong code or
a wrong belief: the scene that teaches the point stops for an erratum card
(at most ``MAX_CARDS`` cards in the lecture, ``FURTHER`` ones included). A
``FURTHER`` card is not a mistake but a caution the guide leaves out (right
for small inputs, wrong for large ones): its card says "Going further". A
``NOTE`` is a slip that could still mislead a reader who copies the guide (a
stray operator, a method named without its call) and that no scene teaches
in its own words: the notes are read one by one at the end
(``NOTES_SCENE``), each quoting its guide line, and get their own heading in
``build/errata.md``. A point a scene already makes in place is not repeated
as a note, and a quibble (a metaphor, an "etc.", a missing comma) is no
finding at all.

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

CARD, FURTHER, NOTE = "card", "further", "note"
# What a card's title says, by kind.
TITLES = {CARD: "The guide differs", FURTHER: "Going further"}
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
        f"`y.backward()` returns `None`; the gradient, {num(r.names['x'].grad)}, "
        "is stored in `x.grad`"
    )


def hadamard_operator() -> str | None:
    """Guide 2.2 heading: ``Element-wise (Hadamard Product) @``."""
    p = core.pair()  # floats: CUDA has no integer matmul
    star, at = run("A * B", A=p.a, B=p.b), run("A @ B", A=p.a, B=p.b)
    if torch.equal(star.value, at.value):
        return None
    return (
        f"the heading ends in the matrix product's operator by mistake. "
        f"Element-wise is `A * B` = {nested(star.value)}, and `A @ B` is the "
        "matrix product"
    )


def identity_left_of_wide_matrix() -> str | None:
    """Guide A3: ``I = torch.eye(3); result = I @ A`` with Q1's 2x3 matrix A."""
    from tensors import practice_basics as pb  # noqa: PLC0415 - keeps the hunk local
    from tensors.fmt import shape as fmt_shape  # noqa: PLC0415

    q = pb.q3_identity(pb.q1_matrix().a)
    if q.guide.error is None:
        return None
    fix = q.right.code.replace("\n", "; ")
    mixed = (f" There waits the bigger trap: A is `{q.a_dtype}` and `torch.eye(3)` is "
             f"`{q.eye_dtype}`, so `A @ torch.eye(3)` raises `{q.mixed.error_type}: "
             f"{q.mixed.error}`. With one dtype it works:"
             if q.mixed.error is not None else " There:")
    return (
        f"If A is Q1's A, of shape {fmt_shape(q.a_shape)}, `I @ A` raises "
        f"`{q.guide.error_type}: {q.guide.error}`, so the identity goes on the "
        f"right.{mixed} `{fix}` gives `{q.right.value}`"
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
        kind=FURTHER,
    ),
    Finding(
        key="in-place-saved-values",
        scene="speed-hacks",
        guide="Never do x += 1 if tracking grads. Do x = x + 1.",
        check=speed_hacks.in_place_check,
    ),
    # Notes: read one by one at the end of the lecture. Left out on purpose
    # (a point made in place, or a quibble): "Matrix Multiplication (Dot
    # Product) @" (the matmul scene shows torch.dot failing on matrices), ".to()
    # is not in place" (tensor-ranks: always assign), "BCHW: always" (the
    # speed-hacks scene shows channels_last and (H, W, C) loaders), "(3)" for
    # (3,), the "etc." of the reshape list, the scalar in Table 1's reshape row,
    # and "gradients are valves" (a metaphor).
    Finding(
        key="hadamard-operator",
        scene=NOTES_SCENE,
        guide="Element-wise (Hadamard Product) @",
        check=hadamard_operator,
        kind=NOTE,
    ),
    Finding(
        key="uncalled-methods",
        scene=NOTES_SCENE,
        guide="optimizer.zero_grad ... with torch.no_grad",
        check=cheatsheets.uncalled_methods_check,
        kind=NOTE,
    ),
)


def by_key() -> dict[str, Finding]:
    return {f.key: f for f in FINDINGS}


def cards() -> tuple[Finding, ...]:
    """The findings a scene stops for with a card (``CARD`` and ``FURTHER``)."""
    return tuple(f for f in FINDINGS if f.kind in TITLES)


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
            f"## {i}. {f.key}" + (" (going further)" if f.kind == FURTHER else ""),
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
        f"Smaller points, read one by one at the end of `{NOTES_SCENE}` ({title}).",
        "",
    ]
    for f in notes():
        out += [f"- **{f.key}.** Guide: `{f.guide}`. Torch: {f.torch_says()}."]
    return "\n".join(out) + "\n"
