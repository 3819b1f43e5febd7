"""Spoken forms: what the voice is given for each written line."""

from __future__ import annotations

import pytest

from scenes.lecture import LECTURE
from scenes.voice.spoken import LEFTOVER, spoken
from tests.scenes.voice.lines import narration

# Written form -> words that must be in the spoken form (an independent,
# hand-written reading of each example).
EXAMPLES = [
    ("The gradient is [-0.2, 0.3].", "minus 0.2 and 0.3"),
    ("y = u^2", "y equals u squared"),
    ("x**2 + 1", "x squared plus 1"),
    ("A has shape (2, 3).", "shape 2 by 3"),
    ("A flat tensor: (3,)", "a flat tensor of 3"),
    ("torch.Size([3])", "size 3"),
    ("torch.Size([2, 3])", "size 2 by 3"),
    ("θ moves against ∇L, scaled by α.",
     "theta moves against nabla L, scaled by alpha"),
    ("`x.grad`", "x dot grad"),
    ("`torch.float32`", "torch float 32"),
    ("A @ B", "A matrix-multiplied by B"),
    ("torch.arange(6)", "a-range"),
    ("torch.linalg.norm(v)", "lin-alg"),
    ("torch.randn(2, 3)", "rand-n 2 by 3"),
    ("x.cumsum(0)", "cum-sum"),
    ("requires_grad=True", "requires grad equals True"),
    ("optimizer.zero_grad()", "zero grad"),
    ("softmax gives 0.0900306", "0.09"),
    ("pi is 3.14159", "3.14"),
    ("[[1, 2], [3, 4]]", "1 and 2; then 3 and 4"),
    ("tensor(6.), the slope", "tensor 6, the slope"),
    ("we get (False, None).", "we get False and None."),
    ("its shape is ().", "its shape is empty"),
    ("A vector of shape (4,)", "shape just 4"),
    ("The guide writes (3).", "3 in parentheses"),
    ("strides (4, 1)", "strides 4 and 1"),
    ("a RuntimeError", "a Runtime Error"),
    ("w is 2.001", "w is 2.001"),
]


@pytest.mark.parametrize("written,said", EXAMPLES, ids=[w for w, _ in EXAMPLES])
def test_examples_are_read_as_words(written, said):
    out = spoken(written)
    assert said in out, out
    assert not LEFTOVER.search(out), out


def test_plain_prose_is_left_alone():
    line = "Gradients flow backward, and each node passes its share on."
    assert spoken(line) == line


def test_long_decimals_are_rounded_but_short_ones_kept():
    assert spoken("0.12345") == "0.123"
    assert spoken("-12.3456") == "minus 12.3"
    assert spoken("0.25") == "0.25"
    assert spoken("10") == "10"


@pytest.mark.parametrize("chapter", LECTURE, ids=lambda c: c.id)
def test_no_symbol_reaches_the_voice(chapter):
    """No bracket, parenthesis, operator, underscore or backslash is spoken."""
    bad = []
    for line in narration(chapter):
        said = spoken(line)
        if LEFTOVER.search(said) or not said.strip():
            bad.append(f"{line!r} -> {said!r}")
    assert not bad, "\n".join(bad)
