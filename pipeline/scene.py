"""Render one scene, unless its output is current: in sections, as jobs.

A scene's video is made of sections (``pipeline.sections``), each a video of
some of its plays, named by their content. The first render of a scene is one
job that draws it whole; its plays are then cut into sections. When the
scene was rendered before, a plan job (the scene's code run, nothing drawn)
lists its plays again, and only the sections no build has stored are drawn,
by range jobs (manim's ``-n first,last``) spread over the workers: an edit to
one beat draws the section or two around it. Jobs run where the runner puts
them (``pipeline.cluster``: Dask or threads).

The scene's video (its sections joined, with its voice), captions, record and
plays are moved into ``build/scenes/<res>/`` only after every job succeeded
and each section was checked, and the stamp (``pipeline.cache``) is written
last.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline import cache, cluster, jobs, sections
from pipeline.config import (
    BUILD_ENV,
    QUALITIES,
    ROOT,
    VOICE_ENV,
    Fail,
    Settings,
    build_dir,
    shown,
)
from pipeline.files import copy_atomic, write_atomic
from scenes.kit.record import EVENTS_ENV, SceneRecord  # what the scene leaves
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
    plays: Path | None = None  # <id>.plays.json: its plays and sections

    def all(self) -> list[Path]:
        """Every file, the picture first (what the stamp covers)."""
        return [p for p in (self.picture, self.captions, self.record, self.plays)
                if p is not None]


def outputs(chapter: Chapter, settings: Settings, still: bool) -> SceneFiles:
    """The files a scene's render leaves in ``build/scenes/<res>/``."""
    base = settings.scene_dir / chapter.id
    if still:
        return SceneFiles(base.with_suffix(".png"))
    return SceneFiles(base.with_suffix(".mp4"), base.with_suffix(".srt"),
                      base.with_suffix(".events.json"), base.with_suffix(".plays.json"))


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
        return (f"; the disk is full: only {free / 2**20:.0f} MB free on the disk of "
                f"{shown(folder)}")
    return ""


def manim_config(settings: Settings) -> Path:
    """A manim.cfg carrying the encoder settings (and no limit on the segments
    a render keeps: the build cuts its sections from all of them)."""
    enc = settings.encoder
    text = ("[CLI]\n"
            f"max_inflight_encoders = {enc['max_inflight_encoders']}\n"
            "max_files_cached = -1\n"
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


def scene_vars(settings: Settings) -> dict[str, str]:
    """What a scene process is told through its environment (a job carries it)."""
    from tensors.env import DEVICE_ENV  # not tensors.device: no torch import here

    # Tiny tensors: one thread each, so parallel scenes don't fight.
    return {DEVICE_ENV: settings.device, VOICE_ENV: settings.voice,
            BUILD_ENV: str(build_dir()), "OMP_NUM_THREADS": "1"}


def scene_env(settings: Settings, events: Path | None = None) -> dict[str, str]:
    env = {**os.environ, **scene_vars(settings),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                       os.environ.get("PYTHONPATH")]))}
    if events is not None:
        env[EVENTS_ENV] = str(events)
    return env


JOB_SECONDS = 60.0  # of video: a range job is split to at least this much


def job_for(chapter: Chapter, settings: Settings, kind: str, first: int = 0,
            last: int = 0) -> jobs.Job:
    return jobs.Job(kind, chapter.id, chapter.path, chapter.scene, settings.quality,
                    str(build_dir()), tuple(sorted(scene_vars(settings).items())),
                    None if kind == jobs.STILL else str(manim_config(settings)),
                    first, last)


