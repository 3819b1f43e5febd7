"""Broadcasting results against the guide's answers and numpy."""

import numpy as np

from tensors.broadcasting import broadcasting


def test_guide_a_plus_b():
    d = broadcasting()
    # The guide's picture: [[1, 2], [3, 4]] + [[10, 20]] = [[11, 22], [13, 24]].
    assert d.guide.result.tolist() == [[11, 22], [13, 24]]
    assert d.guide.b_stretched.tolist() == [[10, 20], [10, 20]]
    assert d.guide.shape == (2, 2)
    a, b = np.array([[1, 2], [3, 4]]), np.array([[10, 20]])
    assert d.guide.shape == np.broadcast_shapes(a.shape, b.shape)


def test_row_case_matches_numpy_and_is_not_q7():
    d = broadcasting()
    assert d.row_shape == (2, 3) == np.broadcast_shapes((2, 3), (3,))
    want = np.ones((2, 3)) + np.arange(3)
    assert d.row.value.cpu().numpy().tolist() == want.tolist()
    # Practice Q7 asks about (3, 4) + (4,): the teaching scene uses other shapes.
    assert d.row_operand_shapes != ((3, 4), (4,))


def test_clash_is_torchs_error():
    d = broadcasting()
    assert d.clash.value is None and d.clash.error_type == "RuntimeError"
    assert "must match the size of tensor b (2)" in d.clash.error
    try:
        np.broadcast_shapes((2, 3), (2,))
    except ValueError:
        pass
    else:
        raise AssertionError("numpy broadcast (2, 3) with (2,)")
