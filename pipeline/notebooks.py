"""The lecture as Jupyter notebooks: ``build/notebooks/``.

``build_notebooks`` writes, with nbformat (v4), one notebook per chapter,
``<chapter-id>.ipynb``, and ``lecture.ipynb`` with every chapter in order,
from the lecture manifest (``pipeline.manifest``) and each scene's events
JSON: its ``code`` is the runs ``tensors.snippet`` recorded for the scene, whose
runs also carry the device, torch's random state and the sources that
rebuild the values each run was given. Beside them go ``requirements.txt``
(the torch and numpy the lecture ran) and a README on running them.

A chapter's cells:

- its title (markdown); the set-up (code): torch on the lecture's device,
  its seed, and a display rule so that a cell shows its last value as
  ``repr()``, ``None`` too, exactly as ``tensors.snippet.run`` recorded it
  (IPython would pretty-print a tuple and show nothing for ``None``);
- a markdown cell per narration beat, in order;
- for each run K of the manifest's ``code`` list: a markdown cell with the
  anchor ``<a id="code-K"></a>`` (``anchor``; in lecture.ipynb
  ``<chapter-id>-code-K``), a cell that rebuilds the values the lecture gave
  the code (when it was given any, or drew from torch's random generator),
  then the code with the output torch printed (an ``execute_result`` whose
  text is the recorded repr, or the error it raised; such a cell is tagged
  ``raises-exception``). A run whose given values cannot be rebuilt
  faithfully (``unrebuilt``) is tagged ``skip-execution`` and says why;
- a practice question becomes an exercise: the question and its code, an
  empty cell ``# your answer``, then "Answer" and the beats and code that
  answer it.

Where the code goes: a scene runs all its code before its first frame (its
``LESSON``), so when it ran says nothing. When the scene recorded what each
animation shows (``"visual"`` events, ``scenes/kit/visuals.py``), a run goes
after the beat during which its code first appeared on screen (as code, an
error or a table row). Code the screen never showed as written (a formula, a
combined listing) is placed by its words, after the beat whose narration
shares the most with it: the names in its code (``cumsum``, ``zero_grad``;
not one-letter names, which the narration uses as articles or for any
variable, nor names the code binds itself), its operators said aloud ("at
sign", "star"), and the longer words and numbers of its output
(``MulBackward0``, ``30``); each match is weighted by how few beats share it,
and ties go to the earlier beat. A run that matches no beat goes with the run
before it (the first such run: after the first beat). Runs placed on one
beat keep the order they ran in. A run whose code is a question's own (its
``code`` or its quiz's) goes with that question's answer, and no run is
placed between a question and its "your answer" cell. Every code cell
rebuilds what it needs, so this order cannot change an output.

The folder is built under a temporary name beside ``out_dir`` and swapped in
whole, so a crash never leaves a half-written notebook that a later run
trusts; what a killed build left there (its temporary or old folder) is
removed first (the build lock, ``pipeline.lock``, keeps one build per build
folder).
"""

from __future__ import annotations

import ast
import math
import os
import re
import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import nbformat
from nbformat import v4

from pipeline.config import Fail
from scenes.kit.record import Kind, RecordError, SceneRecord

LECTURE = "lecture.ipynb"
REQUIREMENTS = "requirements.txt"
README = "README.md"
META = "tensor_hero"  # the key of each cell's own metadata (role, code index)
SEED = 0  # tensors.device.SEED (not imported: that would import torch)
# Cell tags that Jupyter tools honour: nbclient and nbconvert let a cell tagged
# raises-exception raise and do not run one tagged skip-execution.
RAISES, SKIP = "raises-exception", "skip-execution"


def anchor(k: int, chapter: str | None = None) -> str:
    """The id of run ``k``'s anchor: ``code-K`` in a chapter's notebook
    (``notebooks/<id>.ipynb#code-K``), ``<id>-code-K`` in lecture.ipynb."""
    return f"{chapter}-code-{k}" if chapter else f"code-{k}"


