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


def test_backward_by_hand_matches_autograd_and_finite_differences():
    d = line_fit()
    h = d.by_hand
    w, b = float(d.w0), float(d.b0)
    n = len(X)
    errors = [w * x + b - y for x, y in zip(X, Y)]
    # Local derivatives, point by point: mean, square, subtraction, y_hat.
    expected = ([1 / n] * n, [2 * e for e in errors], [1.0] * n, X, [1.0] * n)
    assert [r.values.tolist() for r in h.locals] == pytest.approx(expected)
    assert [r.rule for r in h.locals][1] == "ds/de = 2 * e"
    # Multiplied along each point's path, added at the leaf.
    w_paths = [2 * e * x / n for e, x in zip(errors, X)]
    b_paths = [2 * e / n for e in errors]
    assert h.w_paths.tolist() == pytest.approx(w_paths)  # -1.5, -5, -10.5, -18
    assert h.b_paths.tolist() == pytest.approx(b_paths)
    assert (h.w_sum.item(), h.b_sum.item()) == pytest.approx(plain_gradient(w, b))
    # The same as autograd's .grad, and as a central difference of the loss.
    assert (h.w_sum.item(), h.b_sum.item()) == (d.w_grad.item(), d.b_grad.item())

    def loss(w, b):
        return np.mean([(w * x + b - y) ** 2 for x, y in zip(X, Y)])

    step = h.fd_step
    fd = ((loss(w + step, b) - loss(w - step, b)) / (2 * step),
          (loss(w, b + step) - loss(w, b - step)) / (2 * step))
    assert (h.w_fd.item(), h.b_fd.item()) == pytest.approx(fd, abs=1e-6)
    assert (h.w_fd.item(), h.b_fd.item()) == pytest.approx((-35, -12), abs=1e-6)


def test_without_zero_grad_the_second_grad_is_the_sum():
    d = line_fit()
    a = d.accumulated
    assert not any("zero_grad" in line for line in a.loop_code)
    g1 = plain_gradient(float(d.w0), float(d.b0))[0]
    w1, b1 = plain_fit(float(d.w0), float(d.b0), d.lr, 1)
    g2 = plain_gradient(w1, b1)[0]  # step 2's own gradient: -5.75
    assert a.fresh.item() == pytest.approx(g2)
    assert a.w_grads[0].item() == pytest.approx(g1)  # -35
    assert a.w_grads[1].item() == pytest.approx(g1 + g2)  # -40.75: the sum
    # With zero_grad the loss keeps falling; without, step 3's loss jumps up.
    assert a.kept[2] < a.kept[1] < a.kept[0]
    assert a.losses[2] > a.losses[1] and a.losses[2] > 100 * a.kept[2]
    assert a.kept[1].item() == pytest.approx(d.loss1.item())


def test_tick_values_cover_the_plots():
    d = line_fit()
    assert d.x_ticks[0] == d.plot_x[0] and d.x_ticks[-1] == d.plot_x[1]
    assert d.y_ticks[-1] == d.plot_y[1] >= max(Y)
    assert d.step_ticks[0] == 0 and d.step_ticks[-1] == len(d.losses)
    low, high = d.log_range
    assert low <= d.log_losses.min() and d.log_losses.max() <= high
    assert d.log_ticks[0] == low and d.log_ticks[-1] == high
    assert d.log_base ** d.log_ticks[-1] > d.loss.item()
