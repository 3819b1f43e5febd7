"""Spoken forms: what the voice is given for each written line."""

from __future__ import annotations

import pytest

from scenes.lecture import LECTURE
from scenes.voice.spoken import LEFTOVER, UNREADABLE, Unspeakable, spoken
from tests.scenes.voice.lines import narration

# Written form -> words that must be in the spoken form (an independent,
# hand-written reading of each example).
EXAMPLES = [
    ("The gradient is [-0.2, 0.3].", "minus 0.2 and 0.3"),
    ("y = u^2", "y equals u squared"),
    ("x**2 + 1", "x squared plus 1"),
    ("A has shape (2, 3).", "shape 2 by 3"),
    ("A flat tensor: (3,)", "A flat tensor: flat 3"),
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
    ("softmax gives 0.0900306", "0.0900306"),
    ("pi is 3.14159", "pi is 3.14159"),
    ("the loss drops from 2.125 to 1.045", "from 2.125 to 1.045"),
    ("[[1, 2], [3, 4]]", "1 and 2; then 3 and 4"),
    ("tensor(6.), the slope", "tensor 6, the slope"),
    ("we get (False, None).", "we get False and None."),
    ("its shape is ().", "its shape is empty"),
    ("A vector of shape (4,)", "shape flat 4"),
    ("(1, 3, 1) becomes (3,)", "1 by 3 by 1 becomes flat 3"),
    ("The guide writes (3).", "3 in parentheses"),
    ("strides (4, 1)", "strides 4, 1"),
    ("from strides (6, 3, 1) to strides (1, 6, 3)",
     "from strides 6, 3, 1 to strides 1, 6, 3"),
    ("an AccumulateGrad node", "an accumulate grad node"),
    ("x ∈ ℝ", "x in R"),
    ("n times x to the power n minus one", "n times x to the power n minus one"),
    ("[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]",
     "1 and 2; then 3 and 4; in the next block, 5 and 6; then 7 and 8"),
    ("Which 2-D shapes", "Which 2 D shapes"),
    ("∏_(i=1)^3 i = 6", "the product from i equals 1 to 3 of i equals 6"),
    ("Σ_(i=1)^5 i", "the sum from i equals 1 to 5 of i"),
    ("x_{ij} means", "x ij means"),
    ("the set {0, …, 9} has ten", "the set 0, and so on, 9, has ten"),
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


def test_numbers_are_said_as_written():
    """The voice says the digits the caption (and the screen) shows."""
    assert spoken("0.12345") == "0.12345"
    assert spoken("-12.3456") == "minus 12.3456"
    assert spoken("0.25") == "0.25"
    assert spoken("10") == "10"


def test_one_element_shapes_are_read_one_way():
    said = {spoken(line) for line in ("shape (3,)", "a vector of shape (3,)",
                                      "becomes (3,)", "(3,)")}
    assert all(s.endswith("flat 3") for s in said), said


def test_strides_are_not_read_as_a_shape():
    assert "by" not in spoken("strides (6, 3, 1)")
    assert spoken("strides (6, 3, 1)") == "strides 6, 3, 1"


@pytest.mark.parametrize("line", ["a ≅ b holds", "x | y", "use ~x here", "a € sign",
                                  "an unmatched ( here"])
def test_a_symbol_the_voice_cannot_read_is_an_error_naming_the_line(line):
    with pytest.raises(Unspeakable, match="cannot read") as caught:
        spoken(line)
    assert repr(line) in str(caught.value)
    # A fragment of a line (a caption cue) is only sized: nothing raised.
    assert not UNREADABLE.search(spoken(line, strict=False).replace(" ", ""))


@pytest.mark.parametrize("chapter", LECTURE, ids=lambda c: c.id)
def test_no_symbol_reaches_the_voice(chapter):
    """No bracket, parenthesis, operator, underscore or backslash is spoken."""
    bad = []
    for line in narration(chapter):
        try:
            said = spoken(line)
        except Unspeakable as exc:
            bad.append(str(exc))
            continue
        if LEFTOVER.search(said) or UNREADABLE.search(said.replace(" ", "")) \
                or not said.strip():
            bad.append(f"{line!r} -> {said!r}")
    assert not bad, "\n".join(bad)
