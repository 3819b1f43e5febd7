"""SGD path against a plain-Python loop and the guide's worked step."""

import pytest

from tensors import descent


def plain_sgd(theta, lr, steps):
    path = [tuple(theta)]
    for _ in range(steps):
        grad = (2 * theta[0], 4 * theta[1])  # d/dtheta of t1^2 + 2 t2^2
        theta = (theta[0] - lr * grad[0], theta[1] - lr * grad[1])
        path.append(theta)
    return path


def test_path_matches_a_plain_loop():
    d = descent.descent()
    expected = plain_sgd(descent.START, descent.LEARNING_RATE, descent.STEPS)
    for got, want in zip(d.path.tolist(), expected):
        assert got == pytest.approx(want, abs=1e-5)


def test_loss_goes_down():
    losses = descent.descent().losses.tolist()
    assert all(b < a for a, b in zip(losses, losses[1:]))


def test_guide_step():
    s = descent.guide_step()
    # Guide A20: grad L = [2, -3], alpha = 0.1, theta_new = theta + [-0.2, 0.3].
    assert s.grad.tolist() == [2, -3]
    assert s.delta.tolist() == pytest.approx([-0.2, 0.3])


def test_gradient_arrows_stay_inside_and_point_along_the_gradient():
    d = descent.descent()
    assert d.arrow_ends.shape == (descent.WORKED_STEPS, 2)
    assert float(d.arrow_ends.abs().max()) < d.extent
    scales = []
    for step, end in zip(d.steps, d.arrow_ends):
        along = (end - step.theta) / step.grad  # one factor per component
        assert along[0] == pytest.approx(float(along[1]))
        scales.append(float(along[0]))
    assert scales == pytest.approx([scales[0]] * len(scales))  # one scale for all
    assert scales[0] > 0  # uphill, as the narration says


def test_ticks_cover_the_surface_and_the_chart():
    d = descent.descent()
    assert d.ticks == (-2, -1, 0, 1, 2)
    assert all(abs(t) <= d.extent for t in d.ticks)
    assert d.step_ticks[0] == 0 and d.step_ticks[-1] == descent.STEPS
    assert d.loss_ticks[0] == 0 and d.loss_ticks[-1] == d.loss_top
    assert d.loss_top >= float(d.losses.max())
