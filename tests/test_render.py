"""render.py from the outside: listing, help, and one error line for each bad
input or missing tool."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from scenes.lecture import LECTURE

pytestmark = pytest.mark.manim  # imports every scene module
ROOT = Path(__file__).parents[1]


def run(*args, env=None, build=None):
    env = {**os.environ, **(env or {})}
    if build is not None:
        env["TENSOR_HERO_BUILD"] = str(build)
    return subprocess.run([sys.executable, "render.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def assert_one_line_error(proc, *needles):
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0]


def test_list_json_matches_the_lecture():
    proc = run("list", "--json")
    assert proc.returncode == 0
    listed = json.loads(proc.stdout)
    assert [e["id"] for e in listed] == [c.id for c in LECTURE]
    for entry in listed:
        assert set(entry) == {"id", "module", "scene", "title"}
        module = __import__(entry["module"], fromlist=[entry["scene"]])
        assert isinstance(getattr(module, entry["scene"]), type)


def test_help_on_every_command():
    for args in ([], ["list"], ["render"], ["lecture"]):
        proc = run(*args, "--help")
        assert proc.returncode == 0 and "Usage:" in proc.stdout


def test_unknown_scene_names_close_matches():
    assert_one_line_error(run("render", "broadcastin"), "unknown scene id",
                          "broadcasting")


def test_unknown_quality():
    assert_one_line_error(run("render", "--quality", "ultra"), "ultra", "low")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_cuda():
    assert_one_line_error(run("render", "--device", "cuda"), "CUDA", "--device cpu")


def test_missing_system_tool_is_named_before_rendering(tmp_path):
    bare = {"PATH": str(Path(sys.executable).parent)}
    proc = run("lecture", env=bare, build=tmp_path)
    assert_one_line_error(proc, "ffmpeg", "latex", "apt-get install")
    assert not (tmp_path / "scenes").exists()
