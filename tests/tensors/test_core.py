"""PyTorch core results against the guide's answers, numpy and plain loops."""

import numpy as np
import torch

from tensors import device
from tensors.core import chain_rule, hadamard, matmul, ranks, to_words

A = [[1, 2], [3, 4]]
B = [[5, 6], [7, 8]]


def test_ranks_match_numpy():
    d = ranks()
    for t, literal in ((d.scalar, 5), (d.vector, [1, 2, 3]), (d.matrix, A)):
        arr = np.array(literal)
        assert t.shape == arr.shape and t.dim == arr.ndim
        assert t.value.cpu().tolist() == literal
    assert (d.scalar.dim, d.vector.dim, d.matrix.dim) == (0, 1, 2)


def test_cube_is_two_layers_of_three_by_two_and_not_q2s():
    d = ranks()
    layers = [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]
    assert d.cube.shape == np.array(layers).shape == (2, 3, 2) and d.cube.dim == 3
    assert [layer.value.tolist() for layer in d.cube_layers] == layers
    assert d.cube.size == "torch.Size([2, 3, 2])"
    # Practice Q2 asks for the shape of a (2, 2, 2) tensor: not solved here first.
    assert d.cube.shape != (2, 2, 2)  # not practice question 2's cube


def test_image_batch_is_seeded_b_c_h_w():
    d = ranks()
    assert d.images.shape == (2, 3, 4, 4) and d.images.dim == 4
    assert d.image_axes == ("B", "C", "H", "W")
    want = device.rand(2, 3, 4, 4).cpu().numpy()
    assert np.allclose(d.images.value.cpu().numpy(), want)
    assert ((d.images.value >= 0) & (d.images.value < 1)).all()
    assert d.images.size == "torch.Size([2, 3, 4, 4])"
    # The code shown seeds right before the draw, with an API a reader knows
    # (no torch.Generator object), and leaves torch's generator as it was.
    assert d.images.code.splitlines()[0] == f"torch.manual_seed({d.images_seed})"
    assert "Generator" not in d.images.code and "generator" not in d.images.code
    before = torch.random.get_rng_state()
    ranks()
    assert torch.equal(torch.random.get_rng_state(), before)


def test_images_move_to_the_lectures_device():
    d = ranks()
    assert d.moved.names["images"].device.type == device.current().type == d.device_type
    assert d.device == repr(torch.device(d.moved.value))
    assert d.device.startswith("device(type=")


def test_to_gives_back_the_same_tensor_only_when_it_need_not_move():
    d = ranks()
    t = torch.ones(2)  # on the CPU, as the lesson's t is on every machine
    assert t.to("cpu") is t and t.to(torch.float64) is not t
    assert d.same.value is True and d.new.value is False
    assert d.same.code.endswith('t.to("cpu") is t')
    assert d.new.code == "t.to(torch.float64) is t"
    rule = " ".join(d.to_rule)
    assert "the same tensor if it is already on that device" in rule
    assert "a new one if it must move or convert" in rule and "Always assign" in rule
    assert "copy" not in rule
    assert "torch says True" in d.to_said and "torch says False" in d.to_said


def test_the_to_lesson_reads_the_same_on_every_device():
    """Both answers come from a CPU tensor: no words depend on the device."""
    assert to_words(True, False) == ranks().to_said
    assert "cuda" not in to_words(True, False)


def test_hadamard_is_the_guides_answer_and_numpy():
    d = hadamard()
    # Guide 2.2: A * B = [[5, 12], [21, 32]].
    assert d.product.value.tolist() == [[5, 12], [21, 32]]
    assert d.product.value.tolist() == (np.array(A) * np.array(B)).tolist()
    assert d.matmul.value.tolist() == [[19, 22], [43, 50]]


def test_matmul_entries_are_row_dot_column():
    d = matmul()
    loops = [[sum(A[i][k] * B[k][j] for k in range(2)) for j in range(2)]
             for i in range(2)]
    assert d.product.value.tolist() == loops == (np.array(A) @ np.array(B)).tolist()
    assert [(e.i, e.j, int(e.value)) for e in d.entries] == [
        (i, j, loops[i][j]) for i in range(2) for j in range(2)]
    # Guide: E[0,0] = (1*5) + (2*7) = 19.
    first = d.entries[0]
    assert first.terms.tolist() == [5, 14] and int(first.value) == 19
    assert first.tex == r"E_{0,0} = 1 \cdot 5 + 2 \cdot 7 = 19"


def test_shape_rule_and_refusals():
    d = matmul()
    # Not Q8's shapes (that is a practice question): (2 x 3) @ (3 x 5) -> (2, 5).
    assert (d.rule.left, d.rule.right, d.rule.out) == ((2, 3), (3, 5), (2, 5))
    assert d.rule.out == (np.ones((2, 3)) @ np.ones((3, 5))).shape
    assert d.clash.out is None and d.clash.run.error_type == "RuntimeError"
    assert "cannot be multiplied (2x3 and 2x3)" in d.clash.run.error
    assert d.dot.error_type == "RuntimeError" and "1D tensors expected" in d.dot.error
    # One row with one column is what torch.dot takes: E[0, 0] = 19.
    assert int(d.dot_row_column.value) == 19 == int(np.dot(A[0], [r[0] for r in B]))


