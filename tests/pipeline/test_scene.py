"""pipeline/scene.py: a scene's key covers the settings it is rendered with.

What else the key covers (the files a scene imports, its recordings, its
outputs' hashes) is checked by rendering in tests/pipeline/test_faults.py.
"""

from __future__ import annotations

import json

import pytest

from pipeline import scene
from pipeline.config import Settings
from scenes.lecture import LECTURE

pytestmark = pytest.mark.manim


def test_key_changes_with_quality_device_voice():
    c = LECTURE[0]
    keys = {json.dumps(scene.key_settings(c, Settings(q, d, v), still=False))
            for q, d, v in [("low", "cpu", "none"), ("high", "cpu", "none"),
                            ("low", "cuda", "none"), ("low", "cpu", "espeak")]}
    assert len(keys) == 4
