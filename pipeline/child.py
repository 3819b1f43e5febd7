"""Run manim and write down which project files the scene really used.

``python -m pipeline.child DEPS_JSON -- <manim arguments>`` runs manim's own
command line in this process; when it succeeds, ``DEPS_JSON`` lists every
file of the checkout the scene imported (``sys.modules``) or opened (an
audit hook), so the scene's cache key covers exactly those files: an edit to
a helper re-renders the scenes that import it and no others.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Build code and build outputs never decide what a scene draws.
IGNORED = ("pipeline", "render.py", "build", "media", ".venv", ".git")

_opened: set[str] = set()


def _audit(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.add(os.fsdecode(args[0]))


def project_file(name: str | None) -> str | None:
    """``name`` relative to the checkout, when it is a project file a scene uses."""
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute():
        path = Path.cwd() / path
    path = path.resolve()
    if not path.is_file() or not path.is_relative_to(ROOT):
        return None
    rel = path.relative_to(ROOT)
    if rel.parts[0] in IGNORED or "__pycache__" in rel.parts:
        return None
    return rel.as_posix()


def used_files() -> list[str]:
    names = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
    found = {project_file(n) for n in names | _opened}
    return sorted(f for f in found if f)


def main(argv: list[str]) -> int:
    deps_path, rest = argv[0], argv[2:] if argv[1:2] == ["--"] else argv[1:]
    sys.addaudithook(_audit)
    from manim.__main__ import main as manim_main

    from pipeline import texcache

    texcache.install(texcache.folder())

    sys.argv = ["manim", *rest]
    try:
        manim_main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    if code == 0:
        tmp = Path(f"{deps_path}.{os.getpid()}.part")
        tmp.write_text(json.dumps(used_files(), indent=1))
        os.replace(tmp, deps_path)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
