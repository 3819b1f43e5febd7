"""Copy text mobjects without copying their parsed SVG source.

Every glyph of a ``Text`` or ``MathTex`` is a ``VMobjectFromSVGPath`` that keeps
``path_obj``, the svgelements ``Path`` its points were made from. manim reads it
once, when the glyph is built, and never changes it. But ``Mobject.copy`` is a
deepcopy, so every copy (each Transform, FadeIn/FadeOut and ``.animate`` makes
some) also rebuilds every Point and Bezier of every glyph's source. That is
most of the cost of a copy (measured: copying one group of ten lines of Text
takes 0.71 s that way, 0.036 s with both changes below), and copies are over
half of a practice scene's dry run.

``share_svg_sources()`` makes copies share that read-only source, so a copy
costs what its points cost. It also lets copies share ``ManimColor`` values:
manim never changes one in place (setting a colour makes a new one, and
``ManimColor(c)`` already shares ``c``'s values), and rebuilding them is a
seventh of what a copy costs once glyph sources are shared. Nothing drawn
changes: the points, colours and everything else a copy can change are still
its own (tests/scenes/speedups/test_copying.py checks both).
``scenes.speedups.install()`` installs it.

``fast_deepcopy`` then does what manim's ``Mobject.__deepcopy__`` does, with
the common cases (numbers, strings, arrays of numbers, lists) handled in line
instead of through ``copy.deepcopy``'s generic dispatch: a group of ten lines
of Text, a formula and axes copy in 37 to 43 ms instead of 50 to 65 ms
(medians of 7, three runs; tests/scenes/speedups/test_copying.py compares both
copies attribute by attribute).
"""

from __future__ import annotations

import copy

import numpy as np
from manim import CapStyleType, LineJointType, ManimColor, Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

MANIMS = Mobject.__deepcopy__  # manim's own, kept for comparison (tests)

# Values deepcopy returns as they are (immutable), checked by exact type:
# ManimColor once share_svg_sources() is installed, and manim's style enums.
_AS_IS = frozenset({int, float, bool, str, bytes, complex, type(None),
                    np.float64, np.int64, np.bool_,
                    ManimColor, LineJointType, CapStyleType})


def fast_deepcopy(self, memo):
    """``Mobject.__deepcopy__``, without the generic dispatch for the values
    that fill a mobject's attributes: immutable ones are kept, arrays of
    numbers copied (as deepcopy does, and remembered in ``memo`` as deepcopy
    does, so two attributes sharing one array still share its copy)."""
    cls = self.__class__
    result = cls.__new__(cls)
    memo[id(self)] = result
    state = self.__dict__.copy()  # then each mutable value replaced by its copy
    for key, value in state.items():
        kind = type(value)
        if kind in _AS_IS:
            continue
        if kind is np.ndarray and value.dtype.kind in "biufc":
            twin = memo.get(id(value))
            if twin is None:
                twin = memo[id(value)] = value.copy(order="K")
                memo.setdefault(id(memo), []).append(value)  # deepcopy's keep-alive
        elif kind is list:  # submobjects, updaters: as deepcopy copies a list
            twin = memo.get(id(value))
            if twin is None:
                twin = memo[id(value)] = []
                memo.setdefault(id(memo), []).append(value)
                twin.extend(copy.deepcopy(item, memo) for item in value)
        else:
            twin = copy.deepcopy(value, memo)
        state[key] = twin
    # (no key of a mobject's __dict__ is a property: setattr would store it here)
    result.__dict__.update(state)
    result.original_id = str(id(self))
    return result


def _deepcopy_sharing_source(self, memo):
    source = self.__dict__.get("path_obj")
    if source is not None:
        memo.setdefault(id(source), source)  # deepcopy then returns it as is
    return Mobject.__deepcopy__(self, memo)


def _same_colour(self, memo):
    return self


def share_svg_sources() -> None:
    """Install the copies above on manim's classes (idempotent)."""
    VMobjectFromSVGPath.__deepcopy__ = _deepcopy_sharing_source
    ManimColor.__deepcopy__ = _same_colour
    Mobject.__deepcopy__ = fast_deepcopy
