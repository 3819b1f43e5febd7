"""The scene kit: the base scenes and the mobjects every scene builds from.

One file per kind, each importable on its own:

- ``base``: ``LectureScene`` and ``PracticeScene`` (narration, events, the
  errata and notes on the guide, practice questions);
- ``text``: words, code, formulas and lines of them (``make_text``,
  ``label``, ``code``, ``tex``, ``math``, ``lines``, ``listing``, ``block``);
- ``code``: code that ran and what it gave (``snippet``, ``code_line``,
  ``result_line``, ``error_block``, ``gives``, ``note``);
- ``grids``: ``CellGrid`` and ``Table`` (``head``, ``plain`` cells);
- ``layout``: placing blocks (``column``, ``under_left``, ``under_centred``,
  ``beside``, ``captioned``, ``mark``);
- ``cards``: ``ErratumCard``, ``QuestionCard``, ``Countdown``, ``Recap``;
- ``contours``: ``ContourMap``; ``arrows``: ``BackwardArrow``;
- ``style`` and ``palette``: every layout number, font, timing and colour;
- ``visuals``: what each mobject and animation shows, in words (for the
  audio description).

Scene modules import from these files by name (``from scenes.kit.text
import label``); this package re-exports nothing. So a scene depends, for
the build's cache (``pipeline/child.py``), only on the kit files it uses,
and ``scenes.kit.style`` stays importable without manim (``scenes.voice``
and the build read it).
"""
