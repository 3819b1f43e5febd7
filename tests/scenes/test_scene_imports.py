"""Scene modules import only shared modules, never each other.

A scene module is one that ``scenes/lecture.py`` lists; shared helpers live
in ``scenes/common.py`` (and the other modules the lecture does not list).
A scene importing another scene hides a dependency from the build's cache
key and couples two chapters; this test fails on the first such import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scenes.lecture import LECTURE

SCENES = Path(__file__).parents[2] / "scenes"
SCENE_MODULES = sorted({c.module for c in LECTURE})


def imported(path: Path) -> set[str]:
    """Every ``scenes.*`` module that ``path`` imports, by dotted name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "scenes":  # from scenes import common, practice_basics
                found |= {f"scenes.{a.name}" for a in node.names}
    return {m for m in found if m.startswith("scenes.")}


@pytest.mark.parametrize("path", sorted(SCENES.glob("*.py")), ids=lambda p: p.name)
def test_no_module_imports_a_scene_module(path):
    bad = sorted(imported(path) & set(SCENE_MODULES))
    assert not bad, f"{path.name} imports scene module(s) {bad}: move the helper " \
                    "to scenes/common.py"


def test_the_rule_sees_an_import(tmp_path):
    """The check itself: a scene importing another scene is caught."""
    fake = tmp_path / "fake.py"
    fake.write_text("from scenes.practice_basics import WrappedRow\n"
                    "from scenes import practice_autograd, style\n")
    assert imported(fake) & set(SCENE_MODULES) == {"scenes.practice_basics",
                                                   "scenes.practice_autograd"}
