"""The final exam: its countdowns, and its CUDA-only block drawn on a CPU.

Each of the guide's quick questions is followed by a silent countdown of the
lesson's think time (``final_exam().countdown``) before its answer.

``FinalExam`` shows CUDA's own device-mismatch error only where the lecture
computes on CUDA. Here the scene runs in a dry run with that block taken
from tests/tensors/recorded/final_exam_cuda.json (``final_exam(mismatch=...)``),
so its layout, its numbers and its narration are checked on every machine,
with the same checks every scene of the lecture gets.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from scenes.final_exam import FinalExam
from scenes.kit import style
from tensors.speed_hacks import final_exam
from tests.provenance import findings_problems, problems
from tests.scenes.test_layout import layout_problems
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


def countdowns(screen) -> list[tuple[float, float]]:
    """(appears, leaves) times of each countdown the scene shows."""
    shown = [e for e in screen.events
             if e["kind"] == "visual" and e["what"] == "countdown"]
    starts = [e["time"] for e in shown if e["action"] == "appears"]
    ends = [e["time"] for e in shown if e["action"] == "leaves"]
    assert len(starts) == len(ends)
    return list(zip(starts, ends))


@pytest.mark.xdist_group("scene-final-exam")  # reuses the lecture's dry run
def test_each_question_leaves_its_think_time_in_silence():
    data = final_exam()
    screen = watch(FinalExam)
    asked = [b for b in screen.said if b["text"].startswith(
        ("First:", "Second:", "Third:", "Last:"))]
    spans = countdowns(screen)
    assert len(spans) == len(asked) == 4
    think = len(data.countdown) * style.TICK
    assert think >= data.countdown[0] > data.countdown[-1]
    for (appears, leaves), line in zip(spans, asked):
        # The question's line is said as the countdown appears; then silence
        # for the whole think time, until the countdown leaves.
        assert line["start"] <= appears < line["end"]
        spoken = [b["text"] for b in screen.said
                  if b["end"] > line["end"] and b["start"] < leaves]
        assert not spoken, f"narration over the think time: {spoken}"
        assert leaves - line["end"] >= think - 1e-6, (line["text"], leaves)


@pytest.mark.xdist_group("scene-final-exam")
def test_every_countdown_digit_is_drawn_in_order():
    data = final_exam()
    screen = watch(FinalExam)
    digits = [s for b in screen.beats for d in b.drawn if d.kind == "text"
              for s in [d.text] if s in {str(n) for n in data.countdown}]
    counted = [int(s) for i, s in enumerate(digits) if i == 0 or s != digits[i - 1]]
    assert counted == list(data.countdown) * 4


@pytest.mark.xdist_group("scene-final-exam-cuda")
def test_cuda_block_shows_torchs_numbers_and_its_error():
    data = on_cuda()
    assert data.device.mismatch.error  # the block is there to check
    found = problems(FinalExamOnCuda, data) + findings_problems(
        "final-exam", watch(FinalExamOnCuda))
    assert not found, found


@pytest.mark.xdist_group("scene-final-exam-cuda")
def test_cuda_block_is_legible():
    found = layout_problems(CHAPTER)
    assert not found, "\n".join(found)


@pytest.mark.xdist_group("scene-final-exam-cuda")
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
