"""Part 1 results against the guide's hand answers, plain Python and numpy."""

import math

import numpy as np
import torch

from tensors import fmt
from tensors.notation import notation_table, partial_slope, sigma_loop, vector_arrow


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
