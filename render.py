"""Render the Tensor Hero lecture: one scene, several, or the whole video.

    python render.py list [--json]
    python render.py render [ID]... [--quality ...] [--device ...] [--still]
    python render.py lecture [--quality ...] [--device ...] [--voice ...] [-j N]
    python render.py errata | script | bench

Each scene renders in its own manim process with its own media dir (no
shared Tex cache), and only when something it depends on changed. Every
output is written under a temporary name and moved into place when
complete, so an interrupted build never leaves a file a later build trusts.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
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
VOICES = ("none", "espeak")
# System tools a render needs, and the Debian package that brings each.
TOOLS = {
    "latex": "texlive-latex-base texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended",
    "dvisvgm": "dvisvgm",
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
}
VOICE_TOOLS = {"espeak": {"espeak-ng": "espeak-ng"}}
# What a scene depends on besides its own module: everything in these
# folders except the other scene modules of the lecture.
SHARED_DIRS = ("tensors", "scenes", "assets")
# x264 settings for scene videos, chosen with `render.py bench --encoders`
# (figures in the README): at manim's own crf 23, preset ultrafast encodes
# about 2.5x faster than manim's default (medium) with an SSIM against a
# lossless render at least as high (0.9989 vs 0.9984); files are about twice
# as large. Four in-flight encoders overlap encoding with drawing best.
ENCODER = {"max_inflight_encoders": 4, "options": {"crf": 23, "preset": "ultrafast"}}
KEY_FRAMES = 4  # key frames per scene on the contact sheet
THUMB_WIDTH = 320


class Fail(click.ClickException):
    """A bad input or a failed build: one clear line and exit status 1."""


@dataclass(frozen=True)
class Settings:
    """What decides how the scenes look and sound."""

    quality: str = "high"
    device: str = "cpu"
    voice: str = "none"
    encoder: dict = field(default_factory=lambda: ENCODER, hash=False)

    @property
    def res(self) -> str:
        return QUALITIES[self.quality][1]

    @property
    def scene_dir(self) -> Path:
        return BUILD / "scenes" / self.res


# --- checks -----------------------------------------------------------------


def check_tools(voice: str = "none") -> None:
    """Fail before any rendering if latex, dvisvgm, ffmpeg (or espeak-ng) is missing."""
    tools = {**TOOLS, **VOICE_TOOLS.get(voice, {})}
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        packages = " ".join(dict.fromkeys(tools[t] for t in missing))
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


@cache
def shared_files() -> tuple[Path, ...]:
    """Every file under SHARED_DIRS except the lecture's scene modules."""
    scene_modules = {ROOT / c.path for c in LECTURE}
    return tuple(
        path
        for folder in SHARED_DIRS
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file() and path not in scene_modules
        and "__pycache__" not in path.parts
    )


@cache
def versions() -> str:
    """manim's and torch's versions, read without importing them."""
    from importlib.metadata import version

    return f"manim {version('manim')}, torch {version('torch')}"


def scene_key(chapter: Chapter, settings: Settings, kind: str) -> str:
    """A hash of everything that decides the scene's output of ``kind``."""
    digest = hashlib.sha256()
    parts = (chapter.id, chapter.scene, settings.quality, settings.device,
             settings.voice, json.dumps(settings.encoder, sort_keys=True), versions(),
             kind)
    for part in parts:
        digest.update(part.encode() + b"\0")
    for path in (ROOT / chapter.path, *shared_files()):
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


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``path`` so that it is either the old file or the complete new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.part")
    tmp.write_bytes(data.encode() if isinstance(data, str) else data)
    os.replace(tmp, path)


def last_error_line(log: str) -> str:
    """The most telling line of a failed manim run's output."""
    lines = [ln.strip(" │\t") for ln in log.splitlines() if ln.strip(" │\t")]
    for line in reversed(lines):
        if "Error" in line or "Exception" in line:
            return line
    return lines[-1] if lines else "manim exited without output"


