"""The base scene and the small mobjects every scene builds from.

Helpers here take strings that ``tensors.fmt`` already produced; they never
format or compute a number themselves.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    PI,
    RIGHT,
    UP,
    Arc,
    Circle,
    FadeIn,
    FadeOut,
    MathTex,
    Scene,
    Square,
    SurroundingRectangle,
    Text,
    Transform,
    VGroup,
    VMobject,
    Write,
    config,
    linear,
)

from scenes import speedups, style, visuals
from scenes.voice import cues, narration
from scenes.voice.spoken import spoken
from tensors import errata, fmt
from tensors.snippet import HISTORY as RAN

# The build sets this to a JSON file path; the scene writes its beats there.
EVENTS_ENV = "TENSOR_HERO_EVENTS"
VISUAL = "visual"  # the kind of event ``play`` records for what it shows


def make_text(*args: Any, **kwargs: Any) -> Text:
    """A ``Text`` whose parsed glyphs are kept for the next identical one.

    About half the Texts a scene makes repeat an earlier one (countdown digits,
    labels, table cells); manim then copies the parsed glyphs instead of
    parsing the same SVG again. The Text is the same either way.
    """
    return Text(*args, use_svg_cache=True, **kwargs)


class LectureScene(Scene):
    """A scene of the lecture: dark background, a heading, live torch data.

    Subclasses set ``LESSON`` to the ``tensors/`` function whose results the
    scene draws, and ``SHOWS`` to the dotted paths into those results that
    must be visible on screen (the screen tests check both).
    """

    LESSON: ClassVar[Callable[[], Any]]
    SHOWS: ClassVar[tuple[str, ...]] = ()
    HEADING: ClassVar[str] = ""

    def setup(self) -> None:
        # First, before the scene builds any Text: manim's speed patches
        # (scenes/speedups; checks the manim and svgelements versions, once).
        speedups.install()
        self.camera.background_color = style.BACKGROUND
        RAN.clear()  # from here on: this scene's code that ran (tensors.snippet)
        self.data = type(self).LESSON()
        self.narration: list[str] = []
        self.errata_shown: list[str] = []
        self.notes_shown: list[str] = []
        # What the build needs besides the video: one dict per narration beat
        # ({"start", "end", "text"}; times in seconds from the scene's start)
        # and one per moment worth linking to ({"kind", "time", ...}: code that
        # ran, errata, practice questions and answers). See ``record``.
        self.beats: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.unseen = False  # True while plays record no visual events (quietly)

    def record(self, kind: str, **data: Any) -> None:
        """Note a moment of the scene (``kind`` plus JSON-able ``data``) at now."""
        self.events.append({"kind": kind, "time": round(self.time, style.TIME_DIGITS),
                            **data})

    def play(self, *animations: Any, **kwargs: Any) -> None:
        """Play ``animations``, first recording what they show.

        Each thing that appears, changes, moves, is marked or leaves becomes a
        ``"visual"`` event (``scenes.visuals.seen``: ``action``, ``what``,
        ``text``) at the time the animation starts; the build turns the ones
        the narration does not cover into audio description
        (``pipeline.describe``).
        """
        if not self.unseen:
            for event in visuals.seen(animations, self.mobjects):
                self.record(VISUAL, **event)
        super().play(*animations, **kwargs)

    @contextmanager
    def quietly(self, what: str | None = None, text: str = "",
                action: str = visuals.CHANGES) -> Iterator[None]:
        """Plays inside the block record no visual events of their own.

        For animations whose content is already described (a countdown's
        ring); with ``what``, one event ``action``/``what``/``text`` stands
        for all of them.
        """
        if what is not None:
            self.record(VISUAL, action=action, what=what, text=text)
        self.unseen = True
        try:
            yield
        finally:
            self.unseen = False

    def tear_down(self) -> None:
        """Write beats and events as JSON where the build asked (``EVENTS_ENV``)."""
        target = os.environ.get(EVENTS_ENV)
        if target:
            path = Path(target)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
            tmp.write_text(json.dumps({"scene": type(self).__name__,
                                       "duration": round(self.time,
                                                         style.TIME_DIGITS),
                                       "beats": self.beats, "events": self.events,
                                       "code": RAN},
                                      indent=1), encoding="utf_8")
            os.replace(tmp, path)

    @contextmanager
    def say(self, line: str) -> Iterator[None]:
        """Narrate ``line`` over the animations played inside the block.

        The block is stretched with a wait until the line has been said (or
        read), the line becomes a caption over the block, and its audio, when
        a voice is on, starts with the block. Numbers in ``line`` must come
        from ``tensors/`` like everything else (the tests check).
        """
        self.narration.append(line)
        number = len(self.narration)
        # A dry run (the screen tests, the script) draws nothing and hears
        # nothing: it times the line for reading instead of synthesizing it.
        audio = (None if config.dry_run
                 else narration.audio_for(type(self).__name__, number, line))
        heard = narration.audio_seconds(audio) if audio is not None else None
        planned = cues.plan(line, heard)  # captions timed to the audio
        needed = max(planned[-1].end if planned else 0.0,
                     heard + style.LINE_PAUSE if heard is not None
                     else narration.reading_seconds(line))
        if audio is not None:
            self.add_sound(str(audio))
        start = self.time
        yield
        spent = self.time - start
        if spent < needed:
            self.wait(needed - spent)
        lasted = self.time - start
        shown = cues.extend_last(planned, lasted)
        for cue in shown:
            self.add_subcaption(cue.text, duration=cue.seconds,
                                offset=cue.start - lasted)
        at = style.TIME_DIGITS
        # ``voice_end``: when the line has been said (or read); the rest of
        # the beat is silence, where an audio description can go.
        self.beats.append({"start": round(start, at), "end": round(self.time, at),
                           "voice_end": round(start + min(needed, lasted), at),
                           "text": line, "spoken": spoken(line),
                           "cues": [{"start": round(start + c.start, at),
                                     "end": round(start + c.end, at), "text": c.text}
                                    for c in shown]})

    def show_heading(self, text: str | None = None) -> Text:
        """Write the scene's heading at the top edge and keep it there."""
        heading = make_text(
            text or self.HEADING,
            font=style.SANS,
            font_size=style.TITLE_SIZE,
            color=style.TEXT,
        )
        heading.to_edge(UP, buff=style.EDGE_BUFF)
        visuals.tag(heading, visuals.TITLE, heading.original_text)
        self.play(Write(heading), run_time=style.BEAT)
        return heading

    def erratum(self, key: str, line: str | None = None) -> None:
        """Show where the guide differs from torch (``tensors.errata``).

        Everything else steps aside while the card is up. The card quotes the
        guide and states what torch does, computed now. ``line`` is the
        narration; by default it reads the card. A finding of kind ``NOTE``
        gets no card here: it is read with the others on the notes beat at the
        end of the lecture (``read_notes``), so this call shows nothing.
        """
        finding = errata.by_key()[key]
        if finding.kind != errata.CARD:
            return
        said = finding.torch_says()
        card = ErratumCard(finding.guide, said)
        self.errata_shown.append(key)
        self.record("erratum", key=key, guide=finding.guide, torch=said)
        behind = list(self.mobjects)  # set aside while the card is up
        with self.say(line or f"A correction to the guide: {said}."):
            self.play(
                *(FadeOut(m) for m in behind),
                FadeIn(card.center()),
                run_time=style.BEAT,
            )
        self.hold()
        with self.quietly(visuals.CARD, "The card closes; the screen before it "
                          "returns.", action=visuals.APPEARS):
            self.play(FadeOut(card), *(FadeIn(m) for m in behind),
                      run_time=style.FAST)

    def read_notes(self, line: str) -> None:
        """The "Notes on the guide" beat: every ``NOTE`` finding, checked now.

        The notes fill as many screens as they need (``style.NOTES_PER_PAGE``
        each); ``line`` is said over the first.
        """
        found = errata.notes()
        pages = [
            found[i : i + style.NOTES_PER_PAGE]
            for i in range(0, len(found), style.NOTES_PER_PAGE)
        ]
        title = label(
            "Notes on the guide", size=style.HEADING_SIZE, color=style.ERRATUM
        ).to_edge(UP, buff=style.EDGE_BUFF)
        for n, page in enumerate(pages):
            said = [f.torch_says() for f in page]
            for f, text in zip(page, said):
                self.notes_shown.append(f.key)
                self.record("note", key=f.key, guide=f.guide, torch=text)
            body = VGroup(
                *(
                    lines(
                        fmt.lines(f"\u2022 {text[:1].upper()}{text[1:]}",
                                  style.NOTE_WRAP),
                        make=label,
                        size=style.TINY_SIZE,
                        color=style.TEXT,
                    )
                    for text in said
                )
            )
            body.arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
            visuals.tag(body, visuals.TEXT, " ".join(
                " ".join(t.original_text for t in note) for note in body))
            body.next_to(title, DOWN, buff=style.GAP).to_edge(
                LEFT, buff=style.EDGE_BUFF
            )
            with self.say(line if n == 0 else "More notes on the guide."):
                self.play(
                    *([FadeIn(title)] if n == 0 else []),
                    FadeIn(body),
                    run_time=style.BEAT,
                )
                self.hold(style.READ * len(page))
            self.play(FadeOut(body), run_time=style.FAST)
        self.play(FadeOut(title), run_time=style.FAST)

    def hold(self, seconds: float = style.READ) -> None:
        """Pause so the viewer can read what is on screen."""
        self.wait(seconds)

    def clear_below(self, keep: Sequence[Any] = ()) -> None:
        """Fade out everything except ``keep`` (the heading, usually)."""
        gone = [m for m in self.mobjects if m not in keep]
        if gone:
            self.play(FadeOut(*gone), run_time=style.FAST)