def build_notebooks(manifest: dict, events: dict[str, Path], out_dir: Path) -> Path:
    """Write the notebooks of ``manifest`` into ``out_dir``; return lecture.ipynb.

    ``events`` maps each chapter id to its scene's events JSON (the runs'
    devices and rebuild sources are there, not in the manifest).
    """
    books = notebooks(manifest, {cid: _read_scene(p) for cid, p in events.items()})
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # What a killed build left (one build per build folder: pipeline.lock).
    for end in ("part", "old"):
        for left in out_dir.parent.glob(f".{out_dir.name}.*.{end}"):
            shutil.rmtree(left, ignore_errors=True)
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.part")
    tmp.mkdir()
    try:
        for name, book in books.items():
            nbformat.validate(book)
            nbformat.write(book, tmp / name)
        (tmp / REQUIREMENTS).write_text(requirements(), encoding="utf-8")
        (tmp / README).write_text(readme(manifest, books), encoding="utf-8")
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir / LECTURE


def notebooks(manifest: dict, scenes: dict[str, dict]) -> dict[str, Any]:
    """``{file name: notebook}``: each chapter's, then lecture.ipynb.

    ``scenes`` maps a chapter id to its scene's events JSON (its ``code``: the
    runs as recorded; its ``events``: what was on screen when); a chapter
    missing there has only the manifest's runs, none of them re-executable.
    """
    chapters = manifest["chapters"]
    runs = [_runs(c["code"], scenes.get(c["id"], {}).get("code", []))
            for c in chapters]
    shown = [_shown(scenes.get(c["id"], {}), c["start"]) for c in chapters]
    lecture_device = _device([r for rs in runs for r in rs])
    books = {}
    for index, chapter in enumerate(chapters):
        cells = [_md(f"# {chapter['title']}\n\nChapter {index + 1} of "
                     f"{len(chapters)} of *{manifest['title']}*. {INTRO}",
                     role="title"),
                 setup_cell(_device(runs[index]))]
        cells += chapter_cells(manifest, index, runs[index], None, shown[index])
        books[f"{chapter['id']}.ipynb"] = _notebook(cells, chapter["title"])
    cells = [_md(f"# {manifest['title']}\n\nEvery chapter of the lecture, in order. "
                 f"{INTRO}", role="title"),
             setup_cell(lecture_device)]
    for index, chapter in enumerate(chapters):
        cells.append(_md(f'<a id="{chapter["id"]}"></a>\n\n## {index + 1}. '
                         f"{chapter['title']}", role="chapter", chapter=chapter["id"]))
        cells += chapter_cells(manifest, index, runs[index], chapter["id"],
                               shown[index])
    books[LECTURE] = _notebook(cells, manifest["title"])
    return books


INTRO = ("Each code cell shows what torch printed when the lecture was made; run "
         "the notebook (the set-up cell first) to see torch print it again.")


def setup_cell(device: str) -> Any:
    """Torch as the lecture had it, and cells that show values as it recorded them."""
    source = SETUP.format(device=device, seed=SEED)
    return _code(source, role="setup")


SETUP = '''\
# Set-up, as the lecture ran: torch, the device its tensors lived on, its seed.
import ast

import torch

DEVICE = "{device}"  # the lecture's device; on a machine without it, use "cpu"
SEED = {seed}  # its draws: torch.Generator(device="cpu").manual_seed(SEED)
torch.set_default_device(DEVICE)
torch.manual_seed(SEED)


# Show the value of a cell's last line as repr(), None too, as the lecture
# printed it (Jupyter would pretty-print it, and shows nothing for None).
class _Shown:
    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return repr(self.value)


class ShowLastValue(ast.NodeTransformer):
    def visit_Module(self, tree):
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = tree.body[-1]
            last.value = ast.Call(ast.Name("_Shown", ast.Load()), [last.value], [])
            ast.fix_missing_locations(tree)
        return tree


_shell = get_ipython()  # Jupyter's own
_shell.ast_transformers[:] = [t for t in _shell.ast_transformers
                              if type(t).__name__ != "ShowLastValue"]
_shell.ast_transformers.append(ShowLastValue())'''


