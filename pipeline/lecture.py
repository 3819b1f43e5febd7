"""The whole build: render what changed (in parallel), then join and check.

Scenes render in ``jobs`` processes, longest first; results come back in
lecture order. The lecture's products (video, captions, contact sheet,
errata, page data) are made again only when a scene's output or the
lecture's own inputs changed, and each is checked before its stamp is
written.
"""

from __future__ import annotations

import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline import cache, cluster, describe, handout, manifest, notebooks, procs, site
from pipeline.config import ROOT, Fail, Settings, build_dir
from pipeline.files import write_atomic
from pipeline.join import Joined, join, layout
from pipeline.progress import JOIN, View, load_timings, save_timings
from pipeline.scene import Outcome, is_current, outputs, render_scene, stamp_path
from pipeline.sheet import contact_sheet, poster_path
from scenes.lecture import LECTURE, Chapter


class Interrupted(Fail):
    """Ctrl-C or SIGTERM: children stopped, finished scenes kept; exit 130."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted; finished scenes are kept, run again to resume")


def render_many(chapters: list[Chapter], settings: Settings, jobs: int, quiet: bool,
                force: bool = False, still: bool = False,
                join: bool = False, scheduler: str | None = None) -> list[Outcome]:
    """Render ``chapters``' jobs on ``jobs`` workers; outcomes in lecture order.

    ``scheduler`` picks where jobs run (``pipeline.cluster.runner``: an
    embedded Dask LocalCluster by default, started only if something is
    stale). A scene that fails is reported and the others still finish.
    """
    view = View(chapters, jobs, quiet, settings.res, join=join)
    clear_jobs(settings)
    runner = cluster.runner(scheduler, jobs)
    stale = [c for c in chapters if force or not is_current(c, settings, still)]
    if stale:
        runner.start()  # the cluster starts while the scenes' jobs are set up
    timings = load_timings(settings.res)
    share = sum(timings.get(c.id, 0.0) for c in stale) / max(runner_workers(runner,
                                                                           stale), 1)
    # Jobs are handed out longest scene first (by the last build's times), ties
    # in lecture order: a rank, not a race between the threads that submit.
    order = view.order(chapters)
    rank = {c.id: len(order) - i for i, c in enumerate(order)}
    in_turn = cluster.InTurn(runner, [c.id for c in order if c in stale])

    def task(chapter: Chapter) -> Outcome:
        try:
            if chapter not in stale:
                picture = outputs(chapter, settings, still).picture
                outcome = Outcome(chapter, picture, 0.0, cached=True)
            else:
                view.started(chapter)
                # The longest scenes are planned first and drawn in parallel.
                split = timings.get(chapter.id, 0.0) > share > 0
                outcome = render_scene(chapter, settings, force=force, still=still,
                                       runner=in_turn, split=split,
                                       priority=rank[chapter.id])
        except Fail as exc:
            outcome = Outcome(chapter, None, 0.0, error=exc.message)
        except OSError as exc:
            outcome = Outcome(chapter, None, 0.0, error=os_error(exc))
        finally:
            in_turn.ended(chapter.id)
        view.finished(outcome)
        return outcome

    # One thread per scene waits on its jobs; the runner decides how many run.
    pool = ThreadPoolExecutor(max_workers=max(len(chapters), 1))
    try:
        futures = {c.id: pool.submit(task, c) for c in order}
        outcomes = [futures[c.id].result() for c in chapters]
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        runner.close()
        procs.stop()
        view.close()
        raise Interrupted() from None
    finally:
        runner.close()
    pool.shutdown()
    view.close()
    if any(o.stopped for o in outcomes):
        raise Interrupted()
    return outcomes


def runner_workers(runner, stale: list[Chapter]) -> int:
    """How many workers share the stale scenes (asks a real cluster only when
    there is something to render)."""
    if not stale or isinstance(runner, cluster.Threads):
        return runner.workers if stale else 1
    if runner.address is None:
        return runner.wanted
    return runner.workers


def clear_jobs(settings: Settings) -> None:
    """Remove the folders jobs of an earlier, stopped build left
    (``build/jobs/<res>/``; the build lock is held)."""
    shutil.rmtree(build_dir() / "jobs" / settings.res, ignore_errors=True)


def os_error(exc: OSError) -> str:
    where = f": {exc.filename}" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def report(outcomes: list[Outcome]) -> None:
    """Fail naming every scene that failed, with its error."""
    failed = [o for o in outcomes if o.error]
    if failed:
        names = "; ".join(f"{o.chapter.id}: {o.error}" for o in failed)
        raise Fail(f"{len(failed)} of {len(outcomes)} scene(s) failed: {names}")


@dataclass(frozen=True)
class Products:
    """Where a lecture build's outputs go."""

    video: Path
    sheet: Path
    errata: Path
    data: Path
    site: Path
    handout: Path
    notebooks: Path  # build/notebooks/: one .ipynb per chapter, and lecture.ipynb
    descriptions: Path  # build/lecture-<res>.descriptions.vtt: audio description

    @classmethod
    def of(cls, res: str) -> Products:
        build = build_dir()
        return cls(build / f"lecture-{res}.mp4", build / f"contact-sheet-{res}.png",
                   build / "errata.md", build / f"lecture-{res}.json", build / "site",
                   build / f"handout-{res}.pdf", build / "notebooks",
                   build / f"lecture-{res}.descriptions.vtt")

    def files(self) -> list[Path]:
        return [self.video, self.video.with_suffix(".srt"),
                self.video.with_suffix(".vtt"), self.sheet, self.errata, self.data,
                self.site / "index.html", self.handout, self.descriptions,
                self.notebooks / "lecture.ipynb"]


