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

from tensors.fmt import num
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


FINDINGS: tuple[Finding, ...] = (
    Finding(
        key="backward-output",
        scene="autograd-graph",
        guide="y.backward() # Output: tensor(2.)",
        check=backward_returns_none,
    ),
)


def by_key() -> dict[str, Finding]:
    return {f.key: f for f in FINDINGS}


def report(scene_titles: dict[str, str]) -> str:
    """``build/errata.md``: one entry per finding, checked against torch now."""
    out = [f"# Errata: where the guide and torch disagree ({torch.__version__})", ""]
    for i, f in enumerate(FINDINGS, 1):
        title = scene_titles.get(f.scene, "(not in the lecture)")
        out += [f"## {i}. {f.key}", "", f"- **Guide:** `{f.guide}`",
                f"- **Torch:** {f.torch_says()}", f"- **Shown in:** `{f.scene}` ({title})",
                ""]
    return "\n".join(out)
