"""pipeline/child.py: what a play's hash covers."""

from __future__ import annotations

import pytest
from manim import RIGHT, Text
from manim.utils import hashing

from pipeline import child


@pytest.fixture
def drawn_only(monkeypatch):
    """This process hashes as a job's child does (restored afterwards)."""
    monkeypatch.setattr(hashing, "KEYS_TO_FILTER_OUT", set(hashing.KEYS_TO_FILTER_OUT))
    child.hash_drawn_only()


def glyph_hashes(text: Text) -> str:
    return hashing.get_json(list(text.family_members_with_points()))


def test_a_glyphs_svg_source_is_not_hashed_but_its_points_are(drawn_only):
    text, other = Text("ab"), Text("cd")
    before = glyph_hashes(text)
    text[0].path_obj = other[0].path_obj  # another source, the same points
    assert glyph_hashes(text) == before
    text[0].shift(RIGHT * 0.01)  # what is drawn moves
    assert glyph_hashes(text) != before


def test_manim_alone_hashes_the_source():
    """Without the child's filter the source is part of the hash: the filter
    is what leaves it out."""
    text, other = Text("ab"), Text("cd")
    before = glyph_hashes(text)
    text[0].path_obj = other[0].path_obj
    assert glyph_hashes(text) != before


def test_a_texts_index_of_glyph_groups_is_not_hashed_but_its_colours_are(drawn_only):
    text = Text("ab")
    before = hashing.get_json(text)
    text.id_to_vgroup_dict = {}  # the index goes, the glyphs stay
    assert hashing.get_json(text) == before
    text[1].set_color("#ff0000")  # what is drawn changes colour
    assert hashing.get_json(text) != before
