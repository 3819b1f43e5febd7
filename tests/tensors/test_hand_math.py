"""Every hand-written formula in tensors/ says what torch computes.

The TeX (or Unicode) of each formula is read back as math by
tests/tensors/texmath.py, independently of the code under test, then:
- a function's definition on screen is the function the lesson's code runs
  (``f(x) = x³ − 2x² + 5x − 7`` in the question, ``f = x**3 - ...`` in the code);
- a derivative written by hand equals ``torch.autograd.grad`` of that
  function at several points (POINTS; not only at the lesson's own point,
  where a wrong formula can still give the right number);
- where the lesson keeps a Python twin of the formula (``Q11_HAND``,
  ``FORMULA_CODE``, ``Z_CODE``), the TeX and the twin are the same expression;
- a formula with the numbers put in (``f'(2) = 3·2² − 4·2 + 5 = 9``) holds,
  side by side, and equals autograd at the lesson's point.

A typo in any of them (``3x^2 - 4x + 6``) fails here:
``test_a_typo_in_a_formula_is_caught`` shows it.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy
import torch

from tensors import core, descent, notation, practice_applied, practice_autograd
from tensors.fmt import num
from tests.tensors.texmath import code, definition, equation, evaluate, formula

# Several points per variable, off the lesson's own ones, seeded.
POINTS = torch.empty(7, 3, dtype=torch.float64).uniform_(
    -3, 3, generator=torch.Generator().manual_seed(11)).tolist()


def points(*names: str) -> list[dict[str, float]]:
    return [dict(zip(names, p)) for p in POINTS]


def assignment(source: str, name: str) -> str:
    """The right side of ``name = ...`` in a snippet of the lesson's code."""
    for line in source.splitlines():
        m = re.fullmatch(rf"\s*{name}\s*=\s*(.+)", line)
        if m:
            return m.group(1)
    raise LookupError(f"no {name} = ... in {source!r}")


def autograd(expression: str, wrt: str, at: dict[str, float]) -> float:
    """d(expression)/d(wrt) at ``at`` by torch.autograd, float64."""
    scope = {n: torch.tensor(v, dtype=torch.float64, requires_grad=True)
             for n, v in at.items()}
    out = eval(expression, {"torch": torch}, scope)  # the lesson's own code text
    (grad,) = torch.autograd.grad(out, scope[wrt])
    return grad.item()


def same_expression(a: sympy.Expr, b: sympy.Expr) -> bool:
    return sympy.simplify(a - b) == 0


def check_derivative(tex: str, function: str, twin: str | None = None) -> None:
    """``tex`` (a derivative = its formula) against autograd of ``function``
    (Python, the lesson's code) at every point of POINTS."""
    eq = equation(tex)
    assert eq.derivative, f"{tex!r}: no derivative on its left side"
    _, wrt = eq.derivative
    (rhs,) = eq.sides
    names = sorted({str(s) for s in code(function).free_symbols})
    for at in points(*names):
        want = autograd(function, wrt, at)
        got = evaluate(rhs, **{k: v for k, v in at.items()
                               if sympy.Symbol(k) in rhs.free_symbols})
        assert np.isclose(got, want), f"{tex!r} at {at}: {got} but autograd {want}"
    if twin is not None:
        assert same_expression(rhs, code(twin)), f"{tex!r} is not its twin {twin!r}"


def check_filled_in(tex: str, want: float) -> None:
    """Every side of ``tex`` (numbers put in) equals ``want``, as shown."""
    eq = equation(tex)
    sides = [*eq.sides]
    if eq.derivative is None:  # "-\frac{2}{4}\cdot (40) = -20": the left side too
        sides.insert(0, formula(eq.lhs))
    for side in sides:
        value = float(side)
        assert num(value) == num(want), f"{tex!r}: {side} is {value}, not {want}"


# -- Q11: f(x) = x³ − 2x² + 5x − 7, its derivative written three times -------

def test_q11_function_on_screen_is_the_code_that_runs():
    q = practice_autograd.q11()
    text = re.search(r"f\(x\) = .+?(?= at x)", q.question.text).group()
    _, shown = definition(text)
    assert same_expression(shown, code(assignment(practice_autograd.Q11_CODE, "f")))


def test_q11_derivative_by_hand_matches_autograd():
    q = practice_autograd.q11()
    f = assignment(practice_autograd.Q11_CODE, "f")
    check_derivative(q.hand_tex, f, twin=practice_autograd.Q11_HAND)
    assert q.hand_code == practice_autograd.Q11_HAND