class Children:
    """Running manim processes, so an interrupt or kill can stop them all."""

    procs: set[subprocess.Popen] = set()
    lock = threading.Lock()

    @classmethod
    def run(cls, cmd: list[str], log: Path, env: dict) -> int:
        with open(log, "w") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            with cls.lock:
                cls.procs.add(proc)
            try:
                return proc.wait()
            finally:
                with cls.lock:
                    cls.procs.discard(proc)

    @classmethod
    def stop(cls) -> None:
        with cls.lock:
            procs = list(cls.procs)
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def manim_command(chapter: Chapter, settings: Settings, media: Path, still: bool,
                  config: Path | None) -> list[str]:
    cmd = [sys.executable, "-m", "manim", "render", "-q", QUALITIES[settings.quality][0],
           "--media_dir", str(media), "-o", chapter.id, "--progress_bar", "none"]
    if config is not None:
        cmd += ["--config_file", str(config)]
    if still:
        cmd.append("-s")
    return [*cmd, chapter.path, chapter.scene]


def scene_env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "TENSOR_HERO_DEVICE": settings.device,
            "TENSOR_HERO_VOICE": settings.voice, "TENSOR_HERO_BUILD": str(BUILD),
            # Tiny tensors: one thread each, so parallel scenes don't fight.
            "OMP_NUM_THREADS": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                        os.environ.get("PYTHONPATH")]))}


def render_scene(chapter: Chapter, settings: Settings, *, force: bool = False,
                 still: bool = False) -> Outcome:
    """Render ``chapter`` in its own manim process unless its output is current.

    The video (or still) and its captions are copied into ``build/scenes``
    only after manim succeeded, and the cache key is written last.
    """
    suffix = ".png" if still else ".mp4"
    out = settings.scene_dir / f"{chapter.id}{suffix}"
    stamp = out.with_name(out.name + ".key")
    key = scene_key(chapter, settings, suffix)
    if not force and out.exists() and stamp.exists() and stamp.read_text() == key:
        return Outcome(chapter, out, 0.0, cached=True)

    media = BUILD / "media" / settings.res / chapter.id
    busy = media / ".rendering"
    if busy.exists():  # an earlier run was killed mid-scene: trust nothing in it
        shutil.rmtree(media)
    media.mkdir(parents=True, exist_ok=True)
    busy.touch()
    log = BUILD / "logs" / settings.res / f"{chapter.id}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = manim_command(chapter, settings, media, still, manim_config(settings))
    start = time.monotonic()
    code = Children.run(cmd, log, scene_env(settings))
    seconds = time.monotonic() - start
    pattern = f"{chapter.id}*.png" if still else f"{chapter.id}.mp4"
    produced = [p for p in media.rglob(pattern) if "partial_movie_files" not in p.parts]
    if code != 0 or not produced:
        shutil.rmtree(media, ignore_errors=True)
        error = last_error_line(log.read_text()) if code > 0 else f"stopped ({code})"
        return Outcome(chapter, None, seconds, error=f"{error} (log: {shown_path(log)})")
    if not still:
        captions = produced[0].with_suffix(".srt")
        write_atomic(out.with_suffix(".srt"),
                     captions.read_bytes() if captions.exists() else b"")
    write_atomic(out, produced[0].read_bytes())
    write_atomic(stamp, key)
    busy.unlink()
    return Outcome(chapter, out, seconds)


def manim_config(settings: Settings) -> Path:
    """A manim.cfg carrying the encoder settings."""
    enc = settings.encoder
    text = ("[CLI]\n"
            f"max_inflight_encoders = {enc['max_inflight_encoders']}\n"
            "[video_encoder.options]\n"
            + "".join(f"{k} = {v}\n" for k, v in enc["options"].items()))
    path = BUILD / "config" / f"manim-{hashlib.sha256(text.encode()).hexdigest()[:12]}.cfg"
    if not path.exists():
        write_atomic(path, text)
    return path


