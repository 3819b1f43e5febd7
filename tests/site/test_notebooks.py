"""The small lecture's notebooks, run from scratch by Jupyter.

``render.py lecture`` wrote ``notebooks/`` into the page tests' build (the
``small_lecture`` fixture). Every notebook there, its stored outputs wiped,
runs in a fresh local kernel (nbclient; all at once, no network), and each
code cell must print what the lecture recorded for that run: the manifest's
``code`` entries, not the notebook's own stored output.
"""

from __future__ import annotations

import asyncio
import json
import time

import nbclient
import nbformat
import pytest

from pipeline import notebooks
from tests.site.conftest import SCENE_IDS, SITE

pytestmark = [pytest.mark.manim, SITE]

CELL_TIMEOUT = 120  # seconds for one cell (the kernel's start included)


def code_cells(book, name: str):
    """(chapter id, run index, cell) for each code cell of a run."""
    chapter = name.removesuffix(".ipynb")
    for cell in book.cells:
        meta = cell.metadata[notebooks.META]
        if meta["role"] == "chapter":
            chapter = meta["chapter"]
        elif meta["role"] == "code":
            yield chapter, meta["code"], cell


def printed(cell) -> tuple[str, str]:
    """(value, error) a code cell shows, as ``tensors.snippet`` words them."""
    value = "".join(o.data["text/plain"] for o in cell.outputs
                    if o.output_type == "execute_result")
    error = "".join(f"{o.ename}: {o.evalue.strip()}" for o in cell.outputs
                    if o.output_type == "error")
    return value, error


@pytest.fixture(scope="module")
def books(small_lecture):
    folder = small_lecture["build"] / "notebooks"
    return {p.name: nbformat.read(p, as_version=4)
            for p in sorted(folder.glob("*.ipynb"))}


@pytest.fixture(scope="module")
def executed(books, tmp_path_factory):
    """Each notebook, outputs wiped, executed in a kernel of its own."""
    work = tmp_path_factory.mktemp("notebooks")
    runs = {}
    for name, book in books.items():
        fresh = nbformat.from_dict(json.loads(json.dumps(book)))
        for cell in fresh.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        runs[name] = fresh

    async def run_all():
        clients = [nbclient.NotebookClient(
            book, timeout=CELL_TIMEOUT, startup_timeout=CELL_TIMEOUT,
            kernel_name="python3", resources={"metadata": {"path": str(work)}})
            for book in runs.values()]
        await asyncio.gather(*(c.async_execute() for c in clients))

    with pytest.MonkeyPatch.context() as env:  # the kernels' files stay in here
        env.setenv("IPYTHONDIR", str(work / "ipython"))
        env.setenv("JUPYTER_RUNTIME_DIR", str(work / "runtime"))
        env.setenv("JUPYTER_PLATFORM_DIRS", "1")
        env.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        started = time.monotonic()
        asyncio.run(run_all())
        print(f"\nran {len(runs)} notebooks in {time.monotonic() - started:.1f} s")
    return runs


def test_every_notebook_is_there(small_lecture, books):
    folder = small_lecture["build"] / "notebooks"
    assert sorted(books) == sorted([*(f"{cid}.ipynb" for cid in SCENE_IDS),
                                    notebooks.LECTURE])
    assert (folder / "requirements.txt").read_text().count("torch==") == 1
    assert "jupyter lab lecture.ipynb" in (folder / "README.md").read_text()
    for book in books.values():
        nbformat.validate(book)


def test_every_run_has_one_code_cell(small_lecture, books):
    listed = {c["id"]: c["code"] for c in small_lecture["manifest"]["chapters"]}
    for name, book in books.items():
        found = sorted((cid, k) for cid, k, _ in code_cells(book, name))
        wanted = sorted((cid, k) for cid, runs in listed.items()
                        for k in range(len(runs))
                        if name == notebooks.LECTURE or f"{cid}.ipynb" == name)
        assert found == wanted and found


def test_every_cell_prints_again_what_the_lecture_recorded(small_lecture, executed):
    listed = {c["id"]: c["code"] for c in small_lecture["manifest"]["chapters"]}
    for name, book in executed.items():
        for cid, k, cell in code_cells(book, name):
            run = listed[cid][k]
            assert notebooks.SKIP not in cell.metadata.get("tags", []), (name, k)
            assert cell.source == run["code"]
            assert printed(cell) == (run["output"], run["error"]), (name, k)


def test_the_stored_outputs_are_the_recorded_ones(small_lecture, books):
    listed = {c["id"]: c["code"] for c in small_lecture["manifest"]["chapters"]}
    for name, book in books.items():
        for cid, k, cell in code_cells(book, name):
            assert printed(cell) == (listed[cid][k]["output"], listed[cid][k]["error"])


def test_set_up_and_given_cells_print_nothing(executed):
    for book in executed.values():
        for cell in book.cells:
            if notebooks.META in cell.metadata and cell.cell_type == "code" and \
                    cell.metadata[notebooks.META]["role"] in ("setup", "given"):
                assert [o for o in cell.outputs if o.output_type != "stream"] == []
