"""Timings: serial manim (as released, and with our scenes' patches) against
our build at -j 1 and -j N, the no-op rebuild, the voice, and x264 presets.
Each way starts from an empty build dir and empty folders of compiled
formulas and parsed SVGs.

A run's figures replace ``build/bench*.md`` (the latest of each kind) and are
added to ``build/bench-history.md`` (``record``) with the date, the commit and
the machine, so the history of the figures lives beside them, not in the
README or the code.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from pipeline import media, texcache
from pipeline.config import ENCODER, ROOT, Fail, Settings, build_dir
from pipeline.files import write_atomic
from pipeline.scene import cause, manim_args, manim_config, scene_env
from scenes.lecture import LECTURE, Chapter
from scenes.speedups import OFF_ENV as SPEEDUPS_ENV
from scenes.speedups.svgcache import ENV as SVG_CACHE_ENV


def timed(cmd: list[str], env: dict | None = None) -> float:
    """Wall seconds of one command; its failure is ours."""
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise Fail(f"benchmark step failed: {' '.join(cmd[:4])}...: "
                   f"{cause(proc.stdout + proc.stderr)}")
    return time.monotonic() - start


def manim_cmd(chapter: Chapter, settings: Settings, media_dir: Path,
              config: Path | None) -> list[str]:
    return [sys.executable, "-m", "manim", *manim_args(chapter, settings, media_dir,
                                                       False, config)]


def empty_build(folder: Path, base: dict | None = None) -> dict[str, str]:
    """The environment of a build into ``folder`` that starts with nothing: no
    scenes, voice, formulas or parsed SVGs made before (not even in the
    user's caches)."""
    return {**(base or os.environ), "TENSOR_HERO_BUILD": str(folder),
            texcache.ENV: str(folder / "tex"), SVG_CACHE_ENV: str(folder / "svg")}


def workdir(prefix: str) -> Path:
    """A scratch dir in the build dir (``bench-*``: cleaned by the next build)."""
    build = build_dir()
    build.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=build))


def bench_quality(quality: str, chapters: list[Chapter], jobs: int,
                  voice: str = "none", runs: int = 1) -> dict:
    """Plain serial manim vs our build at -j 1 and -j N (Dask workers), each
    from nothing, ``runs`` times side by side (medians); then the no-op
    rebuild and a one-beat edit (``edit_once``)."""
    work = workdir(f"bench-{quality}-")
    settings = Settings(quality, "cpu", voice)
    env = scene_env(settings)
    whole = len(chapters) == len(LECTURE)
    cmd = [sys.executable, "render.py", "lecture", "-q", quality, "--device", "cpu",
           "--voice", voice, "--quiet"]
    if not whole:
        cmd += [arg for c in chapters for arg in ("--scene", c.id)]
    plains, released = [], []
    ours = {n: [] for n in sorted({1, jobs})}
    for run in range(runs):
        # Plain manim's CLI on our scenes, one after another: with the patches
        # a scene installs (scenes/speedups), and without (manim as released).
        for way, times in (("plain", plains), ("released", released)):
            base = {**env, SPEEDUPS_ENV: "off"} if way == "released" else env
            fresh = empty_build(work / f"{way}{run}" / "build", base)
            times.append(sum(
                timed(manim_cmd(c, settings, work / f"{way}{run}" / c.id, None), fresh)
                for c in chapters))
            shutil.rmtree(work / f"{way}{run}", ignore_errors=True)
        for n in ours:
            folder = work / f"j{n}"
            shutil.rmtree(folder, ignore_errors=True)
            ours[n].append(timed([*cmd, "-j", str(n)], empty_build(folder)))
    build_env = empty_build(work / f"j{jobs}")
    noop = statistics.median(timed([*cmd, "-j", str(jobs)], build_env)
                             for _ in range(3))
    scenes = work / f"j{jobs}" / "scenes" / settings.res
    seconds = sum(media.duration(v) for v in scenes.glob("*.mp4"))
    drawn = jobs_of(scenes, chapters)  # the cold build's jobs, before any edit
    edits = [edit_once(scenes, chapters, [*cmd, "-j", str(jobs)], build_env)
             for _ in range(runs)]
    # What a range job pays to run the scene's code up to its plays: the
    # edited scene's plan time against its whole render's.
    edited = jobs_of(scenes, [c for c in chapters if c.id == edits[0]["scene"]])
    plan = sum(j["seconds"] for j in edited[edits[0]["scene"]][1]
               if j["kind"] == "plan")
    whole = sum(j["seconds"] for j in drawn[edits[0]["scene"]][1])
    scale = predict(drawn, plan / whole if whole else 0.0)
    shutil.rmtree(work, ignore_errors=True)
    return {"quality": settings.res, "scenes": len(chapters), "video_s": seconds,
            "plain_s": statistics.median(plains),
            "released_s": statistics.median(released),
            "ours": {n: statistics.median(t) for n, t in ours.items()},
            "noop_s": noop, "jobs": jobs, "voice": voice, "runs": runs,
            "edit": statistics.median(e["seconds"] for e in edits), "edits": edits,
            "edit_scene": statistics.median(e["scene_s"] for e in edits),
            "scale": scale}


