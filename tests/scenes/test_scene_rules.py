"""House rules for scenes/: draw only, never compute or type a number.

Numbers reach the screen only from tensors/ (through tensors.fmt); layout
numbers live in scenes/kit/style.py (colours in scenes/kit/palette.py).
Small integers used for arithmetic on positions (halving, indexing) are
allowed. Which file is which comes from the tree: every module at the top
of scenes/ is a scene module (but ``lecture.py``, the ordered list), the
kit is scenes/kit/, and scenes/voice/ and scenes/speedups/ draw nothing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from scenes.lecture import LECTURE

SCENES = Path(__file__).parents[2] / "scenes"
LAYOUT_INTS = {0, 1, 2}
# A digit is allowed in a string only as a subscript name: \theta_1, x_{12}.
SUBSCRIPT = re.compile(r"_\{?\d+\}?")
# Attribute paths such as "steps.0.theta" (in SHOWS) name data, they draw nothing.
DATA_PATH = re.compile(r"^[A-Za-z_][\w]*(\.\w+)*$")

# scenes/ holds the scene modules and three support packages, nothing else.
PACKAGES = {"kit", "voice", "speedups"}
# The lecture's look: every layout number and colour is named here.
LOOK = {"style.py", "palette.py"}


def scene_modules() -> list[Path]:
    """The top-level scene modules (``lecture.py`` lists them; it draws nothing)."""
    return [p for p in sorted(SCENES.glob("*.py"))
            if p.name not in ("__init__.py", "lecture.py")]


def kit_files() -> list[Path]:
    """The kit's files that draw: all but the ones holding the numbers (LOOK)."""
    return [p for p in sorted((SCENES / "kit").glob("*.py")) if p.name not in LOOK]


def drawing_files() -> list[Path]:
    return scene_modules() + kit_files()


def every_file() -> list[Path]:
    return sorted(SCENES.rglob("*.py"))


def test_scenes_holds_scene_modules_and_the_support_packages():
    """A support module left at the top would be checked as a scene; a new
    folder would be checked as nothing."""
    folders = {p.name for p in SCENES.iterdir()
               if p.is_dir() and p.name != "__pycache__"}
    assert folders == PACKAGES
    assert {p.stem for p in scene_modules()} == {
        c.module.removeprefix("scenes.") for c in LECTURE}


def docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            ids.add(id(body[0].value))
    return ids


def rel(path: Path) -> str:
    return path.relative_to(SCENES).as_posix()


@pytest.mark.parametrize("path", every_file(), ids=rel)
def test_no_torch(path):
    """Nothing under scenes/ computes: not the scenes, the kit, the voice or the
    speed patches."""
    bad = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
            if any(n == "torch" or n.startswith("torch.") for n in names):
                bad.append(f"line {node.lineno}: imports torch")
    assert not bad, f"{rel(path)}: " + "; ".join(bad)


@pytest.mark.parametrize("path", drawing_files(), ids=rel)
def test_no_typed_numbers(path):
    tree = ast.parse(path.read_text())
    skip = docstrings(tree)
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        v = node.value
        number = isinstance(v, (int, float)) and not isinstance(v, bool)
        if number and v not in LAYOUT_INTS:
            bad.append(f"line {node.lineno}: number literal {v!r} "
                       "(put it in scenes/kit/style.py)")
        if isinstance(v, str) and not DATA_PATH.match(v) \
                and re.search(r"\d", SUBSCRIPT.sub("", v)):
            bad.append(f"line {node.lineno}: digits in string {v!r} "
                       "(compute in tensors/)")
    assert not bad, f"{rel(path)}: " + "; ".join(bad)
