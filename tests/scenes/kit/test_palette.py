"""The palette: every text colour is readable on the background (WCAG AA).

tests/colour.py computes contrast from the WCAG definition. Texts actually
drawn are checked scene by scene in tests/scenes/test_layout.py; here the
palette itself, including TEXT written inside a tinted cell.
"""

from __future__ import annotations

import pytest

from scenes.kit import palette, style
from tests.colour import AA, contrast, luminance, over


def test_contrast_formula_matches_known_values():
    assert luminance("#ffffff") == pytest.approx(1)
    assert luminance("#000000") == pytest.approx(0)
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    # just fails AA
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", sorted(palette.TEXT_COLOURS))
def test_text_colour_passes_aa_on_background(name):
    ratio = contrast(palette.TEXT_COLOURS[name], palette.BACKGROUND)
    assert ratio >= AA, f"{name} has contrast {ratio:.2f}:1 on BACKGROUND (AA: {AA}:1)"


@pytest.mark.parametrize("name", sorted(palette.CELL_COLOURS))
def test_text_passes_aa_inside_a_tinted_cell(name):
    fill = over(palette.CELL_COLOURS[name], palette.BACKGROUND, style.CELL_FILL_OPACITY)
    ratio = contrast(palette.TEXT, fill)
    assert ratio >= AA, f"TEXT in a {name} cell: {ratio:.2f}:1 (AA: {AA}:1)"


def test_style_still_exports_the_palette():
    for name in ("BACKGROUND", "TEXT", "MUTED", "ERRATUM", "HEAT_LOW"):
        assert getattr(style, name) == getattr(palette, name)
