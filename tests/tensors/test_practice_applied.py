"""Level 4 practice answers against numpy, plain loops and the guide."""

import math

import numpy as np
import pytest
import torch

from tensors import practice_applied as pp
from tensors import training
from tensors.fmt import num, vector


def test_q16_softmax_matches_numpy():
    d = pp.q16()
    x = np.array([1.0, 2.0, 3.0])
    want = np.exp(x) / np.exp(x).sum()
    assert d.probs.cpu().numpy() == pytest.approx(want, abs=1e-6)
    assert d.torch_softmax.value.cpu().numpy() == pytest.approx(want, abs=1e-6)
    assert d.same.value is True
    assert d.total.item() == pytest.approx(sum(math.exp(v) for v in x), rel=1e-6)
    assert d.probs_sum.item() == pytest.approx(1.0)


def test_q16_large_logits_overflow_and_the_shift_fixes_them():
    d = pp.q16()
    assert d.large_exp.isinf().all() and d.large.value.isnan().all()
    assert d.large.names[d.large_exp_code] is d.large_exp
    assert f"{d.large_exp_code} = torch.exp(x)" in d.large.code
    x = np.array([1000.0, 1001.0, 1002.0])
    want = np.exp(x - x.max()) / np.exp(x - x.max()).sum()
    assert d.shifted.value.cpu().numpy() == pytest.approx(want, abs=1e-6)
    assert d.large_torch.value.cpu().numpy() == pytest.approx(want, abs=1e-6)


def test_q17_mse_matches_a_plain_loop():
    d = pp.q17()
    t, p = [3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]
    want = sum((a - b) ** 2 for a, b in zip(t, p)) / len(t)
    assert d.loss.item() == pytest.approx(want) == 0.375
    assert d.torch_loss.value.item() == pytest.approx(want)


def test_q18_bmm_shape_and_one_entry():
    d = pp.q18()
    assert d.c_shape == (32, 10, 30)  # guide A18
    a, b = d.run.names["A"].cpu().numpy(), d.run.names["B"].cpu().numpy()
    c = d.run.names["C"].cpu().numpy()
    assert c == pytest.approx(np.matmul(a, b), abs=1e-4)
    assert d.entry[0].item() == pytest.approx(float(a[0, 0] @ b[0, :, 0]), abs=1e-4)


def test_q19_permute_moves_channels_last():
    d = pp.q19()
    assert d.before == (3, 224, 224) and d.after == (224, 224, 3)  # guide A19
    assert d.axes_after == ("H", "W", "C")
    assert d.contiguous.value is False


def row_order_strides(shape) -> tuple[int, ...]:
    """The strides of a C-ordered array of ``shape``, in elements (numpy's)."""
    a = np.zeros(shape, dtype=np.float32)
    return tuple(s // a.itemsize for s in a.strides)


def test_q19_permute_reorders_strides_so_view_fails_until_contiguous():
    d = pp.q19()
    # numpy: transposing a C-ordered (3, 224, 224) array to (1, 2, 0) moves the
    # strides with the axes; a fresh (224, 224, 3) array has row-order strides.
    image = np.zeros((3, 224, 224), dtype=np.float32)
    moved = image.transpose(1, 2, 0)
    assert d.strides.value == tuple(s // 4 for s in moved.strides) == (224, 1, 50176)
    assert d.row_strides.value == row_order_strides((224, 224, 3)) == (672, 3, 1)
    assert not moved.flags["C_CONTIGUOUS"] and d.strides.value != d.row_strides.value
    # Being a view is not the cause: a slice or a view can be contiguous.
    x = torch.zeros(3, 224, 224)
    assert x[0]._base is x and x[0].is_contiguous() and x.view(-1).is_contiguous()
    assert d.view.error_type == "RuntimeError" and d.view.value is None
    assert "view size is not compatible with input tensor's size and stride" in (
        d.view.error)
    assert tuple(d.fixed.value) == (math.prod(d.after),) == (150528,)


def test_q20_step_against_the_gradient():
    d = pp.q20()
    assert d.step.grad.tolist() == pytest.approx([2, -3], abs=1e-5)  # guide Q20
    assert vector(d.step.grad) == "[2, -3]"
    assert d.direction.tolist() == pytest.approx([-0.2, 0.3], abs=1e-5)  # guide A20
    assert d.loss_after.item() < d.step.loss.item()
    assert d.minus_lr == -d.step.lr
    assert d.substituted_tex == (rf"{num(d.minus_lr)}\cdot{vector(d.step.grad)}"
                                 rf" = {vector(d.direction)}")


def test_questions_are_numbered_in_order():
    d = pp.practice_applied()
    assert [q.question.number for q in (d.q16, d.q17, d.q18, d.q19, d.q20)] == list(
        range(16, 21)
    )


def test_q20_is_a_step_on_the_fit_a_line_loss():
    # Oracle: the line-fit loss mean((w x + b - y)^2) and its gradient by hand,
    # in NumPy, at the (w, b) Q20 starts from.
    d, fit = pp.q20(), training.line_fit()
    x, y = fit.x.cpu().double().numpy(), fit.y.cpu().double().numpy()
    w, b = d.step.theta.tolist()
    err = w * x + b - y
    assert (err ** 2).mean() == pytest.approx(d.step.loss.item(), rel=1e-5)
    assert [2 * (err * x).mean(), 2 * err.mean()] == pytest.approx([2, -3], abs=1e-4)
    w1, b1 = w - 0.1 * 2, b - 0.1 * -3
    assert ((w1 * x + b1 - y) ** 2).mean() == pytest.approx(d.loss_after.item(),
                                                            rel=1e-5)
    assert d.step.theta_new.tolist() == pytest.approx([w1, b1], abs=1e-5)


def test_q16_formula_is_typeset_not_wrapped():
    """The card's words hold no formula to break: it is typeset on its own
    line (TeX), and given whole in plain text for the page and handout."""
    q = pp.q16().question
    assert "exp" not in q.text and "=" in q.tex and r"\frac" in q.tex
    assert q.tex_text.startswith("softmax(x)") and q.tex_text.endswith("exp(xⱼ).")


def test_softmax_check_is_right_for_small_and_overflows_for_large():
    said = pp.softmax_overflow_check()
    assert said.startswith("right for small logits such as x = [1, 2, 3]")
    q = pp.q16()
    assert torch.allclose(q.probs, torch.softmax(q.x, dim=0))  # "matches"
    assert "It overflows for large logits" in said and "[nan, nan, nan]" in said


@pytest.mark.parametrize("make", [pp.q16, pp.q20])
def test_question_cards_do_not_break_a_formula_at_an_operator(make):
    from tensors.fmt import lines

    for line in lines(make().question.text, 48):  # scenes.kit.style.WRAP
        assert not line.endswith(("=", "+", "-", "/", "·")), line
        assert not line.startswith(("=", "+", "/", "·")), line
