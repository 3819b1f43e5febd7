"""Practice questions Q1-Q10 against the guide's answers, numpy and plain loops."""

import math
import statistics

import numpy as np
import pytest

from tensors import errata, fmt
from tensors.practice_basics import (
    A9_GUIDE,
    PREDICT,
    THINK_SECONDS,
    Question,
    level_one,
    level_two,
    normal_samples,
)


def test_question_countdown_comes_from_its_kind():
    q = Question(4, "words", kind=PREDICT)
    assert q.think_seconds == THINK_SECONDS[PREDICT] == len(q.countdown)
    assert q.countdown == tuple(range(q.think_seconds, 0, -1))
    assert q.said == "words"  # read as written unless told otherwise
    with pytest.raises(ValueError, match="kind"):
        Question(4, "words", kind="guess")
    numbers = [q.question.number for q in vars(level_one()).values()
               if hasattr(q, "question")]
    numbers += [q.question.number for q in vars(level_two()).values()
                if hasattr(q, "question")]
    assert numbers == list(range(1, 11))


def test_q1_q2_shapes_match_the_guide():
    d = level_one()
    # Guide A1: shape 2x3; A2: shape (2, 2, 2), two layers of 2x2.
    assert d.q1.a.tolist() == [[1, 2, 3], [4, 5, 6]]
    assert d.q1.shape == (2, 3) == np.array([[1, 2, 3], [4, 5, 6]]).shape
    assert d.q2.shape == (2, 2, 2) and d.q2.dims == 3 and d.q2.layer_count == 2
    assert [t.tolist() for t in d.q2.layers] == [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]


def test_q1_card_shows_the_matrix_a_row_a_line():
    q = level_one().q1.question
    rows = q.code.split("\n")
    assert [r.split("[")[1].split() for r in rows] == [["1", "2", "3", "]"],
                                                        ["4", "5", "6", "]"]]
    assert len({r.index("[") for r in rows}) == 1  # the brackets line up
    assert not any(c.isdigit() for c in q.text)  # no numbers left to wrap


def test_q3_identity_on_the_left_does_not_fit():
    d = level_one().q3
    a = np.array([[1, 2, 3], [4, 5, 6]])
    # numpy refuses the guide's order too; the other orders give A back.
    try:
        np.eye(3) @ a
        raise AssertionError("numpy multiplied a 3x3 by a 2x3")
    except ValueError:
        pass
    assert d.guide.error_type == "RuntimeError" and "3x3 and 2x3" in d.guide.error
    assert "dtype" in d.mixed.error
    assert d.right.value is True and d.left.value is True
    assert d.right_product.tolist() == (a @ np.eye(3, dtype=int)).tolist()


def test_q4_mean_and_std_by_hand():
    d = level_one().q4
    xs = normal_samples().cpu().tolist()
    assert len(xs) == d.samples == 100
    assert math.isclose(d.mean, statistics.fmean(xs), abs_tol=1e-5)
    assert math.isclose(d.std, statistics.stdev(xs), abs_tol=1e-5)  # n - 1, like torch
    # correction=0 and NumPy's default divide by n: the population std.
    assert math.isclose(d.population.value.item(), statistics.pstdev(xs), abs_tol=1e-5)
    assert math.isclose(d.numpy_std, statistics.pstdev(xs), abs_tol=1e-5)
    assert d.numpy_std < d.std and d.numpy_code in d.numpy.code
    counts = [0] * len(d.counts)
    width = d.edges[1] - d.edges[0]
    for x in xs:
        counts[min(int((x - d.edges[0]) // width), len(counts) - 1)] += 1
    assert d.counts.tolist() == counts and sum(counts) == 100


def test_q5_same_values_different_dtypes():
    d = level_one().q5
    expected = list(range(0, 101, 5))
    assert d.a.tolist() == expected
    assert np.allclose(d.l.cpu().numpy(), np.linspace(0, 100, 21))
    assert d.l.tolist() == [float(v) for v in expected]
    assert (d.arange_dtype, d.linspace_dtype) == ("torch.int64", "torch.float32")
    assert d.close.value is True and d.count == 21


def test_q6_products_match_the_guide_and_numpy():
    d = level_two().q6
    u, v = np.array([1, 2, 3]), np.array([4, 5, 6])
    assert d.hadamard.value.tolist() == [4, 10, 18] == (u * v).tolist()
    assert d.dot.value.item() == 32 == int(u @ v)
    assert d.outer.value.tolist() == np.outer(u, v).tolist()
    assert d.dot_terms == r"1 \cdot 4 + 2 \cdot 5 + 3 \cdot 6"


def test_q7_broadcast_chain():
    d = level_two().q7
    # Guide A7: (4,) -> (1, 4) -> (3, 4); shape (3, 4).
    assert d.chain == ((4,), (1, 4), (3, 4))
    assert d.shape == (3, 4) == np.broadcast_shapes((3, 4), (4,))
    assert d.stride.value == (0, 1)
    assert d.c_stride.value == (4, 1)  # a new, contiguous 3x4 tensor
    assert d.result.tolist() == (np.ones((3, 4)) + np.arange(4)).tolist()
    assert d.same_as_expanded and d.dtype == "torch.float32"


def test_q8_matmul_shape():
    d = level_two().q8
    a, b = np.arange(12.0).reshape(3, 4), np.arange(8.0).reshape(4, 2)
    assert d.shape == (3, 2) and d.inner == (4, 4)
    assert d.product.value.tolist() == (a @ b).tolist()
    assert "4x2 and 3x4" in d.swapped.error


def test_q9_every_two_d_shape():
    d = level_two().q9
    divisors = [(r, 24 // r) for r in range(1, 25) if 24 % r == 0]
    assert len(divisors) == 8 and all(r * c == 24 for r, c in divisors)
    assert d.pairs.value == divisors and d.numel == 2 * 3 * 4
    assert d.worked == tuple(divisors)
    assert tuple(d.good.value) == (4, 6) and d.good.error is None
    assert set(A9_GUIDE) < set(d.worked)
    assert d.missing == ((1, 24), (12, 2), (24, 1))
    assert (d.pair_count, d.worked_count, d.guide_count, d.missing_count) == (
        8, 8, len(A9_GUIDE), 3)
    assert "invalid for input of size 24" in d.bad.error


def test_q10_double_transpose():
    d = level_two().q10
    a = np.array([[1, 2, 3], [4, 5, 6]])
    assert d.t.tolist() == a.T.tolist() and d.tt.tolist() == a.tolist()
    assert d.run.value is True


def test_findings_name_what_torch_does():
    found = errata.by_key()
    said = fmt.plain(found["identity-needs-square-fit"].torch_says())
    assert "3x3 and 2x3" in said and said.endswith("True")
