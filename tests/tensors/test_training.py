"""The running example against the closed-form MSE gradient and a plain loop."""

import numpy as np
import pytest

from tensors import fmt
from tensors.training import line_fit

X = [1.0, 2.0, 3.0, 4.0]
Y = [3.0, 5.0, 7.0, 9.0]


def plain_gradient(w, b):
    """dL/dw and dL/db of mean((w x + b - y)^2), written out."""
    n = len(X)
    errors = [w * x + b - y for x, y in zip(X, Y)]
    return (2 / n * sum(e * x for e, x in zip(errors, X)), 2 / n * sum(errors))


def plain_fit(w, b, lr, steps):
    for _ in range(steps):
        gw, gb = plain_gradient(w, b)
        w, b = w - lr * gw, b - lr * gb
    return w, b


def test_data_lie_on_the_true_line():
    d = line_fit()
    w, b = d.true_line
    assert d.x.tolist() == X and d.y.tolist() == Y
    assert all(w * x + b == y for x, y in zip(X, Y))


def test_broadcast_shapes_are_scalar_and_batch():
    d = line_fit()
    assert dict(d.sizes) == {"w": "torch.Size([])", "x": "torch.Size([4])",
                             "y_hat": "torch.Size([4])"}
    assert np.broadcast_shapes((), (4,)) == (4,)


def test_first_loss_gradient_and_step():
    d = line_fit()
    w0, b0 = float(d.w0), float(d.b0)
    assert d.loss.item() == pytest.approx(np.mean(np.square(Y)))  # 41
    gw, gb = plain_gradient(w0, b0)
    assert (d.w_grad.item(), d.b_grad.item()) == pytest.approx((gw, gb))  # -35, -12
    w1, b1 = w0 - d.lr * gw, b0 - d.lr * gb
    # The scene draws the optimizer line from its form and the lr it shows.
    assert fmt.f(d.optimizer_form, d.lr) == d.optimizer_code
    assert (d.w1.item(), d.b1.item()) == pytest.approx((w1, b1))
    expected = np.mean([(w1 * x + b1 - y) ** 2 for x, y in zip(X, Y)])
    assert d.loss1.item() == pytest.approx(expected, rel=1e-5)
    assert d.losses[0].item() == pytest.approx(d.loss1.item())


def test_not_practice_q15s_answer():
    # Q15 asks dL/dw at w = 1, b = 0 (answer -20); the example starts elsewhere.
    d = line_fit()
    assert (d.w0.item(), d.b0.item()) != (1.0, 0.0)
    assert d.w_grad.item() != plain_gradient(1.0, 0.0)[0]


def test_loop_matches_plain_gradient_descent():
    d = line_fit()
    w, b = d.w1.item(), d.b1.item()
    done = 0
    for snap in d.snapshots:
        w, b = plain_fit(w, b, d.lr, snap.step - done)
        done = snap.step
        assert (snap.w, snap.b) == pytest.approx((w, b), rel=1e-4, abs=1e-4)
    last = d.snapshots[-1]
    assert (last.w, last.b) == pytest.approx(d.true_line, abs=0.01)
    assert d.losses[-1] < d.losses[0] / 1000
    assert np.allclose(10 ** d.log_losses.numpy()[1:], d.losses.numpy(), rtol=1e-4)
