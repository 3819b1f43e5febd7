"""Every layout number, colour, font and timing the scenes use.

Scenes hold no numeric literals of their own: sizes, gaps and run times are
named here, so the look of the whole lecture changes in one place.
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
NODE_ROW = 1.9

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
TIGHT = 0.12
NODE_FILL = 1.6  # widest share of a node's diameter its label may take
FRAME_HALF_WIDTH = 7.1
GRAPH_WIDTH = 11.5
EDGE_LABEL_AT = 0.5  # where along an edge its gradient is written
TIP_RATIO = 0.12
FRAME_HALF_HEIGHT = 4.0
SURFACE_SIDE = 5.0
DOT_RADIUS = 0.07
WORKED_STEPS = 3
STEP = 0.4
CHART_WIDTH = 5.2
CHART_HEIGHT = 1.6

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
TICK = 1.0  # seconds each countdown digit stays up
DOCKED_SCALE = 0.85  # the question card shrinks to this while the answer plays
# (keeps CODE_SIZE text above TINY_SIZE)
# PyTorch core (scenes/core.py, scenes/matmul.py): ranks, Hadamard, matmul, chain rule.
CHANNEL_COLORS = ("#ff5c5c", "#5cd65c", "#4d94ff")  # an image's R, G, B planes
PIXEL = 0.45  # side of one pixel in a drawn image plane
PIXEL_FLOOR = 0.12  # fill opacity of a pixel of value 0 (value 1 is opaque)
PLANE_OFFSET = 0.3  # shift between stacked channel planes
LAYER_OFFSET = 0.5  # shift between the two drawn layers of a 3-D tensor
HIGHLIGHT = "#ffd166"  # outline of the cells being combined
HIGHLIGHT_STROKE = 6
# Part 1 notation and Part 3 cheat sheets (scenes/notation.py, scenes/cheatsheets.py)
SYMBOL_COLUMN = 1.5  # width of the symbol column
NAME_COLUMN = 6.0  # width of the name / meaning column
ROW_GAP = 0.28
SLICE_WIDTH = 5.0
SLICE_HEIGHT = 4.6
PLANE_UNIT = 0.85  # units per step of the vector plane
MINI_CELL = 0.6
MINI_CELL_SIZE = 22
DASH_OPACITY = 0.7
MONO_CHAR = 0.19  # width of one monospace character at MINI_CELL_SIZE
CELL_PAD = 0.3  # room left around the text of a fitted cell
MAX_CELL = 1.1  # wider entries are drawn as a bracketed matrix instead
# Practice levels 3 and 4, speed hacks, final exam (scenes/practice_autograd.py,
# practice_applied.py, speed_hacks.py, final_exam.py).
ERROR_WRAP = 64  # characters per line of a torch error under a code block
STACK_DEPTH = 3  # sheets drawn for a batch of matrices
MATRIX_UNIT = 0.06  # side of one element in a batch-of-matrices picture
STACK_OFFSET = 0.12  # shift between the sheets of a batch
AXIS_BOX = 0.8  # box of one named axis (C, H, W)
VECTOR_SCALE = 0.9  # screen units per unit of a drawn 2-D vector
STEP_TIP_RATIO = 0.5  # a short step arrow keeps a visible tip
STEP_STROKE_RATIO = 20  # ...and a visible shaft
# Practice questions, levels 1 and 2 (practice_basics.py, practice_operations.py).
PRACTICE_CELL = 0.7  # cells of the smaller grids in the worked answers
HIST_WIDTH = 8.0
HIST_HEIGHT = 2.4
BAR_OPACITY = 0.6
SHAPE_UNIT = 0.12  # side of one element when a 2-D shape is drawn to scale
# how much the back layer of a stacked 3-D tensor fades (its text stays AA)
BACK_FADE = 0.35
SHAPE_GAP = 0.3  # between the 2-D shapes drawn side by side in Q9
TABLE_GAP = 3  # spaces between the columns of a monospace table
TABLE_LINE_SPACING = 0.8  # extra space between table rows, in font sizes
CODE_LINE_SPACING = 0.6  # extra space between the lines of a code block, in font sizes
# Parts 1 and 2 drawings (kit/contours.py, kit/arrows.py, kit/cards.py Recap,
# notation.py, descent.py, training.py).
CONTOUR_STROKE = 1.5  # a contour line of a loss or a surface
CONTOUR_OPACITY = 0.8
BACKWARD_OFFSET = 0.32  # a backward arrow runs this far beside its forward edge
MAP_SIDE = 4.4  # side of the contour map of z(x, y)
GRADIENT_ARROW = 0.025  # drawn gradient length: its norm times this, times the map side
RECAP_GAP = 0.3  # between the points of a recap
FIT_WIDTH = 4.0  # the running example's scatter plot
FIT_HEIGHT = 5.4
# Voice and captions (scenes/voice/: narration.py, spoken.py, cues.py).
VOICE_FADE = 0.01  # seconds of fade at both ends of each line's audio (no clicks)
SPOKEN_DIGITS = 3  # significant digits of a long decimal when spoken
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
THINK_SECONDS = 15  # least silence, countdown on screen, from question to answer
MIN_ARC = 0.001  # the countdown ring's last sliver, as a share of a turn
NOTES_PER_PAGE = 5  # notes on the guide per screen of the closing notes beat
NOTE_WRAP = 86  # characters per line of a note on the guide
