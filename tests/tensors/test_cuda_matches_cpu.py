"""Same lecture on every device: what each scene draws, computed on CUDA,
equals what it draws computed on the CPU.

The scenes need manim, which a GPU machine may lack, so this compares the
``tensors/`` results the scenes draw (each scene's ``LESSON``, found by
reading scenes/*.py without importing them), formatted as on screen. Runs
only where CUDA is available: ``pytest tests/tensors --device cuda``.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from tensors import fmt
from tensors.snippet import Run
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


def errors(data) -> Iterator[str]:
    """torch's error messages inside a lesson (``Run.error``), which name the
    device's own kernels (CUDA says mat1 where the CPU says m1)."""
    if isinstance(data, Run):
        if data.error:
            yield data.error
    elif dataclasses.is_dataclass(data) and not isinstance(data, type):
        for f in dataclasses.fields(data):
            yield from errors(getattr(data, f.name))
    elif isinstance(data, (tuple, list)):
        for item in data:
            yield from errors(item)


def shown(device: str) -> dict[str, dict[str, list[str]]]:
    """What every scene's lesson gives on ``device``, as the screen shows it."""
    os.environ["TENSOR_HERO_DEVICE"] = device
    out = {}
    for scene, target in lesson_functions().items():
        module, name = target.split(":")
        data = getattr(importlib.import_module(module), name)()
        out[scene] = {"values": list(values(data)), "errors": list(errors(data))}
    return out


def on_cpu(text: str) -> str:
    """``text`` with the CUDA device's names written as the CPU's."""
    for cuda, cpu in (("device(type='cuda', index=0)", "device(type='cpu')"),
                      ("cuda:0", "cpu"), ("cuda", "cpu")):
        text = text.replace(cuda, cpu)
    return text


def same(cpu: str, cuda: str, cuda_errors: list[str]) -> bool:
    """Equal, but for the device's name (where the lesson is the device) and
    the wording of torch's own error messages (their numbers must agree)."""
    if cpu == cuda or cpu == on_cpu(cuda):
        return True
    return cuda in cuda_errors and fmt.numbers_in(cpu) == fmt.numbers_in(cuda)


def test_every_scene_has_a_lesson_found():
    found = lesson_functions()
    assert len(found) >= 15 and all(":" in v for v in found.values())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_shows_what_cpu_shows():
    code = ("import json, sys; from tests.tensors.test_cuda_matches_cpu import shown; "
            "json.dump(shown('cpu'), sys.stdout)")
    cpu = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                                    capture_output=True, text=True, check=True).stdout)
    cuda = shown("cuda")
    differ = {}
    for scene, here in cpu.items():
        there = cuda[scene]
        pairs = [(a, b) for a, b in zip(here["values"], there["values"])
                 if not same(a, b, there["errors"])]
        if pairs or len(here["values"]) != len(there["values"]):
            differ[scene] = pairs
    assert not differ, json.dumps(differ, indent=1)[:4000]
