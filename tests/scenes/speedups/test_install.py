"""scenes/speedups/__init__.py: one explicit install, for the tested versions only."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import svgelements
from manim import Mobject, VMobject
from manim.mobject.svg.svg_mobject import SVGMobject, VMobjectFromSVGPath
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from pipeline.cache import versions
from scenes import speedups
from scenes.speedups import copying, frames, outlines, rgbas, svgcache

ROOT = Path(__file__).parents[3]


def patched() -> bool:
    return (svgelements.Path.parse is outlines._parse_once
            and VMobject.generate_rgbas_array is rgbas._generate
            and Mobject.__deepcopy__ is copying.fast_deepcopy
            and VMobjectFromSVGPath.__deepcopy__ is copying._deepcopy_sharing_source
            and VideoSegmentEncoder.write_frame is frames.write_frame
            and VideoSegmentEncoder.finish is frames.finish
            and SVGMobject.init_svg_mobject is svgcache._init_svg_mobject)


def test_install_patches_all_five_and_is_idempotent():
    speedups.install()
    speedups.install()
    assert patched()


def test_importing_the_kit_patches_nothing():
    """Only a scene starting installs them (``LectureScene.setup``)."""
    code = ("import svgelements, scenes.kit.base, scenes.speedups.outlines as o; "
            "assert svgelements.Path.parse is o.PARSE")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_off_in_the_environment_leaves_manim_as_released():
    code = ("import svgelements, scenes.speedups as s, scenes.speedups.outlines as o; "
            "from manim.scene.video_segment_encoder import VideoSegmentEncoder as V; "
            "from scenes.speedups import frames; s.install(); "
            "assert svgelements.Path.parse is o.PARSE; "
            "assert V.write_frame is frames.WRITE_FRAME")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                   env={**os.environ, speedups.OFF_ENV: "off"})


@pytest.mark.parametrize("name,found", [("manim", "0.23.0"), ("svgelements", "1.9.7")])
def test_another_release_stops_with_one_line(monkeypatch, name, found):
    real = speedups.installed_version
    monkeypatch.setattr(speedups, "installed_version",
                        lambda n: found if n == name else real(n))
    monkeypatch.setattr(speedups, "_installed", False)
    with pytest.raises(RuntimeError) as caught:
        speedups.install()
    message = str(caught.value)
    assert "\n" not in message and f"{name} {found}" in message
    assert message.startswith("scenes/speedups: tested with manim 0.22 and "
                              f"svgelements {speedups.SVGELEMENTS}")
    assert message.endswith("run `make setup` or update scenes/speedups")


def test_the_tested_versions_are_installed_pinned_and_in_the_cache_key():
    speedups.check_versions()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert f"svgelements=={speedups.SVGELEMENTS}" in project["project"]["dependencies"]
    assert f"svgelements {speedups.SVGELEMENTS}" in versions()