# --- many scenes at once ----------------------------------------------------


class Progress:
    """One view of a build: done/total, what is rendering, elapsed and left.

    On a terminal it is one line redrawn in place; in a log (not a tty) one
    line per event; ``quiet`` prints only failures.
    """

    def __init__(self, total: int, jobs: int, quiet: bool) -> None:
        self.total, self.jobs, self.quiet = total, jobs, quiet
        self.done: list[Outcome] = []
        self.running: list[str] = []
        self.start = time.monotonic()
        self.live = sys.stderr.isatty() and not quiet
        self.lock = threading.Lock()

    def started(self, chapter: Chapter) -> None:
        with self.lock:
            self.running.append(chapter.id)
            self.show(f"rendering {chapter.id}")

    def finished(self, outcome: Outcome) -> None:
        with self.lock:
            if outcome.chapter.id in self.running:
                self.running.remove(outcome.chapter.id)
            self.done.append(outcome)
            if outcome.error:
                self.say(f"FAILED {outcome.chapter.id}: {outcome.error}")
            elif not outcome.cached:
                self.show(f"done {outcome.chapter.id} ({outcome.seconds:.1f}s)")

    def eta(self) -> str:
        rendered = [o.seconds for o in self.done if not o.cached]
        left = self.total - len(self.done)
        if not left:
            return "0s"
        if not rendered:
            return "?"
        return f"{statistics.mean(rendered) * left / self.jobs:.0f}s"

    def line(self, event: str) -> str:
        elapsed = time.monotonic() - self.start
        now = ", ".join(self.running) or "-"
        return (f"[{len(self.done)}/{self.total}] {event} | rendering: {now} | "
                f"{elapsed:.0f}s elapsed, ~{self.eta()} left")

    def show(self, event: str) -> None:
        if self.quiet:
            return
        if self.live:
            width = max(shutil.get_terminal_size().columns - 1, 20)
            click.echo("\r" + self.line(event)[:width].ljust(width), nl=False, err=True)
        else:
            click.echo(self.line(event), err=True)

    def say(self, message: str) -> None:
        if self.live:
            click.echo("", err=True)
        click.echo(message, err=True)

    def close(self) -> None:
        cached = sum(o.cached for o in self.done)
        if self.live:
            click.echo("", err=True)
        if not self.quiet and self.done:
            click.echo(f"{len(self.done)} scene(s): {len(self.done) - cached} rendered, "
                       f"{cached} up to date, {time.monotonic() - self.start:.1f}s",
                       err=True)


