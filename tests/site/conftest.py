"""A small real lecture for the page tests, and one Chromium for each module.

The lecture is two short scenes built by the real command,
``render.py lecture -q low --scene A --scene B --voice none``, into a build
folder of its own (``TENSOR_HERO_BUILD``): scene videos with their .srt and
events JSON, the joined lecture, ``lecture-480p15.json`` and ``site/``.
Under xdist the first worker to need it builds it and the others reuse it.
The browser is Debian's chromium driven by playwright (playwright's own
browser download cannot work here). Both are hard dependencies: a run that
selects a page test stops at once, naming the one missing and how to install
it (tests/conftest.py), instead of skipping the page tests.
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import BUILD_ENV
from pipeline.manifest import ChapterInfo
from pipeline.site import build_site
from scenes.lecture import LECTURE, by_id
from tests.conftest import CHROMIUM, run_root

ROOT = Path(__file__).resolve().parents[2]
RES = "480p15"
# Two short scenes. Errata and questions live in long scenes; the page tests
# place those moments by hand (test_page.py), the manifest tests check them.
SCENE_IDS = ("vectors", "hadamard-product")
# A build folder made earlier by the same command, to use as it is (page work).
REUSE_ENV = "TENSOR_HERO_SITE_REUSE"
# Every test of the small lecture runs in one worker (make test: --dist
# loadgroup), one after another: that worker builds the lecture it then uses
# (no other worker waits on the lock), and only one Chromium plays video at a
# time while the other worker's scene dry runs take the other core.
SITE = pytest.mark.xdist_group("site")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _duration(video: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "csv=p=0", str(video)], capture_output=True, text=True,
                         check=True).stdout
    return float(out)


def build_small_lecture(build: Path) -> dict:
    """Build ``SCENE_IDS`` with render.py into ``build``; return its files.

    The chapters' starts are the scene videos' lengths added up (ffprobe), an
    oracle independent of the build's own join.
    """
    args = [sys.executable, "render.py", "lecture", "-q", "low", "--voice", "none",
            "--quiet"]
    for cid in SCENE_IDS:
        args += ["--scene", cid]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, BUILD_ENV: str(build)})
    if done.returncode:
        raise RuntimeError(f"render.py lecture failed:\n{done.stdout[-3000:]}"
                           f"{done.stderr[-3000:]}")
    return lecture_files(build, [c.id for c in LECTURE if c.id in SCENE_IDS])


def lecture_files(build: Path, ids: list[str]) -> dict:
    """The built lecture's files; ``ids`` its scenes in lecture order."""
    scenes = build / "scenes" / RES
    chapters, start = [], 0.0
    for cid in ids:
        video = scenes / f"{cid}.mp4"
        length = _duration(video)
        chapters.append(ChapterInfo(cid, by_id()[cid].title, start, start + length,
                                    build / "posters" / RES / f"{cid}.png",
                                    scenes / f"{cid}.events.json",
                                    scenes / f"{cid}.srt"))
        start += length
    video = build / f"lecture-{RES}.mp4"
    manifest = json.loads(video.with_suffix(".json").read_text(encoding="utf-8"))
    return {"build": build, "video": video, "chapters": chapters,
            "manifest": manifest, "index": build / "site" / "index.html"}


@pytest.fixture(scope="session")
def small_lecture(request, tmp_path_factory):
    reuse = os.environ.get(REUSE_ENV)
    if reuse:
        data = json.loads((Path(reuse) / f"lecture-{RES}.json").read_text())
        return lecture_files(Path(reuse), [c["id"] for c in data["chapters"]])
    # Under xdist the workers share this run's temp root: the first to get here
    # builds the lecture (render.py uses every core), any other waits and reuses it.
    shared = run_root(request.config, tmp_path_factory)
    build, done = shared / "small-lecture", shared / "small-lecture.done"
    with open(shared / "small-lecture.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(build, ignore_errors=True)
            build_small_lecture(build)
            done.touch()
    return lecture_files(build, [c.id for c in LECTURE if c.id in SCENE_IDS])


@pytest.fixture(scope="module")
def quizzed(small_lecture, tmp_path_factory):
    """The small lecture's page with Q1 and Q8 (their real quizzes) in chapter 1.

    Q1 is asked 1 s into the lecture and Q8 8 s after it; each answer starts
    6 s after its question.
    """
    m = copy.deepcopy(small_lecture["manifest"])
    first = m["chapters"][0]
    from tensors import practice_basics  # noqa: PLC0415 - torch only here

    one, two = practice_basics.level_one(), practice_basics.level_two()
    m["questions"] = []
    for k, q in enumerate((one.q1.question, two.q8.question)):
        start = first["start"] + 1.0 + 8.0 * k
        m["questions"].append({
            "number": q.number, "text": q.text, "code": q.code, "chapter": 0,
            "time": start, "answer": start + 6.0, "think": 5.0,
            "quiz": q.quiz.to_json()})
    posters = {c.id: c.poster for c in small_lecture["chapters"]}
    index = build_site(m, small_lecture["video"], posters,
                       tmp_path_factory.mktemp("quizzed") / "site")
    return {**small_lecture, "manifest": m, "index": index}


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api  # noqa: PLC0415 - checked at collection

    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# One tab per browser, reused: each open_page() gives it a new document (a new
# tab costs Chromium about 1.3 s of CPU, a new document in it 0.5 s).
_tabs: dict[int, dict] = {}


def open_tab(browser, url: str, width: int, height: int):
    """``url`` in a fresh document at ``width`` x ``height``: (page, seen).

    ``seen`` collects this document's requests, console errors and page
    errors, and the requests refused (anything not file:, blob: or data:).
    Permissions granted to the tab before are taken back.
    """
    tab = _tabs.get(id(browser))
    if tab is None or tab["browser"] is not browser or tab["page"].is_closed():
        tab = {"browser": browser, "seen": None}
        context = browser.new_context(viewport={"width": width, "height": height})

        def route(r):
            if r.request.url.startswith(("file:", "blob:", "data:")):
                r.continue_()
            else:
                tab["seen"]["refused"].append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("request", lambda r: tab["seen"]["requests"].append(r.url))
        page.on("console", lambda m: m.type == "error"
                and tab["seen"]["errors"].append(m.text))
        page.on("pageerror", lambda e: tab["seen"]["errors"].append(str(e)))
        tab.update(context=context, page=page)
        _tabs[id(browser)] = tab
    page = tab["page"]
    page.goto("about:blank")
    tab["context"].clear_permissions()
    page.set_viewport_size({"width": width, "height": height})
    tab["seen"] = seen = {"requests": [], "errors": [], "refused": []}
    page.goto(url)
    return page, seen


@pytest.fixture(autouse=True)
def _close_pages(request):
    """Close the pages a test opened and empty the shared tab, so nothing keeps
    playing behind the next test."""
    yield
    if "browser" in request.fixturenames:
        browser = request.getfixturevalue("browser")
        tab = _tabs.get(id(browser))
        for context in browser.contexts:
            if tab is None or context is not tab["context"]:
                context.close()
                continue
            for page in context.pages:
                if page is not tab["page"]:
                    page.close()
            tab["page"].goto("about:blank")
