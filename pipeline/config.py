"""Paths, qualities and settings shared by every part of the build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from scenes.kit.record import BUILD_ENV, VOICE_ENV
from scenes.kit.record import build_dir as _build_dir

ROOT = Path(__file__).resolve().parents[1]
__all__ = ["BUILD_ENV", "VOICE_ENV", "ROOT", "Fail", "Settings", "build_dir", "shown"]
# --quality name: (manim's -q flag, the name manim gives that resolution).
QUALITIES = {
    "low": ("l", "480p15"),
    "medium": ("m", "720p30"),
    "high": ("h", "1080p60"),
    "4k": ("k", "2160p60"),
}
DEVICES = ("auto", "cpu", "cuda")
# x264 settings for scene videos, chosen with `render.py bench --encoders`
# (figures in the README): at manim's own crf 23, preset ultrafast encodes
# about 2.5x faster than manim's default (medium) with an SSIM against a
# lossless render at least as high (0.9989 vs 0.9984); files are about twice
# as large. Four in-flight encoders overlap encoding with drawing best. Each
# encoder runs one x264 thread: the in-flight encoders and the other render
# jobs already keep the cores busy, and x264's own threads only added work
# (hadamard-product at 1080p60 alone: 42.0 s and 57.8 CPU-s with x264's
# default threads, 37.0 s and 49.9 CPU-s with one).
ENCODER = {"max_inflight_encoders": 4,
           "options": {"crf": 23, "preset": "ultrafast", "threads": 1}}


class Fail(click.ClickException):
    """A bad input or a failed build: one clear line and exit status 1."""


def build_dir() -> Path:
    """Where outputs go: ``$TENSOR_HERO_BUILD`` or ``build/`` in the checkout
    (the scenes' voice cache finds it the same way: ``scenes.kit.record``)."""
    return _build_dir()


def shown(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@dataclass(frozen=True)
class Settings:
    """What decides how the scenes look and sound."""

    quality: str = "high"
    device: str = "cpu"
    voice: str = "none"
    encoder: dict = field(default_factory=lambda: ENCODER, hash=False)

    @property
    def res(self) -> str:
        return QUALITIES[self.quality][1]

    @property
    def fps(self) -> int:
        return int(self.res.split("p")[1])

    @property
    def scene_dir(self) -> Path:
        return build_dir() / "scenes" / self.res