def render_many(chapters: list[Chapter], settings: Settings, jobs: int, quiet: bool,
                force: bool = False, still: bool = False) -> list[Outcome]:
    """Render chapters in ``jobs`` parallel processes; results in lecture order.

    A scene that fails is reported and the others still finish.
    """
    progress = Progress(len(chapters), jobs, quiet)

    def task(chapter: Chapter) -> Outcome:
        progress.started(chapter)
        try:
            outcome = render_scene(chapter, settings, force=force, still=still)
        except Exception as exc:  # noqa: BLE001 - named in the report, others go on
            outcome = Outcome(chapter, None, 0.0, error=f"{type(exc).__name__}: {exc}")
        progress.finished(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        try:
            outcomes = list(pool.map(task, chapters))
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            Children.stop()
            progress.close()
            raise Fail("interrupted: finished scenes are kept, run again to resume") \
                from None
    progress.close()
    return outcomes


def report(outcomes: list[Outcome]) -> None:
    """Fail naming every scene that failed, with its error."""
    failed = [o for o in outcomes if o.error]
    if failed:
        names = "; ".join(f"{o.chapter.id}: {o.error}" for o in failed)
        raise Fail(f"{len(failed)} of {len(outcomes)} scene(s) failed: {names}")


# --- joining the lecture ----------------------------------------------------


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly; its own error message becomes ours."""
    proc = subprocess.run(["ffmpeg", "-y", "-v", "error", *args], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise Fail(f"ffmpeg failed: {proc.stderr.strip().splitlines()[-1:]}")


def probe(video: Path, entries: str, stream: str | None = None) -> str:
    args = ["ffprobe", "-v", "error", "-show_entries", entries, "-of", "csv=p=0"]
    if stream:
        args += ["-select_streams", stream]
    return subprocess.run([*args, str(video)], capture_output=True, text=True,
                          check=True).stdout.strip()


def duration(video: Path) -> float:
    return float(probe(video, "format=duration"))


def has_audio(video: Path) -> bool:
    return bool(probe(video, "stream=codec_type", "a"))


def chapter_metadata(chapters: list[Chapter], starts: list[float], total: float) -> str:
    """An FFMETADATA file with one chapter per scene, titled from the lecture."""
    text = [";FFMETADATA1", "title=Tensor Hero: PyTorch fundamentals"]
    ends = [*starts[1:], total]
    for chapter, start, end in zip(chapters, starts, ends):
        title = chapter.title.replace("=", r"\=").replace(";", r"\;")
        text += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(start * 1000)}",
                 f"END={round(end * 1000)}", f"title={title}"]
    return "\n".join(text) + "\n"


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def read_cues(srt_file: Path) -> list[Cue]:
    import srt

    if not srt_file.exists():
        return []
    return [Cue(s.start.total_seconds(), s.end.total_seconds(), s.content)
            for s in srt.parse(srt_file.read_text(encoding="utf-8"))]


def lecture_cues(videos: list[Path], starts: list[float], ends: list[float]) -> list[Cue]:
    """Every scene's captions, shifted to the scene's start and kept inside it."""
    cues = []
    for video, start, end in zip(videos, starts, ends):
        for c in read_cues(video.with_suffix(".srt")):
            a, b = start + c.start, min(start + c.end, end)
            if b > a:
                cues.append(Cue(a, b, c.text))
    return cues


def clock(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def srt_text(cues: list[Cue]) -> str:
    return "".join(f"{i}\n{clock(c.start, ',')} --> {clock(c.end, ',')}\n{c.text}\n\n"
                   for i, c in enumerate(cues, 1))


def vtt_text(cues: list[Cue]) -> str:
    return "WEBVTT\n\n" + "".join(
        f"{clock(c.start, '.')} --> {clock(c.end, '.')}\n{c.text}\n\n" for c in cues)


def audio_track(videos: list[Path], lengths: list[float], out: Path) -> None:
    """One AAC track: each scene's audio padded or cut to its video's length."""
    inputs, chains = [], []
    for i, (video, length) in enumerate(zip(videos, lengths)):
        if has_audio(video):
            inputs += ["-i", str(video)]
        else:
            inputs += ["-f", "lavfi", "-t", f"{length}", "-i",
                       "anullsrc=r=48000:cl=stereo"]
        chains.append(f"[{i}:a]aresample=48000,aformat=channel_layouts=stereo,"
                      f"apad,atrim=0:{length:.6f},asetpts=N/SR/TB[a{i}]")
    graph = ";".join(chains) + ";" + "".join(f"[a{i}]" for i in range(len(videos))) \
        + f"concat=n={len(videos)}:v=0:a=1[out]"
    ffmpeg(*inputs, "-filter_complex", graph, "-map", "[out]", "-c:a", "aac",
           "-b:a", "128k", str(out))


def join(chapters: list[Chapter], videos: list[Path], out: Path,
         burn_captions: bool = False) -> None:
    """Concatenate scene videos (no re-encode) with chapters and captions.

    Writes ``out`` plus ``.srt`` and ``.vtt`` beside it; the MP4 carries the
    captions as a mov_text track, and an AAC track when any scene has sound.
    """
    work = BUILD / "join" / out.stem
    work.mkdir(parents=True, exist_ok=True)
    lengths = [duration(v) for v in videos]
    starts = [sum(lengths[:i]) for i in range(len(videos))]
    total = sum(lengths)
    cues = lecture_cues(videos, starts, [s + n for s, n in zip(starts, lengths)])
    (work / "list.txt").write_text("".join(f"file '{v.resolve()}'\n" for v in videos))
    (work / "chapters.txt").write_text(chapter_metadata(chapters, starts, total))
    (work / "captions.srt").write_text(srt_text(cues), encoding="utf-8")
    inputs = ["-f", "concat", "-safe", "0", "-i", str(work / "list.txt"),
              "-i", str(work / "chapters.txt")]
    maps = ["-map", "0:v"]
    if cues:
        maps += ["-map", f"{inputs.count('-i')}:s"]
        inputs += ["-i", str(work / "captions.srt")]
    if any(has_audio(v) for v in videos):
        audio_track(videos, lengths, work / "audio.m4a")
        maps += ["-map", f"{inputs.count('-i')}:a"]
        inputs += ["-i", str(work / "audio.m4a")]
    video_codec = ["-c:v", "copy"]
    if burn_captions:
        video_codec = ["-vf", f"subtitles={work / 'captions.srt'}", "-c:v", "libx264",
                       "-preset", ENCODER["options"]["preset"],
                       "-crf", str(ENCODER["options"]["crf"]), "-pix_fmt", "yuv420p"]
    tmp = out.with_name(f".{out.stem}.part.mp4")
    ffmpeg(*inputs, *maps, "-map_metadata", "1", "-map_chapters", "1", *video_codec,
           "-c:a", "copy", "-c:s", "mov_text", "-metadata:s:s:0", "language=eng",
           "-movflags", "+faststart", str(tmp))
    write_atomic(out.with_suffix(".srt"), srt_text(cues))
    write_atomic(out.with_suffix(".vtt"), vtt_text(cues))
    os.replace(tmp, out)


# --- looking at the lecture -------------------------------------------------


def frame(video: Path, at: float, out: Path, width: int | None = None) -> None:
    scale = ["-vf", f"scale={width}:-2"] if width else []
    tmp = out.with_name(f".{out.stem}.part.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    ffmpeg("-ss", f"{max(at, 0):.3f}", "-i", str(video), "-frames:v", "1", *scale,
           str(tmp))
    os.replace(tmp, out)


def key_frames(outcome: Outcome, settings: Settings) -> list[Path]:
    """A few frames of a scene, taken as narration beats end; cached by scene key.

    Also writes the scene's poster (its last frame at full size) to
    ``build/posters/<res>/<id>.png``.
    """
    video = outcome.video
    folder = BUILD / "frames" / settings.res / outcome.chapter.id
    stamp = folder / "key"
    key = (video.with_name(video.name + ".key")).read_text()
    shots = [folder / f"{i}.png" for i in range(KEY_FRAMES)]
    poster = BUILD / "posters" / settings.res / f"{outcome.chapter.id}.png"
    if stamp.exists() and stamp.read_text() == key and poster.exists():
        return shots
    length = duration(video)
    ends = [c.end for c in read_cues(video.with_suffix(".srt"))] or [length]
    picks = [ends[round(i * (len(ends) - 1) / max(KEY_FRAMES - 1, 1))]
             for i in range(KEY_FRAMES)]
    tail = 1 / int(settings.res.split("p")[1])  # one frame, from the rate in "480p15"
    for shot, at in zip(shots, picks):
        frame(video, min(at, length) - tail * 2, shot, THUMB_WIDTH)
    frame(video, length - tail * 2, poster)
    write_atomic(stamp, key)
    return shots


def contact_sheet(outcomes: list[Outcome], settings: Settings, out: Path) -> None:
    """One PNG: a labelled row of key frames for every scene, in lecture order."""
    from PIL import Image, ImageDraw, ImageFont

    rows = [key_frames(o, settings) for o in outcomes]
    thumb = Image.open(rows[0][0])
    tw, th = thumb.size
    label_h, pad = 28, 6
    sheet = Image.new("RGB", (pad + KEY_FRAMES * (tw + pad),
                              pad + len(rows) * (th + label_h + pad)), "#05080b")
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 16)
    except OSError:
        font = ImageFont.load_default()
    for r, (outcome, shots) in enumerate(zip(outcomes, rows)):
        y = pad + r * (th + label_h + pad)
        draw.text((pad, y + 4), f"{r + 1}. {outcome.chapter.id}: {outcome.chapter.title}",
                  fill="#e8e8e8", font=font)
        for c, shot in enumerate(shots):
            sheet.paste(Image.open(shot).convert("RGB"), (pad + c * (tw + pad), y + label_h))
    tmp = out.with_name(f".{out.stem}.part.png")
    sheet.save(tmp)
    os.replace(tmp, out)


# --- the whole lecture ------------------------------------------------------


def build_lecture(settings: Settings, jobs: int, quiet: bool, force: bool = False,
                  burn_captions: bool = False) -> Path:
    """Render what changed, join, write captions, errata and the contact sheet."""
    chapters = list(LECTURE)
    outcomes = render_many(chapters, settings, jobs, quiet, force)
    report(outcomes)
    out = BUILD / f"lecture-{settings.res}.mp4"
    stamp = out.with_name(out.name + ".key")
    digest = hashlib.sha256((ROOT / "render.py").read_bytes())
    digest.update(f"burn={burn_captions}".encode())
    for o in outcomes:
        digest.update(o.video.with_name(o.video.name + ".key").read_bytes())
    key = digest.hexdigest()
    if force or not out.exists() or not stamp.exists() or stamp.read_text() != key:
        join(chapters, [o.video for o in outcomes], out, burn_captions)
        contact_sheet(outcomes, settings, BUILD / f"contact-sheet-{settings.res}.png")
        write_errata()
        write_atomic(stamp, key)
    return out


def write_errata() -> Path:
    """Check every guide finding against torch now and write build/errata.md."""
    from tensors import errata

    path = BUILD / "errata.md"
    write_atomic(path, errata.report({c.id: c.title for c in LECTURE}))
    return path


def shown_path(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# --- the command line -------------------------------------------------------

quality_option = click.option(
    "--quality", "-q", type=click.Choice(list(QUALITIES)), default="high",
    show_default=True, help="low=480p15, medium=720p30, high=1080p60, 4k=2160p60.")
device_option = click.option(
    "--device", type=click.Choice(DEVICES), default="auto", show_default=True,
    help="Where torch computes: auto picks cuda when available, else cpu.")
voice_option = click.option(
    "--voice", type=click.Choice(VOICES), default="none", show_default=True,
    help="Speak the narration: espeak uses espeak-ng offline. Recordings under "
         "assets/voice/ are used whatever is chosen.")
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
    show_default="number of cores", help="Scenes rendered at the same time.")
quiet_option = click.option("--quiet", is_flag=True,
                            help="No progress view: errors and the result only.")


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
        click.echo(f"{c.id:<26} {c.title}")


@cli.command()
@click.argument("ids", nargs=-1)
@quality_option
@device_option
@voice_option
@jobs_option
@quiet_option
@click.option("--still", is_flag=True, help="Write the last frame as PNG instead.")
@click.option("--force", is_flag=True, help="Render even when up to date.")
def render(ids, quality, device, voice, jobs, quiet, still, force) -> None:
    """Render the scenes IDS (all when none) into build/scenes/<resolution>/."""
    chapters = pick(ids)
    check_tools(voice)
    settings = Settings(quality, resolve_device(device), voice)
    outcomes = render_many(chapters, settings, jobs, quiet, force, still)
    report(outcomes)
    for o in outcomes:
        click.echo(shown_path(o.video))


@cli.command()
@quality_option
@device_option
@voice_option
@jobs_option
@quiet_option
@click.option("--burn-captions", is_flag=True,
              help="Also draw the captions into the picture (re-encodes the video).")
@click.option("--force", is_flag=True, help="Render every scene again.")
def lecture(quality, device, voice, jobs, quiet, burn_captions, force) -> None:
    """Render every scene and join them into build/lecture-<resolution>.mp4."""
    check_tools(voice)
    settings = Settings(quality, resolve_device(device), voice)
    out = build_lecture(settings, jobs, quiet, force, burn_captions)
    click.echo(f"{shown_path(out)}: {len(LECTURE)} chapters, {duration(out):.1f}s "
               f"(captions: {out.with_suffix('.srt').name}, "
               f"contact sheet: contact-sheet-{settings.res}.png, errata: errata.md)")


@cli.command()
@click.argument("ids", nargs=-1)
def script(ids) -> None:
    """Write the narration script to build/narration.md, with the file name a
    recording of each line should have (assets/voice/<Scene>/<NN>.wav)."""
    import tempfile as tmp

    from manim import tempconfig

    from scenes.narration import RECORDED

    out = ["# Narration script", "",
           "Record a line as the file named before it (WAV or MP3) and the next "
           "build uses it in place of the synthetic voice.", ""]
    for chapter in pick(ids):
        with tmp.TemporaryDirectory() as media, tempconfig(
            {"dry_run": True, "media_dir": media, "quality": "low_quality",
             "verbosity": "ERROR", "progress_bar": "none"}
        ):
            scene = chapter.load()()
            scene.render()
        out += [f"## {chapter.id}: {chapter.title}", ""]
        for number, line in enumerate(scene.narration, 1):
            path = (RECORDED / chapter.scene / f"{number:02d}.wav").relative_to(ROOT)
            out.append(f"- `{path}`: {line}")
        out.append("")
    path = BUILD / "narration.md"
    write_atomic(path, "\n".join(out))
    click.echo(shown_path(path))


@cli.command("errata")
def errata_command() -> None:
    """Check the guide's errata against torch and write build/errata.md."""
    click.echo(shown_path(write_errata()))


# --- benchmark --------------------------------------------------------------


def timed(cmd: list[str], env: dict | None = None) -> float:
    """Wall seconds of one command; its failure is ours."""
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise Fail(f"benchmark step failed: {' '.join(cmd[:4])}...: "
                   f"{last_error_line(proc.stdout + proc.stderr)}")
    return time.monotonic() - start


def bench_quality(quality: str, chapters: list[Chapter], jobs: int) -> dict:
    """Plain serial manim vs our build at -j 1 and -j N, and the no-op rebuild."""
    work = Path(tempfile.mkdtemp(prefix=f"bench-{quality}-", dir=BUILD))
    settings = Settings(quality, "cpu", "none")
    env = scene_env(settings)
    plain = 0.0
    for chapter in chapters:
        media = work / "plain" / chapter.id
        plain += timed(manim_command(chapter, settings, media, False, None), env)
    ids = [c.id for c in chapters]
    ours = {}
    for n in sorted({1, jobs}):
        build_env = {**os.environ, "TENSOR_HERO_BUILD": str(work / f"j{n}")}
        cmd = [sys.executable, "render.py", "lecture" if len(ids) == len(LECTURE)
               else "render", *([] if len(ids) == len(LECTURE) else ids),
               "-q", quality, "--device", "cpu", "-j", str(n), "--quiet"]
        ours[n] = timed(cmd, build_env)
    noop = statistics.median(timed(cmd, build_env) for _ in range(3))
    videos = (work / f"j{jobs}" / "scenes" / settings.res).glob("*.mp4")
    seconds = sum(duration(v) for v in videos)
    shutil.rmtree(work, ignore_errors=True)
    return {"quality": settings.res, "scenes": len(chapters), "video_s": seconds,
            "plain_s": plain, "ours": ours, "noop_s": noop, "jobs": jobs}


def bench_table(rows: list[dict]) -> str:
    head = ("| quality | scenes | video | plain manim, serial | ours -j 1 | ours -j N "
            "| video s per wall s | speed-up vs plain | speed-up 1 -> N cores "
            "| no-op rebuild |\n|" + "---|" * 10 + "\n")
    body = ""
    for r in rows:
        n = r["jobs"]
        one, many = r["ours"][1], r["ours"][n]
        body += (f"| {r['quality']} | {r['scenes']} | {r['video_s']:.0f} s "
                 f"| {r['plain_s']:.0f} s | {one:.0f} s | {many:.0f} s (N={n}) "
                 f"| {r['video_s'] / many:.2f} | {r['plain_s'] / many:.2f}x "
                 f"| {one / many:.2f}x | {r['noop_s']:.2f} s |\n")
    return head + body


def ssim(video: Path, reference: Path) -> float:
    proc = subprocess.run(["ffmpeg", "-v", "info", "-i", str(video), "-i", str(reference),
                           "-lavfi", "ssim", "-f", "null", "-"],
                          capture_output=True, text=True, check=True)
    line = next(ln for ln in proc.stderr.splitlines() if "SSIM" in ln and "All:" in ln)
    return float(line.split("All:")[1].split()[0])


def bench_encoders(chapter: Chapter, presets: list[str]) -> str:
    """x264 presets at manim's crf 23 on one scene at 1080p60, against lossless."""
    work = Path(tempfile.mkdtemp(prefix="bench-encoders-", dir=BUILD))
    settings = Settings("high", "cpu", "none",
                        {"max_inflight_encoders": 1,
                         "options": {"crf": 0, "preset": "ultrafast"}})
    lossless = Settings("high", "cpu", "none", settings.encoder)
    media = work / "reference"
    timed(manim_command(chapter, lossless, media, False, manim_config(lossless)),
          scene_env(lossless))
    reference = next(p for p in media.rglob(f"{chapter.id}.mp4")
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
        seconds = timed(manim_command(chapter, chosen, work / f"inflight{inflight}",
                                      False, manim_config(chosen)), scene_env(chosen))
        rows.append(f"| manim render, {ENCODER['options']['preset']}, "
                    f"max_inflight_encoders={inflight} | {seconds:.1f} s (whole scene) "
                    "| | |")
    shutil.rmtree(work, ignore_errors=True)
    return "\n".join(rows) + "\n"


@cli.command()
@click.option("--quality", "-q", "qualities", multiple=True,
              type=click.Choice(list(QUALITIES)), default=("low", "high"),
              show_default=True, help="Repeat for several.")
@click.option("--scene", "ids", multiple=True,
              help="Limit to these scene ids (default: the whole lecture).")
@jobs_option
@click.option("--encoders", is_flag=True,
              help="Compare x264 presets on one scene instead (the first --scene).")
def bench(qualities, ids, jobs, encoders) -> None:
    """Time the build against plain serial manim; write build/bench.md."""
    check_tools()
    chapters = pick(tuple(ids))
    machine = (f"{os.cpu_count()} cores, {sys.platform}, Python "
               f"{sys.version.split()[0]}, {versions()}")
    if encoders:
        text = bench_encoders(chapters[0], ["medium", "fast", "veryfast", "superfast",
                                            "ultrafast"])
    else:
        text = bench_table([bench_quality(q, chapters, jobs) for q in qualities])
    text = f"Machine: {machine}\n\n{text}"
    path = BUILD / ("bench-encoders.md" if encoders else "bench.md")
    write_atomic(path, text)
    click.echo(text + f"\n(written to {shown_path(path)})")


def interrupt(signum, frame) -> None:
    """SIGTERM (kill) stops the build like Ctrl-C: children stopped, nothing half-written."""
    raise KeyboardInterrupt


def main() -> None:
    """Run the CLI; every bad input ends in one ``error:`` line, never a traceback."""
    signal.signal(signal.SIGTERM, interrupt)
    try:
        cli.main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        Children.stop()
        click.echo("error: interrupted; finished scenes are kept, run again to resume",
                   err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
