"""Same lecture on every device: what each scene draws, computed on CUDA,
equals what it draws computed on the CPU.

The scenes need manim, which a GPU machine may lack, so this compares the
``tensors/`` results the scenes draw (each scene's ``LESSON``, found by
reading scenes/*.py without importing them), formatted as on screen, path by
path. A block a lesson has only on CUDA (``CUDA_ONLY``) is left out of the
comparison and checked against its recording instead (tests/tensors/recorded.py,
which lets the CPU-only CI draw it). The comparisons run only where CUDA is
available: ``pytest tests/tensors --device cuda``.
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

from tensors import fmt, speed_hacks
from tensors.snippet import Run
from tests.tensors import recorded
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


def by_path(data, path: str = "") -> Iterator[tuple[str, list[str]]]:
    """``(dotted path, what the screen shows there)`` for every leaf of a
    lesson: ``("device.meta.error", ["Tensor on device meta ..."])``.

    Compared path by path, a block one device has and the other lacks is
    named, not a shift of every value after it.
    """
    where = f"{path}." if path else ""
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        for f in dataclasses.fields(data):
            yield from by_path(getattr(data, f.name), where + f.name)
    elif isinstance(data, (tuple, list)):
        for i, item in enumerate(data):
            yield from by_path(item, f"{where}{i}")
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from by_path(v, f"{where}{k}")
    else:
        yield path, list(values(data))


# Blocks a lesson has only where it computes on CUDA (``None`` on the CPU):
# scene -> dotted paths. Each is checked against its recording instead
# (tests/tensors/recorded.py), which the CPU-only CI draws and checks too.
CUDA_ONLY = {"final_exam.py:FinalExam": ("device.mismatch",)}


def shown(device: str) -> dict[str, dict]:
    """What every scene's lesson gives on ``device``, as the screen shows it:
    ``{scene: {"values": {path: [str]}, "errors": [str]}}``."""
    os.environ["TENSOR_HERO_DEVICE"] = device
    out = {}
    for scene, target in lesson_functions().items():
        module, name = target.split(":")
        data = getattr(importlib.import_module(module), name)()
        out[scene] = {"values": dict(by_path(data)), "errors": list(errors(data))}
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


def cuda_only(scene: str, path: str) -> bool:
    return any(path == p or path.startswith(p + ".") for p in CUDA_ONLY.get(scene, ()))


def differences(cpu: dict, cuda: dict) -> dict[str, list]:
    """Per scene, what CUDA shows that the CPU does not (CUDA-only blocks aside):
    ``[path, cpu's, cuda's]``, with ``None`` for a path one side lacks."""
    differ = {}
    for scene, here in cpu.items():
        there = cuda[scene]
        found = []
        for path in sorted(set(here["values"]) | set(there["values"])):
            if cuda_only(scene, path):
                continue
            a, b = here["values"].get(path), there["values"].get(path)
            if a is None or b is None or len(a) != len(b) or not all(
                    same(x, y, there["errors"]) for x, y in zip(a, b)):
                found.append([path, a, b])
        if found:
            differ[scene] = found
    return differ


def test_every_scene_has_a_lesson_found():
    found = lesson_functions()
    assert len(found) >= 15 and all(":" in v for v in found.values())
    assert set(CUDA_ONLY) <= set(found)


def test_a_block_only_one_device_has_is_named_not_shifted():
    """The comparison itself: an extra block is reported at its path, and the
    values after it are still compared with their own counterparts."""
    cpu = {"s.py:S": {"values": {"a": ["1"], "c": ["3"]}, "errors": []}}
    cuda = {"s.py:S": {"values": {"a": ["1"], "b.error": ["boom"], "c": ["4"]},
                       "errors": ["boom"]}}
    assert differences(cpu, cuda) == {"s.py:S": [["b.error", None, ["boom"]],
                                                 ["c", ["3"], ["4"]]]}
    cuda["s.py:S"]["values"]["c"] = ["3"]
    assert differences(cpu, cuda) == {"s.py:S": [["b.error", None, ["boom"]]]}


def test_the_final_exam_cuda_block_is_only_on_cuda(monkeypatch):
    """On the CPU the CUDA-only block is absent (no error text is made up),
    even on a machine that has a GPU."""
    monkeypatch.setenv("TENSOR_HERO_DEVICE", "cpu")
    cpu = dict(by_path(speed_hacks.final_exam()))
    assert cpu["device.mismatch"] == []
    assert not [p for p in cpu if p.startswith("device.mismatch.")]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_shows_what_cpu_shows(monkeypatch):
    monkeypatch.setenv("TENSOR_HERO_DEVICE", "cuda")  # shown() sets it; undone after
    code = ("import json, sys; from tests.tensors.test_cuda_matches_cpu import shown; "
            "json.dump(shown('cpu'), sys.stdout)")
    cpu = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                                    capture_output=True, text=True, check=True).stdout)
    cuda = shown("cuda")
    differ = differences(cpu, cuda)
    assert not differ, json.dumps(differ, indent=1)[:4000]
    for scene, paths in CUDA_ONLY.items():
        for path in paths:
            assert cpu[scene]["values"].get(path) == [], (scene, path)
            assert any(p.startswith(path + ".") for p in cuda[scene]["values"]), (
                scene, path)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_gives_what_was_recorded(monkeypatch):
    """The recording the CPU-only CI draws (tests/tensors/recorded.py) is what
    torch on this GPU really raises."""
    monkeypatch.setenv("TENSOR_HERO_DEVICE", "cuda")
    live = speed_hacks.cuda_mismatch()
    kept = recorded.cuda_mismatch()
    assert (live.code, live.error_type, live.error) == (
        kept.code, kept.error_type, kept.error), (
        f"{recorded.FINAL_EXAM_CUDA} differs from this GPU's torch "
        f"{torch.__version__}: run `python -m tests.tensors.recorded` and commit it")
