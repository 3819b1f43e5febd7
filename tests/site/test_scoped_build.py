"""The build re-renders only the scene whose own module changed.

On the small lecture (vectors from scenes/vectors.py, hadamard-product
from scenes/core.py, built with ``-q low --voice none``): each scene's stamp
(``build/scenes/<res>/<id>.mp4.key``) lists the project files the scene
imported, its own module and scenes/kit/style.py but never the other
scene's module, so a layout constant tuned at the top of scenes/core.py
makes hadamard-product stale and leaves vectors current
(tests/scenes/test_style_scope.py keeps such constants out of style.py).
"""

from __future__ import annotations

import json

import pytest

from pipeline import cache, scene
from pipeline.config import BUILD_ENV, Settings
from pipeline.tools import resolve_device
from scenes.lecture import by_id
from tests.site.conftest import RES, SITE

pytestmark = [pytest.mark.manim, SITE]

STYLE = "scenes/kit/style.py"
VECTORS, HADAMARD = by_id()["vectors"], by_id()["hadamard-product"]


@pytest.fixture()
def in_build(small_lecture, monkeypatch):
    monkeypatch.setenv(BUILD_ENV, str(small_lecture["build"]))
    return small_lecture


def deps(build, chapter) -> dict:
    stamp = build["build"] / "scenes" / RES / f"{chapter.id}.mp4.key"
    return json.loads(stamp.read_text(encoding="utf-8"))["deps"]


def small_lecture_settings() -> Settings:
    """What ``render.py lecture -q low --voice none`` built the small lecture with."""
    return Settings("low", resolve_device("auto"), "none")


def test_each_stamp_holds_its_own_module_and_the_look_but_not_the_other(in_build):
    for chapter, other in ((VECTORS, HADAMARD), (HADAMARD, VECTORS)):
        files = deps(in_build, chapter)
        assert chapter.path in files, chapter.id
        assert STYLE in files, chapter.id
        assert other.path not in files, f"{chapter.id} depends on {other.path}"


def test_an_edit_to_one_scene_module_rerenders_that_scene_alone(in_build, monkeypatch):
    settings = small_lecture_settings()
    assert all(scene.is_current(c, settings) for c in (VECTORS, HADAMARD)), \
        "the small lecture's scenes should be current before the edit"
    real = cache.dep_hashes

    def edited(files):  # as if scenes/core.py had been edited since the build
        return {f: "edited" if f == HADAMARD.path else h
                for f, h in real(files).items()}

    monkeypatch.setattr(cache, "dep_hashes", edited)
    assert not scene.is_current(HADAMARD, settings)
    assert scene.is_current(VECTORS, settings)


def test_an_edit_to_the_look_rerenders_both(in_build, monkeypatch):
    """Why style.py keeps only the shared look: every scene imports it."""
    settings = small_lecture_settings()
    real = cache.dep_hashes
    monkeypatch.setattr(cache, "dep_hashes", lambda files: {
        f: "edited" if f == STYLE else h for f, h in real(files).items()})
    assert not scene.is_current(VECTORS, settings)
    assert not scene.is_current(HADAMARD, settings)
