"""Gradient descent on the running problem's loss, against plain Python and numpy.

Every number the scene shows or says, and every claim its narration makes
about the surface and the path (a narrow valley, a straight run across it,
a turn, a creep along the floor), is recomputed here without the lesson's
code: the MSE and its gradient written out by hand, SGD as a plain loop,
the Hessian and the minimum from the closed form of a quadratic.
"""

import math

import numpy as np
import pytest
import torch

from tensors import descent, fmt, training

X = [1.0, 2.0, 3.0, 4.0]
Y = [3.0, 5.0, 7.0, 9.0]


def plain_loss(w, b):
    return sum((w * x + b - y) ** 2 for x, y in zip(X, Y)) / len(X)


def plain_gradient(w, b):
    """dL/dw and dL/db of mean((w x + b - y)^2), written out."""
    n = len(X)
    errors = [w * x + b - y for x, y in zip(X, Y)]
    return (2 / n * sum(e * x for e, x in zip(errors, X)), 2 / n * sum(errors))


def plain_sgd(w, b, lr, steps):
    """[(w, b, dw, db)] before each step, then the last (w, b)."""
    seen = []
    for _ in range(steps):
        gw, gb = plain_gradient(w, b)
        seen.append((w, b, gw, gb))
        w, b = w - lr * gw, b - lr * gb
    return seen, (w, b)


def hessian():
    """The MSE is quadratic: H = 2/n [[sum x^2, sum x], [sum x, n]]."""
    n = len(X)
    return 2 / n * np.array([[sum(x * x for x in X), sum(X)], [sum(X), n]])


def angle(u, v):
    """The angle between two directions, in degrees (0 to 90: a line has no sign)."""
    u, v = np.asarray(u, float), np.asarray(v, float)
    cos = abs(u @ v) / (np.linalg.norm(u) * np.linalg.norm(v))
    return math.degrees(math.acos(min(1.0, cos)))


@pytest.fixture(scope="module")
def d():
    return descent.descent()


def test_same_start_and_learning_rate_as_fit_a_line(d):
    assert d.lr == training.LEARNING_RATE == 0.05
    assert d.path[0].tolist() == [0.0, 0.0]
    assert d.x.tolist() == X and d.y.tolist() == Y


def test_path_matches_a_plain_loop(d):
    seen, last = plain_sgd(0.0, 0.0, 0.05, descent.STEPS)
    assert len(d.steps) == descent.STEPS and len(d.path) == descent.STEPS + 1
    for step, (w, b, gw, gb) in zip(d.steps, seen):
        assert step.theta.tolist() == pytest.approx([w, b], abs=1e-5)
        assert step.grad.tolist() == pytest.approx([gw, gb], rel=1e-4, abs=1e-5)
        assert step.loss.item() == pytest.approx(plain_loss(w, b), rel=1e-4, abs=1e-7)
        assert (step.theta_new - step.theta).tolist() == pytest.approx(
            step.delta.tolist())
    assert d.path[-1].tolist() == pytest.approx(list(last), abs=1e-5)
    assert d.losses.tolist() == pytest.approx(
        [plain_loss(*p) for p in d.path.tolist()], rel=1e-4, abs=1e-7)


def test_the_path_is_fit_a_lines_first_steps(d):
    fit = training.line_fit()
    assert d.path[1].tolist() == pytest.approx([fit.w1.item(), fit.b1.item()])
    assert (d.steps[0].grad.tolist()
            == [fit.w_grad.item(), fit.b_grad.item()] == [-35.0, -12.0])
    # Fit-a-line takes one step by itself, then loops: its loop's step k is
    # the optimizer's step k + 1 from w = b = 0.
    checked = 0
    for snap in fit.snapshots:
        if snap.step + 1 <= descent.STEPS:
            assert d.path[snap.step + 1].tolist() == pytest.approx([snap.w, snap.b],
                                                                   abs=1e-6)
            checked += 1
    assert checked >= 3


def test_numbers_said_and_shown(d):
    first, second = d.steps[0], d.steps[1]
    assert fmt.vector(first.grad) == "[-35, -12]"
    assert fmt.vector(first.theta_new) == "[1.75, 0.6]"
    assert fmt.num(d.losses[0]) == "41"
    assert fmt.vector(second.grad) == "[-5.75, -2.05]"
    assert fmt.vector(second.theta_new) == "[2.0375, 0.7025]"
    assert fmt.num(d.losses[2]) == "0.0433"
    last = d.steps[-1]
    assert fmt.vector(last.theta_new) == "[2.0216, 0.9366]"
    assert fmt.num(d.losses[-1]) == "0.0007"


def test_minimum_is_the_true_line(d):
    assert d.minimum.tolist() == pytest.approx([2.0, 1.0], abs=1e-5)
    assert plain_loss(*d.minimum.tolist()) == pytest.approx(0.0, abs=1e-9)
    assert plain_gradient(2.0, 1.0) == (0.0, 0.0)


def test_a_long_narrow_valley(d):
    low, high = np.linalg.eigvalsh(hessian())
    assert d.curvature.tolist() == pytest.approx([low, high], rel=1e-4)
    assert d.steepness.item() == pytest.approx(high / low, rel=1e-4)
    assert fmt.num(d.steepness, 0) == "56"


