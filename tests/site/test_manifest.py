"""lecture-<res>.json from handwritten scene files (no render, no browser)."""

from __future__ import annotations

import json

import pytest
import torch

from pipeline.config import Fail
from pipeline.manifest import ChapterInfo, lecture_manifest, write_manifest
from tensors import snippet


def srt_text(cues):
    def stamp(t):
        ms = round(t * 1000)
        return f"00:{ms // 60000:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"
    return "".join(f"{i}\n{stamp(a)} --> {stamp(b)}\n{text}\n\n"
                   for i, (a, b, text) in enumerate(cues, 1))


def scene_files(tmp_path, cid, events, srt=None):
    folder = tmp_path / "build" / "scenes" / "480p15"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{cid}.events.json").write_text(json.dumps(events))
    if srt is not None:
        (folder / f"{cid}.srt").write_text(srt_text(srt))
    return folder / f"{cid}.events.json", folder / f"{cid}.srt"


def chapter(tmp_path, cid, start, end, events, srt=None):
    ev, sr = scene_files(tmp_path, cid, events, srt)
    poster = tmp_path / "build" / "posters" / "480p15" / f"{cid}.png"
    return ChapterInfo(cid, f"Title of {cid}", start, end, poster, ev, sr)


def scene(beats=(), events=(), code=(), duration=10.0):
    return {"scene": "S", "duration": duration, "beats": list(beats),
            "events": list(events), "code": list(code)}


@pytest.fixture()
def video(tmp_path):
    return tmp_path / "build" / "lecture-480p15.mp4"


def test_chapters_times_and_posters(tmp_path, video):
    a = chapter(tmp_path, "a", 0.0, 10.0, scene())
    b = chapter(tmp_path, "b", 10.0, 25.5, scene())
    m = lecture_manifest("480p15", video, [a, b])
    assert m["video"] == "lecture-480p15.mp4" and m["res"] == "480p15"
    assert m["duration"] == 25.5
    assert [(c["id"], c["title"], c["start"], c["end"]) for c in m["chapters"]] == [
        ("a", "Title of a", 0.0, 10.0), ("b", "Title of b", 10.0, 25.5)]
    # posters relative to the folder of the video (and of the JSON)
    assert [c["poster"] for c in m["chapters"]] == ["posters/480p15/a.png",
                                                    "posters/480p15/b.png"]


def test_beats_and_cues_are_absolute_and_come_from_the_record(tmp_path, video):
    """Cues are the record's own; the .srt (written by manim from the same
    cues) is never read, and a beat without cues is one cue."""
    beats_a = [{"start": 1.0, "end": 4.0, "text": "One line."}]
    beats_b = [
        {"start": 0.5, "end": 6.0, "text": "Split in two. Halves.",
         "spoken": "split in two, halves",
         "cues": [{"start": 0.5, "end": 3.0, "text": "Split in two."},
                  {"start": 3.0, "end": 6.0, "text": "Halves."}]},
        {"start": 6.0, "end": 9.0, "text": "From the srt.", "spoken": "from the S R T"},
    ]
    a = chapter(tmp_path, "a", 0.0, 10.0, scene(beats_a))  # no .srt at all
    b = chapter(tmp_path, "b", 10.0, 20.0, scene(beats_b),
                srt=[(0.5, 6.0, "ignored: the beat has cues"),
                     (6.0, 9.0, "From\nthe srt.")])
    m = lecture_manifest("480p15", video, [a, b])
    assert [(x["start"], x["end"], x["text"], x["chapter"]) for x in m["beats"]] == [
        (1.0, 4.0, "One line.", 0), (10.5, 16.0, "Split in two. Halves.", 1),
        (16.0, 19.0, "From the srt.", 1)]
    assert [x["spoken"] for x in m["beats"]] == [
        "One line.", "split in two, halves", "from the S R T"]
    cues = [(c["start"], c["end"], c["text"], c["beat"]) for c in m["cues"]]
    assert cues == [(1.0, 4.0, "One line.", 0), (10.5, 13.0, "Split in two.", 1),
                    (13.0, 16.0, "Halves.", 1), (16.0, 19.0, "From the srt.", 2)]
    # a cue's spoken form: the beat's only when the cue is the whole beat
    assert [c["spoken"] for c in m["cues"]] == [
        "One line.", "Split in two.", "Halves.", "from the S R T"]


