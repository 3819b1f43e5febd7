"""Keep each parsed SVG on disk, for every later process on this machine.

manim keeps a parsed SVG (a ``Text``'s glyphs, a formula's) in memory for the
rest of the process (``SVG_HASH_TO_MOB_MAP``), but every new process parses
each one again: a scene's dry run, its render, each test process. Parsing is
about a third of a dry run (practice-level-3: 8 s of 24 s).

``keep_parsed_svgs()`` makes manim look on disk before it parses: an SVG's
entry is named by a SHA-256 of its bytes and of everything else manim's own
cache key holds (the class, ``svg_default``, ``path_string_config``, the
renderer), so the same bytes parsed the same way give the same entry, and a
changed SVG a new one. What is stored is what manim would keep in memory (the
parsed mobject, pickled, zlib-compressed), sealed with a SHA-256 of the
rest: a damaged or cut-off entry is ignored and parsed again. Entries are
written under a temporary name and renamed, so another process sees a whole
entry or none. The folder is the user's cache (``~/.cache/tensor-hero/svg``,
beside the formulas' ``tex``; ``TENSOR_HERO_SVG_CACHE`` moves it), with a
subfolder per manim and svgelements release. Nothing in it is needed: delete
it at will. tests/scenes/speedups/test_svgcache.py checks that a Text made
from an entry is the Text manim parses.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import zlib
from pathlib import Path

from manim import config
from manim.mobject.svg import svg_mobject
from manim.utils.iterables import hash_obj

ENV = "TENSOR_HERO_SVG_CACHE"
ORIGINAL = svg_mobject.SVGMobject.init_svg_mobject  # manim's own (tests)
_folder: Path | None = None


def folder() -> Path:
    """``TENSOR_HERO_SVG_CACHE``, else ``tensor-hero/svg`` in the user's cache,
    each with a subfolder named by the manim and svgelements releases."""
    from scenes.speedups import installed_version  # noqa: PLC0415 - no cycle

    if os.environ.get(ENV):
        root = Path(os.environ[ENV])
    else:
        try:
            cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home folder
            cache = Path(tempfile.gettempdir())
        root = cache / "tensor-hero" / "svg"
    return root / (f"manim-{installed_version('manim')}"
                   f"-svgelements-{installed_version('svgelements')}")


def entry_name(mob) -> str | None:
    """The entry of ``mob``'s SVG, or None when its file cannot be read."""
    try:
        data = Path(mob.get_file_path()).read_bytes()
    except (OSError, ValueError):
        return None
    seed = repr((type(mob).__name__, mob.svg_default, mob.path_string_config,
                 config.renderer)).encode()
    return hashlib.sha256(seed + b"\0" + data).hexdigest()


def load(path: Path):
    """The mobject stored at ``path``, or None (absent, damaged, unreadable)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    seal, body = blob[:32], blob[32:]
    if hashlib.sha256(body).digest() != seal:
        return None
    try:
        return pickle.loads(zlib.decompress(body))
    except Exception:  # noqa: BLE001 - any bad entry is parsed again
        return None


def store(path: Path, mob) -> None:
    """Write ``mob`` to ``path`` whole or not at all (a full disk skips it)."""
    try:
        body = zlib.compress(pickle.dumps(mob, protocol=pickle.HIGHEST_PROTOCOL), 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(hashlib.sha256(body).digest() + body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # the cache is an aid: the parse stands without it


def _init_svg_mobject(self, use_svg_cache: bool):
    if not use_svg_cache or _folder is None:
        return ORIGINAL(self, use_svg_cache)
    key = hash_obj(self.hash_seed)
    if key in svg_mobject.SVG_HASH_TO_MOB_MAP:
        return ORIGINAL(self, True)
    name = entry_name(self)
    if name is None:
        return ORIGINAL(self, True)
    path = _folder / name[:2] / name
    kept = load(path)
    if kept is not None:
        svg_mobject.SVG_HASH_TO_MOB_MAP[key] = kept  # manim copies it from there
        return ORIGINAL(self, True)
    made = ORIGINAL(self, True)
    store(path, svg_mobject.SVG_HASH_TO_MOB_MAP[key])
    return made


def keep_parsed_svgs(where: Path | None = None) -> None:
    """Install the disk cache above on manim's SVGMobject (idempotent)."""
    global _folder
    _folder = where or folder()
    svg_mobject.SVGMobject.init_svg_mobject = _init_svg_mobject