def edit_once(scenes: Path, chapters: list[Chapter], cmd: list[str],
              env: dict) -> dict:
    """Time the rebuild after a one-beat edit of the longest scene: its stamp
    and the section in the middle of it are removed, so the build plans the
    scene, draws that section alone and joins again, as after an edit that
    changes what the section shows (``pipeline.scene``)."""
    import json

    longest = max(chapters, key=lambda c: media.duration(scenes / f"{c.id}.mp4"))
    plan = json.loads((scenes / f"{longest.id}.plays.json").read_text())
    middle = plan["sections"][len(plan["sections"]) // 2]
    folder = Path(env["TENSOR_HERO_BUILD"]) / "sections" / scenes.name
    (folder / f"{middle['key']}.mp4").unlink()
    (scenes / f"{longest.id}.mp4.key").unlink()
    # The scene first (render.py render: plan, the section, the scene's video),
    # then the lecture (the join, captions, voice track, page and handout).
    rest = [a for i, a in enumerate(cmd[3:], 3)
            if a != "--scene" and cmd[i - 1] != "--scene"]
    scene_cmd = [*cmd[:2], "render", longest.id, *rest]
    scene_s = timed(scene_cmd, env)
    seconds = scene_s + timed(cmd, env)
    return {"scene": longest.id, "section_s": middle["seconds"], "seconds": seconds,
            "scene_s": scene_s}


def schedule(costs: list[float], workers: int) -> float:
    """Wall time of ``costs`` on ``workers``, longest first to the least loaded."""
    import heapq

    loads = [0.0] * workers
    for cost in sorted(costs, reverse=True):
        heapq.heapreplace(loads, loads[0] + cost)
    return max(loads)


def jobs_of(scenes: Path, chapters: list[Chapter]) -> dict[str, tuple[list, list]]:
    """Each scene's sections and the jobs that drew them, from its
    ``<id>.plays.json`` in ``scenes``."""
    import json

    found = {}
    for c in chapters:
        data = json.loads((scenes / f"{c.id}.plays.json").read_text())
        found[c.id] = (data["sections"], data["jobs"])
    return found


def predict(drawn: dict[str, tuple[list, list]], plan_ratio: float,
            workers: tuple[int, ...] = (2, 16, 64)) -> dict:
    """Predicted wall time of rendering the scenes on 2, 16 and 64 workers,
    with every section a job, from a build that drew each scene (``drawn``:
    ``jobs_of``).

    A section costs its share (by video length) of the time its scene's
    drawing took, plus the scene's code up to it: a range job runs the
    scene's code from the start, skipping earlier plays, as a plan does, so
    each section is charged ``plan_ratio`` of its scene's drawing time (the
    measured plan time over the whole render's, ``bench_quality``). The
    critical path is the costliest section.
    """
    costs = []
    for found, ran in drawn.values():
        draw = sum(j["seconds"] for j in ran if j["kind"] != "plan")
        length = sum(s["seconds"] for s in found) or 1.0
        costs += [draw * (s["seconds"] / length + plan_ratio) for s in found]
    return {"sections": len(costs), "critical_s": max(costs, default=0.0),
            "plan_ratio": plan_ratio, "work_s": sum(costs),
            "wall_s": {n: schedule(costs, n) for n in workers}}


def last_build(res: str) -> str:
    """The whole lecture's real-time factor from the last build that rendered."""
    import json

    from pipeline.lecture import last_build_path

    path = last_build_path(res)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return f"No build at {res} has rendered in this build dir yet ({path.name}).\n"
    what = "whole lecture" if data.get("whole_lecture") else f"{data['scenes']} scenes"
    return (f"Last build at {res} ({data['when']}, {what}, {data['rendered']} "
            f"rendered, -j {data['jobs']}, voice {data['voice']}): "
            f"{data['video_s']:.0f} s of video in {data['wall_s']:.0f} s, "
            f"{data['video_s'] / data['wall_s']:.2f}x real time.\n")


def bench_table(rows: list[dict]) -> str:
    head = ("| quality | voice | scenes | video | runs | manim as released, serial "
            "| plain manim (our patches), serial "
            "| ours -j 1 | ours -j N | video s per wall s | speed-up vs released "
            "| speed-up vs plain "
            "| speed-up 1 -> N workers | no-op rebuild | one-beat edit: scene "
            "| one-beat edit: lecture |\n|" + "---|" * 16 + "\n")
    body, notes = "", ""
    for r in rows:
        n = r["jobs"]
        one, many = r["ours"][1], r["ours"][n]
        body += (f"| {r['quality']} | {r['voice']} | {r['scenes']} "
                 f"| {r['video_s']:.0f} s | {r['runs']} | {r['released_s']:.0f} s "
                 f"| {r['plain_s']:.0f} s "
                 f"| {one:.0f} s | {many:.0f} s (N={n}) | {r['video_s'] / many:.2f} "
                 f"| {r['released_s'] / many:.2f}x "
                 f"| {r['plain_s'] / many:.2f}x | {one / many:.2f}x "
                 f"| {r['noop_s']:.2f} s | {r['edit_scene']:.0f} s "
                 f"| {r['edit']:.0f} s |\n")
        e, sc = r["edits"][0], r["scale"]
        walls = ", ".join(f"{w} workers {t:.0f} s" for w, t in sc["wall_s"].items())
        notes += (f"\n{r['quality']}: one-beat edit = the middle section "
                  f"({e['section_s']:.0f} s of video) of {e['scene']} drawn again "
                  "(scene: `render.py render`, its plan, the section and the "
                  "scene's video), then the lecture made again from it (lecture: "
                  f"that plus the join, voice track, page and handout), median of "
                  f"{r['runs']}. "
                  f"Predicted scene rendering from {sc['sections']} sections "
                  f"(plan time {100 * sc['plan_ratio']:.0f}% of drawing, charged to "
                  f"each section): critical path {sc['critical_s']:.0f} s; {walls}. "
                  f"Measured: -j 1 -> -j {n} Dask workers {one / many:.2f}x.\n")
    return head + body + notes


def ssim(video: Path, reference: Path) -> float:
    proc = subprocess.run(["ffmpeg", "-v", "info", "-i", str(video),
                           "-i", str(reference),
                           "-lavfi", "ssim", "-f", "null", "-"],
                          capture_output=True, text=True, check=True)
    line = next(ln for ln in proc.stderr.splitlines() if "SSIM" in ln and "All:" in ln)
    return float(line.split("All:")[1].split()[0])


def bench_encoders(chapter: Chapter, presets: list[str]) -> str:
    """x264 presets at manim's crf 23 on one scene at 1080p60, against lossless."""
    work = workdir("bench-encoders-")
    lossless = Settings("high", "cpu", "none",
                        {"max_inflight_encoders": 1,
                         "options": {"crf": 0, "preset": "ultrafast"}})
    timed(manim_cmd(chapter, lossless, work / "reference", manim_config(lossless)),
          scene_env(lossless))
    reference = next(p for p in (work / "reference").rglob(f"{chapter.id}.mp4")
                     if "partial_movie_files" not in p.parts)
    rows = ["| x264 preset (crf 23) | encode time | size | SSIM vs lossless |",
            "|---|---|---|---|"]
    for preset in presets:
        out = work / f"{preset}.mp4"
        seconds = timed(["ffmpeg", "-y", "-v", "error", "-i", str(reference), "-c:v",
                         "libx264", "-preset", preset, "-crf", "23", "-pix_fmt",
                         "yuv420p", str(out)])
        rows.append(f"| {preset}{' (manim default)' if preset == 'medium' else ''} "
                    f"| {seconds:.1f} s | {out.stat().st_size / 1e6:.1f} MB "
                    f"| {ssim(out, reference):.4f} |")
    for inflight in (1, 2, 4):
        chosen = Settings("high", "cpu", "none",
                          {"max_inflight_encoders": inflight,
                           "options": ENCODER["options"]})
        seconds = timed(manim_cmd(chapter, chosen, work / f"inflight{inflight}",
                                  manim_config(chosen)), scene_env(chosen))
        rows.append(f"| manim render, {ENCODER['options']['preset']}, "
                    f"max_inflight_encoders={inflight} | {seconds:.1f} s (whole scene) "
                    "| | |")
    shutil.rmtree(work, ignore_errors=True)
    return "\n".join(rows) + "\n"


def synthesis(chapters: list[Chapter]) -> dict:
    """Piper's time to speak every narration line of ``chapters``, from cold."""
    from pipeline.script import dry_run
    from scenes.voice import narration
    from scenes.voice.spoken import spoken

    lines = [spoken(line) for c in chapters for line in dry_run(c).narration]
    work = workdir("bench-voice-")
    saved = os.environ.get("TENSOR_HERO_BUILD")
    os.environ["TENSOR_HERO_BUILD"] = str(work)  # an empty voice cache
    try:
        narration.piper("warm up")  # load the model outside the timing
        start = time.monotonic()
        audio = sum(narration.audio_seconds(narration.piper(line)) for line in lines)
        seconds = time.monotonic() - start
    finally:
        if saved is None:
            os.environ.pop("TENSOR_HERO_BUILD", None)
        else:
            os.environ["TENSOR_HERO_BUILD"] = saved
        shutil.rmtree(work, ignore_errors=True)
    return {"lines": len(lines), "audio_s": audio, "synth_s": seconds}


def cold_build(quality: str, chapters: list[Chapter], jobs: int, voice: str) -> float:
    """Wall seconds of ``render.py lecture`` from an empty build dir."""
    work = workdir(f"bench-{voice}-")
    cmd = [sys.executable, "render.py", "lecture", "-q", quality, "--device", "cpu",
           "--voice", voice, "-j", str(jobs), "--quiet"]
    if len(chapters) != len(LECTURE):
        cmd += [arg for c in chapters for arg in ("--scene", c.id)]
    try:
        return timed(cmd, empty_build(work))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_voice(quality: str, chapters: list[Chapter], jobs: int) -> str:
    """Synthesis time for the narration, and a cold build with the voice on and off."""
    synth = synthesis(chapters)
    off = cold_build(quality, chapters, jobs, "none")
    on = cold_build(quality, chapters, jobs, "piper")
    res = Settings(quality).res
    return (
        "| narration lines | audio | piper synthesis (1 thread) | x real time |\n"
        "|---|---|---|---|\n"
        f"| {synth['lines']} | {synth['audio_s']:.0f} s | {synth['synth_s']:.0f} s "
        f"| {synth['audio_s'] / synth['synth_s']:.1f} |\n\n"
        f"| cold build, {res}, {len(chapters)} scenes, -j {jobs} | voice none "
        "| voice piper | piper adds |\n|---|---|---|---|\n"
        f"| wall time | {off:.0f} s | {on:.0f} s | {100 * (on / off - 1):+.1f}% |\n")


HISTORY = "bench-history.md"
HISTORY_HEAD = ("# Benchmark history\n\n"
                "Every `render.py bench` run (`make bench`), oldest first: when, "
                "the commit it ran, the machine, the command and its figures. "
                "The latest run of each kind is also in `bench.md`, "
                "`bench-voice.md` or `bench-encoders.md`.\n")


def commit() -> str:
    """The checkout's short commit hash, or ``"unknown"`` (no git, no checkout)."""
    try:
        proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (proc.stdout.strip() or "unknown") if proc.returncode == 0 else "unknown"


def record(command: str, machine: str, figures: str,
           when: datetime | None = None) -> Path:
    """Add one run's figures to ``build/bench-history.md`` (made if missing).

    The old history is read first and the whole file written under a
    temporary name, then renamed, so a reader (or a run stopped half-way)
    sees the history before this run or after it, never part of an entry.
    """
    path = build_dir() / HISTORY
    try:
        old = path.read_text()
    except FileNotFoundError:
        old = HISTORY_HEAD
    stamp = (when or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z")
    entry = (f"\n## {stamp}, commit {commit()}\n\n"
             f"`{command}`\n\nMachine: {machine}\n\n{figures.rstrip()}\n")
    write_atomic(path, old.rstrip("\n") + "\n" + entry)
    return path
