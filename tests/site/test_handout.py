"""The printed handout: a PDF read back with poppler (pdftotext, pdfinfo, pdfimages).

Most tests print a handwritten manifest (with questions, answers, notes, a
code line too long for the page) over a generated test video; the oracle is
that manifest, written out by hand below. One test prints the real small
lecture and checks it against the scenes' own events files.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from pipeline import handout
from pipeline.config import Fail
from pipeline.handout import build_handout, key_frame_times

# One worker prints the module's handouts (the fixtures are per module).
pytestmark = pytest.mark.xdist_group("handout")

SHOTS = Path(__file__).parents[2] / "build" / "site-screenshots"
MM = 72 / 25.4  # PDF points per millimetre
SIDE_MARGIN = 14 * MM  # the handout's left and right margins
A4 = (595.92, 842.88)  # points, as pdfinfo reports them
LETTER = (612.0, 792.0)
LONG = "y = torch.ones(" + "1, " * 70 + "1)"  # far wider than the page

QUESTION_1 = "What is <b>A</b> * B for A = [[1, 2], [3, 4]]?"
ANSWER_1 = ["Element by element: 1 times 1 is 1, 2 times 2 is 4.",
            "So the answer is tensor([[1, 4], [9, 16]])."]
QUESTION_2 = "Which shape does broadcasting give for (3, 1) + (1, 4)?"


def handwritten() -> dict:
    """A three-chapter lecture over 30 s, every field filled by hand."""
    def beat(start, end, text, chapter):
        return {"start": start, "end": end, "text": text, "spoken": text,
                "chapter": chapter}

    return {
        "format": 1, "title": "Tensor Hero: PyTorch fundamentals", "res": "480p15",
        "video": "lecture-480p15.mp4", "duration": 30.0,
        "chapters": [
            {"id": "a", "title": "Tensors & their <shapes>", "start": 0.0, "end": 12.0,
             "poster": "", "code": [
                 {"code": "x = torch.tensor([[1, 2], [3, 4]])\nx.shape",
                  "output": "torch.Size([2, 2])", "error": "", "given": []},
                 {"code": LONG, "output": "", "error": "RuntimeError: too many ones",
                  "given": []}]},
            {"id": "b", "title": "Broadcasting: (3, 1) + (1, 4)", "start": 12.0,
             "end": 24.0, "poster": "", "code": [
                 {"code": "a + b", "given": ["a", "b"], "error": "",
                  "output": "tensor([[0, 1, 2, 3],\n        [1, 2, 3, 4]])"}]},
            {"id": "c", "title": "Practice, level 1", "start": 24.0, "end": 30.0,
             "poster": "", "code": []},
        ],
        "beats": [
            beat(0.5, 2.0, "A tensor is a grid of numbers.", 0),
            beat(2.0, 4.0, "Its shape counts the rows, then the columns.", 0),
            beat(4.0, 6.5, "Two rows and two columns: shape (2, 2).", 0),
            beat(6.5, 9.0, "Too many ones make an error, shown as torch said it.", 0),
            beat(9.0, 11.5, "So shape is the first thing to check.", 0),
            beat(13.0, 22.0, "Broadcasting stretches size-1 dimensions to match.", 1),
            beat(24.0, 25.0, "Question 1. Try it yourself.", 2),
            beat(27.0, 28.0, ANSWER_1[0], 2),
            beat(28.0, 29.5, ANSWER_1[1], 2),
        ],
        "cues": [],
        "errata": [{"time": 3.0, "chapter": 0, "key": "e",
                    "guide": "x.shape # Output: (2, 2)",
                    "torch": "x.shape is torch.Size([2, 2])"}],
        "notes": [{"time": 20.0, "chapter": 1, "key": "n", "guide": "BCHW: always",
                   "torch": "channels_last exists too"}],
        "questions": [
            {"number": 1, "text": QUESTION_1, "code": "A * B", "chapter": 2,
             "time": 24.0, "answer": 27.0},
            {"number": 2, "text": QUESTION_2, "code": "", "chapter": 1,
             "time": 22.5, "answer": None},
        ],
    }


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    """A 30 s test-pattern video (ffmpeg's testsrc), like a lecture at 480p15."""
    path = tmp_path_factory.mktemp("video") / "lecture-480p15.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    "testsrc=size=854x480:rate=15", "-t", "30", "-pix_fmt", "yuv420p",
                    "-c:v", "libx264", "-preset", "ultrafast", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def a4(video, tmp_path_factory):
    out = tmp_path_factory.mktemp("a4") / "handout-480p15.pdf"
    return build_handout(handwritten(), video, out)


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def squash(text: str) -> str:
    """Text with every space and line break gone: wrapping cannot break a match."""
    return "".join(text.split())


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return float(w), float(h)


def words_outside(pdf: Path) -> list[tuple]:
    """Words whose box leaves the page, or the side margins (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    bad, width, height, pages = [], 0.0, 0.0, 0
    for line in html.splitlines():
        page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line)
        if page:
            width, height = map(float, page.groups())
            pages += 1
        word = re.search(r'xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                         r'yMax="([-\d.]+)">(.*)</word>', line)
        if word:
            x0, y0, x1, y1 = map(float, word.groups()[:4])
            if not (SIDE_MARGIN - 1 <= x0 and x1 <= width - SIDE_MARGIN + 1
                    and 0 <= y0 and y1 <= height):
                bad.append((pages, word.group(5), x0, x1, y0, y1))
    assert pages, "pdftotext -bbox found no pages"
    return bad


def image_count(pdf: Path) -> int:
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], check=True,
                            capture_output=True, text=True).stdout.splitlines()
    return len([row for row in listed[2:] if row.strip()])


def positions(text: str, items: list[str], start: int = 0) -> list[int]:
    """Where each of ``items`` is found in ``text``, each after the one before."""
    found = []
    for item in items:
        at = text.find(squash(item), start)
        assert at >= 0, f"not in the PDF (in order): {item!r}"
        found.append(at)
        start = at + 1
    return found


# -- the handwritten lecture ------------------------------------------------------


def test_a4_by_default_and_letter_on_request(a4, video, tmp_path):
    assert page_size(a4) == pytest.approx(A4, abs=0.5)
    letter = build_handout(handwritten(), video, tmp_path / "h.pdf", paper="letter")
    assert page_size(letter) == pytest.approx(LETTER, abs=0.5)
    assert not words_outside(letter)


def chapter_spans(text: str, chapters: list[tuple[str, float, float]]) -> list:
    """(start, end) in ``text`` of each chapter, found by its heading in order.

    A heading is "N. Title m:ss-m:ss" (the contents list has no end times).
    """
    headings = [f"{n}. {title} {clock(a)}\u2013{clock(b)}"
                for n, (title, a, b) in enumerate(chapters, 1)]
    starts = positions(text, headings)
    after = text.find("Practicequestions", starts[-1])
    return list(zip(starts, starts[1:] + [after if after > 0 else len(text)]))


def handwritten_spans(text: str) -> list:
    return chapter_spans(text, [(c["title"], c["start"], c["end"])
                                for c in handwritten()["chapters"]])


def test_every_chapter_title_in_order_with_its_times(a4):
    text = squash(pdftotext(a4))
    assert len(handwritten_spans(text)) == 3
    assert "&lt;" not in text and "<shapes>" in text  # text, not markup


def test_every_code_line_and_output_in_its_chapter(a4):
    text = squash(pdftotext(a4))
    m = handwritten()
    for c, (a, b) in zip(m["chapters"], handwritten_spans(text)):
        for run in c["code"]:
            for line in run["code"].splitlines():
                assert a < text.find(squash(line), a) < b, line
            shown = run["error"] or run["output"]
            assert a < text.find(squash(shown), a) < b, shown
    assert "usesa,b" in text


def test_key_points_are_the_narration_lines(a4):
    text = squash(pdftotext(a4))
    m = handwritten()
    for n, (a, b) in enumerate(handwritten_spans(text)):
        lines = [beat["text"] for beat in m["beats"] if beat["chapter"] == n]
        assert all(p < b for p in positions(text, lines, start=a))


def test_questions_with_space_then_notes_then_answers_at_the_end(a4):
    raw = pdftotext(a4)
    text = squash(raw)
    practice = text.find("Practicequestions")
    q2, q1 = positions(text, [QUESTION_2, QUESTION_1], start=practice)  # lecture order
    notes = text.find("Notesontheguide", q1)
    answers = text.find("Answers", notes)
    assert practice < q2 < q1 < notes < answers, "questions, notes, then answers"
    positions(text, ["x.shape # Output: (2, 2)", "x.shape is torch.Size([2, 2])",
                     "BCHW: always", "channels_last exists too"], start=notes)
    a2, a1 = positions(text, ["Q2", "Q1"], start=answers)
    positions(text, ANSWER_1, start=a1)
    assert squash("does not answer this one") in text[a2:a1]  # Q2 has no answer
    assert text.rfind(squash(ANSWER_1[1])) > answers, "the answer is only at the end"
    # space to work: the next question starts well below the first one's text
    boxes = words_by_text(a4)
    y1 = boxes["Which"][1]
    y2 = boxes["What"][1]
    assert y2 - y1 >= 35 * MM or boxes["What"][0] != boxes["Which"][0]


def words_by_text(pdf: Path) -> dict[str, tuple[int, float]]:
    """The last (page, yMin) of each word in the PDF."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    out, page = {}, 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        word = re.search(r'yMin="([-\d.]+)" xMax="[-\d.]+" yMax="[-\d.]+">(.*)</word>',
                         line)
        if word:
            out[word.group(2)] = (page, float(word.group(1)))
    return out


