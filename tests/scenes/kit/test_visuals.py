"""scenes/kit/visuals.py: what a play call shows, in words (no scene is run).

The kit's mobjects describe themselves from the strings they draw; ``seen``
sorts animations into appears / changes / moves / marks / leaves.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from manim import (
    RIGHT,
    AnimationGroup,
    Arrow,
    Circle,
    FadeIn,
    FadeOut,
    Indicate,
    Square,
    Transform,
    TransformFromCopy,
    VGroup,
    VMobject,
    Wait,
    Write,
)

from scenes.kit import visuals
from scenes.kit.cards import Countdown, QuestionCard
from scenes.kit.code import error_block, snippet
from scenes.kit.grids import CellGrid, Table, head, plain
from scenes.kit.layout import mark
from scenes.kit.text import code, label, lines
from scenes.kit.visuals import code_words, seen, tex_words, words


@pytest.mark.parametrize("source,plain_text", [
    (r"\frac{\partial z}{\partial x} = 2x + 3y", "∂z/∂x = 2x + 3y"),
    (r"A_{(2 \times 2)}", "A_(2 × 2)"),
    (r"(2 \times 3) + (3)\;\rightarrow\; (2 \times 3)", "(2 × 3) + (3) → (2 × 3)"),
    (r"\|\mathbf{v}\| = \sqrt{3^2 + 4^2} = 5", "norm(v) = √(3^2 + 4^2) = 5"),
    (r"\begin{bmatrix}1 & -2\\3 & 4\end{bmatrix}", "[[1, -2], [3, 4]]"),
    (r"\textstyle\sum e^{x} = 30.1929", "Σ e^x = 30.1929"),
    (r"\{0, \dots, 9\}", "{0, …, 9}"),
    (r"2\cdot 2\cdot 3 = 12", "2 × 2 × 3 = 12"),
    (r"\mathbf{x} \cdot \mathbf{y}", "x · y"),
    (r"\theta \leftarrow \theta - \alpha\,\nabla L(\theta)", "θ becomes θ - α ∇L(θ)"),
])
def test_a_formula_is_read_as_plain_symbols(source, plain_text):
    assert tex_words(source) == plain_text


def test_lines_of_code_are_statements_unless_one_goes_on():
    assert code_words("a = 1\nb = a + 1") == "a = 1; b = a + 1"
    assert code_words("x = torch.tensor(2.0,\n    requires_grad=True)\ny = x") == (
        "x = torch.tensor(2.0, requires_grad=True); y = x")
    assert code_words("def f(x):\n    return x\nf(2)") == "def f(x): return x; f(2)"


def test_words_and_code_and_values():
    assert words(label("Two rows,\nthree columns")) == ("text",
                                                 "Two rows, three columns")
    assert words(code("x.sum()")) == ("code", "x.sum()")
    assert words(code("-0.5")) == ("text", "-0.5")  # a value in the code font
    assert words(Arrow()) == ("arrow", "an arrow")
    assert words(VGroup(Square(), Circle())) == ("shape", "a square and a circle")
    assert words(VMobject()) == ("shape", "")  # no describer: the lint's business


def test_the_kit_describes_itself_from_what_it_draws():
    assert words(CellGrid([["1", "2"], ["3", "4"]])) == ("grid", "1, 2; 3, 4")
    assert words(CellGrid([["1", "2"], ["3", "4"]]).row(1)) == ("grid", "3, 4")
    table = Table([[head("op"), head("gives")], [plain("x.sum()"), plain("6")]])
    assert words(table) == ("table", "op, gives; x.sum(), 6")
    q = SimpleNamespace(number=4, text="What is the mean?", code="x.mean()")
    assert words(QuestionCard(q)) == ("card", "Q4: What is the mean?; x.mean()")
    assert words(Countdown([3, 2, 1])) == ("countdown",
                                           "3 to 1; Your turn: think first")
    wrapped = lines(["The size of tensor a", "must match"], make=label)
    assert words(wrapped) == ("text", "The size of tensor a must match")
    ran = SimpleNamespace(code="torch.ones(2) @ torch.ones(3)",
                          error_type="RuntimeError", error="1D tensors differ")
    assert words(error_block(ran)) == ("error", "RuntimeError: 1D tensors differ")
    assert words(snippet(ran)) == (
        "error", "torch.ones(2) @ torch.ones(3); RuntimeError: 1D tensors differ")
    fine = SimpleNamespace(code="x = torch.ones(2)\nx.sum()", error=None)
    assert words(snippet(fine, "2")) == ("code", "x = torch.ones(2); x.sum(); → 2")
    box = mark(code("x.sum()"))[0].mobject
    assert words(box) == ("shape", "a box marks x.sum()")


def test_what_each_animation_does():
    a, b = code("a = 1"), code("b = 2")
    grid = CellGrid([["5"]])

    def one(anim):
        events = seen([anim])
        assert len(events) == 1, events
        return events[0]["action"], events[0]["what"], events[0]["text"]

    assert one(Write(a)) == ("appears", "code", "a = 1")
    assert one(FadeIn(grid)) == ("appears", "grid", "5")
    assert one(FadeOut(a)) == ("leaves", "code", "a = 1")
    assert one(Transform(a, b)) == ("changes", "code", "b = 2")
    assert one(Transform(a, a.copy().shift(RIGHT))) == ("moves", "code", "a = 1")
    assert one(a.animate.shift(RIGHT)) == ("moves", "code", "a = 1")
    assert one(TransformFromCopy(a, b)) == ("appears", "code", "b = 2")
    assert one(Indicate(b)) == ("marks", "code", "b = 2")
    assert seen([Wait()]) == []
    group = seen([AnimationGroup(FadeIn(a), FadeIn(b))])
    assert [e["text"] for e in group] == ["a = 1", "b = 2"]


def test_a_bare_shape_is_left_out_beside_words_and_repeats_are_dropped():
    text = code("c = 3")
    events = seen([FadeIn(Square()), FadeIn(label("+")), FadeIn(text),
                   FadeIn(text.copy())])
    assert [(e["what"], e["text"]) for e in events] == [("code", "c = 3")]
    assert [e["text"] for e in seen([FadeIn(Square()), FadeIn(label("="))])] == [
        "a square", "="]
    assert visuals.join(["totals:", "x.cumsum(0)", "done"]) == (
        "totals: x.cumsum(0); done")


def test_a_highlight_box_says_what_it_surrounds():
    from manim import SurroundingRectangle  # noqa: PLC0415

    target = code("y = x * 2")
    other = code("far away").shift(RIGHT * 5)
    box = SurroundingRectangle(target)
    event, = seen([FadeIn(box)], on_screen=[target, other])
    assert event["text"] == "a box marks y = x * 2"
    assert visuals.tag(Square(), visuals.SHAPE, "a\n  b").describe == "a; b"