def test_q11_derivative_with_x_put_in():
    q = practice_autograd.q11()
    f = assignment(practice_autograd.Q11_CODE, "f")
    eq = equation(q.substituted_tex)
    assert eq.derivative == ("f", num(q.x))
    want = autograd(f, "x", {"x": q.x.item()})
    check_filled_in(q.substituted_tex, want)
    assert num(q.hand) == num(want) == num(q.autograd.value)


# -- Q12: f(x, y) = x²y + y³ --------------------------------------------------

def test_q12_function_and_partials_match_autograd():
    q = practice_autograd.q12()
    f = assignment(practice_autograd.Q12_CODE, "f")
    text = re.search(r"f\(x, y\) = [^,]+", q.question.text).group()
    assert same_expression(definition(text)[1], code(f))
    for tex, twin in zip(q.hand_tex, practice_autograd.Q12_HAND, strict=True):
        check_derivative(tex, f, twin=twin)
    at = {"x": q.point[0].item(), "y": q.point[1].item()}
    for tex, wrt in zip(q.substituted_tex, "xy", strict=True):
        check_filled_in(tex, autograd(f, wrt, at))


# -- Q13: u = 2x + 1, y = u² -----------------------------------------------------

def test_q13_chain_rule_by_hand_matches_autograd():
    q = practice_autograd.q13()
    u_code = assignment(practice_autograd.Q13_CODE, "u")
    y_code = assignment(practice_autograd.Q13_CODE, "y").replace("u", f"({u_code})")
    said = re.search(r"u = (.+?) and y = (.+?)\.", q.question.text)
    assert same_expression(formula(said.group(1)), code(u_code))
    assert same_expression(formula(said.group(2)), sympy.Symbol("u") ** 2)
    rule = equation(q.rule_tex)
    assert rule.derivative == ("y", "x")
    (by_hand,) = rule.sides  # (2u)(2), u still a letter: put u = 2x + 1 in
    for at in points("x"):
        u = evaluate(code(u_code), x=at["x"])
        assert np.isclose(evaluate(by_hand, u=u), autograd(y_code, "x", at)), at
    dy_du = equation(q.dy_du_tex)
    assert dy_du.derivative == ("y", "u")
    for at in points("u"):  # 2u is dy/du of y = u ** 2 everywhere
        assert np.isclose(evaluate(dy_du.sides[0], **at), autograd("u ** 2", "u", at))
    u0 = q.u.item()
    assert [float(evaluate(s, u=u0)) for s in dy_du.sides] == [
        pytest.approx(autograd("u ** 2", "u", {"u": u0}))] * len(dy_du.sides)
    check_filled_in(q.du_dx_tex, autograd(u_code, "x", {"x": q.x.item()}))


# -- Q15: dL/dw of the mean squared error --------------------------------------

def test_q15_mse_gradient_formula_matches_autograd():
    q = practice_autograd.q15()
    loss = assignment(practice_autograd.Q15_CODE, "loss")
    rng = torch.Generator().manual_seed(15)
    for _ in range(5):
        x = torch.randn(6, dtype=torch.float64, generator=rng)
        y = torch.randn(6, dtype=torch.float64, generator=rng)
        w = torch.randn((), dtype=torch.float64, generator=rng).requires_grad_()
        b = torch.randn((), dtype=torch.float64, generator=rng).requires_grad_()
        (want,) = torch.autograd.grad(eval(loss, {}, dict(x=x, y=y, w=w, b=b)), w)
        y_hat = (w * x + b).detach().numpy()
        data = dict(x_i=x.numpy(), y_i=y.numpy(), yhat_i=y_hat, n=len(x))
        eq = equation(q.formula_tex)
        assert eq.derivative == ("L", "w")
        assert np.isclose(evaluate(eq.sides[0], **data), want.item())
        terms = evaluate(formula(q.guide_tex), **data)
        assert np.isclose(terms.sum(), want.item())
    check_filled_in(q.formula_value_tex, q.autograd.value.item())


# -- Notation: z = x² + 3xy + y², the table's f = xy -------------------------------

def test_z_on_screen_is_the_z_that_runs():
    eq = equation(notation.Z_TEX)
    assert eq.lhs == "z"
    assert same_expression(eq.sides[0], code(notation.Z_CODE))
    assert f"z = {notation.Z_CODE}" in notation.autograd_code(*notation.POINT)
    for at in points("x", "y"):
        z = notation.z_of(torch.tensor(at["x"]), torch.tensor(at["y"]))
        assert np.isclose(z.item(), evaluate(eq.sides[0], **at), rtol=1e-5), at


def test_partial_derivative_dzdx_matches_autograd():
    check_derivative(notation.DZDX_TEX, notation.Z_CODE, twin=notation.FORMULA_CODE)
    p = notation.partial_slope()
    assert p.dzdx_tex == notation.DZDX_TEX and p.formula.code == notation.FORMULA_CODE


