"""Every scene of the lecture: nothing is shown that is neither said nor described.

Each scene's dry run (tests/screen.py, shared with the other screen tests of
its xdist group) records a visual event for every thing a ``play`` shows
(scenes/kit/visuals.py). The audio description's lint (``pipeline.describe
.undescribed``) must find none that the narration leaves unsaid and no
describer can word. The counts a report needs (visual events, events
described, cues, extended cues) are printed per scene: run with ``-s``, e.g.
``pytest -p no:xdist -s -q tests/scenes/test_descriptions.py``.
"""

from __future__ import annotations

import json

import pytest

from pipeline import describe
from scenes.kit import visuals
from scenes.lecture import LECTURE
from scenes.voice.spoken import LEFTOVER
from tests.screen import watch


@pytest.fixture(scope="module", params=LECTURE, ids=lambda c: c.id)
def chapter(request):
    return request.param


def described(chapter) -> tuple[list[dict], list[dict], list[dict]]:
    """The scene's beats, visual events and description cues."""
    screen = watch(chapter.load())
    shown = [e for e in screen.events if e["kind"] == describe.VISUAL]
    return screen.said, shown, describe.chapter_cues(
        screen.said, screen.events, length(screen))


def length(screen) -> float:
    """How long the scene ran, as far as its beats and events tell."""
    return max([b["end"] for b in screen.said] + [e["time"] for e in screen.events])


def test_every_visual_event_is_said_or_described(chapter):
    beats, shown, cues = described(chapter)
    assert shown, f"{chapter.id}: no visual events recorded"
    left = describe.undescribed(beats, shown)
    assert not left, f"{chapter.id}: " + "; ".join(
        f"{e['time']:.2f} s {e['action']} {e['what']} {e['text']!r}" for e in left)
    needed = [e for e in describe.needed(beats, shown) if describe.describable(e)]
    counts = {"scene": chapter.id, "visual_events": len(shown),
              **describe.summary(cues, len(needed))}
    print(json.dumps(counts))


def test_visual_events_are_well_formed(chapter):
    _, shown, _ = described(chapter)
    for e in shown:
        assert e["what"] in visuals.KINDS and e["action"] in (
            visuals.APPEARS, visuals.CHANGES, visuals.MOVES, visuals.MARKS,
            visuals.LEAVES), e
        assert isinstance(e["text"], str) and "\\" not in e["text"], e  # no raw TeX


def test_descriptions_read_well_and_stay_in_the_scene(chapter):
    _, _, cues = described(chapter)
    assert cues, f"{chapter.id}: nothing described (its title, at least, is not said)"
    end = length(watch(chapter.load()))
    for c in cues:
        assert 0 <= c["start"] < c["end"] and c["start"] <= end, c
        assert c["text"][:1].isupper() and c["text"].endswith((".", "?", "!")), c
        assert c["spoken"].strip() and not LEFTOVER.search(c["spoken"]), c