class ErratumCard(VGroup):
    """A boxed note: what the guide says, and what torch really does."""

    def __init__(self, guide: str, said: str) -> None:
        super().__init__()
        title = label("The guide differs", size=style.BODY_SIZE, color=style.ERRATUM)
        quote = lines(
            fmt.lines(f"Guide: {guide}", style.WRAP),
            make=code,
            size=style.SMALL_SIZE,
            color=style.MUTED,
        )
        truth = lines(
            fmt.lines(f"Torch: {said}", style.WRAP),
            make=label,
            size=style.SMALL_SIZE,
            color=style.TEXT,
        )
        body = VGroup(title, quote, truth).arrange(
            DOWN, aligned_edge=LEFT, buff=style.GAP / 2
        )
        box = SurroundingRectangle(
            body, color=style.ERRATUM, buff=style.GAP, corner_radius=style.CORNER
        )
        box.set_fill(style.BACKGROUND, opacity=style.CARD_OPACITY)
        self.add(box, body)
        visuals.tag(self, visuals.CARD, visuals.SEP.join(
            " ".join(t.original_text for t in part) if isinstance(part, VGroup)
            else part.original_text for part in body))


def label(text: str, size: int = style.BODY_SIZE, color: str = style.TEXT) -> Text:
    """Plain words on screen."""
    return make_text(text, font=style.SANS, font_size=size, color=color)


