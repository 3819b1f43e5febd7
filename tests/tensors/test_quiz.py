"""The practice questions' quizzes against numpy, plain Python and the guide.

Each of the 20 questions carries one answer box (``tensors.quiz.Quiz``) whose
value came from torch; here every value is checked against an answer worked
out without the lesson's code: numpy, a plain loop, or the guide's arithmetic.
"""

import json
import math
import statistics

import numpy as np
import pytest
import torch

from tensors import device, fmt, quiz
from tensors.practice_applied import permuted_axes, practice_applied
from tensors.practice_autograd import practice_autograd, q14
from tensors.practice_basics import (
    level_one,
    level_two,
    normal_samples,
    q1_matrix,
    q3_identity,
)
from tests.tensors.test_errata import graph_is_kept, identity_fits_anywhere

PROMPT_CHARS = 60


@pytest.fixture(scope="module")
def quizzes() -> dict[int, quiz.Quiz]:
    """Every practice question's quiz, by question number."""
    out = {}
    for level in (level_one(), level_two(), practice_autograd(), practice_applied()):
        for answer in vars(level).values():
            if hasattr(answer, "question"):
                out[answer.question.number] = answer.question.quiz
    return out


def shown(values) -> str:
    """Several numbers as the page shows them, joined by hand."""
    return "[" + ", ".join(fmt.num(v) for v in values) + "]"


# -- every quiz ----------------------------------------------------------------


def test_all_twenty_questions_have_a_quiz(quizzes):
    assert sorted(quizzes) == list(range(1, 21))
    for number, q in quizzes.items():
        assert isinstance(q, quiz.Quiz), number
        assert q.kind in quiz.KINDS, number
        assert q.prompt.strip() and "\n" not in q.prompt, number
        assert len(q.prompt) <= PROMPT_CHARS, (number, q.prompt)
        assert q.code.strip(), number


def test_each_answer_is_the_formatted_value(quizzes):
    for number, q in quizzes.items():
        if q.kind == "shape":
            assert all(isinstance(d, int) for d in q.value), number
            assert q.answer == fmt.shape(q.value), number
        elif q.kind == "number":
            assert isinstance(q.value, float), number
            assert q.answer == fmt.num(q.value), number
        elif q.kind == "numbers":
            assert all(isinstance(v, float) for v in q.value), number
            assert q.answer == shown(q.value), number
        else:
            assert q.answer == q.value and q.value in q.choices, number
            assert len(set(q.choices)) == len(q.choices) >= 2, number


def test_every_quiz_travels_as_json(quizzes):
    for number, q in quizzes.items():
        data = json.loads(json.dumps(q.to_json()))
        assert data["prompt"] == q.prompt and data["value"] == q.value, number
        assert data["choices"] == list(q.choices), number


# -- level 1 -------------------------------------------------------------------


def test_q1_q2_shapes(quizzes):
    assert quizzes[1].value == list(np.array([[1, 2, 3], [4, 5, 6]]).shape)
    cube = np.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    assert quizzes[2].value == list(cube.shape) == [2, 2, 2]


