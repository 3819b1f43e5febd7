"""Every scene of the lecture: the numbers on screen are torch's numbers.

Each scene is built in a dry run (no video) and everything it drew is read
back. Two checks per scene, with no per-scene test code:
- every number on screen is one that a fresh torch computation of the
  scene's lesson produces (a typed-in, stale or wrong number fails);
- every result the scene promises in ``SHOWS`` is actually on screen.
The lessons themselves are checked against independent answers (the
guide's hand-checked values, numpy, plain loops) in tests/tensors/.
"""

from __future__ import annotations

import dataclasses

import pytest

from scenes.broadcasting import BroadcastRowOverMatrix
from scenes.lecture import LECTURE
from tests.screen import allowed_numbers, lookup, values, watch
from tensors import broadcasting, errata, fmt


def problems(scene_cls, data) -> list[str]:
    """What is wrong with ``scene_cls``'s screen, judged against ``data``."""
    screen = watch(scene_cls)
    # A scene may also quote the guide where it corrects it (tensors/errata.py).
    quoted = [errata.by_key()[k] for k in screen.errata]
    allowed = allowed_numbers(data) | allowed_numbers(
        [(f.guide, f.torch_says()) for f in quoted])
    out = [f"{n!r} is on screen but torch never gave it"
           for n in sorted(screen.numbers() - allowed)]
    spoken = {n for line in screen.narration for n in fmt.numbers_in(line)}
    out += [f"{n!r} is in the narration but torch never gave it"
            for n in sorted(spoken - allowed)]
    text, numbers = screen.text(), screen.numbers()
    for path in scene_cls.SHOWS:
        for shown in values(lookup(data, path)):
            missing = (" ".join(shown.split()) not in text
                       if fmt.numbers_in(shown) != [shown] else shown not in numbers)
            if missing:
                out.append(f"{path}: {shown!r} is not on screen")
    return out


@pytest.fixture(scope="module", params=LECTURE, ids=lambda c: c.id)
def chapter(request):
    return request.param


def test_scene_shows_torchs_numbers(chapter):
    scene_cls = chapter.load()
    assert not problems(scene_cls, scene_cls.LESSON()), chapter.id


def test_scene_shows_exactly_its_errata(chapter):
    """Each finding is shown by the scene it names, and nowhere else."""
    expected = sorted(f.key for f in errata.FINDINGS if f.scene == chapter.id)
    assert sorted(watch(chapter.load()).errata) == expected


def test_scene_is_narrated(chapter):
    narration = watch(chapter.load()).narration
    assert narration and all(line.strip() for line in narration), chapter.id


def test_scene_promises_something(chapter):
    assert chapter.load().SHOWS, f"{chapter.id} declares no results in SHOWS"


def test_a_stale_number_is_caught():
    """A scene drawing from an out-of-date result fails the check."""
    real = broadcasting.broadcasting()
    stale = dataclasses.replace(
        real, guide=broadcasting.stretch_add(real.guide.a_code, "torch.tensor([[10, 21]])")
    )

    class Stale(BroadcastRowOverMatrix):
        LESSON = staticmethod(lambda: stale)

    found = problems(Stale, real)
    assert any("'21'" in p for p in found), found
