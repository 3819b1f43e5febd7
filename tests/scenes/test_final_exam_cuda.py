"""The final exam's CUDA-only block, drawn on a CPU from its recording.

``FinalExam`` shows CUDA's own device-mismatch error only where the lecture
computes on CUDA. Here the scene runs in a dry run with that block taken
from tests/tensors/recorded/final_exam_cuda.json (``final_exam(mismatch=...)``),
so its layout, its numbers and its narration are checked on every machine,
with the same checks every scene of the lecture gets.
"""

from __future__ import annotations

from types import SimpleNamespace

from scenes.final_exam import FinalExam
from tensors.speed_hacks import final_exam
from tests.scenes.test_layout import layout_problems
from tests.scenes.test_on_screen import problems
from tests.screen import watch
from tests.tensors import recorded


def on_cuda():
    return final_exam(mismatch=recorded.cuda_mismatch)


class FinalExamOnCuda(FinalExam):
    """The final exam as a CUDA lecture draws it, its CUDA block recorded."""

    LESSON = staticmethod(on_cuda)
    SHOWS = (*FinalExam.SHOWS, "device.mismatch.code", "device.mismatch.error")


CHAPTER = SimpleNamespace(id="final-exam (CUDA, recorded)",
                          load=lambda: FinalExamOnCuda)


def test_cuda_block_shows_torchs_numbers_and_its_error():
    data = on_cuda()
    assert data.device.mismatch.error  # the block is there to check
    assert not problems(FinalExamOnCuda, data)


def test_cuda_block_is_legible():
    found = layout_problems(CHAPTER)
    assert not found, "\n".join(found)


def test_cuda_block_is_drawn_and_narrated_beside_the_meta_one():
    screen = watch(FinalExamOnCuda)
    error = recorded.cuda_mismatch().error
    first_words = " ".join(error.split()[:6])
    together = [b for b in screen.beats
                if any(first_words in " ".join(d.text.split()) for d in b.drawn)
                and any("meta" in d.text for d in b.drawn)]
    assert together, "CUDA's error is never on screen beside the meta error"
    assert any("GPU" in line and "CUDA's own message" in line
               for line in screen.narration)
