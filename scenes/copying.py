"""Copy text mobjects without copying their parsed SVG source.

Every glyph of a ``Text`` or ``MathTex`` is a ``VMobjectFromSVGPath`` that keeps
``path_obj``, the svgelements ``Path`` its points were made from. manim reads it
once, when the glyph is built, and never changes it. But ``Mobject.copy`` is a
deepcopy, so every copy (each Transform, FadeIn/FadeOut and ``.animate`` makes
some) also rebuilt every Point and Bezier of every glyph's source. Measured
here: copying one group of ten lines of Text took 0.71 s (0.036 s with both
changes below), and copies were over half of a practice scene's dry run.

``share_svg_sources()`` makes copies share that read-only source, so a copy
costs what its points cost. It also lets copies share ``ManimColor`` values:
manim never changes one in place (setting a colour makes a new one, and
``ManimColor(c)`` already shares ``c``'s values), and rebuilding them was a
seventh of what remained. Nothing drawn changes: the points, colours and
everything else a copy can change are still its own (tests/scenes/
test_copying.py checks both). Importing ``scenes.common`` installs it.
"""

from __future__ import annotations

from manim import ManimColor, Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath


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
