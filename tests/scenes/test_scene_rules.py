"""House rules for scenes/: draw only, never compute or type a number.

Numbers reach the screen only from tensors/ (through tensors.fmt); layout
numbers live in scenes/style.py. Small integers used for arithmetic on
positions (halving, indexing) are allowed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SCENES = Path(__file__).parents[2] / "scenes"
LAYOUT_INTS = {0, 1, 2}
# A digit is allowed in a string only as a subscript name: \theta_1, x_{12}.
SUBSCRIPT = re.compile(r"_\{?\d+\}?")
# Attribute paths such as "steps.0.theta" (in SHOWS) name data, they draw nothing.
DATA_PATH = re.compile(r"^[A-Za-z_][\w]*(\.\w+)*$")


# Modules that draw nothing: layout numbers, file names, the lecture list, the
# voice's words, the caption cutter (text in, text out) and a cache of manim's
# own colour arrays (its one number is how many it keeps).
NOT_DRAWING = {"style.py", "palette.py", "narration.py", "lecture.py", "spoken.py",
               "cues.py", "rgbas.py"}


def scene_files():
    return [p for p in sorted(SCENES.glob("*.py")) if p.name not in NOT_DRAWING]


def docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            ids.add(id(body[0].value))
    return ids


@pytest.mark.parametrize("path", scene_files(), ids=lambda p: p.name)
def test_no_torch_and_no_typed_numbers(path):
    tree = ast.parse(path.read_text())
    skip = docstrings(tree)
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
            if any(n == "torch" or n.startswith("torch.") for n in names):
                bad.append(f"line {node.lineno}: imports torch")
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        v = node.value
        number = isinstance(v, (int, float)) and not isinstance(v, bool)
        if number and v not in LAYOUT_INTS:
            bad.append(f"line {node.lineno}: number literal {v!r} (put it in style.py)")
        if isinstance(v, str) and not DATA_PATH.match(v) \
                and re.search(r"\d", SUBSCRIPT.sub("", v)):
            bad.append(f"line {node.lineno}: digits in string {v!r} "
                       "(compute in tensors/)")
    assert not bad, f"{path.name}: " + "; ".join(bad)
