"""Audio description on the lecture page, in a real Chromium.

The build's own descriptions of the small lecture (``manifest["descriptions"]``,
from pipeline/describe.py) must reach the page's description track. Playing
one in a gap and pausing for an extended one are checked on two descriptions
placed by hand, with the browser's speech synthesis replaced by a recorder
that "speaks" each line for a set time (headless Chromium has no voices).
"""

from __future__ import annotations

import copy

import pytest

from pipeline.site import build_site
from tests.site.conftest import SITE, open_tab

pytestmark = [pytest.mark.manim, pytest.mark.slow, SITE]

SPEAKS = 1.2  # seconds the recorder takes to say a line

RECORDER = """(ms) => {
    const calls = [];
    const synth = {
        speak(u) { calls.push(u.text); setTimeout(() => u.onend && u.onend(), ms); },
        cancel() {}, speaking: false, pending: false,
    };
    Object.defineProperty(window, 'speechSynthesis',
                          {value: synth, configurable: true});
    window.__spoken = calls;
}"""


@pytest.fixture(scope="module")
def described(small_lecture, tmp_path_factory):
    m = copy.deepcopy(small_lecture["manifest"])
    first = m["chapters"][0]["start"]
    m["descriptions"] = [
        {"start": first + 2.0, "end": first + 3.0, "chapter": 0, "extended": False,
         "text": "A grid of numbers appears."},
        {"start": first + 5.0, "end": first + 6.5, "chapter": 0, "extended": True,
         "text": "An arrow moves from the sum to the loop."},
    ]
    posters = {c.id: c.poster for c in small_lecture["chapters"]}
    index = build_site(m, small_lecture["video"], posters,
                       tmp_path_factory.mktemp("described") / "site")
    return {**small_lecture, "manifest": m, "index": index}


def opened(browser, lecture):
    page, seen = open_tab(browser, lecture["index"].as_uri(), 1280, 800)
    page.wait_for_function("document.getElementById('video').readyState >= 1")
    page.evaluate(RECORDER, SPEAKS * 1000)
    return page, seen


def track_cues(page):
    return page.evaluate("""() => {
        const t = Array.from(document.getElementById('video').textTracks)
            .find(t => t.kind === 'descriptions');
        if (!t) return null;
        t.mode = 'hidden';
        return Array.from(t.cues || []).map(c => [c.startTime, c.endTime, c.text]);
    }""")


def test_the_builds_descriptions_are_the_pages_track(browser, small_lecture):
    page, seen = opened(browser, small_lecture)
    items = small_lecture["manifest"].get("descriptions", [])
    assert items, "the build described nothing in the small lecture"
    page.wait_for_function("""() => Array.from(document.getElementById('video')
        .textTracks).some(t => t.kind === 'descriptions' && t.cues && t.cues.length)""")
    cues = track_cues(page)
    assert [round(c[0], 2) for c in cues] == [round(d["start"], 2) for d in items]
    assert [c[2] for c in cues] == [d["text"] for d in items]
    assert not seen["errors"]


def test_a_description_in_a_gap_is_spoken_and_the_video_plays_on(browser, described):
    page, seen = opened(browser, described)
    gap = described["manifest"]["descriptions"][0]
    page.click("#describe-toggle")
    assert page.get_attribute("#describe-toggle", "aria-pressed") == "true"
    page.evaluate(f"TensorHero.seek({gap['start'] - 0.4})")
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function("window.__spoken.length >= 1", timeout=5000)
    assert page.evaluate("window.__spoken[0]") == gap["text"]
    assert page.inner_text("#description-now") == gap["text"]
    assert page.get_attribute("#description-now", "aria-live") == "polite"
    assert not page.evaluate("document.getElementById('video').paused")
    assert page.evaluate("TensorHero.describe.pauses()") == 0
    assert not seen["errors"]


def test_an_extended_description_pauses_the_video_until_said(browser, described):
    page, _ = opened(browser, described)
    longer = described["manifest"]["descriptions"][1]
    page.click("#describe-toggle")
    page.evaluate(f"TensorHero.seek({longer['start'] - 0.4})")
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function("window.__spoken.length >= 1", timeout=5000)
    assert page.evaluate("window.__spoken[0]") == longer["text"]
    assert page.evaluate("document.getElementById('video').paused")
    held = page.evaluate("document.getElementById('video').currentTime")
    assert longer["start"] - 0.05 <= held <= longer["start"] + 0.5
    page.wait_for_function("!document.getElementById('video').paused",
                           timeout=SPEAKS * 1000 + 3000)
    assert page.evaluate("TensorHero.describe.pauses()") == 1


def test_descriptions_are_off_until_asked(browser, described):
    page, _ = opened(browser, described)
    gap = described["manifest"]["descriptions"][0]
    assert page.get_attribute("#describe-toggle", "aria-pressed") == "false"
    page.evaluate(f"TensorHero.seek({gap['start'] - 0.3})")
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function(
        f"document.getElementById('video').currentTime > {gap['start'] + 0.3}")
    assert page.evaluate("window.__spoken.length") == 0
    assert page.is_hidden("#description-now")
