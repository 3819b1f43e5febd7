"""Patches that make manim do less work for the same picture.

Six of manim's (and svgelements') hot paths repeat work whose result never
changes; each module here keeps the result instead, and its test
(tests/scenes/speedups/) checks that what manim builds is the same either
way:

- ``copying``: copies of a mobject share their glyphs' parsed SVG source and
  skip ``copy.deepcopy``'s generic dispatch;
- ``outlines``: each glyph outline's SVG path data is parsed once per process;
- ``rgbas``: each colour's RGBA array is worked out once per process;
- ``frames``: a held frame is encoded once, shown for as long as it is held,
  not encoded again for every repeat, and only the rows that changed since
  the last frame are converted to yuv420p;
- ``paths``: a glyph's outline is traced for cairo in a Python loop, not
  with numpy calls on its few dozen points;
- ``svgcache``: each parsed SVG is kept on disk, so a later process (the
  next dry run, render or test process) loads it instead of parsing again.

They replace functions of one manim and one svgelements release, so
``install()`` first checks that those are the versions installed (``MANIM``,
``SVGELEMENTS``) and stops with one line saying what to do if not. Scenes
call it as they start (``LectureScene.setup``), before they build any Text;
nothing is patched by importing this package. ``TENSOR_HERO_SPEEDUPS=off``
in the environment leaves manim as released (``render.py bench`` times
manim so, beside our build).
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version

# What the patches were written and tested against (a manim minor release, any
# patch level; svgelements exactly, as pyproject.toml pins it).
MANIM = "0.22"
SVGELEMENTS = "1.9.6"

OFF_ENV = "TENSOR_HERO_SPEEDUPS"  # "off": install nothing, manim as released
_installed = False


def installed_version(name: str) -> str:
    """The installed version of distribution ``name``, or ``"none"``."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "none"


def check_versions() -> None:
    """Raise ``RuntimeError`` (one line) unless manim and svgelements are the
    releases these patches were tested with."""
    manim, svg = installed_version("manim"), installed_version("svgelements")
    if manim.split(".")[:2] != MANIM.split(".") or svg != SVGELEMENTS:
        raise RuntimeError(
            f"scenes/speedups: tested with manim {MANIM} and svgelements "
            f"{SVGELEMENTS}, found manim {manim} and svgelements {svg}; run "
            "`make setup` or update scenes/speedups")


def install() -> None:
    """Check the versions, then install the patches (once per process)."""
    global _installed
    if _installed or os.environ.get(OFF_ENV) == "off":
        return
    check_versions()
    # Imported only now: they reach into manim's and svgelements' internals,
    # which another release may not have.
    from scenes.speedups import copying, frames, outlines, paths, rgbas, svgcache

    copying.share_svg_sources()  # copies share glyphs' parsed SVG (copying.py)
    outlines.parse_path_data_once()  # each glyph outline parsed once (outlines.py)
    rgbas.remember_rgbas()  # each colour's RGBA array worked out once (rgbas.py)
    frames.encode_holds_once()  # a held frame encoded once (frames.py)
    paths.trace_paths_in_python()  # outlines traced without numpy (paths.py)
    svgcache.keep_parsed_svgs()  # each SVG parsed once per machine (svgcache.py)
    _installed = True
