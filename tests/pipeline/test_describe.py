"""pipeline/describe.py on beats and visual events written by hand (no scene).

The rule under test: an event the narration of its beat already says is not
described; the others become cues, merged per silence, timed to the voice's
reading rate, ``extended`` when they do not fit before the next narration.
"""

from __future__ import annotations

import pytest
import webvtt

from pipeline import describe
from pipeline.captions import vtt_stamp
from pipeline.config import Fail
from scenes.voice.narration import reading_seconds
from scenes.voice.spoken import spoken


def beat(start, end, text, voice_end=None):
    out = {"start": start, "end": end, "text": text, "spoken": spoken(text)}
    if voice_end is not None:
        out["voice_end"] = voice_end
    return out


def shown(time, text, what="code", action="appears"):
    return {"kind": "visual", "time": time, "action": action, "what": what,
            "text": text}


def test_what_the_narration_says_is_not_described():
    beats = [beat(0.0, 5.0, "A has shape (2, 2), and b has only one row.")]
    said = shown(1.0, "A_(2 × 2)", what="formula")  # its numbers are said
    one = shown(1.0, "b_(1 × 2)", what="formula")  # "one" says the 1
    unsaid = shown(1.0, "torch.zeros(3, 4)")
    assert describe.covered(said, beats[0]) and describe.covered(one, beats[0])
    assert not describe.covered(unsaid, beats[0])
    cues = describe.chapter_cues(beats, [said, one, unsaid], duration=20.0)
    assert [c["text"] for c in cues] == ["Code: torch.zeros(3, 4)."]


def test_words_count_when_half_of_them_are_said():
    b = beat(0.0, 5.0, "The rule: sizes are equal, or one of them is missing.")
    assert describe.covered(shown(1.0, "sizes equal or missing", "text"), b)
    assert not describe.covered(shown(1.0, "stride contiguous memory", "text"), b)


def test_nothing_is_covered_outside_a_beat_and_a_bare_shape_inside_one_is():
    beats = [beat(2.0, 5.0, "Look at this.")]
    assert not describe.covered(shown(0.0, "a line", "shape"), None)
    assert describe.covered(shown(3.0, "a line", "shape"), beats[0])
    assert describe.covered(shown(3.0, "+", "formula"), beats[0])


def test_moves_and_exits_are_not_described():
    events = [shown(0.0, "x = 1", action="moves"), shown(0.5, "x = 1", action="leaves"),
              {"kind": "question", "time": 0.0, "number": 1}]
    assert describe.chapter_cues([], events, duration=10.0) == []


def test_a_description_waits_for_the_voice_and_is_extended_when_it_cannot_fit():
    text = "torch.ones(2, 3) + torch.arange(3)"
    seconds = reading_seconds(spoken(f"Code: {text}."))
    fits = [beat(0.0, 4.0, "Here is some code.", voice_end=3.0),
            beat(3.0 + seconds + 1.0, 20.0, "Next.")]
    cue, = describe.chapter_cues(fits, [shown(0.5, text)], duration=30.0)
    assert cue["start"] == 3.0 and not cue["extended"]
    assert cue["end"] == pytest.approx(3.0 + seconds, abs=1e-3)
    tight = [beat(0.0, 4.0, "Here is some code."), beat(4.5, 20.0, "Next.")]
    cue, = describe.chapter_cues(tight, [shown(0.5, text)], duration=30.0)
    assert cue["start"] == 4.0 and cue["extended"]  # the page pauses the video
    # In a silence it starts with its event; the chapter's end also bounds it.
    cue, = describe.chapter_cues([], [shown(1.0, text)], duration=1.5)
    assert cue["start"] == 1.0 and cue["extended"]


