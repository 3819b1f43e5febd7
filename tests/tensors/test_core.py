"""PyTorch core results against the guide's answers, numpy and plain loops."""

import numpy as np

from tensors import device
from tensors.core import chain_rule, hadamard, matmul, ranks

A = [[1, 2], [3, 4]]
B = [[5, 6], [7, 8]]


def test_ranks_match_numpy():
    d = ranks()
    for t, literal in ((d.scalar, 5), (d.vector, [1, 2, 3]), (d.matrix, A)):
        arr = np.array(literal)
        assert t.shape == arr.shape and t.dim == arr.ndim
        assert t.value.cpu().tolist() == literal
    assert (d.scalar.dim, d.vector.dim, d.matrix.dim) == (0, 1, 2)


def test_q2_cube_is_two_layers_of_two_by_two():
    d = ranks()
    # Guide A2: shape (2, 2, 2), two layers of 2x2 matrices.
    assert d.cube.shape == (2, 2, 2) and d.cube.dim == 3
    assert [layer.value.tolist() for layer in d.cube_layers] == [A, B]
    assert d.cube_question == 2


def test_image_batch_is_seeded_b_c_h_w():
    d = ranks()
    assert d.images.shape == (2, 3, 4, 4) and d.images.dim == 4
    assert d.image_axes == ("B", "C", "H", "W")
    assert np.allclose(d.images.value.cpu().numpy(), device.rand(2, 3, 4, 4).cpu().numpy())
    assert ((d.images.value >= 0) & (d.images.value < 1)).all()


def test_hadamard_is_the_guides_answer_and_numpy():
    d = hadamard()
    # Guide 2.2: A * B = [[5, 12], [21, 32]].
    assert d.product.value.tolist() == [[5, 12], [21, 32]]
    assert d.product.value.tolist() == (np.array(A) * np.array(B)).tolist()
    assert d.matmul.value.tolist() == [[19, 22], [43, 50]]


def test_matmul_entries_are_row_dot_column():
    d = matmul()
    loops = [[sum(A[i][k] * B[k][j] for k in range(2)) for j in range(2)] for i in range(2)]
    assert d.product.value.tolist() == loops == (np.array(A) @ np.array(B)).tolist()
    assert [(e.i, e.j, int(e.value)) for e in d.entries] == [
        (i, j, loops[i][j]) for i in range(2) for j in range(2)]
    # Guide: E[0,0] = (1*5) + (2*7) = 19.
    first = d.entries[0]
    assert first.terms.tolist() == [5, 14] and int(first.value) == 19
    assert first.tex == r"E_{0,0} = 1 \cdot 5 + 2 \cdot 7 = 19"


def test_shape_rule_and_refusals():
    d = matmul()
    # Guide A8: (3 x 4) @ (4 x 2) works, output (3, 2).
    assert (d.rule.left, d.rule.right, d.rule.out) == ((3, 4), (4, 2), (3, 2))
    assert d.rule.out == (np.ones((3, 4)) @ np.ones((4, 2))).shape
    assert d.clash.out is None and d.clash.run.error_type == "RuntimeError"
    assert "cannot be multiplied (2x3 and 2x3)" in d.clash.run.error
    assert d.dot.error_type == "RuntimeError" and "1D tensors expected" in d.dot.error
    # One row with one column is what torch.dot takes: E[0, 0] = 19.
    assert int(d.dot_row_column.value) == 19 == int(np.dot(A[0], [r[0] for r in B]))


def test_chain_rule_q13_by_hand():
    d = chain_rule()
    x = 1.0
    u = 2 * x + 1
    # dy/du = 2u, du/dx = 2, dy/dx = 2u * 2 = 12 at x = 1 (guide Q13).
    assert (float(d.x), float(d.u), float(d.y)) == (x, u, u ** 2)
    assert float(d.dy_du) == 2 * u and float(d.du_dx) == 2
    assert float(d.product) == float(d.dy_dx) == 2 * u * 2 == 12
    # Central difference on the whole function agrees.
    h = 1e-3
    y = lambda t: (2 * t + 1) ** 2  # noqa: E731
    assert abs((y(x + h) - y(x - h)) / (2 * h) - float(d.dy_dx)) < 1e-6
