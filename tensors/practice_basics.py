"""Practice questions, levels 1 and 2: tensor basics, operations, broadcasting.

Each question of the guide (Q1-Q10) is asked as data (``Question``: its
number, its words, how long the viewer gets to think) and answered by running
the guide's solution code (A1-A10) in torch. Where torch disagrees with the
guide the difference is a finding in ``tensors.errata``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

THINK_SECONDS = 5


@dataclass(frozen=True)
class Question:
    """A practice question as shown on screen.

    ``countdown`` is filled in from ``think_seconds`` (``5 -> (5, 4, 3, 2, 1)``):
    the digits the scene shows while the viewer thinks.
    """

    number: int
    text: str
    code: str = ""
    think_seconds: int = THINK_SECONDS
    countdown: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "countdown", tuple(range(self.think_seconds, 0, -1)))