def test_slice_at_y0_is_z_with_y_put_in():
    p = notation.partial_slope()
    eq = equation(p.slice_tex)
    assert eq.lhs == f"z(x, {num(p.y0)})"
    for at in points("x"):
        want = evaluate(code(notation.Z_CODE), x=at["x"], y=p.y0.item())
        assert np.isclose(evaluate(eq.sides[0], **at), want), at


def test_notation_table_partial_and_gradient_of_xy():
    rows = {r.symbol: r for r in notation.notation_table().rows}
    definition_tex, partial = rows["\\partial"].example.split(":", 1)
    name, f = definition(definition_tex)
    f_code = str(f)  # sympy prints x*y as Python
    check_derivative(partial, f_code)
    gradient = equation(rows["\\nabla"].example)
    assert gradient.derivative == (name, "nabla")
    (components,) = gradient.sides
    for at in points("x", "y"):
        want = [autograd(f_code, wrt, at) for wrt in "xy"]
        assert np.allclose([evaluate(c, **at) for c in components], want), at
    # And the value the row shows, at its own point, is what the formula gives.
    setup = dict(re.findall(r"(\w+) = torch.tensor\(([-\d.]+)", rows["\\nabla"].setup))
    at = {k: float(v) for k, v in setup.items()}
    assert rows["\\nabla"].value.tolist() == [evaluate(c, **at) for c in components]


# -- The chain of the chain-rule chapter: u = 3x - 1, y = 1/u ---------------------

def test_chain_rule_chapter_formulas_match_autograd():
    c = core.chain_rule()
    u_code = assignment("\n".join(core.CHAIN_FORWARD), "u")
    y_code = assignment("\n".join(core.CHAIN_FORWARD), "y")
    assert same_expression(equation(core.U_TEX).sides[0], code(u_code))
    assert same_expression(equation(core.Y_TEX).sides[0], code(y_code))
    dy_du, du_dx = (equation(t) for t in c.by_hand)
    assert dy_du.derivative == ("y", "u") and du_dx.derivative == ("u", "x")
    for at in points("u"):
        assert np.isclose(evaluate(dy_du.sides[0], **at), autograd(y_code, "u", at))
    for at in points("x"):
        assert np.isclose(float(du_dx.sides[0]), autograd(u_code, "x", at))
    u0 = c.u.item()
    for side in dy_du.sides:
        assert num(float(evaluate(side, u=u0))) == num(c.dy_du)


# -- Descent's loss surface, softmax and MSE -------------------------------------

def test_descent_loss_on_screen_is_the_loss_that_runs():
    # The MSE over our four points (x_i, y_i), as a function of (w, b).
    eq = equation(descent.LOSS_TEX)
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0])
    for at in points("w", "b"):
        theta = torch.tensor([at["w"], at["b"]], dtype=torch.float64)
        assert np.isclose(evaluate(eq.sides[0], x_i=x, y_i=y, **at),
                          descent.loss(theta).item()), at


def test_softmax_and_mse_formulas_match_torch():
    soft = equation(practice_applied.q16().formula_tex).sides[0]
    mse = equation(practice_applied.q17().formula_tex).sides[0]
    rng = torch.Generator().manual_seed(16)
    for _ in range(5):
        x = torch.randn(5, dtype=torch.float64, generator=rng)
        got = evaluate(soft, x_i=x.numpy(), x_j=x.numpy())
        assert np.allclose(got, torch.softmax(x, dim=0).numpy())
        y, y_hat = (torch.randn(5, dtype=torch.float64, generator=rng) for _ in "ab")
        got = evaluate(mse, y_i=y.numpy(), yhat_i=y_hat.numpy(), n=len(y))
        assert np.isclose(got, torch.nn.functional.mse_loss(y_hat, y).item())


# -- The check has teeth --------------------------------------------------------

@pytest.mark.parametrize("typo", [
    r"f'(x) = 3x^2 - 4x + 6",   # a wrong constant
    r"f'(x) = 3x^2 - 2x + 5",   # a coefficient not brought down
    r"f'(x) = 3x^3 - 4x + 5",   # a power not lowered
])
def test_a_typo_in_a_formula_is_caught(typo):
    f = assignment(practice_autograd.Q11_CODE, "f")
    with pytest.raises(AssertionError):
        check_derivative(typo, f)


def test_a_typo_in_a_filled_in_formula_is_caught():
    with pytest.raises(AssertionError):
        check_filled_in(r"f'(2) = 3\cdot 2^2 - 4\cdot 2 + 5 = 10", 9.0)
    with pytest.raises(AssertionError):
        check_filled_in(r"f'(2) = 3\cdot 2^2 - 4\cdot 3 + 5 = 9", 9.0)
