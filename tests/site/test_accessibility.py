"""axe-core over the lecture page in each of its states, in a real Chromium.

axe-core (the engine of Deque's axe, through ``axe-playwright-python``, which
carries its own ``axe.min.js``: nothing is fetched) audits the page as it is
at that moment, so every state a viewer meets is audited: the page as it
opens, presenter mode, a quiz open with its verdict, and a transcript search.
Any violation of impact "serious" or "critical" fails, named with its rule
and the elements it hit.
"""

from __future__ import annotations

import pytest

from tests.site.conftest import SITE, open_tab

pytestmark = [pytest.mark.manim, pytest.mark.slow, SITE]

FAILING = ("serious", "critical")


def audit(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415

    response = Axe().run(page).response
    return [f"{v['id']} ({v['impact']}): {v['help']}; "
            + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in response["violations"] if v["impact"] in FAILING]


def opened(browser, lecture, hash_=""):
    page, seen = open_tab(browser, lecture["index"].as_uri() + hash_, 1280, 800)
    page.wait_for_function("document.getElementById('video').readyState >= 1")
    return page, seen


def test_page_as_it_opens(browser, quizzed):
    page, _ = opened(browser, quizzed)
    assert audit(page) == []


def test_presenter_mode(browser, quizzed):
    page, _ = opened(browser, quizzed, "#present")
    page.wait_for_function("document.body.classList.contains('presenting')")
    assert page.locator("h1").count() == 1  # the page's, visually hidden
    assert page.locator("h1").bounding_box()["width"] <= 1
    assert audit(page) == []


def test_quiz_open_with_its_verdict(browser, quizzed):
    page, _ = opened(browser, quizzed)
    q1 = quizzed["manifest"]["questions"][0]
    page.evaluate(f"TensorHero.seek({q1['time'] + 0.5})")
    assert page.locator("#quiz").is_visible()
    assert audit(page) == []
    page.fill("#quiz-input", "2x3")
    page.press("#quiz-input", "Enter")
    assert page.locator("#quiz-verdict strong").is_visible()
    assert audit(page) == []


def test_transcript_search(browser, quizzed):
    page, _ = opened(browser, quizzed)
    word = quizzed["manifest"]["cues"][0]["text"].split()[0]
    page.fill("#search", word)
    page.press("#search", "Enter")
    assert page.locator("mark").count() >= 1
    assert audit(page) == []


def test_the_audit_catches_a_planted_fault(browser, quizzed):
    """An unlabelled input and an image with no alt text must be reported."""
    page, _ = opened(browser, quizzed)
    page.evaluate("""() => {
        const main = document.getElementById('main');
        main.insertAdjacentHTML('afterbegin',
            '<input type="text" id="planted-input"><img src="posters/none.png">');
    }""")
    found = audit(page)
    assert any(f.startswith("label ") for f in found), found
    assert any(f.startswith("image-alt ") for f in found), found