def code(text: str, size: int = style.CODE_SIZE, color: str = style.TEXT) -> Text:
    """A line of Python, in the monospace font."""
    return make_text(text, font=style.MONO, font_size=size, color=color)


def tex(text: str, size: int = style.BODY_SIZE, color: str = style.TEXT) -> MathTex:
    """A formula."""
    return MathTex(text, font_size=size + style.TEX_BOOST, color=color)


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


class CellGrid(VGroup):
    """A tensor drawn as a grid of square cells, one string per cell.

    ``cells[r][c]`` is the square, ``entries[r][c]`` the text inside it.
    """

    def __init__(
        self,
        rows: Sequence[Sequence[str]],
        color: str = style.TEXT,
        cell: float = style.CELL,
        font_size: int = style.CELL_SIZE,
    ) -> None:
        super().__init__()
        self.cells: list[list[Square]] = []
        self.entries: list[list[Text]] = []
        for r, row in enumerate(rows):
            cell_row, entry_row = [], []
            for c, value in enumerate(row):
                square = Square(
                    side_length=cell, color=color, stroke_width=style.CELL_STROKE
                )
                square.set_fill(color, opacity=style.CELL_FILL_OPACITY)
                square.move_to(RIGHT * c * cell + DOWN * r * cell)
                entry = make_text(
                    value, font=style.MONO, font_size=font_size, color=style.TEXT
                )
                entry.scale_to_fit_width(min(entry.width, cell * style.CELL_TEXT_FILL))
                entry.move_to(square)
                cell_row.append(square)
                entry_row.append(entry)
                self.add(square, entry)
            self.cells.append(cell_row)
            self.entries.append(entry_row)
        visuals.tag(self, visuals.GRID, visuals.grid_words(rows))

    def row(self, r: int) -> VGroup:
        """The squares and entries of row ``r``."""
        return visuals.tag(VGroup(*self.cells[r], *self.entries[r]), visuals.GRID,
                           ", ".join(e.original_text for e in self.entries[r]))