def test_q3_only_a_times_i_fits():
    # A is 2x3 and I is 3x3: I @ A needs 3 == 2 (it does not), A @ I needs 3 == 3.
    a = np.array([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValueError):
        np.eye(3) @ a
    assert np.array_equal(a @ np.eye(3), a)
    q = level_one().q3.question.quiz
    assert q.value == "A @ I" and "I @ A" in q.choices


def test_q3_follows_torch_not_a_typed_answer(monkeypatch):
    identity_fits_anywhere(monkeypatch)  # a torch where I @ A gives A back too
    assert q3_identity(q1_matrix().a).question.quiz.value == "both"


def test_q4_mean_and_std_and_the_prediction_counts():
    q = level_one().q4.question.quiz
    xs = normal_samples().cpu().tolist()
    mean, std = q.value
    assert math.isclose(mean, statistics.fmean(xs), abs_tol=1e-5)
    assert math.isclose(std, statistics.stdev(xs), abs_tol=1e-5)
    # Three standard errors of the mean of 100 N(0, 1) draws: 3 / 10.
    assert q.tolerance == pytest.approx(0.3)
    assert abs(0 - mean) <= q.tolerance and abs(1 - std) <= q.tolerance


def test_q5_count(quizzes):
    assert quizzes[5].value == len(range(0, 101, 5)) == 21


# -- level 2 -------------------------------------------------------------------


def test_q6_dot_product(quizzes):
    assert quizzes[6].value == np.dot([1, 2, 3], [4, 5, 6]) == 1 * 4 + 2 * 5 + 3 * 6


def test_q7_q8_shapes(quizzes):
    assert quizzes[7].value == list(np.broadcast_shapes((3, 4), (4,)))
    assert quizzes[8].value == list((np.zeros((3, 4)) @ np.zeros((4, 2))).shape)
    assert quizzes[8].value == [3, 2]


def test_q9_counts_the_divisor_pairs_of_24(quizzes):
    n = 2 * 3 * 4
    assert quizzes[9].value == sum(1 for r in range(1, n + 1) if n % r == 0) == 8


def test_q10_double_transpose(quizzes):
    a = np.array([[1, 2, 3], [4, 5, 6]])
    assert quizzes[10].value == str(bool(np.array_equal(a.T.T, a))) == "True"


# -- level 3 -------------------------------------------------------------------


def test_q11_q13_derivatives(quizzes):
    x = 2
    assert quizzes[11].value == 3 * x**2 - 4 * x + 5 == 9
    x = 1
    u = 2 * x + 1
    assert quizzes[13].value == (2 * u) * 2 == 12


def test_q12_gradient(quizzes):
    x, y = 2, 3
    assert quizzes[12].value == [2 * x * y, x**2 + 3 * y**2] == [12, 31]


def test_q14_second_backward_through_one_graph_raises(quizzes):
    x = torch.tensor(3.0, requires_grad=True)
    y = x**2
    y.backward()
    with pytest.raises(RuntimeError):
        y.backward()
    assert quizzes[14].value == "it raises an error"
    assert "y = x ** 2" in quizzes[14].prompt  # the graph the question shows
    assert "x.grad adds up" in quizzes[14].choices  # the guide's answer


def test_q14_follows_torch_not_a_typed_answer(monkeypatch):
    graph_is_kept(monkeypatch)  # a torch where the second pass accumulates
    assert q14().question.quiz.value == "x.grad adds up"


def test_q15_mse_gradient(quizzes):
    xs, ys, w, b = [1.0, 2.0, 3.0, 4.0], [3.0, 5.0, 7.0, 9.0], 1.0, 0.0
    n = len(xs)
    want = sum(-2 * x * (y - (w * x + b)) / n for x, y in zip(xs, ys))
    assert quizzes[15].value == pytest.approx(want) and want == -20


# -- level 4 -------------------------------------------------------------------


def test_q16_softmax(quizzes):
    x = np.array([1.0, 2.0, 3.0])
    want = np.exp(x) / np.exp(x).sum()
    assert quizzes[16].value == pytest.approx(want.tolist(), abs=1e-6)


def test_q17_mse(quizzes):
    t, p = [3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]
    want = sum((a - b) ** 2 for a, b in zip(t, p)) / len(t)
    assert quizzes[17].value == pytest.approx(want) and want == 0.375


def test_q18_batch_shape(quizzes):
    c = np.zeros((32, 10, 20)) @ np.zeros((32, 20, 30))
    assert quizzes[18].value == list(c.shape) == [32, 10, 30]


def test_q19_order_moves_channels_last(quizzes):
    order = [int(v) for v in quizzes[19].value]
    # (C, H, W) -> (H, W, C): output axis k is the input axis of that letter.
    assert order == ["CHW".index(axis) for axis in "HWC"]
    # Three distinct sizes, so the order is the only one giving this shape.
    assert np.empty((3, 5, 7)).transpose(order).shape == (5, 7, 3)


def test_permuted_axes_reads_the_order_from_strides():
    t = torch.zeros(2, 3, 4, device=device.current())
    assert permuted_axes(t, t.permute(2, 0, 1)) == (2, 0, 1)
    assert permuted_axes(t, t) == (0, 1, 2)


def test_q20_update_direction(quizzes):
    grad, lr = [2.0, -3.0], 0.1  # the guide's example
    # torch's float32 gradient there is [2.0000043, -2.9999986]: shown [2, -3]
    assert quizzes[20].value == pytest.approx([-lr * g for g in grad], abs=1e-5)


# -- tensors/quiz.py -------------------------------------------------------------


def test_tolerance_is_half_the_last_shown_digit():
    assert quiz.TOLERANCE == pytest.approx(0.00005)
    assert quiz.number("p", 0.037141, "c").answer == "0.0371"


def test_unknown_kind_raises():
    with pytest.raises(ValueError, match="essay"):
        quiz.Quiz("p", "essay", "a", "a", "c")


def test_choice_must_contain_its_answer():
    with pytest.raises(ValueError, match="not among"):
        quiz.choice("p", "maybe", ("yes", "no"), "c")
    q = quiz.choice("p", "no", ("yes", "no"), "c")
    assert (q.kind, q.answer, q.value) == ("choice", "no", "no")
    assert q.choices == ("yes", "no")


def test_shape_from_torch_size():
    t = torch.zeros(2, 3, device=device.current())
    q = quiz.shape("p", t.shape, "t.shape")
    assert (q.value, q.answer, q.tolerance) == ([2, 3], "(2, 3)", 0.0)
    assert quiz.shape("p", (6,), "c").answer == "(6,)"


def test_number_from_a_tensor_and_bools_refused():
    q = quiz.number("p", torch.tensor(2.0, device=device.current()), "c")
    assert (q.value, q.answer) == (2.0, "2") and type(q.value) is float
    assert quiz.number("p", -0.00001, "c").answer == "0"
    with pytest.raises(TypeError):
        quiz.number("p", True, "c")


def test_numbers_from_a_tensor_and_from_a_list():
    t = torch.tensor([[12.0, 31.0], [0.5, -2.0]], device=device.current())
    q = quiz.numbers("p", t, "c")
    assert q.value == [12.0, 31.0, 0.5, -2.0] and q.answer == "[12, 31, 0.5, -2]"
    parts = [torch.tensor(1.0), torch.tensor(0.25)]
    assert quiz.numbers("p", parts, "c").value == [1.0, 0.25]
    assert quiz.numbers("p", (3, 4), "c").answer == "[3, 4]"


def test_to_json_is_plain_json():
    q = quiz.choice("Pick", "b", ("a", "b"), "code")
    data = q.to_json()
    assert json.loads(json.dumps(data)) == {
        "prompt": "Pick", "kind": "choice", "answer": "b", "value": "b",
        "code": "code", "tolerance": 0.0, "choices": ["a", "b"],
    }
    t = torch.tensor([0.1, 0.2], device=device.current())
    data = quiz.numbers("p", t, "c").to_json()
    assert json.loads(json.dumps(data))["value"] == pytest.approx([0.1, 0.2])
