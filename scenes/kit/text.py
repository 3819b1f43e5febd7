"""Text on screen: words, code, formulas, and lines of them stacked.

Every ``Text`` of the lecture is made by ``make_text``, which keeps the parsed
glyphs of each string for the next identical one. These helpers take strings
that ``tensors.fmt`` already produced; they never format or compute a number
themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from manim import DOWN, LEFT, MarkupText, MathTex, Text, VGroup

from scenes.kit import style, visuals
from tensors import fmt


def make_text(*args: Any, **kwargs: Any) -> Text:
    """A ``Text`` whose parsed glyphs are kept for the next identical one.

    About half the Texts a scene makes repeat an earlier one (countdown digits,
    labels, table cells); manim then copies the parsed glyphs instead of
    parsing the same SVG again. The Text is the same either way. Its
    ``original_text`` is the string given, with its bound parts
    (``tensors.bound.Shown``); Pango gets the plain characters.
    """
    text, *rest = args
    made = Text(str(text), *rest, use_svg_cache=True, **kwargs)
    made.original_text = text
    return made


def label(text: str, size: int = style.BODY_SIZE, color: str = style.TEXT) -> Text:
    """Plain words on screen."""
    return make_text(text, font=style.SANS, font_size=size, color=color)


def prose(text: str, size: int = style.BODY_SIZE,
          color: str = style.TEXT) -> MarkupText:
    """Words, with the code between code marks (``fmt.CODE``) in the monospace
    font: "`y.backward()` returns None" draws ``y.backward()`` as code. The
    marks are not drawn; ``original_text`` is the text without them. Lines
    (``\n``) keep one even pitch, as in ``block``."""
    plain, ranges = fmt.code_marks(text)
    # Pango markup, not Text's t2f: t2f loses its ranges across lines.
    markup, pos = [], 0
    for a, b in ranges:
        markup += [escape(plain[pos:a]), f'<span font_family="{style.MONO}">',
                   escape(plain[a:b]), "</span>"]
        pos = b
    markup.append(escape(plain[pos:]))
    made = MarkupText("".join(markup), font=style.SANS, font_size=size, color=color,
                      line_spacing=style.CODE_LINE_SPACING)
    made.original_text = plain
    return made


def code(text: str, size: int = style.CODE_SIZE, color: str = style.TEXT) -> Text:
    """A line of Python, in the monospace font."""
    return make_text(text, font=style.MONO, font_size=size, color=color)


def tex(text: str, size: int = style.BODY_SIZE, color: str = style.TEXT) -> MathTex:
    """A formula; ``shown`` keeps ``text`` (and which values it shows)."""
    formula = MathTex(str(text), font_size=size + style.TEX_BOOST, color=color)
    formula.shown = text
    return formula


def math(text: str, color: str = style.TEXT) -> MathTex:
    """A worked formula, a size larger than body text."""
    return tex(text, size=style.HEADING_SIZE, color=color)


def lines(texts: Sequence[str], make=code, **kwargs: Any) -> VGroup:
    """Several lines stacked and left-aligned.

    Described as one text: wrapped words (``label``, or an error) read on
    from line to line; lines of code are read as statements, one by one.
    """
    group = VGroup(*(make(t, **kwargs) for t in texts))
    kind, parts = visuals.CODE, [" ".join(t.split()) for t in texts]
    if kwargs.get("color") == style.ERROR:
        kind = visuals.ERROR
    elif make is not code:
        kind = visuals.TEXT
    visuals.tag(group, kind, "\n".join(parts) if kind == visuals.CODE
                else " ".join(parts))
    return group.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)


def listing(text: str, size: int = style.CODE_SIZE, color: str = style.TEXT) -> Text:
    """Lines of monospace text, one Text, so indents and line pitch stay even."""
    return make_text(
        text,
        font=style.MONO,
        font_size=size,
        color=color,
        line_spacing=style.CODE_LINE_SPACING,
    )


def block(texts, size: int = style.SMALL_SIZE, color: str = style.TEXT) -> Text:
    """Lines of code as one Text, so indents survive and the line pitch is even."""
    return make_text(fmt.join(texts, "\n"), font=style.MONO, font_size=size,
                     color=color, line_spacing=style.CODE_LINE_SPACING)


def paren(values) -> str:
    """A tuple of already formatted values: ``(12, 31)``."""
    return "(" + fmt.join(values) + ")"