def test_no_text_outside_the_page_box(a4):
    assert not words_outside(a4)
    # LONG is wider than the page: it wraps, whole, instead of being cut off
    # at the margin (Chromium clips what runs past it, so pdftotext sees less)
    assert squash(LONG) in squash(pdftotext(a4))


def test_two_to_four_key_frames_per_chapter_at_beat_ends(a4):
    m = handwritten()
    times = key_frame_times(m)
    assert len(times) == len(m["chapters"])
    for n, (c, ts) in enumerate(zip(m["chapters"], times)):
        assert 2 <= len(ts) <= 4 and ts == sorted(ts)
        ends = [b["end"] for b in m["beats"] if b["chapter"] == n]
        assert all(c["start"] <= t < c["end"] for t in ts)
        # each frame is the last moment of a beat (or, short of beats, of the chapter)
        near = ends + [(c["start"] + c["end"]) / 2, c["end"]]
        assert all(any(0 < e - t <= 0.2 for e in near) for t in ts), (ts, near)
        if ends:
            assert any(0 < ends[-1] - t <= 0.2 for t in ts), "the last beat's end"
    assert [len(t) for t in times] == [4, 2, 3]
    assert image_count(a4) == sum(len(t) for t in times)


def test_text_is_real_text_with_fonts_embedded(a4):
    fonts = subprocess.run(["pdffonts", str(a4)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in row for row in fonts), fonts


def test_write_is_atomic_and_a_failure_keeps_the_old_pdf(video, tmp_path, monkeypatch):
    out = tmp_path / "out" / "handout-480p15.pdf"
    build_handout(handwritten(), video, out)
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]
    before = out.read_bytes()

    def broken(page, pdf, paper):
        pdf.write_bytes(b"%PDF-1.4 half a file")
        raise Fail("printing the handout failed: boom")

    monkeypatch.setattr(handout, "print_pdf", broken)
    with pytest.raises(Fail, match="boom"):
        build_handout(handwritten(), video, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name], "no temp files"