def test_chain_rule_by_hand():
    d = chain_rule()
    x = 2.0
    u = 3 * x - 1
    # y = 1/u: dy/du = -1/u^2, du/dx = 3, dy/dx = -3/u^2 = -0.12 at x = 2.
    assert (float(d.x), float(d.u)) == (x, u)
    assert np.isclose(float(d.y), 1 / u)
    assert np.isclose(float(d.dy_du), -1 / u ** 2) and float(d.du_dx) == 3
    assert np.isclose(float(d.product), -3 / u ** 2)
    assert np.isclose(float(d.dy_dx), float(d.product))
    assert d.by_hand[1] == r"\frac{du}{dx} = 3"
    # Not practice Q13's chain (y = u^2 of u = 2x + 1): another outer function,
    # and not its answer (12).
    assert "u^2" not in d.y_tex and "**" not in d.forward_code[2]
    assert not np.isclose(float(d.dy_dx), 12)
    # No API the lecture has not met yet: only .backward() and .grad.
    assert not any("autograd.grad" in c or "retain_graph" in c
                   for c in (*d.forward_code, *d.whole_code))
    # Central difference on the whole function agrees.
    h = 1e-3
    y = lambda t: 1 / (3 * t - 1)  # noqa: E731
    assert abs((y(x + h) - y(x - h)) / (2 * h) - float(d.dy_dx)) < 1e-5


# -- our running problem (tensors.running), checked by hand --------------------

POINTS_X = [1.0, 2.0, 3.0, 4.0]
POINTS_Y = [3.0, 5.0, 7.0, 9.0]
GUESS_W, GUESS_B = 0.5, 1.0


def test_running_problem_shapes_are_torchs():
    r = ranks().running
    assert r.model == "w * x + b"
    for t, values in ((r.x, POINTS_X), (r.y, POINTS_Y)):
        assert t.value.tolist() == values and t.shape == (4,) and t.dim == 1
        assert t.size == "torch.Size([4])" and t.code.startswith(f"{t.name} = ")
    for t, value in ((r.w, GUESS_W), (r.b, GUESS_B)):
        assert t.value.item() == value and t.shape == () and t.dim == 0
        assert t.size == "torch.Size([])" and t.value.ndim == 0
    # Two features per point: x beside a column of ones, one row per point.
    assert r.batch.value.tolist() == [[xi, 1.0] for xi in POINTS_X]
    assert r.batch.shape == np.array([[xi, 1.0] for xi in POINTS_X]).shape == (4, 2)
    assert r.batch.dim == 2 and r.batch.size == "torch.Size([4, 2])"
    assert r.batch.code == "X = torch.stack([x, torch.ones(4)], dim=1)"


def test_running_errors_squared_element_by_element():
    h = hadamard().running
    assert (h.w.item(), h.b.item()) == (GUESS_W, GUESS_B)
    misses = [(GUESS_W * xi + GUESS_B) - yi for xi, yi in zip(POINTS_X, POINTS_Y)]
    assert misses == [-1.5, -3.0, -4.5, -6.0]
    assert h.e.tolist() == misses
    assert h.squares.code == "e * e"
    assert h.squares.value.tolist() == [m * m for m in misses] == [2.25, 9, 20.25, 36]
    assert h.error.code.splitlines()[-1] == "e = (w * x + b) - y"
    # Not the start of the fit (w = b = 0) nor practice Q15's w = 1.
    assert (h.w.item(), h.b.item()) not in ((0.0, 0.0), (1.0, 0.0))


def test_running_matmul_is_the_model_at_every_point():
    m = matmul().running
    X = [[xi, 1.0] for xi in POINTS_X]
    theta = [GUESS_W, GUESS_B]
    assert m.X.tolist() == X and m.theta.tolist() == theta
    by_rows = [sum(a * t for a, t in zip(row, theta)) for row in X]
    model = [GUESS_W * xi + GUESS_B for xi in POINTS_X]
    assert m.product.value.tolist() == by_rows == model == [1.5, 2.0, 2.5, 3.0]
    assert (np.array(X) @ np.array(theta)).tolist() == by_rows
    assert (m.rule.left, m.rule.right, m.rule.out) == ((4, 2), (2,), (4,))
    assert m.check.code == "torch.equal(X @ theta, w * x + b)"
    assert m.check.value is True
    # The first point's row: x_0 * w + 1 * b.
    first = m.first
    assert first.i == 0 and first.row.tolist() == [1.0, 1.0]
    assert float(first.value) == 1 * GUESS_W + 1 * GUESS_B == by_rows[0]
    assert first.tex == r"1 \cdot w + 1 \cdot b = 1 \cdot 0.5 + 1 \cdot 1 = 1.5"
    assert m.params.code == "theta = torch.tensor([w, b])"
