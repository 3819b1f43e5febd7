"""Same lecture on every device: what each scene draws, computed on CUDA,
equals what it draws computed on the CPU.

The scenes need manim, which a GPU machine may lack, so this compares the
``tensors/`` results the scenes draw (each scene's ``LESSON``, found by
reading scenes/*.py without importing them), formatted as on screen. Runs
only where CUDA is available: ``pytest tests/tensors --device cuda``.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from tests.values import values

ROOT = Path(__file__).parents[2]


def lesson_functions() -> dict[str, str]:
    """``{"scenes/x.py:Class": "tensors.mod:function"}`` for every scene's LESSON."""
    found = {}
    for path in sorted((ROOT / "scenes").glob("*.py")):
        tree = ast.parse(path.read_text())
        imported = {alias.asname or alias.name: f"{node.module}:{alias.name}"
                    for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and (node.module or "").startswith("tensors")
                    for alias in node.names}
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign) and any(
                        getattr(t, "id", "") == "LESSON" for t in stmt.targets):
                    call = stmt.value
                    name = (call.args[0] if isinstance(call, ast.Call) and call.args
                            else call)
                    if isinstance(name, ast.Name) and name.id in imported:
                        found[f"{path.name}:{cls.name}"] = imported[name.id]
    return found


def shown(device: str) -> dict[str, list[str]]:
    """What every scene's lesson gives on ``device``, as the screen shows it."""
    os.environ["TENSOR_HERO_DEVICE"] = device
    out = {}
    for scene, target in lesson_functions().items():
        module, name = target.split(":")
        out[scene] = list(values(getattr(importlib.import_module(module), name)()))
    return out


def test_every_scene_has_a_lesson_found():
    found = lesson_functions()
    assert len(found) >= 15 and all(":" in v for v in found.values())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_shows_what_cpu_shows():
    code = ("import json, sys; from tests.tensors.test_devices import shown; "
            "json.dump(shown('cpu'), sys.stdout)")
    cpu = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                                    capture_output=True, text=True, check=True).stdout)
    cuda = shown("cuda")
    differ = {scene: [(a, b) for a, b in zip(cpu[scene], cuda[scene]) if a != b]
              for scene in cpu}
    differ = {k: v for k, v in differ.items() if v or len(cpu[k]) != len(cuda[k])}
    assert not differ, json.dumps(differ, indent=1)[:4000]
