"""scenes/kit/style.py holds only the lecture's shared look.

Every scene imports style.py, so the build re-renders every scene when it
changes (pipeline/child.py records what a scene imported, pipeline/cache.py
compares the hashes). A number only one scene module uses belongs at the top
of that module, where tuning it re-renders that scene alone
(tests/site/test_scoped_build.py checks the build does so). Read with ast,
no manim: who reads ``style.NAME``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.scenes.test_scene_rules import SCENES, scene_modules

ROOT = SCENES.parent
STYLE = SCENES / "kit" / "style.py"
# Colours stay with the look whoever uses them: one place to see them all.
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def constants(path: Path) -> dict[str, ast.expr]:
    """The module-level constants a file assigns: name -> value."""
    found = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value
    return found


def style_names_read(path: Path) -> set[str]:
    """The style names a file reads: ``style.NAME`` or ``from ...style import NAME``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "style":
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and node.module == "scenes.kit.style":
            names |= {a.name for a in node.names}
    return names


def shared_readers() -> list[Path]:
    """Files whose use makes a constant shared: the kit, the voice, the speed
    patches, and everything outside scenes/ (the build and the lecture-wide
    checks, such as the frame the layout test holds every scene to)."""
    inside = [p for p in SCENES.rglob("*.py")
              if p.parent != SCENES and p != STYLE]
    outside = [p for p in ROOT.rglob("*.py")
               if not p.is_relative_to(SCENES)
               and not any(part.startswith(".") or part in ("build", "media")
                           for part in p.relative_to(ROOT).parts)]
    return inside + outside


def is_colour(value: ast.expr) -> bool:
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str) and bool(COLOUR.match(value.value))
    if isinstance(value, ast.Tuple):
        return bool(value.elts) and all(is_colour(e) for e in value.elts)
    return False


def test_every_style_constant_is_shared():
    shared = set().union(*(style_names_read(p) for p in shared_readers()))
    readers = {p.name: style_names_read(p) for p in scene_modules()}
    bad = []
    for name, value in constants(STYLE).items():
        if name in shared or is_colour(value):
            continue
        users = sorted(module for module, read in readers.items() if name in read)
        if not users:
            bad.append(f"{name}: nothing uses it (delete it)")
        elif len(users) == 1:
            bad.append(f"{name}: only scenes/{users[0]} uses it (move it there: "
                       f"a named constant at the top of the module, used as {name})")
    assert not bad, "scenes/kit/style.py:\n" + "\n".join(bad)


def test_scene_constants_do_not_shadow_the_look():
    """A scene's own GAP next to style.GAP would read as one and be two."""
    look = set(constants(STYLE))
    bad = [f"scenes/{p.name}: {name} is also style.{name}"
           for p in scene_modules() for name in constants(p) if name in look]
    assert not bad, "\n".join(bad)

