"""Caption cues: every narration line cut and timed to broadcast norms."""

from __future__ import annotations

import re

import pytest

from scenes.lecture import LECTURE
from scenes.voice import cues
from tests.scenes.voice.lines import narration

# A voice's pace, audio seconds per spoken character: piper's en_US-joe-medium
# speaks about 14 characters a second; a slow reader half as fast.
PACES = {"piper": 1 / 14, "slow": 1 / 7}

LONG = ("Backward pass: starting from the output, each node passes a gradient "
        "to its inputs, multiplying by its local slope, until every leaf that "
        "requires grad holds dL by dx in `x.grad`, here [-0.2, 0.3, 0.25, 1.5].")


def check(line: str, audio: float | None) -> list[str]:
    planned = cues.plan(line, audio)
    out = cues.problems(planned)
    joined = " ".join(c.text.replace("\n", " ") for c in planned)
    if joined != " ".join(line.split()):
        out.append(f"cues {joined!r} do not read {line!r}")
    if audio is not None and planned[-1].end < audio - 1e-9:
        out.append("cues end before the audio")
    return out


@pytest.mark.parametrize("pace", PACES.values(), ids=PACES.keys())
def test_a_long_line_is_cut_to_the_norms(pace):
    spoken_chars = cues.spoken_length(LONG)
    assert not check(LONG, spoken_chars * pace)
    assert len(cues.plan(LONG, spoken_chars * pace)) > 1


def test_never_cut_inside_a_tensor_shape_or_code():
    planned = cues.plan(LONG, None)
    spans = re.findall(r"\[[^\]]*\]|`[^`]*`|\([^)]*\)", LONG)
    for span in spans:
        assert any(span in c.text.replace("\n", " ") for c in planned), span


def test_cuts_fall_on_phrase_boundaries():
    line = ("Autograd records every operation on x. Calling backward walks the "
            "record in reverse, and each gradient lands in the leaf it came from.")
    planned = cues.plan(line, None)
    lines = [x for c in planned for x in c.text.split("\n")]
    # The sentence ends a caption line, and no line ends on an article.
    assert "Autograd records every operation on x." in lines
    assert not any(x.split()[-1] in ("a", "an", "the") for x in lines), lines


def test_a_short_line_is_one_line_and_stays_long_enough():
    (cue,) = cues.plan("Shapes agree.", 0.3)
    assert cue.text == "Shapes agree." and cue.seconds >= cues.MIN_CUE


def test_fast_audio_stretches_the_cues_to_17_cps():
    planned = cues.plan(LONG, 2.0)  # far too fast to read
    assert not cues.problems(planned)
    assert planned[-1].end >= sum(c.chars for c in planned) / cues.MAX_CPS


def test_the_checker_finds_each_problem():
    bad = [cues.Cue(0, 0.5, "short"), cues.Cue(0, 9, "long"),
           cues.Cue(0, 1, "x" * 43), cues.Cue(0, 1, "a\nb\nc"),
           cues.Cue(0, 1, "twenty-five characters..."), cues.Cue(0, 2, "[1, 2")]
    found = cues.problems(bad)
    for what in ("at least 5/6 s", "at most 7.0 s", "43 characters", "3 lines",
                 "characters per second", "cut inside []"):
        assert any(what in p for p in found), what


def test_extend_last_keeps_a_cue_within_seven_seconds():
    planned = cues.plan("Shapes agree.", 1.0)
    longer = cues.extend_last(planned, 30.0)
    assert longer[-1].seconds <= cues.MAX_CUE and not cues.problems(longer)


def test_srt_round_trip(tmp_path):
    from datetime import timedelta

    import srt

    planned = cues.plan(LONG, None)
    path = tmp_path / "x.srt"
    path.write_text(srt.compose([srt.Subtitle(i, timedelta(seconds=c.start),
                                              timedelta(seconds=c.end), c.text)
                                 for i, c in enumerate(planned, 1)]), encoding="utf-8")
    assert not cues.problems(cues.read_srt(path))


@pytest.mark.parametrize("chapter", LECTURE, ids=lambda c: c.id)
def test_every_line_of_the_lecture_meets_the_norms(chapter):
    bad = []
    for line in narration(chapter):
        for name, pace in {**PACES, "silent": None}.items():
            audio = None if pace is None else cues.spoken_length(line) * pace
            bad += [f"{name}: {p}" for p in check(line, audio)]
    assert not bad, "\n".join(bad)
