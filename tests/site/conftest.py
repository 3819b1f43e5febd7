"""A small real lecture for the page tests, and one Chromium for each module.

The lecture is two short scenes rendered at 480p15 by manim with their events
JSON, joined with ffmpeg like the build joins them, then turned into
``lecture-480p15.json`` and ``site/`` by ``pipeline.manifest`` and
``pipeline.site``. The browser is Debian's chromium driven by playwright
(playwright's own browser download cannot work here).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.manifest import ChapterInfo, lecture_manifest, write_manifest
from pipeline.site import build_site
from scenes.lecture import by_id

ROOT = Path(__file__).resolve().parents[2]
RES = "480p15"
# Short scenes; the second shows an erratum, so the page has a note to link.
SCENE_IDS = ("sigma-loop", "hadamard-product")
# A build folder from an earlier run whose scene renders to reuse (page work only).
REUSE_ENV = "TENSOR_HERO_SITE_REUSE"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _run(*args: str, **kwargs) -> None:
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if done.returncode:
        tail = (done.stdout + done.stderr)[-3000:]
        raise RuntimeError(f"{args[0]} failed:\n{tail}")


def _duration(video: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "csv=p=0", str(video)], capture_output=True, text=True,
                         check=True).stdout
    return float(out)


def render_scene(chapter, media: Path, out: Path) -> Path:
    """Render one scene at -ql into ``out/<id>.mp4`` with its .srt and events."""
    events = out / f"{chapter.id}.events.json"
    env = {**os.environ, "TENSOR_HERO_EVENTS": str(events)}
    _run(sys.executable, "-m", "manim", "-ql", "--media_dir", str(media),
         chapter.path, chapter.scene, cwd=ROOT, env=env)
    folder = media / "videos" / Path(chapter.path).stem / RES
    video = out / f"{chapter.id}.mp4"
    shutil.copyfile(folder / f"{chapter.scene}.mp4", video)
    shutil.copyfile(folder / f"{chapter.scene}.srt", video.with_suffix(".srt"))
    return video


def build_small_lecture(build: Path) -> dict:
    """Render ``SCENE_IDS`` into ``build`` and publish them (see ``publish``)."""
    scenes = build / "scenes" / RES
    scenes.mkdir(parents=True)
    reuse = os.environ.get(REUSE_ENV)
    rendered = []
    for cid in SCENE_IDS:
        chapter = by_id()[cid]
        if reuse:  # scene files rendered earlier (while working on the page)
            for suffix in (".mp4", ".srt", ".events.json"):
                shutil.copyfile(Path(reuse) / "scenes" / RES / f"{cid}{suffix}",
                                scenes / f"{cid}{suffix}")
            rendered.append((chapter, scenes / f"{cid}.mp4"))
        else:
            rendered.append((chapter, render_scene(chapter, build / "media", scenes)))
    return publish(build, rendered)


def publish(build: Path, rendered: list) -> dict:
    """Posters, the joined lecture, its JSON and its page, as the build makes them.

    ``rendered`` is [(Chapter, scene video)], each video with its .srt and
    .events.json beside it. Returns the paths and the manifest.
    """
    posters_dir = build / "posters" / RES
    posters_dir.mkdir(parents=True)
    chapters, posters, start = [], {}, 0.0
    for chapter, video in rendered:
        poster = posters_dir / f"{chapter.id}.png"
        _run("ffmpeg", "-v", "error", "-sseof", "-0.2", "-i", str(video),
             "-frames:v", "1", "-update", "1", str(poster))
        length = _duration(video)
        chapters.append(ChapterInfo(chapter.id, chapter.title, start, start + length,
                                    poster, video.with_suffix(".events.json"),
                                    video.with_suffix(".srt")))
        posters[chapter.id] = poster
        start += length
    lecture = build / f"lecture-{RES}.mp4"
    listing = build / "list.txt"
    listing.write_text("".join(f"file '{video}'\n" for _, video in rendered))
    _run("ffmpeg", "-v", "error", "-f", "concat", "-safe", "0", "-i", str(listing),
         "-c", "copy", "-movflags", "+faststart", str(lecture))
    manifest = lecture_manifest(RES, lecture, chapters)
    write_manifest(lecture.with_suffix(".json"), manifest)
    index = build_site(manifest, lecture, posters, build / "site")
    return {"build": build, "video": lecture, "chapters": chapters,
            "manifest": manifest, "index": index}


@pytest.fixture(scope="session")
def small_lecture(tmp_path_factory):
    return build_small_lecture(tmp_path_factory.mktemp("lecture"))


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
