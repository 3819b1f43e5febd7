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
    # Lined up from the right, nothing missing: b is already (1, 2).
    assert d.guide.a_columns == (2, 2) and d.guide.b_columns == (1, 2)
    assert d.guide.b_read_as == (1, 2)
    # b.expand copies nothing: the stretched rows are b's own memory.
    assert d.guide.b_stretched.stride() == (0, 1)


def test_row_case_matches_numpy_and_is_not_q7():
    d = broadcasting()
    assert d.row_shape == (2, 3) == np.broadcast_shapes((2, 3), (3,))
    want = np.ones((2, 3)) + np.arange(3)
    assert d.row.value.cpu().numpy().tolist() == want.tolist()
    p = d.row_parts
    assert p.result.tolist() == want.tolist() == [[1, 2, 3], [1, 2, 3]]
    # The picture draws each operand: b is [0, 1, 2], read again for each row.
    assert p.a.tolist() == np.ones((2, 3)).tolist()
    assert p.b.tolist() == [0, 1, 2]
    assert p.b_stretched.tolist() == np.broadcast_to(np.arange(3), (2, 3)).tolist()
    # Lined up from the right: b has no first dim (a gap), read as size 1.
    assert p.a_columns == (2, 3) and p.b_columns == (None, 3)
    assert p.b_read_as == (1, 3)
    # Practice Q7 asks about (3, 4) + (4,): the teaching scene uses other shapes.
    assert (tuple(p.a.shape), tuple(p.b.shape)) != ((3, 4), (4,))


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


def test_running_problem_at_the_guess():
    r = broadcasting().running
    # Our four points and the guess, read here by hand, not from the lesson code.
    xs, ys, (w, b) = [1.0, 2.0, 3.0, 4.0], [3.0, 5.0, 7.0, 9.0], (0.5, 1.0)
    assert r.guess_code == ("w = torch.tensor(0.5)", "b = torch.tensor(1.0)")
    assert r.w.item() == w and r.b.item() == b
    assert r.x.tolist() == xs and r.y.tolist() == ys
    # Not the fit's start (0, 0) and not Q15's w = 1: nothing is given away.
    assert (w, b) != (0.0, 0.0) and w != 1.0
    # y_hat = w * x + b, point by point in plain Python.
    assert r.y_hat.code == "y_hat = w * x + b" and r.model == "w * x + b"
    assert r.prediction.tolist() == [w * x + b for x in xs] == [1.5, 2.0, 2.5, 3.0]
    assert all(p != y for p, y in zip(r.prediction.tolist(), ys))  # the guess is off
    # Shapes: two scalars and a vector broadcast to the vector's shape.
    assert tuple(r.w.shape) == tuple(r.b.shape) == ()
    assert r.shape == (4,) == np.broadcast_shapes((), (4,), ())
    assert r.w_columns == r.b_columns == (None,) and r.x_columns == (4,)
    assert r.w_read_as == r.b_read_as == (1,)


def test_running_expand_is_a_view():
    r = broadcasting().running
    assert r.w_expand.code == "w.expand(4)" and r.b_expand.code == "b.expand(4)"
    assert r.w_expand.value.tolist() == [0.5] * 4
    assert r.b_expand.value.tolist() == [1.0] * 4
    # Stride 0: one value read again, as numpy's broadcast_to (a view) reads it.
    assert r.stride.code == "w.expand(4).stride()" and r.stride.value == (0,)
    assert np.broadcast_to(np.float32(0.5), (4,)).strides == (0,)
    assert r.shares_storage
