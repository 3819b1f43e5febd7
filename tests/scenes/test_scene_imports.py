"""Who may import what under scenes/.

A scene module (every module at the top of scenes/ but ``lecture.py``, the
ordered list) imports, of this project, only the kit (``scenes.kit``), the
voice (``scenes.voice``) and ``tensors``: never another scene module, never
the speed patches (``LectureScene.setup`` installs them), never the build.
A scene importing another scene hides a dependency from the build's cache
key and couples two chapters. The voice needs no manim: the build imports it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.lecture import LECTURE

ROOT = Path(__file__).parents[2]
SCENES = ROOT / "scenes"
SCENE_MODULES = sorted({c.module for c in LECTURE})
PROJECT = ("scenes", "tensors", "pipeline", "render", "tests")
# What a scene module may import from this project (each with its submodules).
FOR_SCENES = ("scenes.kit", "scenes.voice", "tensors")
# Packages whose modules are imported by name: ``from scenes.kit import style``.
PACKAGES = ("scenes", "scenes.kit", "scenes.voice", "scenes.speedups")


def imported(path: Path) -> set[str]:
    """Every module of this project that ``path`` imports, by dotted name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module in PACKAGES:
            # from scenes import speedups; from scenes.kit import style
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return {m for m in found if m.split(".")[0] in PROJECT}


def outside(names: set[str], allowed: tuple[str, ...]) -> list[str]:
    """The names not in ``allowed`` or below one of them."""
    return sorted(n for n in names
                  if not any(n == a or n.startswith(a + ".") for a in allowed))


def scene_files() -> list[Path]:
    return [SCENES / f"{m.removeprefix('scenes.')}.py" for m in SCENE_MODULES]


@pytest.mark.parametrize("path", scene_files(), ids=lambda p: p.name)
def test_a_scene_imports_only_the_kit_the_voice_and_tensors(path):
    bad = outside(imported(path), FOR_SCENES)
    assert not bad, f"{path.name} imports {bad}: a scene module imports only " \
                    "scenes.kit, scenes.voice and tensors (move a shared helper " \
                    "into scenes/kit/)"


@pytest.mark.parametrize("path", sorted(SCENES.rglob("*.py")),
                         ids=lambda p: p.relative_to(SCENES).as_posix())
def test_no_module_imports_a_scene_module(path):
    bad = sorted(imported(path) & set(SCENE_MODULES))
    assert not bad, f"{path.name} imports scene module(s) {bad}: move the helper " \
                    "into scenes/kit/"


@pytest.mark.parametrize("package,allowed", [
    ("kit", ("scenes.kit", "scenes.voice", "scenes.speedups", "tensors")),
    ("voice", ("scenes.voice", "scenes.kit.style", "scenes.kit.palette",
               "scenes.kit.record")),
    ("speedups", ("scenes.speedups",)),
])
def test_the_support_packages_import_only_below_them(package, allowed):
    for path in sorted((SCENES / package).glob("*.py")):
        bad = outside(imported(path), allowed)
        assert not bad, f"scenes/{package}/{path.name} imports {bad}"


def test_the_voice_and_the_look_need_no_manim():
    code = ("import sys, scenes.voice.narration, scenes.voice.cues, "
            "scenes.kit.style, scenes.kit.record; "
            "assert 'manim' not in sys.modules, 'manim'; "
            "assert 'torch' not in sys.modules, 'torch'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_rule_sees_an_import(tmp_path):
    """The check itself: a scene importing another scene, the speed patches or
    the build is caught; the kit, the voice and tensors are not."""
    fake = tmp_path / "fake.py"
    fake.write_text("from scenes.practice_basics import WrappedRow\n"
                    "from scenes import practice_autograd, speedups\n"
                    "from scenes.kit import style\n"
                    "from scenes.kit.text import label\n"
                    "from scenes.voice.spoken import spoken\n"
                    "from tensors import fmt\n"
                    "import pipeline.cache\n")
    assert imported(fake) & set(SCENE_MODULES) == {"scenes.practice_basics",
                                                   "scenes.practice_autograd"}
    assert outside(imported(fake), FOR_SCENES) == [
        "pipeline.cache", "scenes.practice_autograd", "scenes.practice_basics",
        "scenes.speedups"]
