"""pipeline/lecture.py: what the build makes from the scenes' records."""

from __future__ import annotations

from pipeline.lecture import errata_shown


def data():
    return {
        "chapters": [{"id": "a", "title": "First"}, {"id": "b", "title": "Second"}],
        "errata": [{"time": 12.4, "chapter": 1, "key": "k", "guide": "y.backward()",
                    "torch": "returns None"}],
        "notes": [{"time": 30.0, "chapter": 1, "key": "n", "guide": "BCHW",
                   "torch": "channels_last exists"}],
    }


def test_errata_md_is_what_the_scenes_showed():
    text = errata_shown(data())
    assert "## 1. k" in text
    assert "- **Guide:** `y.backward()`" in text and "- **Torch:** returns None" in text
    assert "- **Shown in:** `b` (Second), at 12 s" in text
    assert "- **n.** Guide: `BCHW`. Torch: channels_last exists." in text
    assert "read together in `b` (Second)" in text


def test_no_errata_no_notes_is_still_a_page():
    empty = {**data(), "errata": [], "notes": []}
    text = errata_shown(empty)
    assert text.startswith("# Errata") and "# Notes on the guide" in text
    assert "##" not in text.replace("# Notes", "")