def chapter_cells(manifest: dict, index: int, runs: list[dict],
                  prefix: str | None,
                  shown: list[tuple[float, str]] = ()) -> list[Any]:
    """The cells of chapter ``index`` after its title and set-up (module doc).

    ``prefix`` is the chapter id in lecture.ipynb (anchors ``<id>-code-K``),
    None in the chapter's own notebook; ``shown`` the code the scene showed,
    as ``(time in the lecture, text)`` (``_shown``).
    """
    beats = [(n, b) for n, b in enumerate(manifest["beats"]) if b["chapter"] == index]
    questions = sorted((q for q in manifest["questions"] if q["chapter"] == index),
                       key=lambda q: q["time"])
    starts = [b["start"] for _, b in beats]
    where = place([b for _, b in beats], runs, shown)
    asks = []  # (first answer beat, question)
    for qi, q in enumerate(questions):
        later = questions[qi + 1]["time"] if qi + 1 < len(questions) else math.inf
        asked = _first_at(starts, q["time"])
        answered = _first_at(starts, q["answer"] if q["answer"] is not None else later)
        answered = max(answered, asked)
        ends = _first_at(starts, later)
        asks.append((answered, q))
        own = {q.get("code"), (q.get("quiz") or {}).get("code")} - {"", None}
        for k, at in enumerate(where):
            if runs[k]["code"] in own and not answered <= at < max(ends, answered + 1):
                where[k] = answered
            elif asked <= at < answered:
                where[k] = answered  # never between a question and "your answer"
    items: list[tuple[tuple, list]] = []
    for i, (n, beat) in enumerate(beats):
        items.append(((i, 1, 0), [_md(_escape(beat["text"]), role="beat", beat=n)]))
    for answered, q in asks:
        items.append(((answered, 0, q["number"]), exercise_cells(q)))
    for k, at in enumerate(where):
        items.append(((at, 2, k), run_cells(k, runs[k], prefix)))
    items.sort(key=lambda item: item[0])
    return [cell for _, cells in items for cell in cells]


def exercise_cells(q: dict) -> list[Any]:
    """A practice question: the question, an empty answer cell, "Answer"."""
    text = f"### Question {q['number']}\n\n{_escape(q['text'])}"
    if q.get("code"):
        text += f"\n\n```python\n{q['code']}\n```"
    prompt = (q.get("quiz") or {}).get("prompt")
    if prompt:
        text += f"\n\n*{_escape(prompt)}*"
    meta = {"question": q["number"]}
    cells = [_md(text, role="question", **meta),
             _code("# your answer", role="exercise", **meta)]
    if q.get("answer") is not None:
        cells.append(_md("#### Answer", role="answer", **meta))
    return cells


def run_cells(k: int, run: dict, prefix: str | None) -> list[Any]:
    """Run ``k``'s anchor, its given values made again, then its code."""
    given = list(run.get("rebuild", {}))
    lost = run.get("unrebuilt", {})
    note = [f'<a id="{anchor(k, prefix)}"></a>']
    if lost:
        why = "; ".join(f"`{n}` is {_escape(reason)}" for n, reason in lost.items())
        note.append(f"**Not re-executable here.** The lecture gave this code values "
                    f"this notebook cannot make again exactly ({why}); the output "
                    "shown is the one the lecture recorded.")
    else:
        if given:
            made = _and([f"`{n}`" for n in given])
            note.append(f"The lecture gave this code {made}: the next cell makes "
                        f"{'them' if len(given) > 1 else 'it'} again, exactly as "
                        f"{'they were' if len(given) > 1 else 'it was'}.")
        if run.get("random"):
            note.append(f"This code draws from torch's random generator: the next cell "
                        f"{'also ' if given else ''}puts it back as it was when the "
                        "lecture ran the code.")
    meta = {"code": k}
    cells = [_md("\n\n".join(note), role="anchor", **meta)]
    setup = _setup_source(run)
    tags = [SKIP] if lost else []
    if setup:
        cells.append(_code(_quiet(setup), role="given", tags=tags, **meta))
    cell = _code(run["code"], role="code", tags=tags + ([RAISES] if run["error"]
                                                        else []), **meta)
    cell.outputs = outputs(run)
    cells.append(cell)
    return cells


def outputs(run: dict) -> list[Any]:
    """What the code printed: its value's repr, its error, or nothing."""
    if run["error"]:
        name, _, value = run["error"].partition(": ")
        return [v4.new_output("error", ename=name, evalue=value,
                              traceback=[run["error"]])]
    if run["output"]:
        return [v4.new_output("execute_result", data={"text/plain": run["output"]},
                              execution_count=None)]
    return []


# -- where each run goes ---------------------------------------------------

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?")
# Operators as the narration says them.
SAID = {ast.Add: "plus", ast.Mult: "star", ast.MatMult: "at sign",
        ast.Pow: "double star", ast.Div: "divided"}
COMMON = {"torch", "tensor", "True", "False", "None", "device", "dtype"}
NAME_WEIGHT, SAID_WEIGHT, OUTPUT_WEIGHT = 1.0, 0.5, 0.5


