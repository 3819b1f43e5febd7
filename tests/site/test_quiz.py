"""The quizzes of the lecture page, in a real Chromium.

The small lecture has no practice scene, so its page is rebuilt with two
questions placed in its first chapter (``quizzed`` in conftest); their
quizzes are the real ones of Q1 and Q8, computed by torch. The oracle for
each answer is worked out here by hand from the question's words (a matrix
with rows 1 2 3 and 4 5 6 is 2 by 3; (3, 4) @ (4, 2) is 3 by 2), never read
back from the page.
"""

from __future__ import annotations

import pytest

from tests.site.conftest import SITE, open_tab

pytestmark = [pytest.mark.manim, pytest.mark.slow, SITE]

Q1_SHAPE = (2, 3)  # rows "1 2 3" and "4 5 6"
Q8_SHAPE = (3, 2)  # (3, 4) @ (4, 2)


def open_quiz_page(browser, lecture, width=1280, height=800, hash_=""):
    page, seen = open_tab(browser, lecture["index"].as_uri() + hash_, width, height)
    page.wait_for_function("document.getElementById('video').readyState >= 1")
    page.evaluate("localStorage.clear()")
    page.evaluate("TensorHero.quiz && document.getElementById('score-reset').click()")
    return page, seen


def seek(page, t):
    page.evaluate(f"TensorHero.seek({t})")


def box_open(page) -> bool:
    return not page.locator("#quiz").evaluate("b => b.hidden")


def test_every_question_with_a_quiz_has_torchs_answer_in_the_page(quizzed):
    q1, q8 = quizzed["manifest"]["questions"]
    assert q1["quiz"]["kind"] == "shape" and tuple(q1["quiz"]["value"]) == Q1_SHAPE
    assert q8["quiz"]["kind"] == "shape" and tuple(q8["quiz"]["value"]) == Q8_SHAPE
    html = quizzed["index"].read_text(encoding="utf-8")
    assert q1["quiz"]["prompt"] in html  # in the page's data, for the box


def test_the_box_opens_only_while_a_question_counts_down(browser, quizzed):
    page, seen = open_quiz_page(browser, quizzed)
    q1, q8 = quizzed["manifest"]["questions"]
    assert not box_open(page)
    seek(page, q1["time"] + 0.5)
    assert box_open(page)
    assert page.locator("#quiz-heading").inner_text() == "Your answer to Q1"
    label = page.locator("label[for=quiz-input]").inner_text()
    assert label == q1["quiz"]["prompt"]
    seek(page, q1["answer"] + 0.5)  # nothing typed: the box goes with the countdown
    assert not box_open(page)
    seek(page, q8["time"] + 0.5)
    assert page.locator("#quiz-heading").inner_text() == "Your answer to Q8"
    assert not seen["errors"]


def test_a_right_and_a_wrong_answer_and_the_score_follows(browser, quizzed):
    page, seen = open_quiz_page(browser, quizzed)
    q1, q8 = quizzed["manifest"]["questions"]
    title = quizzed["manifest"]["chapters"][0]["title"]
    score = page.locator("#score-list li").first
    assert score.inner_text() == f"{title}: 0 right of 0 answered (2 questions)"

    seek(page, q1["time"] + 0.5)
    page.evaluate("document.getElementById('video').play()")
    page.fill("#quiz-input", f"torch.Size([{Q1_SHAPE[0]}, {Q1_SHAPE[1]}])")
    page.press("#quiz-input", "Enter")
    verdict = page.locator("#quiz-verdict")
    assert verdict.locator("strong").inner_text() == "Right."
    assert q1["quiz"]["answer"] in verdict.inner_text()
    assert verdict.locator("code").inner_text() == q1["quiz"]["code"]
    assert page.evaluate("document.getElementById('video').paused")
    assert score.inner_text() == f"{title}: 1 right of 1 answered (2 questions)"
    assert page.evaluate("document.activeElement.id") == "quiz-continue"
    page.click("#quiz-continue")
    assert not box_open(page)
    assert page.evaluate("document.getElementById('video').currentTime") >= q1["answer"]

    seek(page, q8["time"] + 0.5)
    page.fill("#quiz-input", f"{Q8_SHAPE[0] + 1}x{Q8_SHAPE[1]}")  # wrong
    page.click("#quiz-check")
    assert verdict.locator("strong").inner_text() == "Not quite."
    assert q8["quiz"]["answer"] in verdict.inner_text()
    assert score.inner_text() == f"{title}: 1 right of 2 answered (2 questions)"
    marks = page.locator(".questions .score")
    assert [marks.nth(k).inner_text() for k in range(2)] == [
        "You got it right", "Not right yet"]

    page.reload()  # kept in this browser
    page.wait_for_function("document.getElementById('video').readyState >= 1")
    score = page.locator("#score-list li").first
    assert score.inner_text() == f"{title}: 1 right of 2 answered (2 questions)"
    page.click("#score-reset")
    assert score.inner_text() == f"{title}: 0 right of 0 answered (2 questions)"
    assert page.evaluate("JSON.stringify(TensorHero.quiz.scores())") == "{}"
    assert not seen["errors"]