def lecture_inputs(chapters: list[Chapter], outcomes: list[Outcome], settings: Settings,
                   burn: bool) -> dict:
    """What the lecture's products are made from: scene outputs, titles, code."""
    scenes = {}
    for o in outcomes:
        stamp = cache.read_stamp(stamp_path(o.video)) or {}
        scenes[o.chapter.id] = stamp.get("outputs")
    code = sorted([*(ROOT / "pipeline").glob("*.py"), *(ROOT / "tensors").glob("*.py"),
                   ROOT / "scenes" / "lecture.py",
                   *(p for folder in ("site", "handout")
                     for p in (ROOT / "assets" / folder).rglob("*") if p.is_file())])
    return {"res": settings.res, "burn": burn,
            "chapters": [[c.id, c.title] for c in chapters], "scenes": scenes,
            "code": {str(p.relative_to(ROOT)): cache.file_hash(p) for p in code}}


def build_lecture(settings: Settings, jobs: int, quiet: bool, force: bool = False,
                  burn_captions: bool = False,
                  chapters: list[Chapter] | None = None,
                  paper: str = "a4", scheduler: str | None = None) -> Joined | Path:
    """Render what changed, then join, caption, check and document the lecture.

    Returns what the join verified, or the path of the lecture when it was
    already up to date.
    """
    chapters = chapters or list(LECTURE)
    began = time.monotonic()
    outcomes = render_many(chapters, settings, jobs, quiet, force, join=True,
                           scheduler=scheduler)
    report(outcomes)
    products = Products.of(settings.res)
    stamp = products.video.with_name(products.video.name + ".key")
    inputs = lecture_inputs(chapters, outcomes, settings, burn_captions)
    inputs["paper"] = paper
    # Every chapter's notebook too: one deleted or damaged is made again.
    files = products.files() + [products.notebooks / f"{c.id}.ipynb"
                                for c in chapters]
    if not force and cache.products_current(stamp, inputs, files):
        return products.video
    stamp.unlink(missing_ok=True)
    started = time.monotonic()
    videos = [o.video for o in outcomes]
    work = build_dir() / "join" / products.video.stem
    shutil.rmtree(work, ignore_errors=True)
    # The join (its voice track most of all) runs beside what needs only the
    # scene videos and records: the contact sheet, the manifest, the errata,
    # the notebooks and the handout (its frames from the scene videos). The
    # page links the joined video, so it waits for the join.
    lengths, starts = layout(videos)  # the join lays the scenes out so too
    with ThreadPoolExecutor(max_workers=2) as beside:
        joining = beside.submit(join, chapters, videos, products.video, work,
                                burn_captions, settings.encoder, fps=settings.fps)
        # (A failure here waits for the join's thread as the pool closes.)
        contact_sheet(chapters, videos, settings.res, products.sheet)
        data = write_manifest(chapters, starts, lengths, settings, products)
        write_atomic(products.errata, errata_shown(data))
        printed = beside.submit(handout.build_handout, data, videos,
                                products.handout, paper)
        # The notebooks first: the page carries a copy of them and links to it.
        notebooks.build_notebooks(data, {c.id: outputs(c, settings, still=False).record
                                         for c in chapters}, products.notebooks)
        joined = joining.result()
        site.build_site(data, products.video,
                        {c.id: poster_path(settings.res, c) for c in chapters},
                        products.site, notebooks=products.notebooks)
        printed.result()
    cache.write_stamp(stamp, cache.products_stamp(inputs, files))
    shutil.rmtree(work, ignore_errors=True)
    timings = load_timings(settings.res)
    timings[JOIN] = time.monotonic() - started
    save_timings(settings.res, timings)
    if any(not o.cached for o in outcomes):
        write_atomic(last_build_path(settings.res), json.dumps({
            "wall_s": round(time.monotonic() - began, 1), "video_s": joined.seconds,
            "jobs": jobs, "scenes": len(chapters),
            "rendered": sum(not o.cached for o in outcomes),
            "whole_lecture": len(chapters) == len(LECTURE), "voice": settings.voice,
            "when": time.strftime("%Y-%m-%d %H:%M %Z")}, indent=1))
    return joined


