"""Where the guide and torch disagree: every finding, checked live.

The guide was written by hand. Each ``Finding`` quotes the guide, names the
scene that shows the difference, and carries a ``check`` that runs torch and
returns what torch really does, or ``None`` if torch now agrees with the
guide (then the finding is stale and the tests fail). ``render.py lecture``
writes all findings to ``build/errata.md``.

To add one: write a check function below and append a ``Finding`` to
``FINDINGS``; in the scene, call ``self.erratum("<key>")`` where it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from tensors import cheatsheets, core, practice_autograd
from tensors.fmt import nested, num
from tensors.snippet import run


@dataclass(frozen=True)
class Finding:
    """One place where the guide says something torch does not do."""

    key: str
    scene: str
    guide: str
    check: Callable[[], str | None]

    def torch_says(self) -> str:
        """What torch does instead, computed now; fails loudly if it agrees."""
        said = self.check()
        if said is None:
            raise AssertionError(f"erratum {self.key!r}: torch now agrees with the guide")
        return said


def backward_returns_none() -> str | None:
    """Guide 2.3: ``y.backward() # Output: tensor(2.)``."""
    r = run("x = torch.tensor(2.0, requires_grad=True)\ny = (x * 2) + 3\ny.backward()")
    if r.value is not None:
        return None
    return (f"y.backward() returns None; the gradient, {num(r.names['x'].grad)}, "
            "is stored in x.grad")


def hadamard_operator() -> str | None:
    """Guide 2.2 heading: ``Element-wise (Hadamard Product) @``."""
    p = core.pair()
    star, at = run("A * B", A=p.a, B=p.b), run("A @ B", A=p.a, B=p.b)
    if torch.equal(star.value, at.value):
        return None
    return (f"the element-wise product is A * B = {nested(star.value)}; "
            f"@ is matrix multiplication: A @ B = {nested(at.value)}")


def matmul_is_not_dot() -> str | None:
    """Guide 2.2 heading: ``Matrix Multiplication (Dot Product) @``."""
    p = core.pair()
    r = run("torch.dot(A, B)", A=p.a, B=p.b)
    if r.error is None:
        return None
    return (f"torch.dot(A, B) raises {r.error_type}: {r.error}. "
            "@ is torch.matmul; each entry of A @ B is the dot product "
            "of a row of A with a column of B")


def identity_left_of_wide_matrix() -> str | None:
    """Guide A3: ``I = torch.eye(3); result = I @ A`` with Q1's 2x3 matrix A."""
    from tensors import practice_basics as pb  # noqa: PLC0415 - keeps the hunk local
    from tensors.fmt import shape as fmt_shape  # noqa: PLC0415

    q = pb.q3_identity(pb.q1_matrix().a)
    if q.guide.error is None:
        return None
    fix = q.right.code.replace("\n", "; ")
    return (f"A from Q1 has shape {fmt_shape(q.a_shape)}, so I @ A raises "
            f"{q.guide.error_type}: {q.guide.error}. The identity that fits goes on "
            f"the right: {fix} gives {q.right.value}")


def reshape_list_incomplete() -> str | None:
    """Guide A9: the 2-D shapes of a (2, 3, 4) tensor, listed with "etc."."""
    from tensors import practice_basics as pb  # noqa: PLC0415 - keeps the hunk local
    from tensors.fmt import shape as fmt_shape  # noqa: PLC0415

    q = pb.q9_reshape()
    if not q.missing:
        return None
    return (f"trying every (rows, cols), torch accepts {len(q.worked)} shapes for "
            f"the {q.numel} elements; the list leaves out "
            f"{', '.join(fmt_shape(s) for s in q.missing)}")


FINDINGS: tuple[Finding, ...] = (
    Finding(
        key="backward-output",
        scene="autograd-graph",
        guide="y.backward() # Output: tensor(2.)",
        check=backward_returns_none,
    ),
    Finding(
        key="hadamard-operator",
        scene="hadamard-product",
        guide="Element-wise (Hadamard Product) @",
        check=hadamard_operator,
    ),
    Finding(
        key="matmul-is-not-dot",
        scene="matmul-row-times-column",
        guide="Matrix Multiplication (Dot Product) @",
        check=matmul_is_not_dot,
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
        key="identity-needs-square-fit",
        scene="practice-level-1",
        guide="I = torch.eye(3); result = I @ A",
        check=identity_left_of_wide_matrix,
    ),
    Finding(
        key="reshape-shape-list",
        scene="practice-level-2",
        guide="2D shapes: (2,12), (3,8), (4,6), (6,4), (8,3), etc.",
        check=reshape_list_incomplete,
    ),
    Finding(
        key="table-one-mixed",
        scene="creation-table",
        guide="Table 1: Tensor Creation | Scalar 5 | torch.tensor(5) | Reshape | "
              "(2, 3) -> (3, 2)",
        check=cheatsheets.table_one_mixed_check,
    ),
    Finding(
        key="drop-dim-shape",
        scene="shape-ops",
        guide="Drop dim (1, 3, 1) -> (3)",
        check=cheatsheets.drop_dim_check,
    ),
    Finding(
        key="zero-grad-uncalled",
        scene="operators-autograd",
        guide="optimizer.zero_grad",
        check=cheatsheets.zero_grad_uncalled_check,
    ),
    Finding(
        key="no-grad-uncalled",
        scene="operators-autograd",
        guide="with torch.no_grad",
        check=cheatsheets.no_grad_uncalled_check,
    ),
)


def by_key() -> dict[str, Finding]:
    return {f.key: f for f in FINDINGS}


def report(scene_titles: dict[str, str]) -> str:
    """``build/errata.md``: one entry per finding, checked against torch now.

    ``scene_titles`` maps scene ids to chapter titles in lecture order; the
    findings are listed in the order the lecture shows them.
    """
    order = {scene: i for i, scene in enumerate(scene_titles)}
    findings = sorted(FINDINGS, key=lambda f: order.get(f.scene, len(order)))
    out = [f"# Errata: where the guide and torch disagree ({torch.__version__})", ""]
    for i, f in enumerate(findings, 1):
        title = scene_titles.get(f.scene, "(not in the lecture)")
        out += [f"## {i}. {f.key}", "", f"- **Guide:** `{f.guide}`",
                f"- **Torch:** {f.torch_says()}", f"- **Shown in:** `{f.scene}` ({title})",
                ""]
    return "\n".join(out)
