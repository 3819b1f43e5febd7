"""The base scenes: ``LectureScene`` and ``PracticeScene``.

``LectureScene`` computes its lesson, narrates each beat (``say``), records
what the build needs besides the video (beats, events, the code that ran),
shows the guide's errata and reads the notes on the guide; it starts by
installing manim's speed patches (``scenes.speedups``). ``PracticeScene``
asks a practice question, leaves time to think, then docks it for the answer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any, ClassVar

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    PI,
    RIGHT,
    UP,
    Arc,
    FadeIn,
    FadeOut,
    ReplacementTransform,
    Scene,
    Text,
    Transform,
    VGroup,
    VMobject,
    Write,
    config,
    linear,
)

from scenes import speedups
from scenes.kit import style, visuals
from scenes.kit.cards import Countdown, ErratumCard, QuestionCard
from scenes.kit.layout import mark
from scenes.kit.record import EVENTS_ENV, Kind, SceneRecord
from scenes.kit.text import label, make_text
from scenes.voice import cues, narration
from scenes.voice.spoken import spoken
from tensors import errata, fmt, snippet
from tensors.bound import BoundStr, bind

VISUAL = Kind.VISUAL  # the kind of event ``play`` records for what it shows


class LectureScene(Scene):
    """A scene of the lecture: dark background, a heading, live torch data.

    Subclasses set ``LESSON`` to the ``tensors/`` function whose results the
    scene draws, and ``SHOWS`` to the dotted paths into those results that
    must be visible on screen (the screen tests check both).

    ``self.data`` is the lesson bound (``tensors.bound.bind``): every value in
    it knows its path, and ``tensors.fmt`` turns it into text that says which
    value it shows. Build text from it with ``fmt.f``, ``+`` and
    ``fmt.join``, not f-strings (which drop that), and every number drawn or
    said is checked against a fresh torch run at its place.
    """

    LESSON: ClassVar[Callable[[], Any]]
    SHOWS: ClassVar[tuple[str, ...]] = ()
    HEADING: ClassVar[str] = ""

    def setup(self) -> None:
        # First, before the scene builds any Text: manim's speed patches
        # (scenes/speedups; checks the manim and svgelements versions, once).
        speedups.install()
        self.camera.background_color = style.BACKGROUND
        # From here to tear_down: this scene's code that ran (tensors.snippet).
        self._recording = ExitStack()
        self.ran = self._recording.enter_context(snippet.recording())
        self.data = bind(type(self).LESSON())
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

    def record(self, kind: Kind, **data: Any) -> None:
        """Note a moment of the scene (``kind`` plus JSON-able ``data``) at now."""
        self.events.append({"kind": kind, "time": round(self.time, style.TIME_DIGITS),
                            **data})

    def play(self, *animations: Any, **kwargs: Any) -> None:
        """Play ``animations``, first recording what they show.

        Each thing that appears, changes, moves, is marked or leaves becomes a
        ``"visual"`` event (``scenes.kit.visuals.seen``: ``action``, ``what``,
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
        """Stop recording the code that ran; write the scene's record where the
        build asked (``EVENTS_ENV``; ``scenes.kit.record``)."""
        self._recording.close()
        target = os.environ.get(EVENTS_ENV)
        if target:
            self.scene_record().write(target)

    def scene_record(self) -> SceneRecord:
        """What this scene leaves the build, as one typed record."""
        return SceneRecord.from_json({
            "scene": type(self).__name__,
            "duration": round(self.time, style.TIME_DIGITS),
            "beats": self.beats, "events": self.events, "code": self.ran})

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

    def error_then_working(self, failed: VGroup, gist: VGroup, works: VGroup,
                           line: str) -> VGroup:
        """Narrate ``line`` while ``failed``'s error (a ``snippet``) shrinks to
        ``gist`` under its code and the run that ``works`` appears below, its
        result boxed: the same mistake, then where it is harmless.

        Returns what it added (``gist``, ``works`` and the box), to fade out
        together.
        """
        gist.next_to(failed[0], DOWN, buff=style.GAP / 2).align_to(failed[0], LEFT)
        works.next_to(gist, DOWN, buff=style.GAP).align_to(gist, LEFT)
        boxes = mark(works.result)
        with self.say(line):
            self.play(ReplacementTransform(failed.result, gist), run_time=style.FAST)
            self.play(FadeIn(works), run_time=style.BEAT)
            self.play(*boxes, run_time=style.FAST)
        return VGroup(gist, works, *(box.mobject for box in boxes))

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
        if finding.kind not in errata.TITLES:
            return
        guide, said = finding_texts(finding)
        card = ErratumCard(guide, said, errata.TITLES[finding.kind])
        self.errata_shown.append(key)
        spoken = fmt.plain(said)  # the card's text without its code marks
        self.record(Kind.ERRATUM, key=key, guide=finding.guide, torch=spoken)
        behind = list(self.mobjects)  # set aside while the card is up
        opening = ("A correction to the guide: {}." if finding.kind == errata.CARD
                   else "Going further than the guide: {}.")
        with self.say(line or fmt.f(opening, spoken)):
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
        """The "Notes on the guide": every ``NOTE`` finding, checked now.

        ``line`` is said as the title appears; then each note has its own
        card (the guide's line, what torch does) and its own beat, which
        quotes the guide line and reads what torch says.
        """
        title = label(
            "Notes on the guide", size=style.HEADING_SIZE, color=style.ERRATUM
        ).to_edge(UP, buff=style.EDGE_BUFF)
        with self.say(line):
            self.play(FadeIn(title), run_time=style.BEAT)
        for finding in errata.notes():
            guide, said = finding_texts(finding)
            self.notes_shown.append(finding.key)
            spoken = fmt.plain(said)  # the card's text without its code marks
            self.record(Kind.NOTE, key=finding.key, guide=finding.guide, torch=spoken)
            card = ErratumCard(guide, said, "Note")
            card.next_to(title, DOWN, buff=style.WIDE_GAP)
            with self.say(fmt.f("The guide writes: {}. {}", guide,
                                spoken[:1].upper() + spoken[1:] + ".")):
                self.play(FadeIn(card), run_time=style.BEAT)
            self.hold()
            self.play(FadeOut(card), run_time=style.FAST)
        self.play(FadeOut(title), run_time=style.FAST)

    def reveal(self, recap: VGroup) -> None:
        """Bring in a ``Recap``: its title, then its points one by one."""
        self.play(FadeIn(recap.title), run_time=style.FAST)
        for point in recap.items:
            self.play(FadeIn(point, shift=RIGHT * style.SHIFT), run_time=style.FAST)

    def hold(self, seconds: float = style.READ) -> None:
        """Pause so the viewer can read what is on screen."""
        self.wait(seconds)

    def clear_below(self, keep: Sequence[Any] = ()) -> None:
        """Fade out everything except ``keep`` (the heading, usually)."""
        gone = [m for m in self.mobjects if m not in keep]
        if gone:
            self.play(FadeOut(*gone), run_time=style.FAST)


def finding_texts(finding: errata.Finding) -> tuple[str, str]:
    """What a finding on the guide quotes and what torch says, bound to
    ``errata.<key>.guide`` and ``errata.<key>.torch`` (run now)."""
    return (BoundStr(finding.guide, f"errata.{finding.key}.guide"),
            BoundStr(finding.torch_says(), f"errata.{finding.key}.torch"))


class PracticeScene(LectureScene):
    """A LectureScene that asks practice questions before answering them.

    Usage, one question at a time::

        card = self.ask(question, under=heading)   # question, countdown, dock
        ...animate the solution below ``card``...
        self.clear_below(keep=[heading])

    ``question`` needs ``number``, ``text``, ``said`` (the question as the
    voice reads it) and ``countdown`` (the ints shown, e.g. ``(15, 14, ...,
    1)``, one a ``style.TICK``; lesson data, so the screen tests accept them,
    and as long as the question needs: ``tensors.practice_basics.Question``
    sets them by its kind), and may have ``code``. The question is read
    aloud, then the countdown runs in silence before the answer starts.
    """

    def ask(self, question: Any, under: Any, line: str | None = None) -> QuestionCard:
        """Show ``question`` alone with a countdown, then dock it under ``under``.

        ``line`` is the narration as the card appears (by default: the
        question's number, the question read aloud, and how long the countdown
        gives). Returns the docked card; draw the solution below it.
        """
        card = QuestionCard(question).move_to(ORIGIN)
        timer = Countdown(question.countdown)
        timer.to_corner(DOWN + RIGHT, buff=style.EDGE_BUFF)
        said = line or fmt.f("Question {}. {} You have {} seconds.", question.number,
                             question.said, question.think_seconds)
        self.record(
            Kind.QUESTION,
            number=question.number,
            text=" ".join(filter(None, (question.text,
                                        getattr(question, "tex_text", "")))),
            code=getattr(question, "code", ""),
            quiz=quiz.to_json() if (quiz := getattr(question, "quiz", None)) else None,
        )
        with self.say(said):
            self.play(
                FadeIn(card, shift=UP * style.SHIFT), FadeIn(timer), run_time=style.FAST
            )
        # Step: silence to think, the ring emptying as the digits count down.
        tick = style.TICK
        centre = timer.ring.get_center()
        self.record(
            Kind.THINK, number=question.number,
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
        self.record(Kind.ANSWER, number=question.number)
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
