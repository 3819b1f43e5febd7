"""pipeline/notebooks.py on handwritten scenes: cells, anchors, exercises, files.

The scenes' events files are written by hand (as ``LectureScene.tear_down``
writes them), the manifest made from them by ``pipeline.manifest``. Running
the notebooks of a real build is tests/site/test_notebooks.py.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import version

import nbformat
import pytest

from pipeline import notebooks
from pipeline.manifest import ChapterInfo, lecture_manifest

A = "A = torch.tensor([[1.0, 2.0], [3.0, 4.0]])"


def ran(code, output="", error="", given=(), rebuild=None, unrebuilt=None,
        random=""):
    """One run as a tensors.snippet recording keeps it."""
    return {"code": code, "output": output, "error": error, "given": list(given),
            "device": "cpu", "random": random, "rebuild": rebuild or {},
            "unrebuilt": unrebuilt or {}}


def beat(start, end, text):
    return {"start": start, "end": end, "text": text, "spoken": text}


def shows(time, text, what="code"):
    return {"kind": "visual", "time": time, "action": "appears", "what": what,
            "text": text}


# Chapter "ops": three beats; its code placed by what the screen showed, by
# words, and after the run before it.
OPS = {
    "beats": [beat(0, 4, "Two small matrices."),
              beat(4, 8, "The at sign is the matrix product."),
              beat(8, 12, "Star multiplies cell by cell.")],
    "events": [shows(9.0, "A * A; → tensor([[ 1., 4.], [ 9., 16.]])")],
    "code": [
        ran("torch.tensor([[1., 2.], [3., 4.]])",
            "tensor([[1., 2.],\n        [3., 4.]])"),
        ran("A * A", "tensor([[ 1.,  4.],\n        [ 9., 16.]])", given=["A"],
            rebuild={"A": A}),
        ran("A @ A", "tensor([[ 7., 10.],\n        [15., 22.]])", given=["A"],
            rebuild={"A": A}),
        ran("x = 2", ""),
        ran("torch.ones(2) @ torch.ones(3)", error="RuntimeError: inconsistent "
            "tensor size, expected tensor [2] and src [3] to have the same number "
            "of elements, but got 2 and 3 elements respectively"),
        ran("A @ A", "tensor([[ 7., 10.],\n        [15., 22.]])", given=["A"],
            rebuild={"A": A}),  # ran twice: the manifest lists it once
    ],
}
# Chapter "quiz": a practice question, asked at 1 s and answered at 5 s.
QUIZ = {
    "beats": [beat(1, 5, "Question 1. Try it yourself."),
              beat(5, 9, "The shape is (2, 3): torch.Size says so."),
              beat(9, 12, "And the mean of it, with a given w.")],
    "events": [{"kind": "question", "time": 1.0, "number": 1,
                "text": "What shape does T have?", "code": "T = torch.zeros(2, 3)",
                "quiz": {"prompt": "Which shape?", "code": "T = torch.zeros(2, 3)\n"
                                                          "T.shape"}},
               {"kind": "think", "time": 2.0, "number": 1, "seconds": 3.0},
               {"kind": "answer", "time": 5.0, "number": 1}],
    "code": [
        # the quiz's code, and its words say "Question": still an answer
        ran("T = torch.zeros(2, 3)\nT.shape", "torch.Size([2, 3])"),
        ran("w.mean()", "", given=["w"],
            unrebuilt={"w": "a tensor autograd made (grad_fn=AddBackward0) that no "
                            "recorded run of this scene made"}),
        ran("torch.rand(2)", "tensor([0.4963, 0.7682])",
            random="torch.random.set_rng_state(state)"),
    ],
}
SCENES = {"ops": OPS, "quiz": QUIZ}


@pytest.fixture
def lecture(tmp_path):
    """(manifest, events paths): the two chapters, made by pipeline.manifest."""
    infos, start = [], 0.0
    for cid, scene in SCENES.items():
        events = tmp_path / f"{cid}.events.json"
        events.write_text(json.dumps({"scene": cid, "duration": 12.0, **scene}))
        infos.append(ChapterInfo(cid, f"Title of {cid}", start, start + 12.0,
                                 tmp_path / f"{cid}.png", events,
                                 tmp_path / f"{cid}.srt"))
        start += 12.0
    data = lecture_manifest("480p15", tmp_path / "lecture-480p15.mp4", infos)
    return data, {i.id: i.events for i in infos}


@pytest.fixture
def books(lecture):
    data, events = lecture
    return notebooks.notebooks(data, {cid: json.loads(p.read_text())
                                      for cid, p in events.items()})


def role(cell):
    return cell.metadata[notebooks.META]["role"]


def sequence(book):
    """Each cell as a short word: its role, with its beat or code index."""
    out = []
    for cell in book.cells:
        meta = cell.metadata[notebooks.META]
        tag = meta.get("code", meta.get("question"))
        if meta["role"] == "beat":
            tag = notebooks.unescape(cell.source)
        out.append(meta["role"] if tag is None else f"{meta['role']}:{tag}")
    return out


def test_chapter_cells_in_order(books, lecture):
    data, _ = lecture
    assert [c["code"] for c in data["chapters"][0]["code"]] == [
        "torch.tensor([[1., 2.], [3., 4.]])", "A * A", "A @ A", "x = 2",
        "torch.ones(2) @ torch.ones(3)"]
    assert sequence(books["ops.ipynb"]) == [
        "title", "setup",
        "beat:Two small matrices.",
        "anchor:0", "code:0",  # no word in common with any beat: the first
        "beat:The at sign is the matrix product.",
        "anchor:2", "given:2", "code:2",  # "at sign", said aloud
        "anchor:3", "code:3",  # no word: with the run before it
        "anchor:4", "code:4",  # (and so is this one)
        "beat:Star multiplies cell by cell.",
        "anchor:1", "given:1", "code:1",  # on screen during this beat
    ]


def test_title_and_setup(books):
    title, setup = books["ops.ipynb"].cells[:2]
    assert title.source.startswith("# Title of ops\n")
    assert setup.cell_type == "code" and 'DEVICE = "cpu"' in setup.source
    assert "torch.set_default_device(DEVICE)" in setup.source
    assert f"SEED = {notebooks.SEED}" in setup.source
    assert "torch.manual_seed(SEED)" in setup.source
    compile(setup.source, "<setup>", "exec")  # valid Python (get_ipython aside)


def test_code_cells_carry_the_recorded_output(books, lecture):
    data, _ = lecture
    listed = data["chapters"][0]["code"]
    cells = {c.metadata[notebooks.META]["code"]: c for c in books["ops.ipynb"].cells
             if role(c) == "code"}
    assert sorted(cells) == list(range(len(listed)))
    for k, run in enumerate(listed):
        assert cells[k].source == run["code"]
    [result] = cells[2].outputs
    assert result.output_type == "execute_result"
    assert result.data == {"text/plain": listed[2]["output"]}
    assert cells[3].outputs == []  # a statement shows nothing
    [error] = cells[4].outputs
    assert (error.output_type, error.ename) == ("error", "RuntimeError")
    assert f"{error.ename}: {error.evalue}" == listed[4]["error"]
    assert cells[4].metadata.tags == [notebooks.RAISES]
    assert "tags" not in cells[2].metadata


def test_anchors_precede_their_code(books, lecture):
    data, _ = lecture
    assert notebooks.anchor(3) == "code-3"
    assert notebooks.anchor(3, "ops") == "ops-code-3"
    for name in ("ops.ipynb", "quiz.ipynb", notebooks.LECTURE):
        cells, chapter, seen = books[name].cells, name.removesuffix(".ipynb"), []
        ids = [c.source.split('"')[1] for c in cells
               if c.cell_type == "markdown" and c.source.startswith("<a id=")]
        assert len(ids) == len(set(ids))  # unique in the notebook
        for i, cell in enumerate(cells):
            meta = cell.metadata[notebooks.META]
            if meta["role"] == "chapter":
                chapter = meta["chapter"]
            if meta["role"] != "code":
                continue
            k = meta["code"]
            ahead = next(c for c in reversed(cells[:i]) if role(c) == "anchor")
            wanted = notebooks.anchor(k, chapter if name == notebooks.LECTURE else None)
            assert ahead.metadata[notebooks.META]["code"] == k
            assert ahead.source.startswith(f'<a id="{wanted}"></a>')
            seen.append((chapter, k))
        listed = [(c["id"], k) for c in data["chapters"] for k in range(len(c["code"]))
                  if name == notebooks.LECTURE or c["id"] == chapter]
        assert sorted(seen) == sorted(listed)  # every run once
    chapters = [c.source for c in books[notebooks.LECTURE].cells
                if role(c) == "chapter"]
    assert chapters == ['<a id="ops"></a>\n\n## 1. Title of ops',
                        '<a id="quiz"></a>\n\n## 2. Title of quiz']


def test_given_names_are_made_again_before_the_code(books):
    cells = books["ops.ipynb"].cells
    given = next(c for c in cells if role(c) == "given")
    assert given.source == A and given.outputs == []
    note = cells[cells.index(given) - 1]
    assert "`A`" in note.source and "again" in note.source


def test_a_given_cell_shows_nothing():
    assert notebooks._quiet("x = 1\nx.shape  # the shape") == \
        "x = 1\nx.shape;  # the shape"
    assert notebooks._quiet("for i in range(2):\n    y = i\ny") == \
        "for i in range(2):\n    y = i\ny;"
    assert notebooks._quiet("x = 1") == "x = 1"


def test_a_value_that_cannot_be_made_again_is_not_run(books):
    cells = books["quiz.ipynb"].cells
    code = next(c for c in cells if role(c) == "code" and c.source == "w.mean()")
    assert notebooks.SKIP in code.metadata.tags
    note = cells[cells.index(code) - 1]
    assert note.source.startswith('<a id="code-1"></a>')
    assert "Not re-executable" in note.source and "AddBackward0" in note.source


def test_a_run_that_drew_from_torchs_generator_puts_it_back(books):
    cells = books["quiz.ipynb"].cells
    code = next(c for c in cells if role(c) == "code" and c.source == "torch.rand(2)")
    given = cells[cells.index(code) - 1]
    assert role(given) == "given"
    assert given.source == "torch.random.set_rng_state(state);"  # shows nothing
    assert "random generator" in cells[cells.index(code) - 2].source


def test_practice_questions_become_exercises(books):
    order = sequence(books["quiz.ipynb"])
    assert order[:7] == [
        "title", "setup", "beat:Question 1. Try it yourself.",
        "question:1", "exercise:1", "answer:1",
        "beat:The shape is (2, 3): torch.Size says so."]
    assert order.index("code:0") > order.index("exercise:1")  # the quiz's code
    cells = books["quiz.ipynb"].cells
    question = cells[3]
    assert "What shape does T have?" in notebooks.unescape(question.source)
    assert "```python\nT = torch.zeros(2, 3)\n```" in question.source
    assert "Which shape?" in question.source
    mine = cells[4]
    assert mine.cell_type == "code" and mine.source == "# your answer"
    assert mine.outputs == []


def test_no_code_between_a_question_and_its_answer_cell():
    # A run whose words point at the asking beat is moved to the answer.
    runs = [ran("torch.eye(2)", "x")]
    data = {"title": "T", "chapters": [{"id": "c", "title": "C", "start": 0.0,
                                        "end": 9.0, "code": runs}],
            "beats": [{"start": 0.0, "end": 3.0, "text": "Question 1: make eye.",
                       "chapter": 0},
                      {"start": 3.0, "end": 9.0, "text": "Here it is.", "chapter": 0}],
            "questions": [{"number": 1, "text": "Make eye.", "code": "", "chapter": 0,
                           "time": 0.0, "answer": 3.0, "think": 2.0, "quiz": None}]}
    book = notebooks.notebooks(data, {"c": {"code": data["chapters"][0]["code"]}})
    assert sequence(book["c.ipynb"]) == [
        "title", "setup", "beat:Question 1: make eye.", "question:1", "exercise:1",
        "answer:1", "beat:Here it is.", "anchor:0", "code:0"]


def test_a_run_with_no_record_is_not_rerun():
    data = {"title": "T", "chapters": [{"id": "c", "title": "C", "start": 0.0,
                                        "end": 1.0, "code": [{
                                            "code": "v * 2", "output": "4", "error": "",
                                            "given": ["v"]}]}],
            "beats": [], "questions": []}
    book = notebooks.notebooks(data, {})
    code = [c for c in book["c.ipynb"].cells if role(c) == "code"][0]
    assert notebooks.SKIP in code.metadata.tags


def test_narration_is_escaped_markdown():
    text = "A * B, *not* A @ B: x_1 <b> costs $5 [see] # 2"
    assert notebooks.unescape(notebooks._escape(text)) == text
    assert "*not*" not in notebooks._escape(text)


def test_build_writes_the_folder(lecture, tmp_path):
    data, events = lecture
    out = tmp_path / "build" / "notebooks"
    path = notebooks.build_notebooks(data, events, out)
    assert path == out.resolve() / notebooks.LECTURE
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["ops.ipynb", "quiz.ipynb", "lecture.ipynb",
                            "requirements.txt", "README.md"])
    for name in ("ops.ipynb", "quiz.ipynb", "lecture.ipynb"):
        book = nbformat.read(out / name, as_version=4)
        nbformat.validate(book)
        assert book.nbformat == 4
        assert book.metadata.kernelspec.name == "python3"
    assert [p.name for p in out.parent.iterdir()] == ["notebooks"]  # no temp left
    needs = (out / "requirements.txt").read_text()
    assert f"torch=={version('torch').split('+')[0]}" in needs
    assert f"numpy=={version('numpy')}" in needs
    readme = (out / "README.md").read_text()
    assert "pip install -r requirements.txt" in readme and "`ops.ipynb`" in readme


def test_a_failed_build_keeps_the_old_notebooks(lecture, tmp_path, monkeypatch):
    data, events = lecture
    out = tmp_path / "notebooks"
    notebooks.build_notebooks(data, events, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    written = []

    def write_then_fail(book, path):
        if written:
            raise OSError(28, "No space left on device")
        written.append(path)
        nbformat.write(book, path)

    monkeypatch.setattr(notebooks.nbformat, "write", write_then_fail)
    changed = {**data, "title": "Changed"}
    with pytest.raises(OSError):
        notebooks.build_notebooks(changed, events, out)
    assert written  # it had begun writing
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()
                  if p.name.startswith(".")) == []  # its temp folder is gone


def test_a_killed_builds_leftovers_are_cleared(lecture, tmp_path):
    data, events = lecture
    out = tmp_path / "notebooks"
    for left in (f".notebooks.{os.getpid() + 1}.part", ".notebooks.1.old"):
        (tmp_path / left).mkdir()
        (tmp_path / left / "half.ipynb").write_text("{")
    notebooks.build_notebooks(data, events, out)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["notebooks"]
