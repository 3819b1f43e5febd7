"""Render the Tensor Hero lecture: one scene, several, or the whole video.

    python render.py list [--json]
    python render.py render [ID]... [--quality low|medium|high|4k] [--device ...]
    python render.py lecture [--quality ...] [--device ...] [-j N] [--quiet]

Each scene renders in its own process with its own media dir (no shared Tex
cache), and is rendered again only when something it depends on changed.
Outputs land under ``build/``; every file is written to a temporary name
and moved into place only when complete.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import click

from scenes.lecture import LECTURE, Chapter, by_id

ROOT = Path(__file__).resolve().parent
BUILD = Path(os.environ.get("TENSOR_HERO_BUILD", ROOT / "build")).resolve()
# --quality name: (manim's -q flag, the name manim gives that resolution).
QUALITIES = {
    "low": ("l", "480p15"),
    "medium": ("m", "720p30"),
    "high": ("h", "1080p60"),
    "4k": ("k", "2160p60"),
}
DEVICES = ("auto", "cpu", "cuda")
# System tools a render needs, and the Debian package that brings each.
TOOLS = {
    "latex": "texlive-latex-base texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended",
    "dvisvgm": "dvisvgm",
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
}
# What a scene depends on besides its own module: everything in these
# folders except the other scene modules of the lecture.
SHARED_DIRS = ("tensors", "scenes", "assets")


class Fail(click.ClickException):
    """A bad input or a failed build: one clear line and exit status 1."""


# --- checks -----------------------------------------------------------------


def check_tools() -> None:
    """Fail before any rendering if latex, dvisvgm or ffmpeg is missing."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        packages = " ".join(dict.fromkeys(TOOLS[t] for t in missing))
        raise Fail(
            f"missing system tool(s): {', '.join(missing)}; install with: "
            f"sudo apt-get install -y {packages}  (or run: make setup)"
        )


def resolve_device(name: str) -> str:
    """``auto``/``cpu``/``cuda`` to the device actually used, or one clear error."""
    from tensors.device import DeviceError, resolve

    try:
        return resolve(name).type
    except DeviceError as exc:
        raise Fail(str(exc)) from None


def pick(ids: tuple[str, ...]) -> list[Chapter]:
    """The chapters named by ``ids`` (all of them when none are given)."""
    known = by_id()
    unknown = [i for i in ids if i not in known]
    if unknown:
        bad = unknown[0]
        close = difflib.get_close_matches(bad, known, n=3, cutoff=0.4)
        hint = f"did you mean {', '.join(close)}?" if close else "see: render.py list"
        raise Fail(f"unknown scene id {bad!r}; {hint}")
    return [known[i] for i in ids] if ids else list(LECTURE)


# --- what a scene depends on ------------------------------------------------


def dependency_files(chapter: Chapter) -> list[Path]:
    """The scene's own module plus every shared file it may use."""
    others = {ROOT / c.path for c in LECTURE if c.path != chapter.path}
    files = [ROOT / chapter.path]
    for folder in SHARED_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path not in others and "__pycache__" not in path.parts:
                files.append(path)
    return files


def versions() -> str:
    """manim's and torch's versions, read without importing them."""
    from importlib.metadata import version

    return f"manim {version('manim')}, torch {version('torch')}"


def scene_key(chapter: Chapter, quality: str, device: str, extra: str = "") -> str:
    """A hash of everything that decides the scene's video."""
    digest = hashlib.sha256()
    for part in (chapter.id, chapter.scene, quality, device, versions(), extra):
        digest.update(part.encode() + b"\0")
    for path in dependency_files(chapter):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --- rendering one scene ----------------------------------------------------


@dataclass
class Outcome:
    """What became of one scene: its video, or the error that stopped it."""

    chapter: Chapter
    video: Path | None
    seconds: float
    cached: bool = False
    error: str | None = None


def scene_dir(quality: str) -> Path:
    return BUILD / "scenes" / QUALITIES[quality][1]


