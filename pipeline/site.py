"""The lecture as a web page: ``build/site/`` (index.html, the video, posters).

``build_site`` fills ``assets/site/index.html.j2`` (Jinja2, autoescaped) from
the lecture manifest (``pipeline.manifest``) and copies the page's CSS and
JavaScript beside it. The page works from ``file://`` with no server and no
network: the captions and chapters travel inside the page as JSON, and the
script turns them into WebVTT blob: URLs for the ``<track>`` elements
(Chromium will not load a separate ``.vtt`` file into a track from file://).

The folder is built under a temporary name beside ``out_dir`` and swapped in
when complete, so a crash never leaves a half-written page.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jinja2
from PIL import Image

from pipeline.config import Fail

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "site"
TEMPLATE = "index.html.j2"
STATIC = ("site.css", "site.js", "present.js", "quiz.js", "describe.js")
THUMB_WIDTH = 320  # chapter list thumbnails, px (shown at up to 160 CSS px)


def build_site(manifest: dict, video: Path, posters: dict[str, Path],
               out_dir: Path, notebooks: Path | None = None) -> Path:
    """Write the page for ``manifest`` into ``out_dir``; return its index.html.

    ``posters`` maps chapter id to its poster PNG (a thumbnail of each goes
    into ``out_dir/posters/``); ``video`` is hard-linked (copied across
    devices) into ``out_dir`` under its own name. ``notebooks``, the folder of
    the chapters' notebooks (``pipeline.notebooks``), is copied into
    ``out_dir/notebooks/`` and the page links each chapter and each code
    entry to its notebook.
    """
    if not video.exists():
        raise Fail(f"{video}: no lecture video to put on the page")
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.part")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        _link(video, tmp / video.name)
        thumbs = _thumbnails(manifest, posters, tmp / "posters")
        books = _notebooks(notebooks, tmp / "notebooks")
        for name in STATIC:
            shutil.copyfile(ASSETS / name, tmp / name)
        html = render_page(manifest, video.name, thumbs, books)
        (tmp / "index.html").write_text(html, encoding="utf-8")
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir / "index.html"


def render_page(manifest: dict, video_name: str, thumbs: dict[str, str],
                books: frozenset[str] = frozenset()) -> str:
    """The page's HTML for ``manifest`` (no files touched).

    ``books`` names the notebooks beside the page (``<id>`` for
    ``notebooks/<id>.ipynb``; ``lecture`` for the whole lecture's).
    """
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["clock"] = clock
    chapters = manifest["chapters"]
    page_data = {k: manifest[k] for k in ("title", "duration", "chapters", "beats",
                                          "cues", "errata", "notes", "questions")}
    page_data["descriptions"] = manifest.get("descriptions", [])
    return env.get_template(TEMPLATE).render(
        m=manifest, video=video_name, thumbs=thumbs, chapters=chapters, books=books,
        moments=_moments(manifest), data=_script_json(page_data))


def clock(seconds: float) -> str:
    """A time as the page shows it: ``m:ss``, or ``h:mm:ss`` past an hour."""
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# -- helpers ---------------------------------------------------------------


def _moments(manifest: dict) -> list[dict]:
    """Errata and notes in lecture order, each with its chapter's title."""
    titles = [c["title"] for c in manifest["chapters"]]
    items = [{"kind": "erratum", **e} for e in manifest["errata"]] + \
            [{"kind": "note", **n} for n in manifest["notes"]]
    for item in items:
        item["chapter_title"] = titles[item["chapter"]]
    return sorted(items, key=lambda i: i["time"])


def _script_json(data: dict) -> str:
    """JSON safe inside ``<script type="application/json">`` (no ``</``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e")
    text = text.replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _link(src: Path, dst: Path) -> None:
    """Hard-link ``src`` to ``dst``; copy where a link cannot be made."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _thumbnails(manifest: dict, posters: dict[str, Path], folder: Path) -> dict:
    """A small PNG per chapter that has a poster; {id: path relative to the page}."""
    folder.mkdir()
    thumbs = {}
    for chapter in manifest["chapters"]:
        poster = posters.get(chapter["id"])
        if poster is None or not poster.exists():
            continue
        out = folder / f"{chapter['id']}.png"
        try:
            with Image.open(poster) as image:
                image = image.convert("RGB")
                height = round(image.height * THUMB_WIDTH / image.width)
                image.resize((THUMB_WIDTH, height), Image.LANCZOS).save(out)
        except OSError as exc:
            raise Fail(f"{poster}: unreadable poster ({exc})")
        thumbs[chapter["id"]] = f"posters/{out.name}"
    return thumbs


def _notebooks(source: Path | None, folder: Path) -> frozenset[str]:
    """Copy the notebooks folder beside the page; the names of its notebooks."""
    if source is None or not source.is_dir():
        return frozenset()
    shutil.copytree(source, folder)
    return frozenset(p.stem for p in folder.glob("*.ipynb"))


def _swap(new: Path, out_dir: Path) -> None:
    """Put ``new`` where ``out_dir`` is: the old folder goes only after."""
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(new, out_dir)
    shutil.rmtree(old, ignore_errors=True)
