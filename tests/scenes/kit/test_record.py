"""The scene record (scenes/kit/record.py): what a scene writes, the build reads."""

from __future__ import annotations

import json

import pytest

from scenes.kit.record import (
    EVENTS_ENV,
    Beat,
    Cue,
    Event,
    Kind,
    RecordError,
    Run,
    SceneRecord,
)

RAW = {
    "scene": "PracticeLevelOne", "duration": 30.0,
    "beats": [{"start": 0.0, "end": 4.0, "voice_end": 3.5, "text": "x = -0.2",
               "spoken": "x is minus 0.2",
               "cues": [{"start": 0.0, "end": 4.0, "text": "x = -0.2"}]}],
    "events": [
        {"kind": "question", "time": 5.0, "number": 1, "text": "Shape?", "code": "",
         "quiz": {"kind": "shape", "value": [2, 3]}},
        {"kind": "think", "time": 6.0, "number": 1, "seconds": 15.0},
        {"kind": "visual", "time": 6.0, "action": "appears", "what": "countdown",
         "text": "15"},
        {"kind": "answer", "time": 21.0, "number": 1},
        {"kind": "erratum", "time": 22.0, "key": "k", "guide": "g", "torch": "t"},
        {"kind": "note", "time": 25.0, "key": "n", "guide": "g2", "torch": "t2"},
    ],
    "code": [{"code": "x.mean()", "output": "tensor(0.1)", "error": "",
              "given": ["x"], "device": "cpu", "rebuild": {"x": "torch.zeros(1)"}}],
}


def test_json_round_trip_is_exact():
    record = SceneRecord.from_json(RAW)
    assert SceneRecord.from_json(json.loads(json.dumps(record.to_json()))) == record
    assert record.to_json()["events"] == RAW["events"]
    assert record.to_json()["code"][0]["rebuild"] == {"x": "torch.zeros(1)"}


def test_typed_views():
    record = SceneRecord.from_json(RAW)
    assert record.beats == (Beat(0.0, 4.0, "x = -0.2", "x is minus 0.2", 3.5,
                                 (Cue(0.0, 4.0, "x = -0.2"),)),)
    assert record.code == (Run("x.mean()", "tensor(0.1)", "", ("x",),
                               {"device": "cpu", "rebuild": {"x": "torch.zeros(1)"}}),)
    assert [e.kind for e in record.events] == [Kind.QUESTION, Kind.THINK, Kind.VISUAL,
                                               Kind.ANSWER, Kind.ERRATUM, Kind.NOTE]
    assert record.errata == ["k"] and record.notes == ["n"]
    (q,) = record.questions
    assert (q.number, q.time, q.think, q.answer, q.quiz["value"]) == (
        1, 5.0, 15.0, 21.0, [2, 3])


def test_kinds_are_their_strings():
    assert Kind.THINK == "think" and json.dumps(Kind.VISUAL) == '"visual"'
    assert Event.from_json({"kind": "note", "time": 1}).kind is Kind.NOTE


def test_a_beat_without_spoken_or_voice_end_reads_as_written():
    beat = Beat.from_json({"start": 1, "end": 2, "text": "Hi."})
    assert (beat.spoken, beat.voice_end, beat.cues) == ("Hi.", 2.0, ())


def test_write_is_atomic_and_read_gives_it_back(tmp_path):
    path = tmp_path / "a.events.json"
    record = SceneRecord.from_json(RAW)
    record.write(path)
    assert SceneRecord.read(path) == record
    assert [p.name for p in tmp_path.iterdir()] == ["a.events.json"]


@pytest.mark.parametrize("content, message", [
    (None, "no scene record"),
    ("{not json", "unreadable scene record"),
    ("[1, 2]", "not a JSON object"),
    ('{"duration": 1}', "not a scene record"),
    ('{"scene": "S", "events": [{"kind": "gossip", "time": 1}]}',
     "unknown event kind 'gossip'"),
    ('{"scene": "S", "beats": [{"start": 0}]}', "not a scene record"),
])
def test_a_bad_record_is_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "a.events.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(RecordError, match=message) as caught:
        SceneRecord.read(path)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


def test_scene_and_build_share_the_one_env_name():
    from pipeline import scene as build_scene
    from scenes.kit import base

    assert build_scene.EVENTS_ENV is EVENTS_ENV and base.EVENTS_ENV is EVENTS_ENV
