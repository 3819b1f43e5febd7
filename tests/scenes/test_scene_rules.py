"""House rules for scenes/: draw only, never compute or type a number.

Numbers reach the screen only from tensors/ (through tensors.fmt). Layout
numbers are named: the lecture's look in scenes/kit/style.py (colours in
scenes/kit/palette.py), a scene's own layout as a module-level ALL_CAPS
constant at the top of its scene module (``GRID_GAP = 0.4``, or a tuple of
numbers), never typed inline. Small integers used for arithmetic on positions
(halving, indexing) are allowed. Which file is which comes from the tree:
every module at the top of scenes/ is a scene module (but ``lecture.py``, the
ordered list), the kit is scenes/kit/, and scenes/voice/ and scenes/speedups/
draw nothing.
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
# The lecture's look: every layout number and colour the kit uses is named here.
LOOK = {"style.py", "palette.py"}
# The scene record draws nothing: it is the contract with the build (file
# encodings, JSON field names), no string of it reaches the screen.
NOT_DRAWN = {"record.py"}
# A scene module's own layout constant: GRID_GAP = 0.4, MARGINS = (0.2, -0.1).
CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def scene_modules() -> list[Path]:
    """The top-level scene modules (``lecture.py`` lists them; it draws nothing)."""
    return [p for p in sorted(SCENES.glob("*.py"))
            if p.name not in ("__init__.py", "lecture.py")]


def kit_files() -> list[Path]:
    """The kit's files that draw: all but the ones holding the numbers (LOOK)
    and the record (NOT_DRAWN)."""
    return [p for p in sorted((SCENES / "kit").glob("*.py"))
            if p.name not in LOOK | NOT_DRAWN]


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


def is_literal(node) -> bool:
    """A number, a signed number, or a tuple or list of literals (no arithmetic,
    no calls: a named constant holds its value as typed)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(is_literal(e) for e in node.elts)
    return False


def named_constants(tree) -> set[int]:
    """The literals that are the whole value of a module-level ALL_CAPS
    assignment (``GRID_GAP = 0.4``); anywhere else a number is typed inline."""
    ids = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if all(isinstance(t, ast.Name) and CONSTANT_NAME.match(t.id) for t in targets) \
                and is_literal(value):
            ids |= {id(n) for n in ast.walk(value) if isinstance(n, ast.Constant)}
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


def typed_numbers(source: str, scene_module: bool) -> list[str]:
    """What breaks the rule in one file's source: a number typed inline, or
    digits in a string. A scene module may name its own layout numbers as
    module-level constants; the kit takes every number from style.py."""
    tree = ast.parse(source)
    skip = docstrings(tree)
    named = named_constants(tree) if scene_module else set()
    where = ("name it at the top of this module (GRID_GAP = 0.4), or in "
             "scenes/kit/style.py if the kit or another scene uses it"
             if scene_module else "put it in scenes/kit/style.py")
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        v = node.value
        number = isinstance(v, (int, float)) and not isinstance(v, bool)
        if number and v not in LAYOUT_INTS and id(node) not in named:
            bad.append(f"line {node.lineno}: number literal {v!r} ({where})")
        if isinstance(v, str) and not DATA_PATH.match(v) \
                and re.search(r"\d", SUBSCRIPT.sub("", v)):
            bad.append(f"line {node.lineno}: digits in string {v!r} "
                       "(compute in tensors/)")
    return bad


@pytest.mark.parametrize("path", drawing_files(), ids=rel)
def test_no_typed_numbers(path):
    bad = typed_numbers(path.read_text(), scene_module=path.parent == SCENES)
    assert not bad, f"{rel(path)}: " + "; ".join(bad)


def test_only_module_constants_may_hold_numbers():
    """The rule's own check: a named module constant passes, a number anywhere
    else in a scene module fails, and the kit may not name its own."""
    ok = ("GRID_GAP = 0.4\n"
          "MARGINS = (0.2, -0.1)\n"
          "ROWS: int = 3\n")
    assert typed_numbers(ok, scene_module=True) == []
    inline = {
        "def f():\n    return 0.4\n": "inside a function",
        "def f():\n    GAP = 0.4\n": "a constant inside a function",
        "class S:\n    GAP = 0.4\n": "a class attribute",
        "grid_gap = 0.4\n": "a module-level name not in capitals",
        "GAP = 0.4 * 2\n": "arithmetic in a constant",
        "GAP = max(0.4, 3)\n": "a call in a constant",
        "GAP, gap = 0.4, 0.5\n": "a tuple target",
        "f(GAP=0.4)\n": "a keyword argument at module level",
        "LABEL = 'x = 3'\n": "digits in a string constant",
    }
    for source, what in inline.items():
        assert typed_numbers(source, scene_module=True), f"{what} passed: {source!r}"
    assert typed_numbers(ok, scene_module=False), "a kit file named its own number"