def last_build_path(res: str) -> Path:
    """``build/last-build-<res>.json``: the wall time of the last build at
    ``res`` that rendered something, and its video's length (``render.py bench``)."""
    return build_dir() / f"last-build-{res}.json"


def write_manifest(chapters: list[Chapter], starts: list[float],
                   lengths: list[float], settings: Settings,
                   products: Products) -> dict:
    """``build/lecture-<res>.json``: the lecture's data for its page and handout.

    Also ``build/lecture-<res>.descriptions.vtt``, its audio description.
    """
    infos = []
    for c, start, length in zip(chapters, starts, lengths):
        files = outputs(c, settings, still=False)
        infos.append(manifest.ChapterInfo(
            id=c.id, title=c.title, start=start, end=start + length,
            poster=poster_path(settings.res, c), events=files.record,
            srt=files.captions))
    data = manifest.lecture_manifest(settings.res, products.video, infos)
    manifest.write_manifest(products.data, data)
    describe.write_vtt(products.descriptions, data["descriptions"])
    return data


def errata_shown(data: dict) -> str:
    """``build/errata.md`` from what the scenes showed (their records' errata
    and notes, in the manifest ``data``), not computed a second time."""
    from importlib.metadata import version

    titles = [c["title"] for c in data["chapters"]]
    ids = [c["id"] for c in data["chapters"]]
    out = [f"# Errata: where the guide and torch disagree (torch {version('torch')})",
           ""]
    for i, e in enumerate(data["errata"], 1):
        out += [f"## {i}. {e['key']}", "", f"- **Guide:** `{e['guide']}`",
                f"- **Torch:** {e['torch']}",
                f"- **Shown in:** `{ids[e['chapter']]}` ({titles[e['chapter']]}), "
                f"at {e['time']:.0f} s", ""]
    out += ["# Notes on the guide", ""]
    if data["notes"]:
        where = data["notes"][0]["chapter"]
        out += [f"Smaller points, read together in `{ids[where]}` ({titles[where]}).",
                ""]
    out += [f"- **{n['key']}.** Guide: `{n['guide']}`. Torch: {n['torch']}."
            for n in data["notes"]]
    return "\n".join(out) + "\n"


def write_errata(chapters: list[Chapter] | None = None) -> Path:
    """``render.py errata``: check every finding of the guide against torch now
    and write build/errata.md (the build writes it from what the scenes showed:
    ``errata_shown``)."""
    from tensors import errata

    path = build_dir() / "errata.md"
    write_atomic(path, errata.report({c.id: c.title for c in LECTURE}))
    return path
