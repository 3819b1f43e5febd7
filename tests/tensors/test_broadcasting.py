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


def test_q7_shape_matches_numpy():
    d = broadcasting()
    # Guide A7: the shape is (3, 4).
    assert d.q7_shape == (3, 4) == np.broadcast_shapes((3, 4), (4,))
    assert d.q7.value.cpu().numpy().tolist() == (np.ones((3, 4)) + np.arange(4)).tolist()


def test_clash_is_torchs_error():
    d = broadcasting()
    assert d.clash.value is None and d.clash.error_type == "RuntimeError"
    assert "must match the size of tensor b (3)" in d.clash.error