def test_a_beat_said_as_one_cue_keeps_its_spoken_form(tmp_path, video):
    beats = [{"start": 0.0, "end": 2.0, "text": "x = -0.2", "spoken": "x is minus 0.2",
              "cues": [{"start": 0.0, "end": 2.0, "text": "x = -0.2"}]}]
    m = lecture_manifest("480p15", video, [chapter(tmp_path, "a", 5.0, 9.0,
                                                   scene(beats))])
    assert m["cues"] == [{"start": 5.0, "end": 7.0, "text": "x = -0.2",
                          "spoken": "x is minus 0.2", "beat": 0, "chapter": 0}]


def test_cues_are_kept_inside_their_chapter(tmp_path, video):
    beats = [{"start": 0.0, "end": 3.0, "text": "ends late",
              "cues": [{"start": 0.0, "end": 3.0, "text": "ends late"},
                       {"start": 3.0, "end": 4.0, "text": "after the end"}]}]
    m = lecture_manifest("480p15", video, [chapter(tmp_path, "a", 0.0, 2.5,
                                                   scene(beats))])
    assert [(c["start"], c["end"], c["text"]) for c in m["cues"]] == [
        (0.0, 2.5, "ends late")]


QUIZ = {"prompt": "Shape of A @ B?", "kind": "shape", "answer": "(3, 2)",
        "value": [3, 2], "code": "(A @ B).shape", "tolerance": 0.0, "choices": []}


def test_errata_notes_and_questions_with_their_times(tmp_path, video):
    events_b = [
        {"kind": "question", "time": 1.0, "number": 3, "text": "Q three?",
         "code": "A @ B", "quiz": QUIZ},
        {"kind": "think", "time": 2.0, "number": 3, "seconds": 2.5},
        {"kind": "answer", "time": 4.5, "number": 3},
        {"kind": "erratum", "time": 5.0, "key": "k", "guide": "g", "torch": "t"},
        {"kind": "question", "time": 6.0, "number": 4, "text": "Q four?", "code": ""},
        {"kind": "note", "time": 8.0, "key": "n", "guide": "g2", "torch": "t2"},
    ]
    a = chapter(tmp_path, "a", 0.0, 30.0, scene())
    b = chapter(tmp_path, "b", 30.0, 40.0, scene(events=events_b))
    m = lecture_manifest("480p15", video, [a, b])
    assert m["questions"] == [
        {"number": 3, "text": "Q three?", "code": "A @ B", "chapter": 1, "time": 31.0,
         "answer": 34.5, "think": 2.5, "quiz": QUIZ},
        {"number": 4, "text": "Q four?", "code": "", "chapter": 1, "time": 36.0,
         "answer": None, "think": None, "quiz": None}]
    assert m["errata"] == [{"time": 35.0, "chapter": 1, "key": "k", "guide": "g",
                            "torch": "t"}]
    assert m["notes"] == [{"time": 38.0, "chapter": 1, "key": "n", "guide": "g2",
                           "torch": "t2"}]


def test_code_that_ran_once_each_in_order(tmp_path, video):
    runs = [{"code": "A * B", "output": "tensor(1)", "error": "", "given": ["A", "B"]},
            {"code": "torch.dot(A, B)", "output": "", "error": "RuntimeError: 1D",
             "given": ["A", "B"]},
            {"code": "A * B", "output": "tensor(1)", "error": "", "given": ["A", "B"]}]
    m = lecture_manifest("480p15", video, [chapter(tmp_path, "a", 0, 1,
                                                   scene(code=runs))])
    assert m["chapters"][0]["code"] == runs[:2]


