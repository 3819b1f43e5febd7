"""scenes/speedups/svgcache.py: a Text made from a disk entry is the Text manim
parses; a damaged entry is parsed again; other bytes make another entry."""

from __future__ import annotations

import numpy as np
import pytest
from manim import MathTex, Text, tempconfig
from manim.mobject.svg import svg_mobject

from scenes import speedups
from scenes.speedups import svgcache


@pytest.fixture
def disk(tmp_path, monkeypatch):
    """A fresh cache folder and media dir; manim's memory cache emptied."""
    speedups.install()
    monkeypatch.setattr(svgcache, "_folder", tmp_path / "svg")
    monkeypatch.setattr(svg_mobject, "SVG_HASH_TO_MOB_MAP", {})
    with tempconfig({"media_dir": str(tmp_path / "media")}):
        yield tmp_path / "svg"


def text(words, **kwargs):
    """A Text as the kit makes one (``make_text``): manim's memory cache on."""
    return Text(words, use_svg_cache=True, **kwargs)


def entries(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file())


def same(a, b) -> None:
    fa, fb = a.family_members_with_points(), b.family_members_with_points()
    assert len(fa) == len(fb) > 0
    for x, y in zip(fa, fb, strict=True):
        assert type(x) is type(y)
        np.testing.assert_array_equal(x.points, y.points)
        np.testing.assert_array_equal(x.fill_rgbas, y.fill_rgbas)
        np.testing.assert_array_equal(x.stroke_rgbas, y.stroke_rgbas)


def parsed_fresh(make):
    """``make()`` with the disk cache off and memory empty: manim's own parse."""
    svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
    folder, svgcache._folder = svgcache._folder, None
    try:
        return make()
    finally:
        svgcache._folder = folder
        svg_mobject.SVG_HASH_TO_MOB_MAP.clear()


@pytest.mark.parametrize("make", [
    lambda: text("tensor([1., 2.]) @ x.grad", font="DejaVu Sans"),
    lambda: MathTex(r"\frac{\partial L}{\partial w} = -35"),
], ids=["text", "formula"])
def test_an_entry_gives_the_parsed_mobject(disk, make):
    first = make()  # parsed, and stored
    assert len(entries(disk)) == 1
    svg_mobject.SVG_HASH_TO_MOB_MAP.clear()  # as a new process starts
    loaded = make()
    assert len(entries(disk)) == 1
    same(loaded, first)
    same(loaded, parsed_fresh(make))


def test_a_damaged_entry_is_parsed_again_and_replaced(disk):
    first = text("x.grad is 2")
    (path,) = entries(disk)
    good = path.read_bytes()
    for damage in (good[:-7], good[:40] + b"\x00" * 8 + good[48:], b"", b"x" * 99):
        path.write_bytes(damage)
        svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
        again = text("x.grad is 2")
        same(again, first)
        assert path.read_bytes() != damage  # written again, whole
        assert svgcache.load(path) is not None
        svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
        same(text("x.grad is 2"), first)  # from the new entry


def test_other_words_or_settings_make_other_entries(disk):
    text("w * x + b")
    text("w * x + c")
    text("w * x + b", font="DejaVu Sans Mono")
    assert len(entries(disk)) == 3


def test_an_unwritable_folder_only_loses_the_cache(disk, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    svgcache._folder = blocker / "svg"
    same(text("still drawn"), parsed_fresh(lambda: text("still drawn")))
