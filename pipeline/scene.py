"""Render one scene in its own manim process, unless its output is current.

The scene renders into its own media dir; its video (or still), captions and
events are copied into ``build/scenes/<res>/`` only after manim succeeded and
the video was checked, and the stamp (``pipeline.cache``) is written last.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline import cache, procs
from pipeline.config import (
    BUILD_ENV,
    QUALITIES,
    ROOT,
    VOICE_ENV,
    Settings,
    build_dir,
    shown,
)
from pipeline.files import copy_atomic, write_atomic
from scenes.kit.record import EVENTS_ENV  # where the scene writes its record
from scenes.lecture import Chapter

ERROR_LINE = re.compile(r"^\s*(?:[\w.]+(?:Error|Exception|Exit)|error)\b[^│]*:.*")


@dataclass
class Outcome:
    """What became of one scene: its video, or the error that stopped it."""

    chapter: Chapter
    video: Path | None
    seconds: float
    cached: bool = False
    error: str | None = None
    stopped: bool = False


@dataclass(frozen=True)
class SceneFiles:
    """The files a scene's render leaves in ``build/scenes/<res>/``, by name.

    ``picture`` is the video (``<id>.mp4``), or for a still its ``<id>.png``;
    a still has no ``captions`` (``<id>.srt``) or ``record`` (``<id>.events
    .json``, what the scene left the build).
    """

    picture: Path
    captions: Path | None = None
    record: Path | None = None

    def all(self) -> list[Path]:
        """Every file, the picture first (what the stamp covers)."""
        return [p for p in (self.picture, self.captions, self.record) if p is not None]


def outputs(chapter: Chapter, settings: Settings, still: bool) -> SceneFiles:
    """The files a scene's render leaves in ``build/scenes/<res>/``."""
    base = settings.scene_dir / chapter.id
    if still:
        return SceneFiles(base.with_suffix(".png"))
    return SceneFiles(base.with_suffix(".mp4"), base.with_suffix(".srt"),
                      base.with_suffix(".events.json"))


def key_settings(chapter: Chapter, settings: Settings, still: bool) -> dict:
    return {"id": chapter.id, "module": chapter.module, "scene": chapter.scene,
            "quality": settings.quality, "device": settings.device,
            "voice": settings.voice, "encoder": settings.encoder,
            "kind": "still" if still else "video"}


def is_current(chapter: Chapter, settings: Settings, still: bool = False) -> bool:
    files = outputs(chapter, settings, still)
    wanted = key_settings(chapter, settings, still)
    return cache.is_current(stamp_path(files.picture), wanted, chapter.scene,
                            files.all())


def stamp_path(output: Path) -> Path:
    return output.with_name(output.name + ".key")


def cause(tail: str) -> str:
    """The most telling line of a failed manim run's output."""
    lines = [ln.strip(" │\t") for ln in tail.splitlines() if ln.strip(" │\t╭╰─")]
    for line in reversed(lines):
        if ERROR_LINE.match(line):
            return line.strip()
    return lines[-1] if lines else "manim exited without output"


def disk_note(folder: Path) -> str:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    if free < 200 * 2**20:
        return f"; only {free / 2**20:.0f} MB free on the disk of {shown(folder)}"
    return ""


def manim_config(settings: Settings) -> Path:
    """A manim.cfg carrying the encoder settings."""
    enc = settings.encoder
    text = ("[CLI]\n"
            f"max_inflight_encoders = {enc['max_inflight_encoders']}\n"
            "[video_encoder.options]\n"
            + "".join(f"{k} = {v}\n" for k, v in enc["options"].items()))
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    path = build_dir() / "config" / f"manim-{digest}.cfg"
    if not path.exists():
        write_atomic(path, text)
    return path


def manim_args(chapter: Chapter, settings: Settings, media: Path, still: bool,
               config: Path | None) -> list[str]:
    """manim's own command line for one scene."""
    args = ["render", "-q", QUALITIES[settings.quality][0], "--media_dir", str(media),
            "-o", chapter.id, "--progress_bar", "none"]
    if config is not None:
        args += ["--config_file", str(config)]
    if still:
        args.append("-s")
    return [*args, chapter.path, chapter.scene]


def scene_env(settings: Settings, events: Path | None = None) -> dict[str, str]:
    from tensors.device import ENV_VAR as DEVICE_ENV  # torch: the build checked it

    env = {**os.environ, DEVICE_ENV: settings.device,
           VOICE_ENV: settings.voice, BUILD_ENV: str(build_dir()),
           # Tiny tensors: one thread each, so parallel scenes don't fight.
           "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                       os.environ.get("PYTHONPATH")]))}
    if events is not None:
        env[EVENTS_ENV] = str(events)
    return env


def render_scene(chapter: Chapter, settings: Settings, *, force: bool = False,
                 still: bool = False) -> Outcome:
    """Render ``chapter`` unless its stamp says its outputs are current."""
    from pipeline import media as av_media

    files = outputs(chapter, settings, still)
    if not force and is_current(chapter, settings, still):
        return Outcome(chapter, files.picture, 0.0, cached=True)

    # manim's own cache (partial movies, Tex) in the media dir is reused, unless
    # an earlier render was killed in it or failed: then nothing in it is trusted.
    work = build_dir() / "media" / settings.res / chapter.id
    busy = work / ".rendering"
    if busy.exists():
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    busy.touch()
    log = build_dir() / "logs" / settings.res / f"{chapter.id}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    deps, events = work / "deps.json", work / "events.json"
    for old in (deps, events):
        old.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "pipeline.child", str(deps), "--",
           *manim_args(chapter, settings, work, still, manim_config(settings))]
    start = time.monotonic()
    code, tail = procs.run_logged(cmd, log, scene_env(settings, events))
    seconds = time.monotonic() - start
    pattern = f"{chapter.id}*.png" if still else f"{chapter.id}.mp4"
    produced = [p for p in work.rglob(pattern) if "partial_movie_files" not in p.parts]
    if code < 0:
        shutil.rmtree(work, ignore_errors=True)
        return Outcome(chapter, None, seconds, error=f"stopped (signal {-code})",
                       stopped=True)
    if code != 0 or not produced or not deps.exists():
        error = cause(tail) + disk_note(work)
        shutil.rmtree(work, ignore_errors=True)
        return Outcome(chapter, None, seconds, error=f"{error} (log: {shown(log)})")
    if not still and not av_media.playable(produced[0]):
        shutil.rmtree(work, ignore_errors=True)
        return Outcome(chapter, None, seconds,
                       error=f"manim wrote an unreadable video (log: {shown(log)})")
    for stale in [stamp_path(files.picture), *files.all()]:
        stale.unlink(missing_ok=True)
    copy_atomic(produced[0], files.picture)
    if not still:
        captions = produced[0].with_suffix(".srt")
        write_atomic(files.captions,
                     captions.read_bytes() if captions.exists() else b"")
        write_atomic(files.record, events.read_bytes() if events.exists() else b"{}")
    used = json.loads(deps.read_text())
    cache.write_stamp(stamp_path(files.picture),
                      cache.stamp_for(key_settings(chapter, settings, still), used,
                                      chapter.scene, files.all()))
    busy.unlink()
    return Outcome(chapter, files.picture, seconds)