def test_events_close_together_share_one_cue():
    beats = [beat(0.0, 5.0, "Two things appear."), beat(12.0, 15.0, "Later.")]
    events = [shown(1.0, "x = torch.ones(2)"), shown(2.0, "y = x * 7"),
              shown(2.5, "7, 7", what="grid"),  # one beat's: said when it ends
              shown(9.0, "Heading here", what="title"),  # in the silence after
              shown(10.0, "More words shown", what="text"),  # within MERGE_SECONDS
              shown(13.5, "a gradient arrow back, 2", "arrow"),  # in the next beat
              shown(19.0, "A late arrow", what="arrow")]  # long after the last
    cues = describe.chapter_cues(beats, events, duration=30.0)
    assert [c["text"] for c in cues] == [
        "Code: x = torch.ones(2). y = x * 7. Grid: 7, 7.",
        "Title: Heading here. On screen: More words shown.",
        "A gradient arrow back, 2.", "A late arrow."]
    assert [c["start"] for c in cues] == [5.0, 9.0, 15.0, 19.0]
    # Within MERGE_SECONDS of the beat's own cue, in the same silence: one cue.
    cue, = describe.chapter_cues(beats, events[:3] + [shown(6.0, "Soon", "text")],
                                 duration=30.0)
    assert cue["text"].endswith("Grid: 7, 7. On screen: Soon.")


def test_a_repeated_description_is_said_once_and_single_values_make_a_list():
    events = [shown(1.0, "22", "text"), shown(1.2, "13", "text"),
              shown(1.4, "13", "text"), shown(1.6, "24", "text")]
    cue, = describe.chapter_cues([], events, duration=10.0)
    assert cue["text"] == "On screen: 22, 13, 24."


def test_each_name_starts_a_sentence_and_code_keeps_its_case():
    boxes = [shown(1.0, "a box marks x.sum()", "shape"),
             shown(1.0, "a box marks y", "shape")]
    assert describe.phrase(boxes) == "A box marks x.sum(). A box marks y."
    code = [shown(1.0, "x.sum()"), shown(1.0, "y = x")]
    assert describe.phrase(code) == "Code: x.sum(). y = x."


def test_cues_carry_lecture_time_chapter_and_spoken_form():
    cue, = describe.chapter_cues([], [shown(1.0, "x = torch.zeros(2, 3)")],
                                 duration=10.0, chapter=3, offset=100.0)
    assert cue["start"] == 101.0 and cue["chapter"] == 3
    assert cue["spoken"] == spoken(cue["text"])
    assert "[" not in cue["spoken"] and "(" not in cue["spoken"]
    assert set(cue) == {"start", "end", "text", "spoken", "chapter", "extended"}


def test_the_vtt_parses_back_with_every_cue(tmp_path):
    cues = describe.chapter_cues(
        [beat(0.0, 3.0, "Some code."), beat(3.2, 9.0, "More.")],
        [shown(1.0, "a = torch.ones(2)"), shown(9.5, "b -> 2", "text")],
        duration=30.0, offset=3661.5)
    path = tmp_path / "lecture-480p15.descriptions.vtt"
    describe.write_vtt(path, cues)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left
    parsed = webvtt.read(str(path))
    assert [(c.start, c.end, c.text) for c in parsed] == [
        (vtt_stamp(c["start"]), vtt_stamp(c["end"]), c["text"])
        for c in cues]
    assert parsed.captions[0].start == "01:01:04.500"
    assert [c.identifier for c in parsed] == ["d1 extended", "d2"]
    assert [c["extended"] for c in cues] == [True, False]


def test_the_lint_names_scene_time_and_what():
    beats = [beat(0.0, 5.0, "Something is drawn.")]
    events = [shown(2.0, "", "shape"),  # nothing to say, but narrated over
              shown(6.25, "", "shape"),  # nothing to say, in silence
              shown(7.0, "a hologram", "hologram")]  # a kind with no describer
    left = describe.undescribed(beats, events)
    assert [e["time"] for e in left] == [6.25, 7.0]
    with pytest.raises(Fail) as caught:
        describe.check("broadcasting", beats, events)
    message = caught.value.message
    assert message.startswith("broadcasting at 6.25 s: shape appears")
    assert "(and 1 more)" in message and "\n" not in message
    describe.check("broadcasting", beats, events[:1])  # narrated: no failure
    # What the lint rejects is left out of the cues, not spoken empty.
    assert describe.chapter_cues(beats, events, duration=10.0) == []


@pytest.mark.manim
def test_the_scenes_and_the_build_name_the_same_events():
    from scenes.kit import base, visuals  # noqa: PLC0415 - manim, only here

    assert base.VISUAL == describe.VISUAL
    assert set(visuals.KINDS) == set(describe.KINDS)
    assert (visuals.APPEARS, visuals.CHANGES, visuals.MOVES, visuals.MARKS,
            visuals.LEAVES) == (describe.APPEARS, describe.CHANGES, describe.MOVES,
                                describe.MARKS, describe.LEAVES)