def test_missing_or_broken_events_file_is_one_clear_error(tmp_path, video):
    a = chapter(tmp_path, "a", 0, 1, scene())
    a.events.unlink()
    with pytest.raises(Fail, match="a.events.json: no scene record"):
        lecture_manifest("480p15", video, [a])
    a.events.write_text("{not json")
    with pytest.raises(Fail, match="unreadable scene record"):
        lecture_manifest("480p15", video, [a])
    a.events.write_text('{"scene": "S", "events": [{"kind": "gossip"}]}')
    with pytest.raises(Fail, match="a.events.json: unknown event kind 'gossip'"):
        lecture_manifest("480p15", video, [a])
    with pytest.raises(Fail, match="no chapters"):
        lecture_manifest("480p15", video, [])


def test_write_manifest_is_whole_json_and_leaves_no_temp_file(tmp_path, video):
    m = lecture_manifest("480p15", video, [chapter(tmp_path, "a", 0, 1, scene(
        [{"start": 0, "end": 1, "text": "Ünïcode → fine"}]))])
    out = tmp_path / "out" / "lecture-480p15.json"
    write_manifest(out, m)
    assert json.loads(out.read_text(encoding="utf-8")) == m
    assert [p.name for p in out.parent.iterdir()] == [out.name]


# -- the code that ran, as tensors.snippet records it


def test_snippet_history_keeps_code_output_and_error():
    with snippet.recording() as runs:
        snippet.run("x = torch.tensor([1, 2])\nx * 2")
        snippet.run("y = 3")
        bad = snippet.run("torch.ones(2) @ torch.ones(3)")
        v = torch.tensor([4.0])
        snippet.run("v + 1", v=v)
    assert [h["code"] for h in runs] == [
        "x = torch.tensor([1, 2])\nx * 2", "y = 3", "torch.ones(2) @ torch.ones(3)",
        "v + 1"]
    assert runs[0]["output"] == repr(torch.tensor([2, 4]))
    assert runs[1]["output"] == ""  # a statement shows nothing
    assert runs[2]["error"] == f"{bad.error_type}: {bad.error}"
    assert bad.error_type == "RuntimeError" and runs[2]["output"] == ""
    assert runs[3]["given"] == ["v"]
    assert runs[3]["output"] == repr(torch.tensor([5.0]))
    v.add_(10)  # the record is what it gave when it ran
    assert runs[3]["output"] == repr(torch.tensor([5.0]))
    runs.clear()


# -- the audio description (pipeline/describe.py)


def test_descriptions_are_in_lecture_time_with_their_chapter(tmp_path, video):
    beats = [{"start": 0.0, "end": 3.0, "text": "Here is the code.",
              "spoken": "Here is the code."}]
    events = [{"kind": "visual", "time": 0.5, "action": "appears", "what": "code",
               "text": "x = torch.zeros(2, 3)"},
              {"kind": "visual", "time": 1.0, "action": "leaves", "what": "title",
               "text": "Gone"}]
    a = chapter(tmp_path, "a", 0.0, 10.0, scene())
    b = chapter(tmp_path, "b", 10.0, 20.0, scene(beats, events))
    m = lecture_manifest("480p15", video, [a, b])
    assert [(d["start"], d["chapter"], d["text"]) for d in m["descriptions"]] == [
        (13.0, 1, "Code: x = torch.zeros(2, 3).")]
    d = m["descriptions"][0]
    assert d["end"] > d["start"] and d["extended"] is False
    assert "zeros" in d["spoken"] and "(" not in d["spoken"]
    # Only added: a lecture with nothing to describe has an empty list.
    assert lecture_manifest("480p15", video, [a])["descriptions"] == []


def test_an_event_nothing_describes_fails_the_build(tmp_path, video):
    events = [{"kind": "visual", "time": 4.5, "action": "appears", "what": "shape",
               "text": ""}]
    b = chapter(tmp_path, "broadcasting", 0.0, 10.0, scene(events=events))
    with pytest.raises(Fail, match=r"^broadcasting at 4\.50 s: shape appears"):
        lecture_manifest("480p15", video, [b])
