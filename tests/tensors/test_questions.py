"""All twenty practice questions as asked: read aloud true to the card, with
think time that fits what each asks (tensors/practice_*.py ``Question``)."""

from __future__ import annotations

import pytest

from scenes.kit.style import WRAP
from scenes.voice.spoken import spoken
from tensors import fmt
from tensors.practice_applied import practice_applied
from tensors.practice_autograd import practice_autograd
from tensors.practice_basics import level_one, level_two

# Seconds to think, by hand from what each question asks: a shape or a yes or
# no is about 10 s; a derivative by hand 30 to 45 s.
SHAPE_QUESTIONS = (2, 7, 8, 14, 18)
DERIVATIONS = (11, 12, 13, 15)


@pytest.fixture(scope="module")
def questions():
    found = [v.question for data in (level_one(), level_two(), practice_autograd(),
                                     practice_applied())
             for v in vars(data).values() if hasattr(v, "question")]
    return {q.number: q for q in found}


def test_there_are_twenty(questions):
    assert sorted(questions) == list(range(1, 21))


@pytest.mark.parametrize("number", SHAPE_QUESTIONS)
def test_a_shape_question_gets_about_ten_seconds(questions, number):
    assert 8 <= questions[number].think_seconds <= 12


@pytest.mark.parametrize("number", DERIVATIONS)
def test_a_derivation_gets_thirty_to_forty_five_seconds(questions, number):
    assert 30 <= questions[number].think_seconds <= 45


def test_others_fall_between(questions):
    for n, q in questions.items():
        if n not in SHAPE_QUESTIONS + DERIVATIONS:
            assert 10 <= q.think_seconds <= 30, n
        assert q.countdown == tuple(range(q.think_seconds, 0, -1))


@pytest.mark.parametrize("number", range(1, 21))
def test_read_aloud_true_to_the_card(questions, number):
    """Every number on the card (its words and code) is read aloud, the voice
    can say all of it, and it is more than the bare number."""
    q = questions[number]
    card = fmt.numbers_in(q.text) + fmt.numbers_in(q.code)
    said = fmt.numbers_in(q.said)
    missing = [n for n in card if n not in said]
    assert not missing, f"Q{number}: {missing} on the card but not read: {q.said!r}"
    assert len(q.said.split()) >= 5 and spoken(q.said)


@pytest.mark.parametrize("number", SHAPE_QUESTIONS)
def test_predictions_are_asked_as_predictions(questions, number):
    """A shape or yes/no question asks what will happen: "will"."""
    assert " will " in f" {questions[number].said} ".lower(), questions[number].said


# Levels 1 and 2 (tensors/practice_basics.py); the other levels can join once
# their cards pass.
WHOLE_FORMULA_QUESTIONS = range(1, 11)
OPERATORS = ("@", "=", "+", "-", "*", "x", "\u00d7")


@pytest.mark.parametrize("number", WHOLE_FORMULA_QUESTIONS)
def test_card_words_never_wrap_inside_a_formula(questions, number):
    """The card wraps its words at ``WRAP`` characters: no line may end or
    start inside a shape, a list or an expression like ``A @ B``."""
    wrapped = fmt.lines(questions[number].text, WRAP)
    for line in wrapped:
        for left, right in ("()", "[]"):
            assert line.count(left) == line.count(right), (number, wrapped)
    for before, after in zip(wrapped, wrapped[1:]):
        assert before.split()[-1] not in OPERATORS, (number, wrapped)
        assert after.split()[0] not in OPERATORS, (number, wrapped)
        assert not (before[-1].isdigit() and after[0].isdigit()), (number, wrapped)
