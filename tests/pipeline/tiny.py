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


class Steps(Scene):
    """Plays that each draw something new: several sections (pipeline.sections)."""

    def construct(self):
        from manim import RIGHT

        square = Square(color=BLUE)
        self.add(square)
        for _ in range(int(os.environ.get("TINY_STEPS", "12"))):
            self.play(square.animate.shift(RIGHT * 0.1).rotate(0.1), run_time=1)
            self.wait(2)