def test_the_path_runs_across_the_valley_then_turns_and_creeps(d):
    """What the narration says about the path's shape, in numbers."""
    _, vectors = np.linalg.eigh(hessian())
    along, across = vectors[:, 0], vectors[:, 1]  # the floor, the steep way
    path = np.array(d.path.tolist())
    moves = np.diff(path, axis=0)
    worked = descent.WORKED_STEPS
    # The worked steps run straight across: along the steep direction, one line,
    # and the gradient at step 2 points almost as at step 1.
    for move in moves[:worked]:
        assert angle(move, across) < 2
    assert angle(d.steps[1].grad.tolist(), d.steps[0].grad.tolist()) < 2
    # Two steps cover most of the way to the minimum.
    start, low = path[0], np.array([2.0, 1.0])
    assert np.linalg.norm(path[worked] - low) < 0.2 * np.linalg.norm(start - low)
    # Then the path turns a corner and creeps along the floor.
    tail = path[-1] - path[worked + 2]
    assert 80 < angle(tail, moves[0]) <= 90
    assert angle(tail, along) < 10
    assert all(np.linalg.norm(m) < 0.01 * np.linalg.norm(moves[0])
               for m in moves[worked + 2:])
    # It ends short of the minimum, nearer than after the worked steps.
    gap = np.linalg.norm(path[-1] - low)
    assert 0 < gap < np.linalg.norm(path[worked] - low)


def test_loss_goes_down(d):
    losses = d.losses.tolist()
    assert all(b < a for a, b in zip(losses, losses[1:]))
    assert np.allclose(10 ** d.log_losses.numpy(), d.losses.numpy(), rtol=1e-4)


def test_window_covers_the_start_and_the_minimum_with_a_margin(d):
    (w0, w1), (b0, b1) = d.w_range, d.b_range
    for w, b in [(0.0, 0.0), (2.0, 1.0)]:
        assert w0 + descent.MARGIN <= w <= w1 - descent.MARGIN
        assert b0 + descent.MARGIN <= b <= b1 - descent.MARGIN
    assert all(w0 <= w <= w1 and b0 <= b <= b1 for w, b in d.path.tolist())


def test_surface_is_the_loss_on_the_grid(d):
    rows, cols = d.surface.shape
    (w0, w1), (b0, b1) = d.w_range, d.b_range
    # One scale for w and b: square cells.
    assert (w1 - w0) / cols == pytest.approx((b1 - b0) / rows)
    cell = (w1 - w0) / cols
    for i, j in [(0, 0), (rows - 1, cols - 1), (rows // 2, cols // 3)]:
        w, b = w0 + (j + 0.5) * cell, b1 - (i + 0.5) * cell  # row 0 at the top
        assert d.surface[i, j].item() == pytest.approx(plain_loss(w, b), rel=1e-4)


def test_contours_are_level_lines_through_the_start(d):
    assert d.contours[0].level == pytest.approx(d.losses[0].item())
    for c in d.contours:
        assert len(c.segments) > 0
        for w, b in c.segments.reshape(-1, 2).tolist()[::25]:
            # On the line, to the grid's resolution: within one cell's change.
            gw, gb = plain_gradient(w, b)
            slack = math.hypot(gw, gb) * descent.GRID_STEP
            assert abs(plain_loss(w, b) - c.level) <= slack


def test_gradient_arrows_stay_inside_and_point_along_the_gradient(d):
    assert d.arrow_ends.shape == (descent.WORKED_STEPS, 2)
    (w0, w1), (b0, b1) = d.w_range, d.b_range
    for step, end in zip(d.steps, d.arrow_ends.tolist()):
        w, b = end
        assert w0 < w < w1 and b0 < b < b1
        run = np.array(end) - np.array(step.theta.tolist())
        grad = np.array(step.grad.tolist())
        assert angle(run, grad) < 1e-3 and run @ grad > 0  # uphill, as said
        assert np.linalg.norm(run) <= descent.ARROW_LENGTH + 1e-6


def test_ticks_cover_the_surface_and_the_chart(d):
    assert d.w_ticks == (0, 1, 2) and d.b_ticks == (0, 1)
    assert d.step_ticks[0] == 0 and d.step_ticks[-1] == descent.STEPS
    low, high = d.log_range
    assert d.log_ticks[0] == low and d.log_ticks[-1] == high
    assert 10 ** low <= min(d.losses.tolist()) and max(d.losses.tolist()) <= 10 ** high


def test_not_practice_q15_or_q20(d):
    # Q15 asks about w = 1, b = 0; Q20 about grad L = [2, -3] with alpha = 0.1.
    for step in d.steps:
        assert step.theta.tolist() != [1.0, 0.0]
        assert step.grad.tolist() != pytest.approx([2.0, -3.0], abs=0.5)
    assert d.lr != 0.1


def test_loss_is_the_mse_of_our_four_points():
    # (The formula on screen is read back as math in test_hand_math.py.)
    rng = np.random.default_rng(20)
    for w, b in rng.uniform(-3, 3, size=(5, 2)):
        theta = torch.tensor([w, b], dtype=torch.float64)
        assert descent.loss(theta).item() == pytest.approx(plain_loss(w, b))
