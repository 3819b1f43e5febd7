"""Render the Tensor Hero lecture: one scene, several, or the whole video.

    python render.py list [--json]
    python render.py render [ID]... [--quality ...] [--device ...] [--still]
    python render.py lecture [--quality ...] [--voice ...] [-j N] [--scene ID]...
    python render.py errata | script | bench

A thin command line over ``pipeline/`` (one module per job, listed in
``pipeline/__init__.py``). Every error is one ``error:`` line and a
non-zero exit; Ctrl-C and SIGTERM exit 130 with finished scenes kept.
"""

from __future__ import annotations

import difflib
import json
import os
import shlex
import signal
import subprocess
import sys

import click

from pipeline import procs
from pipeline.config import DEVICES, QUALITIES, Fail, Settings, shown
from pipeline.lock import build_lock
from scenes.lecture import LECTURE, Chapter, by_id

VOICES = ("piper", "espeak", "none")


def pick(ids: tuple[str, ...]) -> list[Chapter]:
    """The chapters named by ``ids`` (all when none), once each, in lecture order."""
    known = by_id()
    unknown = [i for i in ids if i not in known]
    if unknown:
        bad = unknown[0]
        close = difflib.get_close_matches(bad, known, n=3, cutoff=0.4)
        hint = f"did you mean {', '.join(close)}?" if close else "see: render.py list"
        raise Fail(f"unknown scene id {bad!r}; {hint}")
    return [c for c in LECTURE if c.id in ids] if ids else list(LECTURE)


def settings_from(quality: str, device: str, voice: str) -> Settings:
    from pipeline.tools import check_tools, check_voice, resolve_device

    check_tools(voice)
    check_voice(voice)
    return Settings(quality, resolve_device(device), voice)


quality_option = click.option(
    "--quality", "-q", type=click.Choice(list(QUALITIES)), default="high",
    show_default=True, help="low=480p15, medium=720p30, high=1080p60, 4k=2160p60.")
device_option = click.option(
    "--device", type=click.Choice(DEVICES), default="auto", show_default=True,
    help="Where torch computes: auto picks cuda when available, else cpu.")
voice_option = click.option(
    "--voice", type=click.Choice(VOICES), default="piper", show_default=True,
    help="Speak the narration: piper (neural, offline), espeak (espeak-ng) or none. "
         "Recordings under assets/voice/ are used whatever is chosen.")
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
    show_default="number of cores", help="Scenes rendered at the same time.")
scheduler_option = click.option(
    "--scheduler", default=None, metavar="ADDRESS",
    help="Where render jobs run: a Dask scheduler (tcp://HOST:8786; also "
         "$TENSOR_HERO_SCHEDULER), or `local` for threads of this process. Default: "
         "an embedded Dask LocalCluster of -j worker processes.")
quiet_option = click.option("--quiet", is_flag=True,
                            help="No progress view: errors and the result only.")


