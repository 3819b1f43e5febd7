"""build_site on handwritten data: files, escaping, the atomic swap (no browser)."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image

from pipeline.config import Fail
from pipeline.site import build_site, clock

HOSTILE = '</script><script>alert("x")</script> <b>bold</b> & "quotes"'


def manifest(text="A line."):
    return {
        "format": 1, "title": "T", "res": "480p15", "video": "lecture-480p15.mp4",
        "duration": 20.0,
        "chapters": [
            {"id": "a", "title": "First <chapter>", "start": 0.0, "end": 8.0,
             "poster": "posters/480p15/a.png",
             "code": [{"code": "A * B", "output": "tensor([1])", "error": "",
                       "given": ["A", "B"]}]},
            {"id": "b", "title": "Second", "start": 8.0, "end": 20.0,
             "poster": "posters/480p15/b.png",
             "code": [{"code": "torch.dot(A, B)", "output": "",
                       "error": "RuntimeError: 1D tensors expected", "given": []}]},
        ],
        "beats": [{"start": 1.0, "end": 3.0, "text": text, "spoken": text,
                   "chapter": 0}],
        "cues": [{"start": 1.0, "end": 3.0, "text": text, "spoken": text, "beat": 0,
                  "chapter": 0}],
        "errata": [], "notes": [], "questions": [],
    }


@pytest.fixture()
def inputs(tmp_path):
    video = tmp_path / "lecture-480p15.mp4"
    video.write_bytes(b"not really a video")
    posters = {}
    for cid in ("a", "b"):
        posters[cid] = tmp_path / f"{cid}.png"
        Image.new("RGB", (854, 480), (10, 20, 30)).save(posters[cid])
    return video, posters


def test_writes_page_video_posters_and_assets(tmp_path, inputs):
    video, posters = inputs
    out = tmp_path / "site"
    index = build_site(manifest(), video, posters, out)
    assert index == out / "index.html"
    assert sorted(p.name for p in out.iterdir()) == [
        "describe.js", "index.html", "lecture-480p15.mp4", "posters", "present.js",
        "quiz.js", "site.css", "site.js"]
    assert (out / "lecture-480p15.mp4").stat().st_ino == video.stat().st_ino  # a link
    for cid in ("a", "b"):
        with Image.open(out / "posters" / f"{cid}.png") as thumb:
            assert thumb.width < 854 and thumb.width / thumb.height == pytest.approx(
                854 / 480, rel=0.01)
    html = index.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert 'src="lecture-480p15.mp4"' in html
    assert "http://" not in html and "https://" not in html  # nothing remote


def test_text_is_escaped_and_the_page_data_round_trips(tmp_path, inputs):
    video, posters = inputs
    data = manifest(HOSTILE)
    html = build_site(data, video, posters, tmp_path / "site").read_text()
    assert "<b>bold</b>" not in html and "<script>alert" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "First &lt;chapter&gt;" in html
    tag = '<script type="application/json" id="lecture-data">'
    blob = re.search(re.escape(tag) + r"(.*?)</script>", html, re.S).group(1)
    page = json.loads(blob)
    assert page["cues"][0]["text"] == HOSTILE
    assert page["chapters"] == data["chapters"]


def test_code_output_and_error_are_on_the_page(tmp_path, inputs):
    video, posters = inputs
    html = build_site(manifest(), video, posters, tmp_path / "site").read_text()
    assert "A * B" in html and "tensor([1])" in html and "uses A, B" in html
    assert "RuntimeError: 1D tensors expected" in html
    assert html.count('class="copy"') == 2


def test_rebuild_replaces_the_folder_and_a_failure_keeps_the_old_one(tmp_path, inputs):
    video, posters = inputs
    out = tmp_path / "site"
    build_site(manifest("old words"), video, posters, out)
    (out / "stale.txt").write_text("left from before")
    build_site(manifest("new words"), video, posters, out)
    assert not (out / "stale.txt").exists()
    assert "new words" in (out / "index.html").read_text()

    posters["b"].write_bytes(b"not a png")
    with pytest.raises(Fail, match="unreadable poster"):
        build_site(manifest("never written"), video, posters, out)
    assert "new words" in (out / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.png", "b.png", "lecture-480p15.mp4", "site"], "no temporary folder left"


def test_missing_video_is_one_clear_error(tmp_path, inputs):
    video, posters = inputs
    video.unlink()
    with pytest.raises(Fail, match="no lecture video"):
        build_site(manifest(), video, posters, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_chapter_without_poster_has_no_thumbnail(tmp_path, inputs):
    video, posters = inputs
    del posters["b"]
    html = build_site(manifest(), video, posters, tmp_path / "site").read_text()
    assert html.count("<img ") == 1


@pytest.mark.parametrize("seconds, shown", [(0, "0:00"), (65.9, "1:05"),
                                            (599.99, "9:59"), (3725, "1:02:05")])
def test_clock(seconds, shown):
    assert clock(seconds) == shown


def test_notebooks_are_copied_and_linked_from_chapter_and_code(tmp_path, inputs):
    video, posters = inputs
    books = tmp_path / "notebooks"
    books.mkdir()
    for name in ("a", "lecture"):  # chapter b has no notebook
        (books / f"{name}.ipynb").write_text("{}")
    (books / "requirements.txt").write_text("torch\n")
    out = tmp_path / "site"
    html = build_site(manifest(), video, posters, out, notebooks=books).read_text()
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == [
        "a.ipynb", "lecture.ipynb", "requirements.txt"]
    links = re.findall(r'class="notebook" href="([^"]+)"', html)
    assert links == ["notebooks/lecture.ipynb", "notebooks/a.ipynb",
                     "notebooks/a.ipynb#code-0"]
    assert 'href="notebooks/requirements.txt"' in html


def test_no_notebooks_no_links(tmp_path, inputs):
    video, posters = inputs
    html = build_site(manifest(), video, posters, tmp_path / "site").read_text()
    assert 'class="notebook"' not in html
    assert not (tmp_path / "site" / "notebooks").exists()
