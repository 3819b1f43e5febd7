"""Every colour of the lecture, in one place.

``scenes/kit/style.py`` re-exports these names (``style.TEXT`` keeps working).
Text colours must reach WCAG AA contrast (4.5:1) on ``BACKGROUND``, also
inside a tinted cell; tests/scenes/kit/test_palette.py checks the palette, and
tests/scenes/test_layout.py checks every text actually drawn. Colour never
carries meaning alone: what a colour marks is also said by a label, a name
or a position (A, b and C are named under their grids, values sit under
graph nodes and gradients on arrows, and a line of text says so).
"""

from __future__ import annotations

BACKGROUND = "#0f1419"  # near-black blue
TEXT = "#e8e8e8"  # body text, 15:1 on BACKGROUND
MUTED = "#a9b4c0"  # captions and secondary labels, 8.8:1
OPERAND_A = "#5fb3f9"  # first operand / leaves (blue), 8.2:1
OPERAND_B = "#f5a623"  # second operand / steps (orange), 9.1:1
RESULT = "#7ed957"  # results and forward values (green), 10.5:1
GRADIENT = "#ff8fa3"  # gradients (pink), 8.6:1
ERROR = "#ff6b6b"  # torch errors (red), 6.7:1
ERRATUM = "#ffd166"  # the guide-differs card (yellow), 12.8:1

# The loss-surface heat map: low loss dark, high loss light (not text).
HEAT_LOW = "#0b2a4a"
HEAT_HIGH = "#e9d8a6"

# Colours used for text (checked for contrast); HEAT_* only tint a picture.
TEXT_COLOURS = {
    "TEXT": TEXT, "MUTED": MUTED, "OPERAND_A": OPERAND_A, "OPERAND_B": OPERAND_B,
    "RESULT": RESULT, "GRADIENT": GRADIENT, "ERROR": ERROR, "ERRATUM": ERRATUM,
}
# Colours that fill a cell (CellGrid tints it at style.CELL_FILL_OPACITY)
# with TEXT written on top.
CELL_COLOURS = {"TEXT": TEXT, "OPERAND_A": OPERAND_A, "OPERAND_B": OPERAND_B,
                "RESULT": RESULT, "GRADIENT": GRADIENT, "ERROR": ERROR}
