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
