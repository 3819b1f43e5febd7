"""Work out each fill and stroke colour array once per process.

Every ``VMobject`` manim makes (each glyph of a Text, and the empty groups
manim makes around them while reading an SVG: about four per character) sets
its fill, stroke and background stroke on creation, and each of those turns
its colour and opacity into an RGBA array: parsing colours, pairing them
with opacities, building the array. A scene's dry run makes about 179,000
of them, from a few dozen distinct colours: a tenth of the run.

``remember_rgbas()`` keeps the array each (colour, opacity, sheen) gave and
hands out copies of it: the values are manim's, and each mobject still owns
its array (tests/scenes/speedups/test_rgbas.py). Colours given in a form not
listed in ``_key`` go through manim's own code. ``scenes.speedups.install()``
installs it.
"""

from __future__ import annotations

import numpy as np
from manim import ManimColor, VMobject

GENERATE = VMobject.generate_rgbas_array  # manim's own, kept for comparison (tests)
_made: dict[tuple, np.ndarray] = {}
KEEP = 20_000  # arrays kept at most (an animated opacity gives a new one per frame)
_PLAIN = frozenset({float, int, str, bool, type(None), np.float64})


def _key(value) -> tuple:
    """A hashable stand-in for a colour or opacity argument, equal only for
    arguments manim reads the same way; TypeError for any other form."""
    kind = type(value)
    if kind is ManimColor:
        return ("colour", *value._internal_value.tolist())
    if kind in _PLAIN:
        return (kind.__name__, value)
    if kind in (list, tuple):
        return (kind.__name__, *(_key(item) for item in value))
    raise TypeError(kind)


def _generate(self, color, opacity):
    try:
        key = (_key(color), _key(opacity), _key(self.get_sheen_factor()))
    except TypeError:
        return GENERATE(self, color, opacity)
    made = _made.get(key)
    if made is None:
        made = GENERATE(self, color, opacity)
        if len(_made) < KEEP:
            _made[key] = made
    return made.copy()


def remember_rgbas() -> None:
    """Install the above on manim's VMobject (idempotent)."""
    VMobject.generate_rgbas_array = _generate
