"""Part 1 results against the guide's hand answers, plain Python and numpy."""

import math

import numpy as np
import torch

from tensors import fmt
from tensors.notation import notation_table, partial_slope, sigma_loop, vector_arrow
from tests.tensors.texmath import equation, evaluate


def by_name():
    return {r.name: r for r in notation_table().rows}


def test_table_has_the_guides_symbols_in_order():
    names = [r.name for r in notation_table().rows]
    assert names == ["Variables", "Real numbers", "Belongs to", "n-dimensional space",
                     "Summation", "Product", "Partial derivative", "Gradient", "Norm",
                     "Transpose", "Dot product"]


def test_worked_examples_match_the_guide():
    rows = by_name()
    # Guide 1.1: sum 1..5 = 15, product 1..3 = 6, ||[3, 4]|| = 5, [1,2].[3,4] = 11.
    assert rows["Summation"].shown == "15" == str(sum(range(1, 6)))
    assert rows["Product"].shown == "6" == str(math.prod(range(1, 4)))
    assert rows["Norm"].shown == "5" == fmt.num(math.hypot(3, 4))
    assert rows["Dot product"].shown == "11" == str(1 * 3 + 2 * 4)
    assert rows["Variables"].shown == "5"
    assert rows["Real numbers"].shown == f"[3, -2.5, 0, {round(math.pi, 4)}]"
    assert rows["Real numbers"].numel == 4  # "here are 4 of them"
    assert rows["Variables"].numel == 1 and rows["Belongs to"].numel is None


def test_groups_hold_the_rows_in_order():
    t = notation_table()
    assert [g.title for g in t.groups] == ["Numbers and sets", "Sums and products",
                                           "Slopes", "Vectors"]
    assert tuple(r for g in t.groups for r in g.rows) == t.rows


def test_transpose_is_a_column():
    rows = by_name()
    col = rows["Transpose"].value
    assert tuple(col.shape) == (3, 1) == np.array([[1, 2, 3]]).T.shape
    assert col.cpu().reshape(-1).tolist() == [1, 2, 3]
    assert rows["n-dimensional space"].shown == "torch.Size([3])"  # as torch prints
    assert tuple(notation_table().flat_t.value) == (3,)


def test_partial_and_gradient_of_xy():
    rows = by_name()
    # f = x y at (3, 2): df/dx = y = 2, grad f = [y, x] = [2, 3].
    assert rows["Partial derivative"].shown == "2"
    assert rows["Gradient"].shown == "[2, 3]"


def test_default_float_and_int_dtypes():
    t = notation_table()
    assert by_name()["Belongs to"].shown == "torch.float32"
    assert t.int_dtype.value is torch.int64
    assert t.point.names["x"].item() == 3 and t.point.names["y"].item() == 2


def test_sigma_loop_is_a_loop():
    d = sigma_loop()
    total, running = 0, []
    for i in range(1, 5):
        total += i ** 2
        running.append(total)
    assert d.running.tolist() == running == np.cumsum(np.arange(1, 5) ** 2).tolist()
    assert d.terms.tolist() == [1, 4, 9, 16]
    assert int(d.total) == 30 == d.python.value  # the guide's answer
    assert d.expanded_tex == "1^2 + 2^2 + 3^2 + 4^2"
    assert d.python_range.value == [1, 2, 3, 4]  # range leaves out its end
    assert d.stop == 5 and d.python_range.code == "list(range(1, 5))"


def test_partial_slope_matches_the_formula():
    d = partial_slope()
    x, y = 1.0, 2.0
    assert float(d.autograd.value) == 2 * x + 3 * y == 8
    assert float(d.formula.value) == 8
    assert float(d.z0) == x ** 2 + 3 * x * y + y ** 2 == 11
    # Finite difference of the slice, independent of autograd.
    h = 1e-4
    z = lambda t: t ** 2 + 3 * t * y + y ** 2  # noqa: E731
    assert abs((z(x + h) - z(x - h)) / (2 * h) - 8) < 1e-6
    xs = d.xs.cpu().numpy()
    assert np.allclose(d.zs.cpu().numpy(), xs ** 2 + 6 * xs + 4, atol=1e-4)
    assert np.allclose(d.tangent.cpu().numpy(), 11 + 8 * (xs - 1), atol=1e-4)
    assert d.slice_tex == "z(x, 2) = x^2 + 6x + 4"
    # requires_grad on y changes nothing about dz/dx.
    assert float(d.both.value) == 8


def test_partial_contours_lie_on_their_levels():
    d = partial_slope()
    for c in (*d.levels, d.through):
        pts = c.segments.cpu().reshape(-1, 2).double().numpy()
        assert len(pts)
        z = pts[:, 0] ** 2 + 3 * pts[:, 0] * pts[:, 1] + pts[:, 1] ** 2
        # linear interpolation on a grid: close to the level, not exact
        assert np.abs(z - c.level).max() < 0.05 * max(1.0, abs(c.level))
    through = d.through.segments.cpu().reshape(-1, 2).numpy()
    assert np.min(np.hypot(through[:, 0] - 1, through[:, 1] - 2)) < 0.1


def test_vector_norm_and_direction():
    d = vector_arrow()
    assert float(d.norm) == 5.0 == np.linalg.norm([3, 4])
    assert np.allclose(d.unit.cpu().numpy(), [0.6, 0.8])
    assert abs(float(d.unit_norm) - 1) < 1e-6


