"""The build: what a scene depends on, joining with captions and sound,
interrupted and failing builds. Slow tests render real scenes at 480p15."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import render
from scenes.lecture import LECTURE, Chapter

ROOT = Path(__file__).parents[2]
FPS = 15


def clip(path: Path, seconds: float, audio: bool = False, captions: str = "") -> Path:
    """A tiny test video (and optional sound and .srt beside it)."""
    args = ["-f", "lavfi", "-i", f"testsrc=size=160x90:rate={FPS}:duration={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds - 0.5}",
                 "-c:a", "aac"]
    subprocess.run(["ffmpeg", "-y", "-v", "error", *args, "-pix_fmt", "yuv420p",
                    str(path)], check=True)
    path.with_suffix(".srt").write_text(captions)
    return path


def streams(path: Path) -> dict[str, float]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                          "stream=codec_type,codec_name,duration", "-of", "json",
                          str(path)], capture_output=True, text=True, check=True)
    return {s["codec_type"] + ":" + s["codec_name"]: float(s.get("duration", 0))
            for s in json.loads(out.stdout)["streams"]}


def assert_cues_well_formed(cues, length: float):
    assert cues, "no captions"
    for a, b in zip(cues, cues[1:]):
        assert a.end <= b.start + 1e-3, (a, b)
    for c in cues:
        assert 0 <= c.start < c.end <= length + 1e-3, c


SRT = "1\n00:00:00,500 --> 00:00:01,500\nfirst line\n\n2\n00:00:01,500 --> 00:00:02,000\nsecond\n\n"


def test_join_offsets_captions_and_pads_sound(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "BUILD", tmp_path)
    videos = [clip(tmp_path / "a.mp4", 2, audio=True, captions=SRT),
              clip(tmp_path / "b.mp4", 3, captions=SRT)]
    out = tmp_path / "lecture.mp4"
    render.join(list(LECTURE[:2]), videos, out)
    found = streams(out)
    assert "subtitle:mov_text" in found
    video, audio = found["video:h264"], found["audio:aac"]
    assert abs(video - audio) <= 2 / FPS, (video, audio)
    cues = render.read_cues(out.with_suffix(".srt"))
    assert [c.text for c in cues] == ["first line", "second"] * 2
    assert cues[2].start == pytest.approx(2.5, abs=0.05)  # shifted by scene a's length
    assert_cues_well_formed(cues, video)
    vtt = out.with_suffix(".vtt").read_text()
    assert vtt.startswith("WEBVTT") and "00:00:02.500 --> 00:00:03.500" in vtt


def test_a_scene_depends_on_shared_code_not_on_other_scenes():
    first, second = LECTURE[0], LECTURE[1]
    shared = render.shared_files()
    assert ROOT / "tensors" / "fmt.py" in shared
    assert ROOT / "scenes" / "style.py" in shared
    assert ROOT / second.path not in shared and ROOT / first.path not in shared


def test_key_changes_with_quality_device_voice():
    c = LECTURE[0]
    keys = {render.scene_key(c, render.Settings(q, d, v), ".mp4")
            for q, d, v in [("low", "cpu", "none"), ("high", "cpu", "none"),
                            ("low", "cuda", "none"), ("low", "cpu", "espeak")]}
    assert len(keys) == 4


def run_cli(*args, build):
    env = {**__import__("os").environ, "TENSOR_HERO_BUILD": str(build)}
    return subprocess.run([sys.executable, "render.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_real_scene_captions_and_voice(tmp_path, monkeypatch):
    """A real scene, spoken by espeak-ng: captions inside it, sound as long as it."""
    first = LECTURE[0]
    proc = run_cli("render", first.id, "-q", "low", "--voice", "espeak", "--quiet",
                   build=tmp_path)
    assert proc.returncode == 0, proc.stderr
    video = tmp_path / "scenes" / "480p15" / f"{first.id}.mp4"
    assert_cues_well_formed(render.read_cues(video.with_suffix(".srt")),
                            render.duration(video))
    monkeypatch.setattr(render, "BUILD", tmp_path)
    out = tmp_path / "one.mp4"
    render.join([first], [video], out)
    found = streams(out)
    assert abs(found["video:h264"] - found["audio:aac"]) <= 2 / FPS, found


@pytest.mark.slow
def test_failing_scene_is_named_and_the_others_finish(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "BUILD", tmp_path)
    broken = Chapter("broken", LECTURE[0].module, "NoSuchScene", "Broken")
    outcomes = render.render_many([broken, LECTURE[0]], render.Settings("low"), 2, True)
    assert outcomes[0].error and outcomes[0].video is None
    assert outcomes[1].error is None and outcomes[1].video.exists()
    with pytest.raises(render.Fail, match="broken"):
        render.report(outcomes)
    assert not (tmp_path / "scenes" / "480p15" / "broken.mp4").exists()


@pytest.mark.slow
def test_killed_build_leaves_nothing_half_written_and_resumes(tmp_path):
    first = LECTURE[0].id
    env = {**__import__("os").environ, "TENSOR_HERO_BUILD": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "render.py", "render", first, "-q", "low",
                             "--quiet"], cwd=ROOT, env=env, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(6)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "interrupted" in err and "Traceback" not in err
    scenes = tmp_path / "scenes" / "480p15"
    assert not (scenes / f"{first}.mp4").exists()
    assert not list(tmp_path.rglob("*.part*"))
    again = run_cli("render", first, "-q", "low", "--quiet", build=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (scenes / f"{first}.mp4").exists()
