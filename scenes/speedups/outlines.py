"""Read each glyph outline's SVG path data once per process.

manim builds a ``Text`` from the SVG Pango writes: each glyph's outline is
written once, as a ``<symbol>``, and placed by a ``<use>`` per character.
svgelements, which manim reads SVGs with, parses the outline's path data again
for every ``<use>``: a line of 30 characters parses the same few outlines 30
times, and that parsing is about a third of building a Text.

``parse_path_data_once()`` keeps the segments each path string parsed to and
gives every later ``Path`` of the same string copies of them (svgelements' own
segment copies: new points, nothing shared). The segments, and so every point
manim makes from them, are the same (tests/scenes/speedups/test_outlines.py).
``scenes.speedups.install()`` installs it.
"""

from __future__ import annotations

import copy

import svgelements

PARSE = svgelements.Path.parse  # svgelements' own, kept for comparison (tests)
_parsed: dict[str, list] = {}  # path data: the segments it parsed to


def _parse_once(self, pathdef):
    if self._segments or not isinstance(pathdef, str):
        return PARSE(self, pathdef)  # adding to a path: svgelements' own way
    segments = _parsed.get(pathdef)
    if segments is None:
        first = svgelements.Path()
        PARSE(first, pathdef)
        segments = _parsed[pathdef] = first._segments
    self._segments.extend(copy.copy(segment) for segment in segments)
    self._length = None


def parse_path_data_once() -> None:
    """Install the parse above on svgelements' Path (idempotent)."""
    svgelements.Path.parse = _parse_once