class JobFailed(Exception):
    """A job of the scene failed: ``outcome`` says how."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.error)
        self.outcome = outcome


def spread(todo: list[sections.Section], workers: int) -> list[tuple[int, int]]:
    """Play ranges to draw ``todo``: runs of consecutive sections, each split
    so the workers share the work (a job at least ``JOB_SECONDS`` of video)."""
    if not todo:
        return []
    target = max(sum(s.seconds for s in todo) / max(workers, 1), JOB_SECONDS)
    ranges: list[list[sections.Section]] = [[todo[0]]]
    for section in todo[1:]:
        run = ranges[-1]
        joined = run[-1].last + 1 == section.first
        if joined and sum(s.seconds for s in run) + section.seconds <= target:
            run.append(section)
        else:
            ranges.append([section])
    return [(run[0].first, run[-1].last) for run in ranges]


class SceneRender:
    """Render one scene's stale outputs through ``runner`` (module docstring)."""

    def __init__(self, chapter: Chapter, settings: Settings, runner, force: bool,
                 split: bool, priority: float = 0) -> None:
        self.chapter, self.settings, self.runner = chapter, settings, runner
        self.force, self.split, self.priority = force, split, priority
        self.works: list[Path] = []
        self.timed: list[dict] = []  # each job: kind, first, last, seconds (bench)
        self.log = build_dir() / "logs" / settings.res / f"{chapter.id}.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)

    def run(self, *specs: jobs.Job) -> list[jobs.Done]:
        """Run ``specs`` (at once), wait for all; a failure is ``JobFailed``."""
        futures = [self.runner.submit(spec, self.priority) for spec in specs]
        done, failed = [], None
        for spec, future in zip(specs, futures):
            try:
                result = future.result()
            except Exception as exc:  # a job that raised, or whose workers all died
                if "Cancelled" in type(exc).__name__:  # the build is stopping
                    failed = Outcome(self.chapter, None, 0.0, error="stopped",
                                     stopped=True)
                    continue
                failed = failed or Outcome(self.chapter, None, 0.0, error=(
                    f"job {spec.name} failed: {type(exc).__name__}: {exc}"))
                continue
            self.works.append(result.folder)
            self._keep_log(spec, result)
            self.timed.append({"kind": spec.kind, "first": spec.first,
                               "last": spec.last, "seconds": round(result.seconds, 3)})
            if result.code < 0:
                failed = failed or Outcome(self.chapter, None, result.seconds,
                                           error=f"stopped (signal {-result.code})",
                                           stopped=True)
            elif result.code != 0 or not (result.folder / "deps.json").exists():
                error = cause(result.tail) + disk_note(result.folder)
                failed = failed or Outcome(self.chapter, None, result.seconds,
                                           error=f"{error} (log: {shown(self.log)})")
            done.append(result)
        if failed is not None:
            raise JobFailed(failed)
        return done

    def _keep_log(self, spec: jobs.Job, result: jobs.Done) -> None:
        name = self.log if spec.kind in (jobs.WHOLE, jobs.STILL) else \
            self.log.with_name(f"{spec.name}.log")
        try:
            copy_atomic(result.folder / "manim.log", name)
        except OSError:
            pass

    def clean(self) -> None:
        for work in self.works:
            shutil.rmtree(work, ignore_errors=True)

    def still(self, files: SceneFiles) -> None:
        (done,) = self.run(job_for(self.chapter, self.settings, jobs.STILL))
        produced = [p for p in done.folder.rglob(f"{self.chapter.id}*.png")]
        if not produced:
            raise JobFailed(Outcome(self.chapter, None, done.seconds, error=(
                f"manim wrote no still (log: {shown(self.log)})")))
        for stale in [stamp_path(files.picture), *files.all()]:
            stale.unlink(missing_ok=True)
        copy_atomic(produced[0], files.picture)
        self.stamp(files, done.folder)

    def video(self, files: SceneFiles) -> None:
        settings = self.settings
        known = None if self.force else sections.read_plan(files.plays)
        if known is None and not self.split:
            # First render: the whole scene in one job, cut afterwards.
            (source,) = self.run(job_for(self.chapter, settings, jobs.WHOLE))
            plays = sections.Play.read(source.folder / "plays.json")
            cut = sections.cut(plays, settings)
            for section in cut:
                sections.store(section, plays, source.folder, settings)
        else:
            (source,) = self.run(job_for(self.chapter, settings, jobs.PLAN))
            plays = sections.Play.read(source.folder / "plays.json")
            cut = sections.cut(plays, settings)
            todo = [s for s in cut if self.force or not sections.stored(s, settings)]
            ranges = spread(todo, self.runner.workers)
            done = self.run(*(job_for(self.chapter, settings, jobs.RANGE, a, b)
                              for a, b in ranges))
            for (a, b), result in zip(ranges, done):
                drawn = {p.index: p for p in
                         sections.Play.read(result.folder / "plays.json")}
                for play in plays[a:b + 1]:
                    if drawn.get(play.index) != play:
                        raise Fail(f"{self.chapter.id}: play {play.index} drew other "
                                   "content in its range than in the plan; is the "
                                   "scene's code deterministic?")
                for section in todo:
                    if a <= section.first and section.last <= b:
                        sections.store(section, plays, result.folder, settings)
        self.assemble(files, source.folder, plays, cut)

    def assemble(self, files: SceneFiles, source: Path, plays, cut) -> None:
        """The scene's files from its sections, and from the job that ran its
        code whole (``source``: a whole render or a plan) its record, voice
        and captions (manim's, written there for the whole scene)."""
        from pipeline import media as av_media

        settings = self.settings
        parts = [s.path(settings) for s in cut]
        missing = [s for s in cut if not sections.stored(s, settings)]
        if missing:
            raise Fail(f"{self.chapter.id}: section {missing[0].first}-"
                       f"{missing[0].last} is missing or damaged after its render")
        length = sum(s.seconds for s in cut)
        events = source / "events.json"
        audio = source / "voice.wav"
        voiced = False
        if events.exists():  # a LectureScene's record (a plain manim Scene has none)
            record = SceneRecord.read(events)
            voiced = sections.scene_audio(record.scene, list(record.beats), length,
                                          audio)
        captions = [p for p in source.rglob(f"{self.chapter.id}.srt")
                    if "partial_movie_files" not in p.parts]
        for stale in [stamp_path(files.picture), *files.all()]:
            stale.unlink(missing_ok=True)
        sections.assemble(parts, audio if voiced else None, files.picture)
        if not av_media.playable(files.picture):
            raise Fail(f"{self.chapter.id}: its joined sections are not a readable "
                       "video")
        got = av_media.duration(files.picture)
        if abs(got - length) > 1.5 / settings.fps:
            raise Fail(f"{self.chapter.id}: its video is {got:.3f} s, its plays "
                       f"{length:.3f} s")
        write_atomic(files.captions, captions[0].read_bytes() if captions else b"")
        write_atomic(files.record, events.read_bytes() if events.exists() else b"{}")
        write_atomic(files.plays, sections.plan_file(cut, plays, self.timed))
        self.stamp(files, source)

    def stamp(self, files: SceneFiles, source: Path) -> None:
        used = json.loads((source / "deps.json").read_text())
        cache.write_stamp(stamp_path(files.picture),
                          cache.stamp_for(key_settings(self.chapter, self.settings,
                                                       files.captions is None),
                                          used, self.chapter.scene, files.all()))


def render_scene(chapter: Chapter, settings: Settings, *, force: bool = False,
                 still: bool = False, runner=None, split: bool = False,
                 priority: float = 0) -> Outcome:
    """Render ``chapter`` unless its stamp says its outputs are current.

    Jobs go to ``runner`` (``pipeline.cluster``; one thread of this process
    when None). ``split``: plan a scene never rendered before too, so its
    sections render in parallel (worth it when it is the longest job).
    ``priority``: higher runs sooner (the build gives the scene's last time).
    """
    files = outputs(chapter, settings, still)
    if not force and is_current(chapter, settings, still):
        return Outcome(chapter, files.picture, 0.0, cached=True)
    own = runner is None
    runner = runner or cluster.Threads(1)
    work = SceneRender(chapter, settings, runner, force, split, priority)
    start = time.monotonic()
    try:
        if still:
            work.still(files)
        else:
            work.video(files)
    except JobFailed as failed:
        work.clean()
        return failed.outcome
    except Fail as exc:
        work.clean()
        return Outcome(chapter, None, time.monotonic() - start, error=exc.message)
    finally:
        if own:
            runner.close()
    work.clean()
    return Outcome(chapter, files.picture, time.monotonic() - start)


