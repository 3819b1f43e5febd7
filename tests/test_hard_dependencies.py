"""The lecture's hard dependencies fail the test run when missing, never skip.

tests/conftest.py ``NEEDS`` names them (the piper voice, espeak-ng,
playwright, Chromium); a test says which it needs with
``@pytest.mark.needs(...)`` (tests/site/ needs playwright and Chromium as a
whole). These tests run pytest itself on a machine made to lack espeak-ng
(an empty PATH), and read the test tree for skips that would hide one.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import conftest

ROOT = Path(__file__).parents[1]
ESPEAK_TEST = "tests/scenes/voice/test_narration.py::test_espeak_speaks_offline"


def pytest_without_espeak(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """pytest on ``ESPEAK_TEST`` with a PATH that holds no espeak-ng."""
    empty = tmp_path / "bin"
    empty.mkdir()
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args,
         ESPEAK_TEST], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": str(empty), "HOME": str(tmp_path)}, timeout=120)


def test_every_hard_dependency_is_on_this_machine():
    missing = [f"{name}: {hint}" for name, (here, hint) in conftest.NEEDS.items()
               if not here()]
    assert not missing, "\n".join(missing)


def test_a_missing_dependency_stops_the_run_in_one_line(tmp_path):
    done = pytest_without_espeak(tmp_path, "-p", "no:xdist")
    out = done.stdout + done.stderr
    errors = [line for line in out.splitlines() if "missing dependency" in line]
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, out
    assert len(errors) == 1, out
    assert "espeak-ng" in errors[0] and "apt-get install -y espeak-ng" in errors[0]
    assert ESPEAK_TEST in errors[0]
    assert "skipped" not in out and "passed" not in out, out


def test_under_xdist_the_tests_fail_and_the_run_says_why_once(tmp_path):
    done = pytest_without_espeak(tmp_path, "-n", "1")
    out = done.stdout + done.stderr
    assert done.returncode == pytest.ExitCode.TESTS_FAILED, out
    said = [line for line in out.splitlines()
            if line.startswith("error: missing dependency espeak-ng")]
    assert len(said) == 1 and "apt-get install -y espeak-ng" in said[0], out
    assert "skipped" not in out, out


def item(path: str, *needs: str):
    marks = [SimpleNamespace(args=needs)] if needs else []
    return SimpleNamespace(fspath=conftest.HERE / path, nodeid=f"{path}::test_it",
                           iter_markers=lambda name: marks if name == "needs" else [])


def test_the_lines_name_each_missing_dependency_and_how_to_install(monkeypatch):
    for name in ("piper", "chromium"):
        monkeypatch.setitem(conftest.NEEDS, name,
                            (lambda: False, conftest.NEEDS[name][1]))
    items = [item("scenes/voice/test_voice.py", "piper"),
             item("scenes/voice/test_voice.py", "piper"),
             item("site/test_page.py"), item("tensors/test_core.py")]
    lines = conftest.missing_dependencies(items)
    assert [line.split(":")[0] for line in lines] == [
        "missing dependency chromium", "missing dependency piper"]
    chromium, piper = lines
    assert "apt-get install -y chromium" in chromium and "site/test_page.py" in chromium
    assert "pip install -e ." in piper and "needed by 2 selected tests" in piper
    assert conftest.missing_dependencies([item("tensors/test_core.py")]) == []
    with pytest.raises(pytest.UsageError, match="unknown dependency"):
        conftest.needed(item("tensors/test_core.py", "pyper"))


def test_no_test_skips_over_a_hard_dependency():
    """A skip for one would hide its absence: they are marked ``needs``."""
    hidden = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text()
        for name in ("piper", "playwright", "espeak", "chromium"):
            if re.search(rf"importorskip\([\"']{name}|skip\w*\(.*{name}", text):
                hidden.append(f"{path.relative_to(ROOT)}: skips over {name}")
    assert not hidden, "\n".join(hidden)
