"""Tiny scenes for build tests: seconds to render, nothing from the lecture.

``TINY_WAIT`` (env) stretches ``Slow`` so a test can interrupt it.
"""

import os

from manim import BLUE, Scene, Square, Text


class Tiny(Scene):
    def construct(self):
        self.add(Square(color=BLUE))
        self.add_subcaption("a tiny scene", duration=1)
        self.wait(1)


class Other(Scene):
    def construct(self):
        self.add(Text("other"))
        self.wait(1)


class Slow(Scene):
    def construct(self):
        self.add(Square())
        self.wait(float(os.environ.get("TINY_WAIT", "60")))
