"""The narration script: every line of every scene, as written and as spoken,
with the file name a teacher's recording of it should have.

Each scene's lines come from the record its last build left
(``build/scenes/<res>/<id>.events.json``: its beats, as written and as
spoken), when that build is still current: its stamp says no file the scene
used, no recording and no output has changed since (``pipeline.cache``), in
any quality. Only a scene with no current record is built again, in a dry
run (no video, no voice), several at once in their own processes. The build
lock is taken only to write ``build/narration.md``, so a build started
meanwhile is not refused.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline import cache
from pipeline.config import ROOT, Fail, build_dir
from pipeline.files import write_atomic
from pipeline.lock import build_lock, ensure_build_dir
from scenes.kit.record import RecordError, SceneRecord
from scenes.lecture import Chapter

HEADER = ["# Narration script", "",
          "Record a line as the file named before it (WAV or MP3) and the next build "
          "uses it in place of the synthetic voice. Each line shows what the captions "
          "say and, after it, what the voice says.", ""]

Entry = tuple[Path, str, str]  # (recording path, written line, spoken line)


def dry_run(chapter: Chapter):
    """Build ``chapter``'s scene without writing video; return the scene.

    Each animation jumps to its end (``skip_animations``): the lines said, and
    so the script, do not depend on the frames between.
    """
    from manim import tempconfig

    with tempfile.TemporaryDirectory() as media, tempconfig(
        {"dry_run": True, "media_dir": media, "quality": "low_quality",
         "verbosity": "ERROR", "progress_bar": "none"}
    ):
        scene = chapter.load()(skip_animations=True)
        scene.render()
    return scene


def _recording(scene_class: str, number: int) -> Path:
    """The recording of line ``number``, or where one should be saved."""
    from scenes.voice import narration

    return (narration.recorded(scene_class, number)
            or narration.recordings_dir() / scene_class / f"{number:02d}.wav")


def entries(scene) -> list[Entry]:
    """(recording path, written line, spoken line) for each line of ``scene``."""
    from scenes.voice import narration

    return narration.script_entries(scene)


def dry_run_entries(chapter: Chapter) -> list[Entry]:
    """``chapter``'s lines from a dry run (in a worker process)."""
    return entries(dry_run(chapter))


def current_record(chapter: Chapter) -> SceneRecord | None:
    """The record of ``chapter``'s newest build that is still current, or None."""
    newest, found = -1.0, None
    folder = build_dir() / "scenes"
    for video in folder.glob(f"*/{chapter.id}.mp4"):
        record = video.with_suffix(".events.json")
        stamp_file = video.with_name(video.name + ".key")
        stamp = cache.read_stamp(stamp_file)
        if not isinstance(stamp, dict) or not isinstance(stamp.get("settings"), dict):
            continue
        if stamp["settings"].get("id") != chapter.id:
            continue
        files = [video, video.with_suffix(".srt"), record,
                 video.with_suffix(".plays.json")]  # as scene.outputs names them
        if not cache.is_current(stamp_file, stamp["settings"], chapter.scene, files):
            continue
        try:
            data = SceneRecord.read(record)
        except RecordError:
            continue
        if data.scene != chapter.scene:
            continue
        when = record.stat().st_mtime
        if when > newest:
            newest, found = when, data
    return found


def recorded_entries(record: SceneRecord) -> list[Entry]:
    """The lines a scene's record holds, as ``entries`` gives them."""
    return [(_recording(record.scene, n), beat.text, beat.spoken)
            for n, beat in enumerate(record.beats, 1)]


def gather(chapters: list[Chapter], jobs: int = 1) -> tuple[dict[str, list[Entry]],
                                                           list[str]]:
    """Each chapter's lines, and the ids of the chapters that had to be dry-run."""
    found: dict[str, list[Entry]] = {}
    missing = []
    for chapter in chapters:
        record = current_record(chapter)
        if record is not None:
            found[chapter.id] = recorded_entries(record)
        else:
            missing.append(chapter)
    if len(missing) == 1 or (missing and jobs == 1):
        for chapter in missing:
            found[chapter.id] = dry_run_entries(chapter)
    elif missing:
        context = multiprocessing.get_context("spawn")  # manim is not fork-safe
        with ProcessPoolExecutor(max_workers=min(jobs, len(missing)),
                                 mp_context=context) as pool:
            for chapter, lines in zip(missing, pool.map(dry_run_entries, missing)):
                found[chapter.id] = lines
    return found, [c.id for c in missing]


def script_text(chapters: list[Chapter], lines: dict[str, list[Entry]]) -> str:
    out = list(HEADER)
    for chapter in chapters:
        out += [f"## {chapter.id}: {chapter.title}", ""]
        for path, written, spoken in lines[chapter.id]:
            rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            out.append(f"- `{rel}`: {written}")
            if spoken != written:
                out.append(f"  - spoken: {spoken}")
        out.append("")
    return "\n".join(out)


def write_script(chapters: list[Chapter], jobs: int = 1) -> tuple[Path, list[str]]:
    """Write ``build/narration.md``; return it and the ids that were dry-run."""
    if not chapters:
        raise Fail("no scenes to write a script for")
    ensure_build_dir()  # a build dir we cannot write to fails now, not after the work
    lines, dry = gather(chapters, jobs)
    path = build_dir() / "narration.md"
    with build_lock():
        write_atomic(path, script_text(chapters, lines))
    return path, dry
