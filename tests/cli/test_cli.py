"""render.py from the outside: listing, a real render, and every error path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from pipeline import join
from scenes.lecture import LECTURE

ROOT = Path(__file__).parents[2]


def run(*args, env=None, build=None):
    env = {**os.environ, **(env or {})}
    if build is not None:
        env["TENSOR_HERO_BUILD"] = str(build)
    return subprocess.run([sys.executable, "render.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def probe(path, *entries):
    out = subprocess.run(["ffprobe", "-v", "error", *entries, "-of", "json", str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


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


def test_join_writes_one_chapter_per_scene(tmp_path):
    clips = []
    for i, seconds in enumerate((1, 2)):
        clip = tmp_path / f"clip{i}.mp4"
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                        f"testsrc=size=160x90:rate=15:duration={seconds}",
                        "-pix_fmt", "yuv420p", str(clip)], check=True)
        clips.append(clip)
    out = tmp_path / "joined.mp4"
    join.join(list(LECTURE[:2]), clips, out, tmp_path / "work")
    chapters = probe(out, "-show_chapters")["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [c.title for c in LECTURE[:2]]
    assert [round(float(c["end_time"])) for c in chapters] == [1, 3]
    assert not list(tmp_path.glob(".*part*"))


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
