"""Code that ran, and what it gave (``tensors.snippet.Run``).

A run's code, then ``-> result`` or torch's error under it (``snippet``); one
line of code with its result beside it (``code_line``, ``result_line``); the
arrow between them (``gives``); a short remark under a block (``note``).
"""

from __future__ import annotations

from typing import Any

from manim import DOWN, LEFT, RIGHT, Text, VGroup

from scenes.kit import style, visuals
from scenes.kit.text import code, listing
from tensors import fmt

ARROW = "\u2192"  # between code and its result


def gives(result: str) -> str:
    """The result of a line of code, as drawn after it: ``-> result``."""
    return ARROW + " " + result


def error_block(
    r: Any, width: int = style.ERROR_WRAP, size: int = style.SMALL_SIZE
) -> Text:
    """The error torch raised in run ``r``: ``Type: message``, wrapped."""
    block = listing(
        fmt.join(fmt.lines(r.error_type + ": " + r.error, width), "\n"), size,
        style.ERROR
    )
    return visuals.tag(block, visuals.ERROR, f"{r.error_type}: {r.error}")


def snippet(
    r: Any,
    result: str | None = None,
    size: int = style.CODE_SIZE,
    color: str = style.RESULT,
) -> VGroup:
    """The code of a torch run ``r``, then ``-> result`` or torch's error below it.

    With no ``result`` and no error only the code is drawn; otherwise the last
    part is ``block.result``, for a scene to point at.
    """
    block = VGroup(listing(r.code, size))
    if r.error is not None:
        block.result = error_block(r)
    elif result is not None:
        block.result = code(gives(result), size=size, color=color)
    else:
        return block  # a run that gives nothing to show
    block.add(block.result)
    said = visuals.words(block.result)[1]
    visuals.tag(block, visuals.ERROR if r.error is not None else visuals.CODE,
                f"{r.code}\n{said}")
    return block.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)


def code_line(
    source: str, result: str, size: int = style.CODE_SIZE, color: str = style.RESULT
) -> VGroup:
    """One line of code and, to its right, ``-> result`` in ``color``."""
    return visuals.tag(VGroup(
        code(source, size=size), code(gives(result), size=size, color=color)
    ).arrange(RIGHT, buff=style.GAP), visuals.CODE, f"{source} {gives(result)}")


def result_line(source: str, shown: str) -> VGroup:
    """``code  ->  result``, the result in the result colour."""
    left = code(source, size=style.SMALL_SIZE)
    right = code(gives(shown), size=style.SMALL_SIZE, color=style.RESULT)
    return visuals.tag(VGroup(left, right).arrange(RIGHT, buff=style.GAP / 2),
                       visuals.CODE, f"{left.original_text} {right.original_text}")


def note(text: str, color: str = style.MUTED):
    """A short remark in small monospace, under a code block."""
    return code(text, size=style.SMALL_SIZE, color=color)
