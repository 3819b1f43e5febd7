"""pipeline/__init__.py names every module of the build engine, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import pipeline

FOLDER = Path(pipeline.__file__).parent


def test_the_package_docstring_lists_exactly_its_modules():
    items = pipeline.__doc__.split("\n\n")[1]
    listed = set(re.findall(r"^- ``(\w+)``(?:, ``(\w+)``)?", items, re.M))
    listed = {name for pair in listed for name in pair if name}
    there = {p.stem for p in FOLDER.glob("*.py") if p.stem != "__init__"}
    assert listed - there == set(), "listed but missing"
    assert there - listed == set(), "modules the docstring does not name"
