"""Every narration line of the lecture, read from the scenes' dry runs.

``tests/screen.py`` builds each scene once per test session (cached), so
these tests cost nothing extra when the screen tests run too.
"""

from __future__ import annotations

from tests.screen import watch


def narration(chapter) -> list[str]:
    """The lines ``chapter``'s scene says, in order."""
    return watch(chapter.load()).narration
