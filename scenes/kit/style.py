"""The lecture's look: fonts, sizes, colours, pacing and geometry.

Only what is shared lives here: what the kit (scenes/kit/) or the voice
(scenes/voice/) uses, and what two or more scene modules use, so the look of
the whole lecture changes in one place. A number only one scene module uses
is a named constant at the top of that module (``PIXEL = 0.45``), so tuning
it re-renders that scene alone (tests/scenes/test_style_scope.py). Colours
stay with the look whoever uses them.
"""

from __future__ import annotations

# Palette: every colour lives in scenes/kit/palette.py (text colours are checked
# for WCAG AA contrast on BACKGROUND); re-exported so style.TEXT keeps working.
from scenes.kit.palette import *  # noqa: E402,F403

CELL_FILL_OPACITY = 0.18
CELL_STROKE = 2.5
EDGE_STROKE = 3

# Fonts and sizes (font_size in manim units; 20 is about the smallest that
# stays readable at 480p).
MONO = "DejaVu Sans Mono"
SANS = "DejaVu Sans"
TITLE_SIZE = 40
HEADING_SIZE = 32
BODY_SIZE = 28
CODE_SIZE = 24
SMALL_SIZE = 22
CELL_SIZE = 36

# Geometry (frame is 14.2 x 8 units).
EDGE_BUFF = 0.45
GAP = 0.35
WIDE_GAP = 0.8
CELL = 0.95
NODE_RADIUS = 0.5
NODE_COLUMN = 3.2

# Pacing, in seconds: long enough for a newcomer to read.
BEAT = 1.0
FAST = 0.6
READ = 2.0
LONG_READ = 3.5
TEX_BOOST = 4  # MathTex looks smaller than Text at the same font_size
CELL_TEXT_FILL = 0.8  # widest share of a cell its text may take
SHIFT = 0.2
WRAP = 48  # characters per line of a wrapped message
TINY_SIZE = 20
FORMULA_SIZE = 36  # a question card's typeset formula: still legible when docked
TIGHT = 0.12
FRAME_HALF_WIDTH = 7.1
TIP_RATIO = 0.12
FRAME_HALF_HEIGHT = 4.0
DOT_RADIUS = 0.07
CHART_WIDTH = 5.2

# Narration: silent beats last as long as reading the caption takes.
WORDS_PER_SECOND = 2.6
LINE_PAUSE = 0.6
MIN_LINE = 1.5
ESPEAK_ARGS = "-v en-us -s 150"
CORNER = 0.15
CARD_OPACITY = 0.95
# Practice questions (kit/cards.py QuestionCard, Countdown; kit/base.py PracticeScene).
QUESTION = "#c3a6ff"
COUNTDOWN_RADIUS = 0.5
TICK = 1.0  # seconds each countdown digit stays up: N digits are "N seconds"
DOCKED_SCALE = 0.85  # the question card shrinks to this while the answer plays
# (keeps CODE_SIZE text above TINY_SIZE)
# PyTorch core (scenes/core.py, scenes/matmul.py, practice_basics.py): ranks,
# Hadamard, matmul, chain rule.
CHANNEL_COLORS = ("#ff5c5c", "#5cd65c", "#4d94ff")  # an image's R, G, B planes
LAYER_OFFSET = 0.5  # shift between the two drawn layers of a 3-D tensor
HIGHLIGHT = "#ffd166"  # outline of the cells being combined
HIGHLIGHT_STROKE = 6
# Small grids and dashed lines (cheatsheets.py, final_exam.py, vectors.py,
# kit/cards.py).
MINI_CELL = 0.6
MINI_CELL_SIZE = 22
DASH_OPACITY = 0.7
# Torch errors under a code block (kit/code.py).
ERROR_WRAP = 64  # characters per line of a torch error under a code block
# Practice questions, levels 1 and 2 (practice_basics.py, practice_operations.py),
# and the kit's tables and code blocks (kit/grids.py, kit/text.py).
PRACTICE_CELL = 0.7  # cells of the smaller grids in the worked answers
BAR_OPACITY = 0.6
TABLE_GAP = 3  # spaces between the columns of a monospace table
TABLE_LINE_SPACING = 0.8  # extra space between table rows, in font sizes
CODE_LINE_SPACING = 0.6  # extra space between the lines of a code block, in font sizes
# Parts 1 and 2 drawings (kit/contours.py, kit/arrows.py, kit/cards.py Recap,
# descent.py).
CONTOUR_STROKE = 1.5  # a contour line of a loss or a surface
BACKWARD_OFFSET = 0.32  # a backward arrow runs this far beside its forward edge
RECAP_GAP = 0.3  # between the points of a recap
# Voice and captions (scenes/voice/: narration.py, spoken.py, cues.py).
VOICE_FADE = 0.01  # seconds of fade at both ends of each line's audio (no clicks)
CAPTION_LINE = 42  # characters per caption line (Netflix, BBC)
CAPTION_LINES = 2  # lines per cue
CUE_MIN = 5 / 6  # seconds a cue stays up, at least
CUE_MAX = 7.0  # ... and at most
CAPTION_CPS = 17.0  # characters per second, at most
CUE_MARGIN = 0.01  # seconds of slack so cues rounded to milliseconds still pass
CUE_COST = 3  # cost of one more cue when cutting a line (fewer, fuller cues)
SHORT_CUE = 16  # characters: a shorter cue flashes by and costs extra
READING_CPS = 13  # characters per second a silent cue is timed for
TIME_DIGITS = 3  # decimals of the beat and cue times a scene writes (milliseconds)
# Practice pauses and the notes beat (kit/base.py PracticeScene.ask, read_notes).
MIN_ARC = 0.001  # the countdown ring's last sliver, as a share of a turn
