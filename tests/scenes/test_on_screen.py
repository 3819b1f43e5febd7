"""Every scene of the lecture: the numbers on screen are torch's numbers.

Each scene is built in a dry run (no video) and everything it drew is read
back. Checks per scene, with no per-scene test code (tests/provenance.py):
- every number drawn or said is bound to a lesson value and shows what a
  fresh torch run gives at its path (a typed-in, stale, unbound or
  misplaced number fails), grid cells at their row and column, gradient
  labels by their own arrows;
- every result the scene promises in ``SHOWS`` is drawn bound, and a
  labelled one, ``(path, label)``, with its label: in the same text
  (``mean = 0.05``), or, for a bare number such as a grid cell, with the
  label as the nearest text;
- the errata cards and notes on the guide are drawn where tensors/errata.py
  says, and a practice question is followed by a silent countdown.
The lessons themselves are checked against independent answers (the
guide's hand-checked values, numpy, plain loops) in tests/tensors/.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from scenes.broadcasting import BroadcastRowOverMatrix
from scenes.kit import style
from scenes.lecture import LECTURE
from scenes.practice_basics import PracticeLevelOne
from tensors import broadcasting
from tensors.practice_basics import level_one
from tensors.quiz import KINDS
from tests import provenance
from tests.screen import watch


@pytest.fixture(scope="module", params=LECTURE, ids=lambda c: c.id)
def chapter(request):
    return request.param


def test_scene_shows_torchs_numbers(chapter):
    """Every number drawn or said is bound to a lesson value and shows it, at
    its place (tests/provenance.py)."""
    found = provenance.problems(chapter.load())
    assert not found, "\n".join(found)


def test_scene_shows_exactly_its_errata_and_notes(chapter):
    """Each card is drawn by the scene it names, and nowhere else; the notes
    are drawn once, at the end: read from what is drawn."""
    assert not provenance.findings_problems(chapter.id, watch(chapter.load()))


def test_scene_is_narrated(chapter):
    narration = watch(chapter.load()).narration
    assert narration and all(line.strip() for line in narration), chapter.id


def test_scene_promises_something(chapter):
    assert chapter.load().SHOWS, f"{chapter.id} declares no results in SHOWS"


def test_practice_questions_leave_silence_to_think(chapter):
    """Each question is read aloud with its think time; then the countdown runs
    its full length (one digit a TICK, as many as the question's kind gives),
    nothing said, before the answer."""
    scene_cls = chapter.load()
    screen = watch(scene_cls)
    asked = {q.number: q for q in questions_of(scene_cls.LESSON())}
    for think in (e for e in screen.events if e["kind"] == "think"):
        q = asked[think["number"]]
        answer = next(e for e in screen.events
                      if e["kind"] == "answer" and e["number"] == think["number"])
        spoken = [b for b in screen.said
                  if b["end"] > think["time"] and b["start"] < answer["time"]]
        assert not spoken, f"Q{think['number']}: narration over the thinking time"
        assert think["seconds"] == pytest.approx(q.think_seconds * style.TICK)
        assert answer["time"] - think["time"] >= think["seconds"]
        read = next(b["text"] for b in screen.said if b["end"] <= think["time"] + 1e-6
                    and b["text"].startswith(f"Question {q.number}."))
        assert q.said in read and f"{q.think_seconds} seconds" in read, read
    questions = [e for e in screen.events if e["kind"] == "question"]
    assert len(questions) == len([e for e in screen.events if e["kind"] == "think"])


def questions_of(data) -> list:
    """Every practice question (an object with ``said`` and ``countdown``) in
    ``data``, one level of fields down."""
    return [q for v in vars(data).values()
            if (q := getattr(v, "question", None)) is not None and hasattr(q, "said")]


def test_practice_questions_carry_their_quiz(chapter):
    """Each question the scene asks takes its answer box to the page (JSON)."""
    screen = watch(chapter.load())
    for q in (e for e in screen.events if e["kind"] == "question"):
        quiz = q.get("quiz")
        assert quiz, f"Q{q['number']} has no quiz"
        assert quiz["kind"] in KINDS and quiz["prompt"] and quiz["code"]
        assert json.loads(json.dumps(quiz)) == quiz


@pytest.mark.xdist_group("scene-broadcasting")  # reuses its dry run
def test_a_stale_number_is_caught():
    """A scene drawing from an out-of-date result fails the check."""
    real = broadcasting.broadcasting()
    stale = dataclasses.replace(
        real,
        guide=broadcasting.stretch_add(real.guide.a_code, "torch.tensor([[10, 21]])"),
    )

    class Stale(BroadcastRowOverMatrix):
        LESSON = staticmethod(lambda: stale)

    found = provenance.problems(Stale, real)
    assert any("'21' is drawn for guide.b.0.1, torch gives '20'" in p
               for p in found), found


@pytest.mark.xdist_group("scene-practice-level-1")  # reuses its dry run
def test_swapped_labels_are_caught():
    """Q4's mean drawn as the std and the std as the mean fails the check."""
    real = level_one()
    swapped = dataclasses.replace(
        real, q4=dataclasses.replace(real.q4, mean=real.q4.std, std=real.q4.mean)
    )

    class Swapped(PracticeLevelOne):
        """Q4 alone (the scene's own code for it), drawn from the swapped data."""

        LESSON = staticmethod(lambda: swapped)
        SHOWS = tuple(e for e in PracticeLevelOne.SHOWS
                      if isinstance(e, tuple) and e[0].startswith("q4."))

        def construct(self) -> None:
            heading = self.show_heading(self.HEADING)
            self.normal(self.data.q4, heading, self.ask(self.data.q4.question,
                                                        under=heading))

    assert not provenance.problems(PracticeLevelOne, real)
    assert Swapped.SHOWS == (("q4.mean", "mean"), ("q4.std", "std"))
    found = provenance.problems(Swapped, real)
    assert any("drawn for q4.mean" in p for p in found), found
    assert any("drawn for q4.std" in p for p in found), found
