"""One view of a build: done/total, what is rendering, elapsed and left.

On a terminal it is a rich progress bar redrawn in place; in a log (not a
tty) one line per event; ``quiet`` prints only failures. The estimate of
time left weights each scene by how long it took last time (kept in
``build/timings-<res>.json``), corrected by how this build is going, and
includes the join.
"""

from __future__ import annotations

import json
import threading
import time

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from pipeline.config import build_dir
from pipeline.files import write_atomic
from pipeline.scene import Outcome
from scenes.lecture import Chapter

DEFAULT_SCENE_S = 30.0  # a scene never timed before
DEFAULT_JOIN_S = 10.0
JOIN = "_join"


def timings_path(res: str):
    return build_dir() / f"timings-{res}.json"


def load_timings(res: str) -> dict[str, float]:
    try:
        data = json.loads(timings_path(res).read_text())
        return {k: float(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def save_timings(res: str, timings: dict[str, float]) -> None:
    try:
        write_atomic(timings_path(res), json.dumps(timings, indent=1, sort_keys=True))
    except OSError:
        pass  # an estimate is not worth failing a build for


class View:
    """The progress of rendering ``chapters`` with ``jobs`` processes."""

    def __init__(self, chapters: list[Chapter], jobs: int, quiet: bool, res: str,
                 join: bool = False) -> None:
        self.jobs, self.quiet, self.res, self.join = jobs, quiet, res, join
        self.timings = load_timings(res)
        known = [self.timings[c.id] for c in chapters if c.id in self.timings]
        fallback = sum(known) / len(known) if known else DEFAULT_SCENE_S
        self.expected = {c.id: self.timings.get(c.id, fallback) for c in chapters}
        self.total = len(chapters)
        self.done: list[Outcome] = []
        self.running: dict[str, float] = {}
        self.start = time.monotonic()
        self.lock = threading.Lock()
        self.console = Console(stderr=True)
        self.live = self.console.is_terminal and not quiet
        self.bar = None
        if self.live:
            self.bar = Progress(TextColumn("[{task.completed}/{task.total}]"),
                                BarColumn(), TextColumn("{task.description}"),
                                console=self.console, transient=False)
            self.task = self.bar.add_task("", total=self.total)
            self.bar.start()

    def order(self, chapters: list[Chapter]) -> list[Chapter]:
        """Longest scenes first, so no long one starts last."""
        return sorted(chapters, key=lambda c: -self.expected[c.id])

    def left(self) -> float:
        """Seconds left: remaining expected work over the jobs, plus the join."""
        now = time.monotonic()
        finished = [o for o in self.done if not o.cached and not o.error]
        spent = sum(o.seconds for o in finished)
        planned = sum(self.expected[o.chapter.id] for o in finished)
        ratio = spent / planned if planned else 1.0
        ended = {o.chapter.id for o in self.done}
        waiting = [c for c in self.expected if c not in self.running and c not in ended]
        work = sum(self.expected[c] * ratio for c in waiting)
        work += sum(max(self.expected[c] * ratio - (now - t), 0)
                    for c, t in self.running.items())
        join = self.timings.get(JOIN, DEFAULT_JOIN_S) if self.join else 0.0
        return work / self.jobs + join

    def describe(self, event: str) -> str:
        now = ", ".join(self.running) or "-"
        elapsed = time.monotonic() - self.start
        return (f"{event} | rendering: {now} | {elapsed:.0f}s elapsed, "
                f"~{self.left():.0f}s left")

    def show(self, event: str) -> None:
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.update(self.task, completed=len(self.done),
                            description=self.describe(event))
        else:
            click.echo(f"[{len(self.done)}/{self.total}] {self.describe(event)}",
                       err=True)

    def started(self, chapter: Chapter) -> None:
        with self.lock:
            self.running[chapter.id] = time.monotonic()
            self.show(f"rendering {chapter.id}")

    def finished(self, outcome: Outcome) -> None:
        with self.lock:
            self.running.pop(outcome.chapter.id, None)
            self.done.append(outcome)
            if outcome.error and not outcome.stopped:
                self.say(f"FAILED {outcome.chapter.id}: {outcome.error}")
            elif not outcome.cached and not outcome.error:
                self.timings[outcome.chapter.id] = outcome.seconds
                self.show(f"done {outcome.chapter.id} ({outcome.seconds:.1f}s)")
            else:
                self.show(f"up to date {outcome.chapter.id}")

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.console.print(message, markup=False, highlight=False)
        else:
            click.echo(message, err=True)

    def close(self) -> None:
        """Stop the bar, save the timings, print one summary line."""
        if self.bar is not None:
            self.bar.stop()
        save_timings(self.res, self.timings)
        if self.quiet or not self.done:
            return
        cached = sum(o.cached for o in self.done)
        failed = sum(bool(o.error) and not o.stopped for o in self.done)
        stopped = sum(o.stopped for o in self.done)
        rendered = len(self.done) - cached - failed - stopped
        parts = [f"{rendered} rendered", f"{cached} up to date"]
        if failed:
            parts.append(f"{failed} failed")
        if stopped:
            parts.append(f"{stopped} stopped")
        click.echo(f"{len(self.done)} scene(s): {', '.join(parts)}, "
                   f"{time.monotonic() - self.start:.1f}s", err=True)
