"""Fixtures for the build's tests: a private build dir (``build``), chapters of
tiny scenes (tests/pipeline/tiny.py) and ``render.py`` run from the outside."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.lecture import Chapter

ROOT = Path(__file__).parents[2]
TINY = Chapter("tiny", "tests.pipeline.tiny", "Tiny", "A tiny scene")
OTHER = Chapter("other", "tests.pipeline.tiny", "Other", "Another tiny scene")
SLOW = Chapter("slow", "tests.pipeline.tiny", "Slow", "A slow scene")
STEPS = Chapter("steps", "tests.pipeline.tiny", "Steps", "A scene of many plays")


@pytest.fixture
def build(tmp_path, monkeypatch):
    """A private build dir for this test (``TENSOR_HERO_BUILD``)."""
    path = tmp_path / "build"
    monkeypatch.setenv("TENSOR_HERO_BUILD", str(path))
    return path


def cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """``render.py args`` with this test's environment."""
    return subprocess.run([sys.executable, "render.py", *args], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, timeout=kwargs.pop("timeout", 600), **kwargs)


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode != 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]