def place(beats: list[dict], runs: list[dict],
          shown: list[tuple[float, str]] = ()) -> list[int]:
    """For each run, the index of the beat it goes after (module doc).

    ``beats`` are the chapter's manifest beats (``start``, ``text``);
    ``shown`` what code the screen showed when (``_shown``).
    """
    if not beats:
        return [0] * len(runs)
    starts = [b["start"] for b in beats]
    words = [set(WORD.findall(b["text"])) for b in beats]
    lowered = [b["text"].lower() for b in beats]
    where, last = [], 0
    for run in runs:
        code = _flat(run["code"])
        seen = next((t for t, text in shown if code and code in text), None)
        if seen is not None:
            last = max(_first_at(starts, seen + 1e-3) - 1, 0)
            where.append(last)
            continue
        scores = [0.0] * len(beats)
        for term, weight, said in _terms(run):
            hits = [i for i in range(len(beats))
                    if (term in lowered[i] if said else term in words[i])]
            for i in hits:
                scores[i] += weight / len(hits)
        best = max(range(len(beats)), key=lambda i: (scores[i], -i))
        last = best if scores[best] > 0 else last
        where.append(last)
    return where


def _shown(scene: dict, start: float) -> list[tuple[float, str]]:
    """The code a scene showed, in order: ``(time in the lecture, text)`` for
    each visual event (``scenes/kit/visuals.py``) where code or an error appears
    or changes, its text flattened (``_flat``)."""
    return [(start + float(e.get("time", 0.0)), _flat(e["text"]))
            for e in scene.get("events", [])
            if e.get("kind") == VISUAL and e.get("what") in SHOWN_KINDS
            and e.get("action") in SHOWN_ACTIONS and isinstance(e.get("text"), str)]


VISUAL = Kind.VISUAL
SHOWN_KINDS = ("code", "error", "table")  # scenes.visuals: CODE, ERROR, TABLE
SHOWN_ACTIONS = ("appears", "changes")


def _flat(text: str) -> str:
    """Code as a visual event words it: whitespace and ``;`` as one space."""
    return " ".join(re.sub(r"[\s;]+", " ", text).split())