def atomic_copy(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` so that ``dst`` is either old or complete."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.part")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(text)
    os.replace(tmp, path)


def last_error_line(log: str) -> str:
    """The most telling line of a failed manim run's output."""
    lines = [ln.strip(" │\t") for ln in log.splitlines() if ln.strip(" │\t")]
    for line in reversed(lines):
        if "Error" in line or "Exception" in line:
            return line
    return lines[-1] if lines else "manim exited without output"


def render_scene(chapter: Chapter, quality: str, device: str, *, force: bool = False,
                 still: bool = False) -> Outcome:
    """Render ``chapter`` in its own manim process unless its video is current."""
    flag, res = QUALITIES[quality]
    suffix = ".png" if still else ".mp4"
    out = scene_dir(quality) / f"{chapter.id}{suffix}"
    stamp = out.with_suffix(out.suffix + ".key")
    key = scene_key(chapter, quality, device, extra=suffix)
    if not force and out.exists() and stamp.exists() and stamp.read_text() == key:
        return Outcome(chapter, out, 0.0, cached=True)

    media = BUILD / "media" / res / chapter.id
    busy = media / ".rendering"
    if busy.exists():  # an earlier run was killed mid-scene: trust nothing in it
        shutil.rmtree(media)
    media.mkdir(parents=True, exist_ok=True)
    busy.touch()
    cmd = [sys.executable, "-m", "manim", "render", "-q", flag,
           "--media_dir", str(media), "-o", chapter.id, "--progress_bar", "none",
           "--config_file", str(manim_config(quality)), chapter.path, chapter.scene]
    if still:
        cmd.insert(4, "-s")
    env = {**os.environ, "TENSOR_HERO_DEVICE": device,
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    log_path = BUILD / "logs" / res / f"{chapter.id}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    log_path.write_text(proc.stdout + proc.stderr)
    produced = [p for p in media.rglob(f"{chapter.id}{suffix}")
                if "partial_movie_files" not in p.parts]
    if proc.returncode != 0 or not produced:
        shutil.rmtree(media, ignore_errors=True)
        error = last_error_line(proc.stdout + proc.stderr)
        return Outcome(chapter, None, seconds, error=f"{error} (log: {log_path})")
    atomic_copy(produced[0], out)
    write_text_atomic(stamp, key)
    busy.unlink()
    return Outcome(chapter, out, seconds)


def manim_config(quality: str) -> Path:
    """A manim.cfg with the encoder settings chosen in the README."""
    path = BUILD / "manim.cfg"
    text = (
        "[CLI]\n"
        f"max_inflight_encoders = {ENCODER['max_inflight_encoders']}\n"
        "[video_encoder.options]\n"
        + "".join(f"{k} = {v}\n" for k, v in ENCODER["options"].items())
    )
    if not path.exists() or path.read_text() != text:
        write_text_atomic(path, text)
    return path


# x264 settings, chosen by `make bench` (see the README): crf 23 is manim's own
# quality level; a faster preset is where the time goes.
ENCODER = {"max_inflight_encoders": 2, "options": {"crf": 23, "preset": "veryfast"}}


# --- many scenes at once ----------------------------------------------------


class Progress:
    """One view of a build: done/total, what is rendering, elapsed and left."""

    def __init__(self, total: int, jobs: int, quiet: bool) -> None:
        self.total, self.jobs, self.quiet = total, jobs, quiet
        self.done: list[Outcome] = []
        self.running: list[str] = []
        self.start = time.monotonic()
        self.live = sys.stderr.isatty() and not quiet

    def started(self, chapter: Chapter) -> None:
        self.running.append(chapter.id)
        self.show(f"rendering {chapter.id}")

    def finished(self, outcome: Outcome) -> None:
        if outcome.chapter.id in self.running:
            self.running.remove(outcome.chapter.id)
        self.done.append(outcome)
        if outcome.error:
            self.say(f"FAILED {outcome.chapter.id}: {outcome.error}")
        else:
            how = "up to date" if outcome.cached else f"{outcome.seconds:.1f}s"
            self.show(f"done {outcome.chapter.id} ({how})")

    def eta(self) -> str:
        rendered = [o.seconds for o in self.done if not o.cached]
        left = self.total - len(self.done)
        if not rendered or not left:
            return "?" if left else "0s"
        return f"{sum(rendered) / len(rendered) * left / self.jobs:.0f}s"

    def line(self, event: str) -> str:
        elapsed = time.monotonic() - self.start
        now = ", ".join(self.running) or "-"
        return (f"[{len(self.done)}/{self.total}] {event} | now: {now} | "
                f"{elapsed:.0f}s elapsed, ~{self.eta()} left")

    def show(self, event: str) -> None:
        if self.quiet:
            return
        if self.live:
            width = shutil.get_terminal_size().columns - 1
            click.echo("\r" + self.line(event)[:width].ljust(width), nl=False, err=True)
        else:
            click.echo(self.line(event), err=True)

    def say(self, message: str) -> None:
        if self.live:
            click.echo("", err=True)
        click.echo(message, err=True)

    def close(self) -> None:
        if self.live:
            click.echo("", err=True)


def render_many(chapters: list[Chapter], quality: str, device: str, jobs: int,
                quiet: bool, force: bool = False, still: bool = False) -> list[Outcome]:
    """Render chapters in ``jobs`` parallel processes; results in lecture order.

    A scene that fails is reported and the others still finish.
    """
    progress = Progress(len(chapters), jobs, quiet)
    lock = threading.Lock()

    def task(chapter: Chapter) -> Outcome:
        with lock:
            progress.started(chapter)
        outcome = render_scene(chapter, quality, device, force=force, still=still)
        with lock:
            progress.finished(outcome)
        return outcome

    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        outcomes = list(pool.map(task, chapters))
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        progress.close()
        raise Fail("interrupted: finished scenes are kept, run again to resume") from None
    pool.shutdown()
    progress.close()
    return outcomes


# --- joining the lecture ----------------------------------------------------


def duration(video: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration",
         "-of", "csv=p=0", str(video)],
        capture_output=True, text=True, check=True,
    )
    return float(out.stdout.strip())


def chapter_metadata(chapters: list[Chapter], videos: list[Path]) -> str:
    """An FFMETADATA file with one chapter per scene, titled from the lecture."""
    text, start = [";FFMETADATA1", "title=Tensor Hero: PyTorch fundamentals"], 0
    for chapter, video in zip(chapters, videos):
        end = start + round(duration(video) * 1000)
        title = chapter.title.replace("=", r"\=").replace(";", r"\;")
        text += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}",
                 f"title={title}"]
        start = end
    return "\n".join(text) + "\n"


def join(chapters: list[Chapter], videos: list[Path], out: Path) -> None:
    """Concatenate scene videos (no re-encode) with chapters into ``out``."""
    work = BUILD / "join"
    work.mkdir(parents=True, exist_ok=True)
    listing = work / f"{out.stem}.txt"
    listing.write_text("".join(f"file '{v.resolve()}'\n" for v in videos))
    meta = work / f"{out.stem}.meta"
    meta.write_text(chapter_metadata(chapters, videos))
    tmp = out.with_name(f".{out.name}.part.mp4")
    subprocess.run(
        ["ffmpeg", "-y", "-v", "error", "-f", "concat", "-safe", "0", "-i", str(listing),
         "-i", str(meta), "-map", "0", "-map_metadata", "1", "-map_chapters", "1",
         "-c", "copy", "-movflags", "+faststart", str(tmp)],
        check=True,
    )
    os.replace(tmp, out)


# --- the command line -------------------------------------------------------

quality_option = click.option(
    "--quality", "-q", type=click.Choice(list(QUALITIES)), default="high",
    show_default=True, help="low=480p15, medium=720p30, high=1080p60, 4k=2160p60.")
device_option = click.option(
    "--device", type=click.Choice(DEVICES), default="auto", show_default=True,
    help="Where torch computes: auto picks cuda when available, else cpu.")
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
    show_default="number of cores", help="Scenes rendered at the same time.")
quiet_option = click.option("--quiet", is_flag=True,
                            help="No progress view; errors and the result only.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Render the Tensor Hero lecture; every number on screen comes from torch."""


@cli.command("list")
@click.option("--json", "as_json", is_flag=True,
              help='Print [{"id", "module", "scene", "title"}] as JSON.')
def list_scenes(as_json: bool) -> None:
    """Print the scene ids in lecture order."""
    if as_json:
        click.echo(json.dumps([{"id": c.id, "module": c.module, "scene": c.scene,
                                "title": c.title} for c in LECTURE], indent=2))
        return
    for c in LECTURE:
        click.echo(f"{c.id:<24} {c.title}")


@cli.command()
@click.argument("ids", nargs=-1)
@quality_option
@device_option
@jobs_option
@quiet_option
@click.option("--still", is_flag=True, help="Write the last frame as PNG instead.")
@click.option("--force", is_flag=True, help="Render even when up to date.")
def render(ids, quality, device, jobs, quiet, still, force) -> None:
    """Render the scenes IDS (all when none) to build/scenes/<resolution>/."""
    chapters = pick(ids)
    check_tools()
    device = resolve_device(device)
    outcomes = render_many(chapters, quality, device, jobs, quiet, force, still)
    report(outcomes)
    for o in outcomes:
        click.echo(shown_path(o.video))


@cli.command()
@quality_option
@device_option
@jobs_option
@quiet_option
@click.option("--force", is_flag=True, help="Render every scene again.")
def lecture(quality, device, jobs, quiet, force) -> None:
    """Render every scene and join them into build/lecture-<resolution>.mp4."""
    check_tools()
    device = resolve_device(device)
    chapters = list(LECTURE)
    outcomes = render_many(chapters, quality, device, jobs, quiet, force)
    report(outcomes)
    out = BUILD / f"lecture-{QUALITIES[quality][1]}.mp4"
    stamp = out.with_suffix(".mp4.key")
    key = hashlib.sha256("".join(
        (o.video.with_suffix(".mp4.key")).read_text() for o in outcomes).encode()
    ).hexdigest()
    if force or not out.exists() or not stamp.exists() or stamp.read_text() != key:
        join(chapters, [o.video for o in outcomes], out)
        write_text_atomic(stamp, key)
    write_errata()
    click.echo(f"{shown_path(out)}: {len(chapters)} chapters, "
               f"{duration(out):.1f}s of video")


def write_errata() -> Path:
    """Check every guide finding against torch now and write build/errata.md."""
    from tensors import errata

    path = BUILD / "errata.md"
    write_text_atomic(path, errata.report({c.id: c.title for c in LECTURE}))
    return path


@cli.command("errata")
def errata_command() -> None:
    """Check the guide's errata against torch and write build/errata.md."""
    click.echo(shown_path(write_errata()))


def shown_path(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def report(outcomes: list[Outcome]) -> None:
    """Fail naming every scene that failed; otherwise list the videos."""
    failed = [o for o in outcomes if o.error]
    if failed:
        names = "; ".join(f"{o.chapter.id}: {o.error}" for o in failed)
        raise Fail(f"{len(failed)} of {len(outcomes)} scene(s) failed: {names}")


def main() -> None:
    """Run the CLI; every bad input ends in one ``error:`` line, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
