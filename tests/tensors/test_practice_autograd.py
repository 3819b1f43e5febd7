"""Level 3 practice answers against hand calculus in plain Python and the guide."""

import pytest
import torch

from tensors import fmt
from tensors import practice_autograd as pa
from tensors.fmt import num


def test_q11_matches_the_guide_and_the_hand_derivative():
    d = pa.q11()
    x = 2.0
    assert d.autograd.value.item() == 3 * x**2 - 4 * x + 5 == 9  # guide A11
    assert d.hand.item() == 9
    assert d.f.item() == x**3 - 2 * x**2 + 5 * x - 7
    assert d.substituted_tex.endswith("= 9")


def test_q12_gradient_is_12_31():
    d = pa.q12()
    x, y = 2.0, 3.0
    assert d.grad.tolist() == [2 * x * y, x**2 + 3 * y**2] == [12, 31]  # guide A12
    assert d.hand.tolist() == [12, 31]


def test_q13_chain_rule_factors():
    d = pa.q13()
    u = 2 * 1.0 + 1
    assert d.u.item() == u == 3
    assert d.dy_du.item() == 2 * u
    assert d.du_dx.item() == 2
    assert d.product.item() == d.autograd.value.item() == 12  # guide A13


def test_q14_second_backward_raises_and_retain_graph_accumulates():
    d = pa.q14()
    assert d.first.value.item() == 2 * 3.0
    assert "y = x ** 2" in d.twice.code and "when y = x ** 2" in d.question.quiz.prompt
    assert d.twice.error_type == "RuntimeError"
    assert "backward through the graph a second time" in d.twice.error
    assert d.retain.value.item() == 2 * d.first.value.item()
    assert d.recompute.value.item() == 2 * d.first.value.item()
    assert d.zero.value.item() == 0
    assert d.optimizer_reset == "None"  # torch 2.x zero_grad(set_to_none=True)


def test_q14_a_graph_that_saved_nothing_runs_backward_twice():
    # Oracle: plain torch. x + 1 saves nothing for backward, so a second call
    # works and adds d(x + 1)/dx = 1 again; x ** 2 saves x and raises.
    x = torch.tensor(3.0, requires_grad=True)
    y = x + 1
    y.backward()
    y.backward()
    assert x.grad.item() == 1 + 1
    z = x**2
    assert z.grad_fn._saved_self is x  # what x ** 2 keeps for backward
    d = pa.q14()
    assert "y = x + 1" in d.nothing_saved.code
    assert d.nothing_saved.code.count("y.backward()") == 2
    assert d.nothing_saved.error is None and d.nothing_saved.value.item() == 2


def test_q15_gradient_is_the_sum_of_the_guides_terms():
    d = pa.q15()
    xs, ys, w, b = [1.0, 2.0, 3.0, 4.0], [3.0, 5.0, 7.0, 9.0], 1.0, 0.0
    n = len(xs)
    terms = [-2 * x * (y - (w * x + b)) / n for x, y in zip(xs, ys)]
    assert d.terms.tolist() == pytest.approx(terms)
    assert d.autograd.value.item() == pytest.approx(sum(terms))
    assert d.formula.item() == pytest.approx(sum(terms))
    assert d.loss.item() == pytest.approx(
        sum((y - (w * x + b)) ** 2 for x, y in zip(xs, ys)) / n
    )


def test_questions_are_numbered_in_order():
    d = pa.practice_autograd()
    assert [q.question.number for q in (d.q11, d.q12, d.q13, d.q14, d.q15)] == list(
        range(11, 16)
    )
    assert d.q11.question.countdown == tuple(range(40, 0, -1))  # a derivation


def test_errata_checks_report_torch():
    said = fmt.plain(pa.backward_twice_check())
    assert said.startswith("right for every backward that runs")
    assert "Wrong for a graph that saved values" in said
    assert said.endswith("unless the first passed retain_graph=True")
    assert "RuntimeError" in said and "y = x ** 2 saved x" in said
    assert "ends at 2." in said
    mse = fmt.plain(pa.mse_sum_check())
    assert mse.startswith("the answer is missing its sum")
    assert "-20" in mse and "[-1, -3, -6, -10]" in mse
    assert "_i" not in mse and "y_hat" not in mse  # plain words, no ASCII maths


def test_q15_card_shows_the_fit_a_line_loss():
    from tensors import training

    d = pa.q15()
    assert d.question.code == pa.Q15_LOSS
    assert any(line.strip() == pa.Q15_LOSS for line in training.LOOP)
    assert pa.Q15_LOSS in d.autograd.code


def test_filled_in_formulas_are_the_substituted_ones_up_to_the_result():
    # The scene draws ``filled_in_tex = <result>`` with the result bound.
    d11, d12, d15 = pa.q11(), pa.q12(), pa.q15()
    assert d11.substituted_tex == f"{d11.filled_in_tex} = {num(d11.hand)}"
    for k in range(2):
        assert d12.substituted_tex[k] == (
            f"{d12.filled_in_tex[k]} = {num(d12.hand[k])}")
    assert d15.formula_value_tex == f"{d15.filled_in_tex} = {num(d15.formula)}"