def captioned(
    mobject, caption: str, size: int = style.SMALL_SIZE, color: str = style.MUTED
) -> VGroup:
    """A mobject with a short caption under it."""
    text = label(caption, size=size, color=color)
    return VGroup(mobject, text.next_to(mobject, DOWN, buff=style.GAP / 2))


# -- Code that ran, and what it gave (``tensors.snippet.Run``).

ARROW = "\u2192"  # between code and its result


def gives(result: str) -> str:
    """The result of a line of code, as drawn after it: ``-> result``."""
    return f"{ARROW} {result}"


def listing(text: str, size: int = style.CODE_SIZE, color: str = style.TEXT) -> Text:
    """Lines of monospace text, one Text, so indents and line pitch stay even."""
    return make_text(
        text,
        font=style.MONO,
        font_size=size,
        color=color,
        line_spacing=style.CODE_LINE_SPACING,
    )


def error_block(
    r: Any, width: int = style.ERROR_WRAP, size: int = style.SMALL_SIZE
) -> Text:
    """The error torch raised in run ``r``: ``Type: message``, wrapped."""
    block = listing(
        "\n".join(fmt.lines(f"{r.error_type}: {r.error}", width)), size, style.ERROR
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


class Table(VGroup):
    """Rows of ``(text, colour)`` cells in monospace columns, drawn as one Text.

    One Text keeps every row on the same baseline pitch and every column
    aligned to the character.
    """

    def __init__(self, rows, size: int = style.SMALL_SIZE) -> None:
        super().__init__()
        widths = [max(len(row[c][0]) for row in rows) for c in range(len(rows[0]))]
        text, colours = "", {}
        for row in rows:
            line = ""
            for (words, colour), width in zip(row, widths):
                start = len(text) + len(line)
                if words:
                    colours[f"[{start}:{start + len(words)}]"] = colour
                line += words.ljust(width + style.TABLE_GAP)
            text += line.rstrip() + "\n"
        self.text = make_text(text.rstrip("\n"), font=style.MONO, font_size=size,
                              color=style.TEXT, t2c=colours,
                              line_spacing=style.TABLE_LINE_SPACING)
        self.add(self.text)
        visuals.tag(self, visuals.TABLE, visuals.grid_words(
            [[words for words, _ in row if words] for row in rows]))


def head(text: str):
    """A table header cell."""
    return (text, style.MUTED)


def plain(text: str):
    """A table body cell."""
    return (text, style.TEXT)


# -- Placing blocks under a heading or a docked question.


def column(*mobjects) -> VGroup:
    """Blocks stacked and left-aligned."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)


def under_left(group, anchor, buff: float = style.GAP):
    """Place ``group`` under ``anchor``, against the left edge of the frame."""
    return group.next_to(anchor, DOWN, buff=buff).to_edge(LEFT, buff=style.EDGE_BUFF)


def under_centred(group, anchor, buff: float = style.GAP):
    """Place ``group`` under ``anchor``, centred on the frame."""
    return group.next_to(anchor, DOWN, buff=buff).set_x(0)


def beside(left, right, anchor) -> VGroup:
    """Two blocks side by side, tops aligned, under ``anchor`` at the left edge.

    The gap between them narrows when the wide one would not fit the frame.
    """
    room = style.FRAME_HALF_WIDTH * 2 - style.EDGE_BUFF * 2
    gap = (
        style.WIDE_GAP
        if left.width + right.width + style.WIDE_GAP <= room
        else style.GAP
    )
    pair = VGroup(left, right).arrange(RIGHT, aligned_edge=UP, buff=gap)
    return under_left(pair, anchor)


def math(text: str, color: str = style.TEXT) -> MathTex:
    """A worked formula, a size larger than body text."""
    return tex(text, size=style.HEADING_SIZE, color=color)


def paren(values) -> str:
    """A tuple of already formatted values: ``(12, 31)``."""
    return "(" + fmt.join(values) + ")"


def mark(*mobjects) -> list:
    """Animations boxing what the viewer should compare."""
    return [
        FadeIn(visuals.tag(
            SurroundingRectangle(m, color=style.QUESTION, buff=style.TIGHT),
            visuals.SHAPE, f"a box marks {visuals.words(m)[1]}"))
        for m in mobjects
    ]


# -- Practice questions: the question alone, a countdown, then the solution.


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
            f"Q{question.number}", size=style.HEADING_SIZE, color=style.QUESTION
        )
        words = lines(
            fmt.lines(question.text, width),
            make=label,
            size=style.BODY_SIZE,
            color=style.TEXT,
        )
        parts = [words]
        if getattr(question, "code", ""):
            parts.append(code(question.code, color=style.OPERAND_A))
        self.body = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP / 2)
        self.add(
            VGroup(self.badge, self.body).arrange(
                RIGHT, aligned_edge=UP, buff=style.GAP
            )
        )
        asked = f"{self.badge.original_text}: {question.text}"
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


class PracticeScene(LectureScene):
    """A LectureScene that asks practice questions before answering them.

    Usage, one question at a time::

        card = self.ask(question, under=heading)   # question, countdown, dock
        ...animate the solution below ``card``...
        self.clear_below(keep=[heading])

    ``question`` needs ``number``, ``text`` and ``countdown`` (the ints shown,
    e.g. ``(15, 14, ..., 1)``; they must be lesson data so the screen tests
    accept them), and may have ``code``. After the question is read there is
    a silence of at least ``style.THINK_SECONDS``, with the countdown on
    screen, before the answer starts.
    """

    def ask(self, question: Any, under: Any, line: str | None = None) -> QuestionCard:
        """Show ``question`` alone with a countdown, then dock it under ``under``.

        ``line`` is the narration over the thinking time (by default: the
        question's number and an invitation to pause). Returns the docked
        card; draw the solution below it.
        """
        card = QuestionCard(question).move_to(ORIGIN)
        timer = Countdown(question.countdown)
        timer.to_corner(DOWN + RIGHT, buff=style.EDGE_BUFF)
        said = line or (
            f"Question {question.number}. Try it yourself: the answer "
            "comes when the countdown ends."
        )
        self.record(
            "question",
            number=question.number,
            text=question.text,
            code=getattr(question, "code", ""),
            quiz=quiz.to_json() if (quiz := getattr(question, "quiz", None)) else None,
        )
        with self.say(said):
            self.play(
                FadeIn(card, shift=UP * style.SHIFT), FadeIn(timer), run_time=style.FAST
            )
        # Step: silence to think, the ring emptying as the digits count down.
        tick = max(style.THINK_SECONDS / len(timer.digits), style.TICK)
        centre = timer.ring.get_center()
        self.record(
            "think", number=question.number,
            seconds=round(tick * len(timer.digits), style.TIME_DIGITS)
        )
        with self.quietly():  # the countdown said what it does when it appeared
            for k, digit in enumerate(timer.digits):
                self.add(digit.move_to(centre))
                left = 1 - (k + 1) / len(timer.digits)
                self.play(
                    timer.ring.animate.become(self.arc_left(centre, left)),
                    run_time=tick,
                    rate_func=linear,
                )
                self.remove(digit)
        docked = card.copy().scale(style.DOCKED_SCALE)
        docked.next_to(under, DOWN, buff=style.GAP).to_edge(LEFT, buff=style.EDGE_BUFF)
        self.play(FadeOut(timer), Transform(card, docked), run_time=style.FAST)
        self.record("answer", number=question.number)
        return card

    @staticmethod
    def arc_left(centre, share: float) -> VMobject:
        """The countdown still to run: ``share`` of a turn around ``centre``."""
        arc = Arc(
            radius=style.COUNTDOWN_RADIUS,
            start_angle=PI / 2,
            angle=2 * PI * max(share, style.MIN_ARC),
            color=style.QUESTION,
            stroke_width=style.EDGE_STROKE,
        )
        return arc.move_arc_center_to(centre)
