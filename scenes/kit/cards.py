"""Blocks of words with a part in the story: the card where the guide differs
from torch, a practice question and its countdown, and a part's recap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from manim import DOWN, LEFT, RIGHT, UP, Circle, SurroundingRectangle, VGroup

from scenes.kit import style, visuals
from scenes.kit.text import block, code, label, lines, prose, tex
from tensors import fmt


class ErratumCard(VGroup):
    """A boxed note: what the guide says, and what torch really does.

    ``title`` says which kind of finding it is (``tensors.errata.TITLES``).
    """

    def __init__(self, guide: str, said: str, title: str) -> None:
        super().__init__()
        title = label(title, size=style.BODY_SIZE, color=style.ERRATUM)
        # Each part one Text, so its lines keep one pitch whatever their glyphs.
        quote = block(fmt.lines("Guide: " + guide, style.WRAP, glue=fmt.OPERATORS),
                      color=style.MUTED)
        truth = prose(fmt.join(fmt.lines("Torch: " + said, style.WRAP,
                                         glue=fmt.OPERATORS), "\n"),
                      size=style.SMALL_SIZE)
        visuals.tag(truth, visuals.TEXT, " ".join(truth.original_text.split()))
        body = VGroup(title, quote, truth).arrange(
            DOWN, aligned_edge=LEFT, buff=style.GAP / 2
        )
        box = SurroundingRectangle(
            body, color=style.ERRATUM, buff=style.GAP, corner_radius=style.CORNER
        )
        box.set_fill(style.BACKGROUND, opacity=style.CARD_OPACITY)
        self.add(box, body)
        visuals.tag(self, visuals.CARD, visuals.SEP.join(
            " ".join(part.original_text.split()) for part in body))


class QuestionCard(VGroup):
    """A practice question: a ``Q<number>`` badge beside the question's words.

    ``question`` is any object with ``number`` (int) and ``text`` (str), and
    optionally ``code`` (a line of Python shown under the words, "" for none);
    ``tensors.practice_basics.Question`` is one. ``badge`` and ``body`` are
    the parts, for scenes that want to restyle them.
    """

    def __init__(self, question: Any, width: int = style.WRAP) -> None:
        super().__init__()
        self.badge = label(
            "Q" + fmt.num(question.number), size=style.HEADING_SIZE,
            color=style.QUESTION
        )
        words = lines(
            fmt.lines(question.text, width),
            make=label,
            size=style.BODY_SIZE,
            color=style.TEXT,
        )
        parts = [words]
        if getattr(question, "tex", ""):
            parts.append(tex(question.tex, size=style.FORMULA_SIZE))
        if getattr(question, "code", ""):
            parts.append(code(question.code, color=style.OPERAND_A))
        self.body = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        self.add(
            VGroup(self.badge, self.body).arrange(
                RIGHT, aligned_edge=UP, buff=style.GAP
            )
        )
        asked = " ".join(filter(None, (f"{self.badge.original_text}: {question.text}",
                                       getattr(question, "tex_text", ""))))
        if getattr(question, "code", ""):
            asked += f"{visuals.SEP}{question.code}"
        visuals.tag(self, visuals.CARD, asked)


class Countdown(VGroup):
    """A ring that empties while a digit counts down; ``digits`` are lesson data."""

    def __init__(self, digits: Sequence[int]) -> None:
        super().__init__()
        self.digits = [
            label(fmt.num(d), size=style.HEADING_SIZE, color=style.QUESTION)
            for d in digits
        ]
        self.track = Circle(
            radius=style.COUNTDOWN_RADIUS,
            color=style.MUTED,
            stroke_width=style.CELL_STROKE,
            stroke_opacity=style.DASH_OPACITY,
        )
        self.ring = Circle(
            radius=style.COUNTDOWN_RADIUS,
            color=style.QUESTION,
            stroke_width=style.EDGE_STROKE,
        )
        self.note = label(
            "Your turn: think first", size=style.SMALL_SIZE, color=style.MUTED
        )
        self.add(
            self.track, self.ring, self.note.next_to(self.ring, LEFT, buff=style.GAP)
        )
        visuals.tag(self, visuals.COUNTDOWN,
                    f"{self.digits[0].original_text} to "
                    f"{self.digits[-1].original_text}; {self.note.original_text}")


class Recap(VGroup):
    """A part's recap: a title and a few bulleted points, left-aligned.

    A point may hold a newline; its second line is indented under the first.
    """

    BULLET = "\u2022 "

    def __init__(self, title: str, points: Sequence[str]) -> None:
        super().__init__()
        self.title = label(title, size=style.HEADING_SIZE, color=style.RESULT)
        self.items = VGroup(*(label(self.BULLET + fmt.join(fmt.split(p), "\n  "),
                                     size=style.BODY_SIZE) for p in points))
        self.items.arrange(DOWN, aligned_edge=LEFT, buff=style.RECAP_GAP)
        self.add(self.title, self.items)
        self.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        visuals.tag(self, visuals.TEXT, f"{title}: " + visuals.SEP.join(
            " ".join(p.split()) for p in points))
