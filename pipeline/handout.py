"""The printed handout: ``build/handout-<res>.pdf``, from the lecture manifest.

Per chapter: its title, two to four key frames (grabbed from the lecture
video at the ends of its beats), the narration's key points (the beats'
lines) and the code that ran with what it returned; then the practice
questions with space to work, the notes on the guide, and the answers at the
end (the narration after each question's countdown). ``build_handout`` fills
``assets/handout/handout.html.j2`` (Jinja2, autoescaped) and prints it with
the headless Chromium the page tests use (playwright's ``page.pdf``), so the
text is real text, selectable and searchable. The PDF is written under a
temporary name and renamed when complete.
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

import jinja2

from pipeline.config import Fail, shown
from pipeline.site import clock

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "handout"
TEMPLATE = "handout.html.j2"
STYLE = "handout.css"
PAPERS = {"a4": "A4", "letter": "Letter"}
# Debian's chromium, as the page tests drive it (playwright's own download
# cannot work on these machines).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
FOOTER = ('<div style="width:100%;font:8px sans-serif;color:#444;text-align:center">'
          '<span class="title"></span> &middot; page <span class="pageNumber"></span>'
          ' of <span class="totalPages"></span></div>')
MIN_FRAMES, MAX_FRAMES = 2, 4  # key frames per chapter
FRAME_WIDTH = 640  # px; printed at half the text width
BEFORE_END = 0.1  # s: a beat's key frame is taken this long before it ends
PRINT_TIMEOUT_MS = 120_000


def build_handout(manifest: dict, video: Path | list[Path], out: Path,
                  paper: str = "a4") -> Path:
    """Print the handout for ``manifest`` to ``out`` (a PDF); return ``out``.

    ``video`` is the joined lecture the manifest describes (its key frames
    come from it), or its scenes' videos, one per chapter in order (a frame
    at lecture time t comes from its chapter's video at t less the chapter's
    start: the build prints the handout while the join runs); ``paper`` is
    ``"a4"`` (default) or ``"letter"``.
    """
    if paper not in PAPERS:
        raise Fail(f"unknown paper {paper!r}; use one of {', '.join(PAPERS)}")
    for source in video if isinstance(video, list) else [video]:
        if not source.exists():
            raise Fail(f"{shown(source)}: no lecture video for the handout's frames")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.with_name(f".{out.name}.{os.getpid()}.work")
    part = out.with_name(f".{out.name}.{os.getpid()}.part")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        frames = _grab_frames(video, key_frame_times(manifest), work,
                              [c["start"] for c in manifest["chapters"]])
        shutil.copyfile(ASSETS / STYLE, work / STYLE)
        page = work / "handout.html"
        page.write_text(render_handout(manifest, frames, paper), encoding="utf-8")
        print_pdf(page, part, paper)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return out


def key_frame_times(manifest: dict) -> list[list[float]]:
    """For each chapter, the times of its key frames (2 to 4, in order).

    The ends of its beats, evenly spread and always the last; a chapter with
    fewer than two beats adds its middle and its end.
    """
    times = []
    for index, chapter in enumerate(manifest["chapters"]):
        ends = [b["end"] for b in manifest["beats"] if b["chapter"] == index]
        if len(ends) > MAX_FRAMES:
            n = len(ends)
            ends = [ends[math.ceil((k + 1) * n / MAX_FRAMES) - 1]
                    for k in range(MAX_FRAMES)]
        start, end = chapter["start"], chapter["end"]
        for extra in ((start + end) / 2, end):
            if len(ends) < MIN_FRAMES:
                ends.append(extra)
        picked = [min(max(t - BEFORE_END, start), end - BEFORE_END) for t in ends]
        times.append(sorted(dict.fromkeys(round(t, 3) for t in picked)))
    return times


def render_handout(manifest: dict, frames: list[list[str]], paper: str) -> str:
    """The handout's HTML (``frames``: each chapter's image files, relative)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["clock"] = clock
    chapters = []
    for index, chapter in enumerate(manifest["chapters"]):
        chapters.append({
            **chapter, "number": index + 1, "frames": frames[index],
            "points": [" ".join(b["text"].split()) for b in manifest["beats"]
                       if b["chapter"] == index],
        })
    return env.get_template(TEMPLATE).render(
        m=manifest, chapters=chapters, paper=PAPERS[paper],
        questions=_questions(manifest), notes=_notes(manifest))


def print_pdf(page: Path, pdf: Path, paper: str) -> None:
    """Print the HTML file ``page`` to ``pdf`` with headless Chromium."""
    try:
        from playwright.sync_api import Error, sync_playwright  # noqa: PLC0415
    except ImportError:
        raise Fail("playwright is not installed: run make (it installs the project)")
    if not Path(CHROMIUM).exists():
        raise Fail(f"{CHROMIUM} not found: install chromium (make installs it)")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                tab = browser.new_page()
                tab.goto(page.as_uri(), wait_until="load", timeout=PRINT_TIMEOUT_MS)
                tab.pdf(path=str(pdf), format=PAPERS[paper], margin=MARGIN,
                        print_background=True, display_header_footer=True,
                        header_template="<span></span>", footer_template=FOOTER)
            finally:
                browser.close()
    except Error as exc:
        raise Fail(f"printing the handout failed: {str(exc).splitlines()[0]}") from None


# -- helpers ---------------------------------------------------------------


def _grab_frames(video: Path | list[Path], times: list[list[float]], folder: Path,
                 starts: list[float]) -> list[list[str]]:
    """Each chapter's key frames (``times``: lecture times) as JPEGs in
    ``folder``, from the lecture or from each chapter's own video."""
    from pipeline.media import frame_at  # noqa: PLC0415 - PyAV, needed only here

    names = []
    for index, chapter_times in enumerate(times):
        source, offset = ((video[index], starts[index]) if isinstance(video, list)
                          else (video, 0.0))
        chapter_names = []
        for k, t in enumerate(chapter_times):
            name = f"frame-{index + 1:02d}-{k + 1}.jpg"
            frame_at(source, t - offset, FRAME_WIDTH).convert("RGB").save(
                folder / name, quality=85)
            chapter_names.append(name)
        names.append(chapter_names)
    return names


def _questions(manifest: dict) -> list[dict]:
    """Each question, in lecture order, with its answer: the narration from
    its answer time to the chapter's next question, or the chapter's end.
    """
    out = []
    questions = sorted(manifest["questions"], key=lambda q: q["time"])
    for q in questions:
        lines = []
        if q.get("answer") is not None:
            later = [o["time"] for o in questions
                     if o["chapter"] == q["chapter"] and o["time"] > q["time"]]
            until = min(later, default=manifest["chapters"][q["chapter"]]["end"])
            lines = [" ".join(b["text"].split()) for b in manifest["beats"]
                     if b["chapter"] == q["chapter"]
                     and q["answer"] - 0.001 <= b["start"] < until]
        chapter = manifest["chapters"][q["chapter"]]
        out.append({**q, "lines": lines, "chapter_title": chapter["title"],
                    "chapter_number": q["chapter"] + 1})
    return out


def _notes(manifest: dict) -> list[dict]:
    """Errata and notes in lecture order, each with its chapter's title."""
    items = [{"kind": "erratum", **e} for e in manifest["errata"]] + \
            [{"kind": "note", **n} for n in manifest["notes"]]
    for item in items:
        item["chapter_title"] = manifest["chapters"][item["chapter"]]["title"]
    return sorted(items, key=lambda i: i["time"])