def test_flat_transpose_does_nothing_and_warns():
    import warnings

    t = notation_table()
    torch.set_warn_always(True)  # torch warns once a process otherwise
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            flipped = torch.tensor([1, 2, 3]).T
    finally:
        torch.set_warn_always(False)
    assert tuple(flipped.shape) == (3,) == tuple(t.flat_t.value)  # unchanged
    assert np.array([1, 2, 3]).T.shape == (3,)  # numpy agrees: nothing to flip
    assert caught and caught[0].category is UserWarning
    assert t.flat_t_warning.startswith("UserWarning: The use of `x.T` on tensors")
    assert str(caught[0].message).startswith(t.flat_t_warning.split(": ", 1)[1])


def test_slope_rows_use_backward_and_grad():
    rows = by_name()
    assert "autograd.grad" not in rows["Partial derivative"].code
    assert rows["Partial derivative"].code == "(x * y).backward(); x.grad"
    # the gradient row reads the .grad that one backward call filled
    x = torch.tensor(3.0, requires_grad=True)
    y = torch.tensor(2.0, requires_grad=True)
    (x * y).backward()
    assert rows["Gradient"].value.tolist() == [x.grad.item(), y.grad.item()]


def test_plot_ticks_cover_the_plotted_ranges():
    d = partial_slope()
    assert d.x_ticks == (-1, 0, 1, 2, 3) and d.y_ticks == (0, 1, 2, 3, 4)
    assert float(d.y0) in d.y_ticks  # "hold y still at 2" is a marked value
    low, high = d.z_range
    assert d.z_ticks[0] == low and d.z_ticks[-1] == high
    assert low <= min(d.zs.min(), d.tangent.min()) and high >= max(d.zs.max(),
                                                                    d.tangent.max())
    assert all(b - a == d.z_step for a, b in zip(d.z_ticks, d.z_ticks[1:]))
    v = vector_arrow()
    assert v.ticks == tuple(range(1, int(v.extent) + 1))


# -- The running problem: the opening's plot, sigma-loop's loss -----------------

POINTS = [(1, 3), (2, 5), (3, 7), (4, 9)]  # the running problem, by hand
GUESS = (0.5, 1.0)  # its first guess, by hand


def test_opening_plots_the_four_points_and_the_guess():
    p = notation_table().problem
    assert list(zip(p.x.tolist(), p.y.tolist())) == POINTS
    assert (p.w.item(), p.b.item()) == GUESS
    assert (p.w.item(), p.b.item()) != (2.0, 1.0)  # a guess, not the answer
    assert (p.w.item(), p.b.item()) != (1.0, 0.0)  # nor practice question 15's w, b
    # Every point lies inside the plot; the ticks are whole steps, 0 on x only.
    (x0, x1), (y0, y1) = p.plot_x, p.plot_y
    assert all(x0 < x < x1 and y0 < y <= y1 for x, y in POINTS)
    assert p.x_ticks == (0, 1, 2, 3, 4, 5) and p.y_ticks == (2, 4, 6, 8, 10)
    assert p.x_ticks[-1] == x1 and p.y_ticks[-1] == y1
    # The dashed guess: w x + b at the plot's ends, below every point ("passes
    # below all four points", the narration says).
    w, b = GUESS
    assert p.guess_ends.tolist() == [w * x0 + b, w * x1 + b]
    assert p.guess_below and all(w * x + b < y for x, y in POINTS)
    assert all(y0 <= v <= y1 for v in p.guess_ends.tolist())  # not cut off


def test_running_loss_is_the_mean_of_one_term_a_point():
    d = sigma_loop().problem
    w, b = GUESS
    by_hand = [(w * x + b - y) ** 2 for x, y in POINTS]
    assert by_hand == [2.25, 9, 20.25, 36]
    assert d.terms.tolist() == by_hand
    assert d.n == len(POINTS) and d.power == 2
    mean = sum(by_hand) / len(by_hand)
    assert mean == 16.875
    assert d.loop.value.item() == mean == d.by_torch.value.item()
    xs, ys = np.array(POINTS, dtype=np.float64).T
    assert np.mean((w * xs + b - ys) ** 2) == mean  # numpy agrees
    assert "for xi, yi in zip(x, y):" in d.loop.code
    assert d.by_torch.code == "((w * x + b - y) ** 2).mean()"
    assert fmt.num(d.loop.value) == fmt.num(d.by_torch.value) == "16.875"


def test_running_loss_formula_on_screen_is_the_loss_that_runs():
    d = sigma_loop().problem
    # texmath reads a plain \sum_i; the limits on screen are 1 and n.
    limits = r"\sum_{i=1}^{n}"
    assert limits in d.loss_tex
    eq = equation(d.loss_tex.replace(limits, r"\sum_i"))
    assert eq.lhs == "L"
    xs, ys = np.array(POINTS, dtype=np.float64).T
    rng = np.random.default_rng(4)
    for w, b in [GUESS, *rng.normal(size=(3, 2))]:
        want = np.mean((w * xs + b - ys) ** 2)
        got = evaluate(eq.sides[0], x_i=xs, y_i=ys, w=w, b=b, n=len(xs))
        assert np.isclose(got, want)