def test_bad_paper_or_missing_video_is_one_clear_error(video, tmp_path):
    with pytest.raises(Fail, match="unknown paper 'a5'.*letter"):
        build_handout(handwritten(), video, tmp_path / "h.pdf", paper="a5")
    with pytest.raises(Fail, match="no lecture video"):
        build_handout(handwritten(), tmp_path / "none.mp4", tmp_path / "h.pdf")
    assert not list(tmp_path.iterdir())


def test_frames_from_the_scene_videos_are_the_lectures(video, tmp_path):
    """The build prints the handout while the join runs, from each chapter's
    own video: a key frame is the lecture's picture at that time."""
    import numpy as np
    from PIL import Image

    m = handwritten()
    scenes = []
    for c in m["chapters"]:
        part = tmp_path / f"{c['id']}.mp4"
        subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-ss",
                        str(c["start"]), "-t", str(c["end"] - c["start"]),
                        "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0",
                        str(part)], check=True)
        scenes.append(part)
    times = key_frame_times(m)
    starts = [c["start"] for c in m["chapters"]]
    (tmp_path / "lecture").mkdir()
    (tmp_path / "scenes").mkdir()
    whole = handout._grab_frames(video, times, tmp_path / "lecture", starts)
    parts = handout._grab_frames(scenes, times, tmp_path / "scenes", starts)
    assert whole == parts

    def pixels(folder, name):
        return np.asarray(Image.open(tmp_path / folder / name), dtype=float)

    names = [n for chapter in whole for n in chapter]
    for name in names:
        assert np.abs(pixels("lecture", name) - pixels("scenes", name)).mean() < 3
    # and the check sees a frame from elsewhere (testsrc moves every frame)
    assert np.abs(pixels("lecture", names[0]) - pixels("scenes", names[-1])).mean() > 3