@click.group(invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Render the Tensor Hero lecture; every number on screen comes from torch."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


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
@scheduler_option
@quiet_option
@click.option("--still", is_flag=True, help="Write the last frame as PNG instead.")
@click.option("--force", is_flag=True, help="Render even when up to date.")
def render(ids, quality, device, voice, jobs, scheduler, quiet, still, force) -> None:
    """Render the scenes IDS (all when none) into build/scenes/<resolution>/."""
    from pipeline.lecture import render_many, report

    chapters = pick(ids)
    settings = settings_from(quality, device, voice)
    with build_lock():
        outcomes = render_many(chapters, settings, jobs, quiet, force, still,
                               scheduler=scheduler)
    report(outcomes)
    for o in outcomes:
        click.echo(shown(o.video))


@cli.command()
@quality_option
@device_option
@voice_option
@jobs_option
@scheduler_option
@quiet_option
@click.option("--scene", "ids", multiple=True,
              help="Only these scenes (repeat), for a quick look; the next full "
                   "build replaces it.")
@click.option("--burn-captions", is_flag=True,
              help="Also draw the captions into the picture (re-encodes the video).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4",
              show_default=True, help="Page size of the printed handout.")
@click.option("--force", is_flag=True, help="Render every scene again.")
def lecture(quality, device, voice, jobs, scheduler, quiet, ids, burn_captions, paper,
            force) -> None:
    """Render every scene and join them into build/lecture-<resolution>.mp4."""
    from pipeline.lecture import Products, build_lecture
    from pipeline.media import probe

    chapters = pick(ids)
    settings = settings_from(quality, device, voice)
    with build_lock():
        build_lecture(settings, jobs, quiet, force, burn_captions, chapters, paper,
                      scheduler)
        out = Products.of(settings.res).video
        found = probe(out)
    tracks = ", ".join(sorted(found.streams))
    click.echo(f"{shown(out)}: verified {found.chapters} chapters, "
               f"{found.duration:.1f}s, tracks: {tracks}")


@cli.command()
@click.argument("ids", nargs=-1)
@jobs_option
def script(ids, jobs) -> None:
    """Write the narration script to build/narration.md, with the file name a
    recording of each line should have (assets/voice/<Scene>/<NN>.wav).

    Lines come from the last build's records; a scene with none current is
    dry-run (in parallel, -j).
    """
    from pipeline.script import write_script
    from pipeline.tools import check_tools

    chapters = pick(ids)
    check_tools()
    path, dry = write_script(chapters, jobs)
    note = f" (dry-ran {len(dry)} of {len(chapters)} scenes)" if dry else ""
    click.echo(shown(path) + note)


@cli.command("errata")
def errata_command() -> None:
    """Check the guide's errata against torch and write build/errata.md."""
    from pipeline.lecture import write_errata

    with build_lock():
        click.echo(shown(write_errata()))


@cli.command()
@click.option("--quality", "-q", "qualities", multiple=True,
              type=click.Choice(list(QUALITIES)), default=("low", "high"),
              show_default=True, help="Repeat for several.")
@click.option("--scene", "ids", multiple=True,
              help="Limit to these scene ids (default: the whole lecture).")
@jobs_option
@click.option("--encoders", is_flag=True,
              help="Compare x264 presets on one scene instead (the first --scene).")
@click.option("--voice", "voice", is_flag=True,
              help="Time piper's synthesis and a cold build with the voice on and "
                   "off instead (at the first --quality).")
@click.option("--with-voice", "bench_voice", type=click.Choice(VOICES),
              default="none", show_default=True,
              help="The voice of the timed builds (the table's runs).")
@click.option("--runs", type=click.IntRange(min=1), default=3, show_default=True,
              help="Runs of each way, side by side; the table shows medians.")
def bench(qualities, ids, jobs, encoders, voice, bench_voice, runs) -> None:
    """Time the build against plain serial manim; write build/bench.md and add
    the figures to build/bench-history.md."""
    from pipeline import bench as timings
    from pipeline.cache import versions
    from pipeline.files import write_atomic
    from pipeline.lock import ensure_build_dir
    from pipeline.tools import check_tools

    check_tools()
    chapters = pick(tuple(ids))
    machine = (f"{os.cpu_count()} cores, {sys.platform}, Python "
               f"{sys.version.split()[0]}, {versions()}")
    with build_lock():
        if encoders:
            text = timings.bench_encoders(chapters[0], ["medium", "fast", "veryfast",
                                                        "superfast", "ultrafast"])
        elif voice:
            text = timings.bench_voice(qualities[0], chapters, jobs)
        else:
            rows = [timings.bench_quality(q, chapters, jobs, bench_voice, runs)
                    for q in qualities]
            text = timings.bench_table(rows) + "\n" + "".join(
                timings.last_build(Settings(q).res) for q in qualities)
        name = ("bench-encoders.md" if encoders else "bench-voice.md" if voice
                else "bench.md")
        path = ensure_build_dir() / name
        write_atomic(path, f"Machine: {machine}\n\n{text}")
        history = timings.record("render.py " + shlex.join(sys.argv[1:]), machine,
                                 text)
    click.echo(f"Machine: {machine}\n\n{text}\n(written to {shown(path)}; "
               f"added to {shown(history)})")


def interrupt(signum, frame) -> None:
    """SIGTERM stops the build like Ctrl-C: children stopped, nothing half-written."""
    raise KeyboardInterrupt


def main() -> None:
    """Run the CLI; every failure ends in one ``error:`` line, never a traceback."""
    signal.signal(signal.SIGTERM, interrupt)
    try:
        cli.main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        procs.stop()
        click.echo("error: interrupted; finished scenes are kept, run again to resume",
                   err=True)
        sys.exit(130)
    except click.ClickException as exc:
        if exc.exit_code == 130:
            procs.stop()
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except OSError as exc:
        procs.stop()
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"error: {exc.strerror or exc}{where}", err=True)
        sys.exit(1)
    except subprocess.CalledProcessError as exc:
        procs.stop()
        click.echo(f"error: {exc.cmd[0]} failed with exit status {exc.returncode}",
                   err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - a bug: one line, the rest in a file
        procs.stop()
        click.echo(f"error: internal error {type(exc).__name__}: {exc} "
                   f"(traceback in {crash_report()})", err=True)
        sys.exit(1)


def crash_report() -> str:
    """Write the current traceback to a file and return where it went."""
    import tempfile
    import traceback

    fd, name = tempfile.mkstemp(prefix="tensor-hero-crash-", suffix=".txt")
    with os.fdopen(fd, "w") as out:
        traceback.print_exc(file=out)
    return name


if __name__ == "__main__":
    main()
