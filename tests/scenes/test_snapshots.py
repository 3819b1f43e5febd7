"""Picture snapshots: the last frame of every scene, compared with a stored one.

The screen tests read what is drawn; this layer looks at the picture, so a
scene that moves, recolours or loses something between commits is noticed.
The last frame comes from the same dry run as the screen and layout tests
(tests/screen.py draws that one frame at ``SNAPSHOT_SIZE``, 256x144), so this
layer costs about a millisecond per scene on top of them; run alone, it costs
one dry run per scene (5 to 15 s on this machine).

Snapshots live in ``tests/snapshots/<scene-id>.npz`` (RGB uint8, compressed)
and change only with ``--update-snapshots``::

    .venv/bin/python -m pytest tests/scenes/test_snapshots.py -k <scene-id> \
        --update-snapshots

A mismatch writes ``build/snapshot-diffs/<scene-id>.png`` (expected | actual |
difference amplified) and names it in the failure.

Tolerance: fonts and anti-aliasing differ a little between machines, so a
pixel counts as changed only when a channel moves by more than
``PIXEL_TOLERANCE``, and the frame fails when more than ``MAX_CHANGED`` of its
pixels changed or the mean difference exceeds ``MAX_MEAN``. At 256x144 a
digit is about 4x6 pixels: changed numbers are the screen tests' job; this
layer catches layout, colour and missing or extra pieces.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scenes.lecture import LECTURE
from tests.screen import SNAPSHOT_SIZE, watch

ROOT = Path(__file__).parents[2]
SNAPSHOTS = ROOT / "tests" / "snapshots"
DIFFS = ROOT / "build" / "snapshot-diffs"

PIXEL_TOLERANCE = 32  # of 255, per channel
MAX_CHANGED = 0.005  # share of pixels (0.5 %: about 180 of 36,864)
MAX_MEAN = 2.0  # mean absolute difference over all channels, of 255
AMPLIFY = 4  # the difference panel is brightened this much


def snapshot_path(scene_id: str) -> Path:
    return SNAPSHOTS / f"{scene_id}.npz"


def save(path: Path, frame: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, frame=frame)


def load(path: Path) -> np.ndarray:
    with np.load(path) as data:
        return data["frame"]


def difference(expected: np.ndarray, actual: np.ndarray) -> tuple[float, float]:
    """(mean absolute difference, share of pixels changed beyond tolerance)."""
    diff = np.abs(expected.astype(np.int16) - actual.astype(np.int16))
    changed = (diff.max(axis=-1) > PIXEL_TOLERANCE).mean()
    return float(diff.mean()), float(changed)


def diff_image(expected: np.ndarray, actual: np.ndarray, path: Path) -> Path:
    """Write expected | actual | amplified difference side by side."""
    diff = np.abs(expected.astype(np.int16) - actual.astype(np.int16)) * AMPLIFY
    panel = np.concatenate([expected, actual, np.clip(diff, 0, 255).astype(np.uint8)],
                           axis=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(panel).save(path)
    return path


def shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def mismatch(scene_id: str, expected: np.ndarray, actual: np.ndarray,
             diffs: Path = DIFFS) -> str | None:
    """Why ``actual`` does not match the stored snapshot, or None if it does."""
    if expected.shape != actual.shape:
        return (f"{scene_id}: snapshot is {expected.shape}, frame is {actual.shape}; "
                "regenerate with --update-snapshots")
    mean, changed = difference(expected, actual)
    if mean <= MAX_MEAN and changed <= MAX_CHANGED:
        return None
    out = diff_image(expected, actual, diffs / f"{scene_id}.png")
    return (f"{scene_id}: last frame differs from {shown(snapshot_path(scene_id))}"
            f" (mean difference {mean:.2f}, limit {MAX_MEAN}; {changed:.2%} of pixels "
            f"changed, limit {MAX_CHANGED:.1%}); see {shown(out)}. If the change "
            "is intended, rerun with --update-snapshots and commit the .npz")


@pytest.mark.parametrize("chapter", LECTURE, ids=lambda c: c.id)
def test_last_frame_matches_snapshot(chapter, request):
    frame = watch(chapter.load()).last_frame
    path = snapshot_path(chapter.id)
    if request.config.getoption("--update-snapshots"):
        save(path, frame)
        return
    assert path.exists(), (
        f"{chapter.id}: no snapshot at {path.relative_to(ROOT)}. Create it with "
        f"`.venv/bin/python -m pytest tests/scenes/test_snapshots.py -k {chapter.id} "
        "--update-snapshots`, look at the frame, and commit the .npz")
    problem = mismatch(chapter.id, load(path), frame)
    assert problem is None, problem


# The comparison itself, on made-up frames.

def test_a_moved_block_is_caught_and_noise_is_not(tmp_path):
    width, height = SNAPSHOT_SIZE
    frame = np.zeros((height, width, 3), np.uint8)
    frame[40:80, 40:120] = 200
    noisy = frame.copy()
    noisy[::7, ::5] += 10  # below PIXEL_TOLERANCE: anti-aliasing wobble
    assert mismatch("made-up", frame, noisy, tmp_path) is None
    moved = np.roll(frame, 30, axis=1)
    assert "differs" in mismatch("made-up", frame, moved, tmp_path)
    assert (tmp_path / "made-up.png").exists()
    save(tmp_path / "x.npz", frame)
    assert np.array_equal(load(tmp_path / "x.npz"), frame)