def test_unreadable_answer_is_named_not_scored(browser, quizzed):
    page, _ = open_quiz_page(browser, quizzed)
    q1 = quizzed["manifest"]["questions"][0]
    seek(page, q1["time"] + 0.5)
    page.fill("#quiz-input", "no idea")
    page.press("#quiz-input", "Enter")
    assert "Type a shape" in page.locator("#quiz-verdict").inner_text()
    assert page.evaluate("JSON.stringify(TensorHero.quiz.scores())") == "{}"
    assert box_open(page) and page.locator("#quiz-check").is_visible()


@pytest.mark.parametrize("typed", ["(2, 3)", "2x3", "2 x 3", "2 by 3", "[2, 3]",
                                   "torch.Size([2, 3])", "2×3"])
def test_shapes_read_tolerantly(browser, quizzed, typed):
    page, _ = open_quiz_page(browser, quizzed)
    quiz = quizzed["manifest"]["questions"][0]["quiz"]
    assert page.evaluate("([q, t]) => TensorHero.quiz.judge(q, t).ok", [quiz, typed])


@pytest.mark.parametrize("typed", ["(3, 2)", "2", "(2, 3, 1)", "2.5x3", "-2x3"])
def test_wrong_shapes_are_wrong(browser, quizzed, typed):
    page, _ = open_quiz_page(browser, quizzed)
    quiz = quizzed["manifest"]["questions"][0]["quiz"]
    judge = "([q, t]) => TensorHero.quiz.judge(q, t).ok"
    assert not page.evaluate(judge, [quiz, typed])


def test_numbers_read_tolerantly(browser, quizzed):
    page, _ = open_quiz_page(browser, quizzed)
    number = {"kind": "number", "value": 9.0, "tolerance": 5e-5}
    numbers = {"kind": "numbers", "value": [12.0, 31.0], "tolerance": 5e-5}
    judge = "([q, t]) => TensorHero.quiz.judge(q, t).ok"
    for typed, right in [("9", True), ("9.0", True), ("tensor(9.)", True),
                         ("18/2", True), ("9.1", False), ("−9", False)]:
        assert page.evaluate(judge, [number, typed]) is right, typed
    for typed, right in [("12, 31", True), ("[12, 31]", True),
                         ("tensor([12., 31.])", True), ("31, 12", False),
                         ("12", False)]:
        assert page.evaluate(judge, [numbers, typed]) is right, typed


def test_typed_answer_holds_the_video_before_torch_answers(browser, quizzed):
    page, _ = open_quiz_page(browser, quizzed)
    q1 = quizzed["manifest"]["questions"][0]
    seek(page, q1["answer"] - 0.6)
    page.fill("#quiz-input", "2, 3")
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function("document.getElementById('video').paused", timeout=5000)
    t = page.evaluate("document.getElementById('video').currentTime")
    assert q1["answer"] - 0.05 <= t < q1["answer"] + 1.0
    assert "before torch's answer plays" in page.locator("#quiz-verdict").inner_text()
    page.press("#quiz-input", "Enter")
    assert page.locator("#quiz-verdict strong").inner_text() == "Right."


def test_presenter_mode_hides_quizzes_unless_asked(browser, quizzed):
    page, _ = open_quiz_page(browser, quizzed, hash_="#present")
    page.wait_for_function("document.body.classList.contains('presenting')")
    q1 = quizzed["manifest"]["questions"][0]
    seek(page, q1["time"] + 0.5)
    assert not box_open(page)
    page.click("#quiz-present")
    assert page.locator("#quiz-present").get_attribute("aria-pressed") == "true"
    assert box_open(page)
    page.click("#quiz-present")
    assert not box_open(page)


def test_the_box_works_from_the_keyboard_alone(browser, quizzed):
    page, _ = open_quiz_page(browser, quizzed)
    q1 = quizzed["manifest"]["questions"][0]
    seek(page, q1["time"] + 0.5)
    page.focus("#quiz-check")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "quiz-input"
    page.keyboard.type("2, 3")
    page.keyboard.press("Enter")
    assert page.locator("#quiz-verdict strong").inner_text() == "Right."
    assert page.locator("#quiz-verdict").get_attribute("role") == "status"
    page.keyboard.press("Enter")  # on Continue
    assert not box_open(page)


def test_quiz_at_phone_width_fits(browser, quizzed, tmp_path_factory):
    page, _ = open_quiz_page(browser, quizzed, 390, 844)
    q1 = quizzed["manifest"]["questions"][0]
    seek(page, q1["time"] + 0.5)
    page.fill("#quiz-input", "2x3")
    page.press("#quiz-input", "Enter")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    out = quizzed["build"] / "site-screenshots"
    out.mkdir(parents=True, exist_ok=True)
    page.locator("#player").screenshot(path=str(out / "quiz-390.png"))
