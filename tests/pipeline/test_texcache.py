"""The shared formula folder (pipeline/texcache.py), in this process.

Each case uses a fresh media dir, as a new scene process would; latex is
made to fail where the formula must come from the shared folder instead.
"""

from __future__ import annotations

import os
import shutil
import time

import numpy as np
import pytest
from manim import MathTex, tempconfig
from manim.utils import tex_file_writing as tfw

from pipeline import texcache
from pipeline.lock import clean_stale

pytestmark = pytest.mark.manim
FORMULA = r"\frac{\partial L}{\partial w} = 2 x (w x - y)"


@pytest.fixture(scope="module")
def made_format(tmp_path_factory):
    """The preamble's format, made once for the tests below (a second each)."""
    folder = tmp_path_factory.mktemp("format")
    before = texcache.install(folder)
    try:
        formula(folder / "media")
    finally:
        texcache.install(before)
    return folder / "formats"


@pytest.fixture
def bare(tmp_path):
    """An empty shared folder, in use."""
    folder = tmp_path / "shared"
    before = texcache.install(folder)
    yield folder
    texcache.install(before)


@pytest.fixture
def shared(bare, made_format):
    """A shared folder that has the preamble's format, as after a first run."""
    shutil.copytree(made_format, bare / "formats")
    return bare


def formula(media) -> MathTex:
    with tempconfig({"media_dir": str(media), "verbosity": "WARNING"}):
        return MathTex(FORMULA)


def no_latex(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("latex ran for a formula the shared folder has")

    monkeypatch.setattr(tfw, "compile_tex", refuse)


def test_a_formula_compiled_once_is_reused_by_another_media_dir(
        shared, tmp_path, monkeypatch):
    first = formula(tmp_path / "a")
    svgs = list(shared.glob("*.svg"))
    assert len(svgs) == 1 and texcache.intact(svgs[0])
    no_latex(monkeypatch)
    second = formula(tmp_path / "b")
    assert np.array_equal(first.get_all_points(), second.get_all_points())
    assert list((tmp_path / "b").rglob(svgs[0].name))  # a copy of its own


def test_a_cut_off_svg_in_the_folder_is_compiled_again(shared, tmp_path):
    good = formula(tmp_path / "a")
    (svg,) = shared.glob("*.svg")
    svg.write_bytes(svg.read_bytes()[:200])
    assert not texcache.intact(svg)
    again = formula(tmp_path / "b")
    assert np.array_equal(good.get_all_points(), again.get_all_points())
    assert texcache.intact(svg)  # and published whole again
    assert not list(shared.glob(".*.part"))


def test_a_changed_byte_in_the_folder_is_compiled_again(shared, tmp_path):
    good = formula(tmp_path / "a")
    (svg,) = shared.glob("*.svg")
    data = bytearray(svg.read_bytes())
    at = data.index(b" d=") + 5  # a digit of the first path's data
    data[at] = ord("7") if data[at] != ord("7") else ord("3")
    svg.write_bytes(bytes(data))  # same size, still ends as an SVG does
    assert not texcache.intact(svg)
    again = formula(tmp_path / "b")
    assert np.array_equal(good.get_all_points(), again.get_all_points())
    assert texcache.intact(svg)


def test_an_unwritable_folder_only_loses_the_sharing(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    before = texcache.install(blocked / "tex")
    try:
        assert len(formula(tmp_path / "a").get_all_points()) > 0
    finally:
        texcache.install(before)
    assert blocked.read_text() == "a file where the folder should be"


def test_the_preamble_format_gives_the_same_formula(shared, tmp_path):
    plain = tmp_path / "plain"
    before = texcache.install(None)
    try:
        without = formula(plain)
    finally:
        texcache.install(before)
    with_format = formula(tmp_path / "a")
    (fmt,) = (shared / "formats").glob("*.fmt")
    assert texcache.format_for(next((tmp_path / "a").rglob("*.tex"))) == fmt
    assert np.array_equal(without.get_all_points(), with_format.get_all_points())


def test_a_damaged_format_is_made_again(shared, tmp_path):
    formula(tmp_path / "a")
    (fmt,) = (shared / "formats").glob("*.fmt")
    fmt.write_bytes(b"not a format")
    texcache.install(shared)  # a new process: it tries the format again
    tex = next((tmp_path / "a").rglob("*.tex"))
    assert texcache.format_for(tex) == fmt
    assert fmt.stat().st_size > 1000


def test_without_a_format_latex_reads_the_preamble(bare, tmp_path, monkeypatch):
    monkeypatch.setattr(texcache, "_make_format", lambda preamble, fmt: False)
    made = formula(tmp_path / "a")
    assert not list(bare.glob("formats/*.fmt"))
    assert texcache.format_for(next((tmp_path / "a").rglob("*.tex"))) is None
    assert len(made.get_all_points()) > 0


def test_what_killed_runs_left_in_the_folder_is_cleaned(tmp_path, monkeypatch):
    monkeypatch.setenv(texcache.ENV, str(tmp_path / "tex"))
    here = texcache.folder()
    work = here / "formats" / ".k3j2.part"  # a format being made
    work.mkdir(parents=True)
    (work / "pre.tex").write_text("x")
    half = here / ".0123abcd.svg.4242.part"  # an SVG being published
    half.write_text("<svg")
    kept = here / "0123abcd.svg"
    kept.write_text("<svg></svg>")
    live = here / ".4567cdef.svg.4343.part"  # another run's, at work right now
    live.write_text("<svg")
    old = time.time() - texcache.STALE_S - 60
    for path in (work, half, kept):
        os.utime(path, (old, old))
    assert set(clean_stale(tmp_path / "build")) == {work, half}
    assert not work.exists() and not half.exists()
    assert kept.exists() and live.exists()


def fake_tools(folder, latex_says: str):
    folder.mkdir()
    for tool, says in (("latex", latex_says), ("dvisvgm", "dvisvgm 3.0.3")):
        (folder / tool).write_text(f"#!/bin/sh\necho '{says}'\n")
        (folder / tool).chmod(0o755)
    return str(folder)


def test_formulas_are_kept_apart_per_tex_installation(tmp_path, monkeypatch):
    monkeypatch.setenv(texcache.ENV, str(tmp_path / "tex"))
    texcache.toolchain.cache_clear()
    try:
        here = texcache.folder()
        assert here.parent == tmp_path / "tex" and here.name == texcache.toolchain()
        seen = set()
        for name, says in (("old", "pdfTeX 3.14-1.40.24 (TeX Live 2022)"),
                           ("new", "pdfTeX 3.14-1.40.26 (TeX Live 2024)")):
            monkeypatch.setenv("PATH", fake_tools(tmp_path / name, says))
            texcache.toolchain.cache_clear()
            seen.add(texcache.folder())
        assert len(seen | {here}) == 3  # an upgrade reuses nothing compiled before
        monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
        texcache.toolchain.cache_clear()
        assert texcache.folder() is None  # no latex: nothing is shared
    finally:
        texcache.toolchain.cache_clear()  # read again with the real PATH


def test_benchmark_builds_start_without_compiled_formulas(tmp_path, monkeypatch):
    from pipeline import bench

    env = bench.empty_build(tmp_path / "j1")
    for name in ("TENSOR_HERO_BUILD", texcache.ENV):
        monkeypatch.setenv(name, env[name])
    assert texcache.base() == tmp_path / "j1" / "tex"  # not the user's cache
