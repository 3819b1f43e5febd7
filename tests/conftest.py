"""Shared test set-up: the --device option and the manim marker.

Every test under tests/scenes/ and tests/site/ needs manim and LaTeX and is
marked ``manim`` here; elsewhere a test module that needs them (or the render
tools) marks itself (``pytestmark = pytest.mark.manim``, as
tests/test_render.py and most of tests/pipeline/ do). ``pytest tests/tensors
--device cuda`` runs the torch-only tests on a GPU machine without manim.
"""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
MANIM_DIRS = ("scenes", "site")  # every test in these needs manim


def pytest_addoption(parser):
    parser.addoption("--device", default=None, choices=("auto", "cpu", "cuda"),
                     help="device the tensors/ code computes on (default: auto)")
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="rewrite tests/snapshots/<scene-id>.npz from the scenes "
                          "as they are now, instead of comparing with them")


def pytest_configure(config):
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
