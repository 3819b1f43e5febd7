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


def test_setting_up_a_scenes_jobs_does_not_import_torch():
    """The build's own process never needs torch with the CPU build (importing
    it took 2.3 s, while the cluster started and before any job was handed
    out); the jobs' manim processes import it."""
    import subprocess
    import sys

    from pipeline.config import ROOT

    code = ("import sys; from pipeline import lecture, scene; "
            "from pipeline.config import Settings; "
            "scene.scene_vars(Settings('high', 'cpu', 'piper')); "
            "assert 'torch' not in sys.modules, 'torch'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_device_variable_is_the_one_tensors_read():
    from tensors import device, env

    assert device.ENV_VAR == env.DEVICE_ENV
    told = scene.scene_vars(Settings("low", "cpu", "none"))
    assert told[env.DEVICE_ENV] == "cpu"