def _terms(run: dict) -> list[tuple[str, float, bool]]:
    """(term, weight, said aloud?) for a run: its code's names and operators,
    its output's longer words and numbers."""
    terms: dict[str, tuple[float, bool]] = {}
    try:
        tree = ast.parse(run["code"])
    except SyntaxError:
        tree = ast.Module(body=[], type_ignores=[])
    bound = {n.id for n in ast.walk(tree)
             if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    for node in ast.walk(tree):
        name = (node.id if isinstance(node, ast.Name) else
                node.attr if isinstance(node, ast.Attribute) else
                node.arg if isinstance(node, ast.keyword) and node.arg else None)
        if name and len(name) > 1 and name not in COMMON | bound:
            terms[name] = (NAME_WEIGHT, False)
        if isinstance(node, ast.BinOp) and type(node.op) in SAID:
            terms[SAID[type(node.op)]] = (SAID_WEIGHT, True)
    for word in WORD.findall(run["output"] or run["error"]):
        if len(word) > 1 and word not in COMMON and word not in terms:
            terms[word] = (OUTPUT_WEIGHT, False)
    return [(t, w, said) for t, (w, said) in terms.items()]


def _first_at(starts: list[float], time: float) -> int:
    """The first beat starting at ``time`` or later (len(starts) if none)."""
    return next((i for i, s in enumerate(starts) if s >= time - 1e-6), len(starts))


# -- the runs, the folder's other files --------------------------------------


def _read_scene(path: Path) -> dict:
    """The scene's record (``scenes.kit.record``) in its JSON form."""
    try:
        return SceneRecord.read(path).to_json()
    except RecordError as exc:
        raise Fail(str(exc)) from None


def _runs(listed: list[dict], recorded: list[dict]) -> list[dict]:
    """The manifest's runs, each with what its first recorded run kept
    (device, random state, rebuild sources)."""
    first: dict[tuple, dict] = {}
    for r in recorded:
        first.setdefault((r.get("code"), r.get("output"), r.get("error")), r)
    out = []
    for item in listed:
        extra = first.get((item["code"], item["output"], item["error"]))
        if extra is None or "rebuild" not in extra:
            extra = {"unrebuilt": {n: "a value this build has no record of"
                                   for n in item.get("given", [])}}
        out.append({**extra, **item})
    return out


def _setup_source(run: dict) -> str:
    """``tensors.snippet.setup_source`` (not imported: that imports torch)."""
    parts = [run.get("random", ""), *run.get("rebuild", {}).values()]
    return "\n".join(p for p in dict.fromkeys(parts) if p)


def _quiet(source: str) -> str:
    """``source`` so that Jupyter shows nothing after it: a last line that is
    an expression gets a ``;`` after its last token (before any comment)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return source
    end = tree.body[-1]
    lines = source.split("\n")
    row, col = end.end_lineno - 1, end.end_col_offset
    line = lines[row].encode()
    lines[row] = (line[:col] + b";" + line[col:]).decode()
    return "\n".join(lines)


def _device(runs: list[dict]) -> str:
    return next((r["device"] for r in runs if r.get("device")), "cpu")


def requirements() -> str:
    """The torch and numpy the lecture ran, pinned."""
    lines = ["# What the lecture's notebooks need: the torch and numpy it ran."]
    for name in ("torch", "numpy"):
        try:
            found = version(name)
        except PackageNotFoundError:
            lines.append(name)
            continue
        public, _, local = found.partition("+")
        lines.append(f"{name}=={public}" + (f"  # the lecture ran {found}" if local
                                            else ""))
    return "\n".join(lines) + "\n"


def readme(manifest: dict, books: dict[str, Any]) -> str:
    """The folder's README: what is here and how to run it elsewhere."""
    listed = "\n".join(f"- `{c['id']}.ipynb`: {c['title']}"
                       for c in manifest["chapters"])
    skipped = sum(SKIP in c.metadata.get("tags", []) and c.metadata[META]["role"] ==
                  "code" for c in books[LECTURE].cells)
    return README_TEXT.format(title=manifest["title"], listed=listed, lecture=LECTURE,
                              skipped=skipped)


README_TEXT = """\
# The notebooks of *{title}*

`{lecture}` holds every chapter in order; each chapter also has its own:

{listed}

Each notebook has the chapter's narration and every piece of code the lecture
ran, with the output torch printed when the video was made. Practice questions
are exercises: an empty `# your answer` cell comes before the answer.

## Running them elsewhere

    python -m venv .venv && . .venv/bin/activate
    pip install -r requirements.txt jupyterlab
    jupyter lab {lecture}

(torch's CPU-only build: add `--index-url https://download.pytorch.org/whl/cpu`
for torch.) Run the set-up cell first, or run all: torch then prints the same
outputs again.

- The set-up cell puts torch on the device the lecture used (`DEVICE`; set it
  to `"cpu"` on a machine without that device: tensors then print without
  `device=`) and makes a cell show its last value as `repr()`, `None` too, as
  the lecture recorded it.
- A cell before some code makes again, exactly, the values the lecture gave
  that code (or puts torch's random generator back where it was), so every
  cell can run on its own, in any order.
- Cells tagged `raises-exception` raise on purpose: the error is the lesson.
  Cells tagged `skip-execution` ({skipped} in `{lecture}`) cannot be run again
  here; the note above each says why.
- Another torch version may print differently.
- Without a browser: `jupyter nbconvert --to notebook --execute {lecture}`.
"""


# -- helpers ---------------------------------------------------------------


def _notebook(cells: list[Any], title: str) -> Any:
    return v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3",
                       "language": "python"},
        "language_info": {"name": "python"},
        "title": title,
    })


def _meta(role: str, tags: list[str] | None = None, **more: Any) -> dict:
    meta: dict[str, Any] = {META: {"role": role, **more}}
    if tags:
        meta["tags"] = tags
    return meta


def _md(text: str, role: str, **more: Any) -> Any:
    return v4.new_markdown_cell(text, metadata=_meta(role, **more))


def _code(source: str, role: str, tags: list[str] | None = None, **more: Any) -> Any:
    return v4.new_code_cell(source, metadata=_meta(role, tags, **more))


_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


def _escape(text: str) -> str:
    """Narration as markdown that shows it as written (``A * B``, ``$``)."""
    return _SPECIAL.sub(r"\\\1", text)


def unescape(markdown: str) -> str:
    """The text ``_escape`` was given."""
    return re.sub(r"\\([\\`*_\[\]<>#|~$])", r"\1", markdown)


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _swap(new: Path, out_dir: Path) -> None:
    """Put ``new`` where ``out_dir`` is: the old folder goes only after."""
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(new, out_dir)
    shutil.rmtree(old, ignore_errors=True)

