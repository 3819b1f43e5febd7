"""Recorded CUDA output, so CUDA-only lesson blocks can be checked on a CPU.

``recorded/final_exam_cuda.json`` holds what torch on CUDA gives for the final
exam's CUDA-only block (``tensors.speed_hacks.cuda_mismatch``); its ``about``
and ``how_recorded`` say where the values come from (``specimen`` is true
while they are not from a live GPU run). ``cuda_mismatch()`` gives that block
as the ``Run`` the lesson would hold, for ``final_exam(mismatch=...)``.

On a CUDA machine, ``python -m tests.tensors.recorded`` runs the block for
real and rewrites the file from what torch returned (``specimen`` false).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tensors import speed_hacks
from tensors.snippet import Run

FINAL_EXAM_CUDA = Path(__file__).parent / "recorded" / "final_exam_cuda.json"
CODES = {"mismatch": speed_hacks.MISMATCH_CODE}  # each recorded run's code now


class StaleRecording(AssertionError):
    """The lesson's code changed since it was recorded: record it again."""


def final_exam_cuda() -> dict[str, Any]:
    """The recording, as stored."""
    return json.loads(FINAL_EXAM_CUDA.read_text())


def recorded_run(name: str) -> Run:
    """The recorded run ``name``, refused if the lesson's code has changed."""
    entry = final_exam_cuda()["runs"][name]
    if entry["code"] != CODES[name]:
        raise StaleRecording(
            f"{FINAL_EXAM_CUDA.name}: {name!r} was recorded for other code than "
            "the lesson runs now; on a CUDA machine run "
            "`python -m tests.tensors.recorded`")
    return Run(entry["code"], value=None, error=entry["error"],
               error_type=entry["error_type"])


def cuda_mismatch() -> Run:
    """The final exam's CUDA-only block, as recorded."""
    return recorded_run("mismatch")


def record() -> dict[str, Any]:
    """Run the CUDA-only blocks for real (a CUDA machine) and rewrite the file."""
    import os

    import torch

    os.environ["TENSOR_HERO_DEVICE"] = "cuda"
    live = speed_hacks.cuda_mismatch()
    if live is None or live.error is None:
        raise SystemExit(f"error: expected {CODES['mismatch']!r} to raise on CUDA, "
                         f"got {live!r}")
    data = final_exam_cuda()
    data.update(
        specimen=False,
        how_recorded=(f"Recorded by `python -m tests.tensors.recorded` on "
                      f"{torch.cuda.get_device_name(0)} with torch "
                      f"{torch.__version__}: what torch raised, as the lesson "
                      "keeps it (tensors.snippet.run)."),
        torch=torch.__version__,
        device=torch.cuda.get_device_name(0),
        runs={"mismatch": {"code": live.code, "error_type": live.error_type,
                           "error": live.error}},
    )
    FINAL_EXAM_CUDA.write_text(json.dumps(data, indent=2) + "\n")
    return data


if __name__ == "__main__":
    json.dump(record(), sys.stdout, indent=2)
