"""Presenter mode and the speaker view in a real Chromium, on the small lecture.

Oracles: the beats each scene recorded (its events JSON, scene-relative) moved
by the scene's start (ffprobe lengths added up, as in conftest), never the
page's own data. The page is rebuilt from the current assets into a folder of
its own and opened from file://, with every other request refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.site import build_site
from tests.colour import AA, contrast
from tests.site.conftest import SITE
from tests.site.test_page import CONTRAST_JS, LARGE_TEXT, _hex, open_page, seek

pytestmark = [pytest.mark.manim, pytest.mark.slow, SITE]

STOP_TOLERANCE = 0.2  # seconds: the bound for stopping at a beat's end
LANDS = 0.05  # seconds: a jump to a beat's start lands this close
FAST = 16.0  # playback rate for walking through many beats (Chromium: at most 16)
SHOTS = Path(__file__).parents[2] / "build" / "site-screenshots"


@pytest.fixture(scope="module")
def lecture(small_lecture, tmp_path_factory):
    """The small lecture with its page built from the assets as they are now."""
    posters = {c.id: c.poster for c in small_lecture["chapters"]}
    index = build_site(small_lecture["manifest"], small_lecture["video"], posters,
                       tmp_path_factory.mktemp("present") / "site")
    return {**small_lecture, "index": index}


def beats_from_build(lecture):
    """[(start, end, text, chapter index)] from the scenes' own events files."""
    out = []
    for k, c in enumerate(lecture["chapters"]):
        events = json.loads(c.events.read_text(encoding="utf-8"))
        for b in events["beats"]:
            out.append((c.start + b["start"], min(c.start + b["end"], c.end),
                        b["text"], k))
    return out


def presenting(browser, lecture, width=1280, height=800):
    page, seen = open_page(browser, lecture, width, height)
    page.click("#present-toggle")
    page.wait_for_function("document.body.classList.contains('presenting')")
    return page, seen


def status(page):
    """(beat index, phase) as the presenter's status line says."""
    data = page.evaluate("""() => { const s = document.getElementById('beat-status');
        return [s.dataset.beat, s.dataset.phase, s.textContent]; }""")
    return int(data[0]), data[1], data[2]


def now(page):
    return page.evaluate("document.getElementById('video').currentTime")


def played_ranges(page):
    return page.evaluate("""() => { const p = document.getElementById('video').played;
        return Array.from({length: p.length}, (_, i) => [p.start(i), p.end(i)]); }""")


def wait_done(page, timeout=30000):
    page.wait_for_function("""() => document.getElementById('beat-status')
        .dataset.phase === 'done' && document.getElementById('video').paused""",
                           timeout=timeout)


def wait_landed(page, t):
    page.wait_for_function("""t => { const v = document.getElementById('video');
        return !v.seeking && Math.abs(v.currentTime - t) < 0.05; }""", arg=t)


# -- presenter mode ------------------------------------------------------------


def test_present_button_and_hash_mute_the_voice_and_keep_captions(browser, lecture):
    page, seen = open_page(browser, lecture, 1280, 800)
    assert not page.evaluate("document.getElementById('video').muted")
    page.click("#present-toggle")
    assert page.get_attribute("#present-toggle", "aria-pressed") == "true"
    assert page.evaluate("location.hash") == "#present"
    assert page.evaluate("document.getElementById('video').muted"), "voice off"
    assert page.is_visible("#presenter")
    mode = """Array.from(document.getElementById('video').textTracks)
        .find(t => t.kind === 'captions').mode"""
    assert page.evaluate(mode) == "showing", "captions stay on"
    page.click("#voice-toggle")
    assert not page.evaluate("document.getElementById('video').muted")
    assert page.get_attribute("#voice-toggle", "aria-pressed") == "true"
    page.click("#captions-toggle")
    assert page.evaluate(mode) == "hidden"
    page.click("#captions-toggle")
    assert page.evaluate(mode) == "showing"
    page.click("#present-exit")
    assert not page.evaluate("document.body.classList.contains('presenting')")
    assert page.evaluate("location.hash") == ""
    assert not page.evaluate("document.getElementById('video').muted")
    assert not seen["errors"], seen["errors"]

    # #present in the address opens the page in presenter mode
    page.goto(lecture["index"].as_uri() + "#present")
    page.wait_for_function("document.body.classList.contains('presenting')")
    assert page.evaluate("document.getElementById('video').muted")
    assert status(page)[:2] == (0, "ready")


def test_each_beat_stops_within_02_s_of_its_end(browser, lecture):
    page, seen = presenting(browser, lecture)
    beats = beats_from_build(lecture)
    page.evaluate(f"document.getElementById('video').playbackRate = {FAST}")
    for k, (start, end, _, _) in enumerate(beats):
        page.keyboard.press("PageDown")
        wait_done(page)
        assert abs(now(page) - end) <= STOP_TOLERANCE, (k, now(page), end)
        assert status(page)[:2] == (k, "done")
        # how far it played past the end before it stopped, in seconds of the
        # clock (the stop's delay is wall-clock time: at FAST speed it covers
        # FAST times as much video as at normal speed)
        past = max(b for a, b in played_ranges(page) if a <= end <= b + 0.05) - end
        assert past / FAST <= STOP_TOLERANCE, (k, past)
    # it played them (not jumped): the video's played ranges cover every beat
    played = played_ranges(page)
    for start, end, _, _ in beats:
        assert any(a <= start + 0.1 and end - STOP_TOLERANCE <= b for a, b in played)
    assert not seen["errors"], seen["errors"]
    # at normal speed too, in a fresh page (nothing played): the last second of
    # the shortest beat
    page, seen = presenting(browser, lecture)
    k = min(range(len(beats)), key=lambda i: beats[i][1] - beats[i][0])
    seek(page, max(beats[k][0] + 0.05, beats[k][1] - 1.0))
    page.keyboard.press("ArrowRight")
    wait_done(page)
    assert abs(now(page) - beats[k][1]) <= STOP_TOLERANCE
    past = max(b for a, b in played_ranges(page) if a <= beats[k][1] <= b + 0.05)
    assert past - beats[k][1] <= STOP_TOLERANCE
    assert status(page)[0] == k
    assert not seen["errors"], seen["errors"]


def test_page_down_and_page_up_move_exactly_one_beat(browser, lecture):
    page, _ = presenting(browser, lecture)
    beats = beats_from_build(lecture)
    page.evaluate(f"document.getElementById('video').playbackRate = {FAST}")
    n = len(beats)
    page.keyboard.press("End")
    wait_landed(page, beats[-1][0])
    assert status(page)[:2] == (n - 1, "ready")
    for k in (n - 2, n - 3):  # PageUp: the start of the previous beat, stopped
        page.keyboard.press("PageUp")
        wait_landed(page, beats[k][0])
        assert abs(now(page) - beats[k][0]) <= LANDS
        assert status(page)[:2] == (k, "ready")
        assert page.evaluate("document.getElementById('video').paused")
    page.keyboard.press("PageDown")  # plays that beat, to its end
    wait_done(page)
    assert abs(now(page) - beats[n - 3][1]) <= STOP_TOLERANCE
    page.keyboard.press("PageDown")  # and then exactly the next one
    wait_done(page)
    assert abs(now(page) - beats[n - 2][1]) <= STOP_TOLERANCE
    assert status(page)[:2] == (n - 2, "done")
    page.keyboard.press("PageUp")  # from the end of a beat: the one before it
    wait_landed(page, beats[n - 3][0])
    assert status(page)[:2] == (n - 3, "ready")
    # PageDown while a beat plays skips to the next beat's start
    page.evaluate("document.getElementById('video').playbackRate = 1")
    page.keyboard.press("PageDown")
    page.wait_for_function("document.getElementById('beat-status')"
                           ".dataset.phase === 'playing'")
    page.keyboard.press("PageDown")
    page.wait_for_function("""t => document.getElementById('video').currentTime >= t
        && document.getElementById('beat-status').dataset.beat === String(%d)"""
                           % (n - 2), arg=beats[n - 2][0])
    page.keyboard.press(" ")  # Space pauses within the beat
    page.wait_for_function("document.getElementById('video').paused")
    assert beats[n - 2][0] <= now(page) < beats[n - 2][1]


def test_home_end_chapter_number_and_full_screen(browser, lecture):
    page, _ = presenting(browser, lecture)
    beats = beats_from_build(lecture)
    chapters = lecture["chapters"]
    page.keyboard.press("End")
    wait_landed(page, beats[-1][0])
    page.keyboard.press("Home")
    wait_landed(page, 0.0)
    assert status(page)[:2] == (0, "ready")
    for number in range(len(chapters), 0, -1):
        for key in str(number):
            page.keyboard.press(key)
        page.keyboard.press("Enter")
        wait_landed(page, chapters[number - 1].start)
        first = next(k for k, b in enumerate(beats) if b[3] == number - 1)
        assert status(page)[:2] == (first, "ready")
        assert chapters[number - 1].title in status(page)[2]
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.evaluate("document.fullscreenElement.id") == "player"
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")


def test_after_the_last_beat_the_video_plays_out_and_stays(browser, lecture):
    page, _ = presenting(browser, lecture)
    beats = beats_from_build(lecture)
    page.evaluate(f"document.getElementById('video').playbackRate = {FAST}")
    page.keyboard.press("End")
    wait_landed(page, beats[-1][0])
    page.keyboard.press("PageDown")  # the last beat
    wait_done(page)
    assert abs(now(page) - beats[-1][1]) <= STOP_TOLERANCE
    page.keyboard.press("PageDown")  # what follows it, to the end of the video
    page.wait_for_function("document.getElementById('video').ended", timeout=20000)
    page.keyboard.press("PageDown")  # and no further: it does not start over
    page.wait_for_timeout(500)
    assert page.evaluate("document.getElementById('video').paused")
    assert now(page) == pytest.approx(lecture["chapters"][-1].end, abs=0.1)
    assert status(page)[0] == len(beats) - 1


def test_keys_do_nothing_new_outside_presenter_mode(browser, lecture):
    page, _ = open_page(browser, lecture, 1280, 800)
    page.locator("h1").click()
    seek(page, 20)
    page.keyboard.press("PageDown")  # the page scrolls, the video stays
    page.keyboard.press("End")
    assert now(page) == pytest.approx(20, abs=0.01)
    assert page.evaluate("document.getElementById('video').paused")


# -- speaker view --------------------------------------------------------------


def open_speaker(page):
    with page.expect_popup() as popup:
        page.click("#speaker-open")
    speaker = popup.value
    errors = []
    speaker.on("pageerror", lambda e: errors.append(str(e)))
    speaker.on("console", lambda m: m.type == "error" and errors.append(m.text))
    speaker.wait_for_load_state()
    return speaker, errors


def speaker_shows(speaker, beat, text):
    speaker.wait_for_function("""([beat, text]) =>
        document.getElementById('speaker').dataset.beat === String(beat) &&
        document.getElementById('speaker-notes').textContent === text""",
                              arg=[beat, text], timeout=5000)


def test_speaker_view_follows_the_main_window_from_file(browser, lecture):
    page, seen = presenting(browser, lecture)
    beats = beats_from_build(lecture)
    speaker, errors = open_speaker(page)
    assert speaker.url.startswith("file:") and speaker.url.endswith("#speaker")
    assert page.url.startswith("file:")
    speaker_shows(speaker, 0, beats[0][2])
    assert speaker.is_visible("#speaker") and not speaker.is_visible("#video")
    chapters = lecture["chapters"]
    assert chapters[0].title in speaker.inner_text("#speaker-chapter")
    # the next beat's first line: the start of its narration
    upnext = speaker.inner_text("#speaker-upnext")
    assert upnext and " ".join(beats[1][2].split()).startswith(upnext.rstrip("."))
    assert speaker.inner_text("#speaker-clock").count(":") == 2
    assert speaker.inner_text("#speaker-elapsed").count(":") == 2

    page.keyboard.press("End")
    speaker_shows(speaker, len(beats) - 1, beats[-1][2])
    assert "Beat %d of %d" % (len(beats), len(beats)) in speaker.inner_text(
        "#speaker-beat")
    assert chapters[-1].title in speaker.inner_text("#speaker-chapter")
    page.keyboard.press("PageUp")
    speaker_shows(speaker, len(beats) - 2, beats[-2][2])
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    speaker_shows(speaker, 0, beats[0][2])

    # the speaker view drives the main window: its buttons and keys
    page.evaluate(f"document.getElementById('video').playbackRate = {FAST}")
    speaker.click("[data-command='next']")
    wait_done(page)
    assert abs(now(page) - beats[0][1]) <= STOP_TOLERANCE
    speaker.bring_to_front()
    speaker.keyboard.press("PageDown")
    wait_done(page)
    page.wait_for_function("""() => document.getElementById('beat-status')
        .dataset.beat === '1'""")
    speaker_shows(speaker, 1, beats[1][2])
    speaker.keyboard.press("End")
    speaker_shows(speaker, len(beats) - 1, beats[-1][2])
    assert not errors and not seen["errors"], errors + seen["errors"]
    assert not seen["refused"]


def test_speaker_view_alone_says_how_to_open_it(browser, lecture):
    page = browser.new_context().new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(lecture["index"].as_uri() + "#speaker")
    page.wait_for_function("!document.getElementById('speaker').hidden")
    assert "Speaker view" in page.inner_text("#speaker-link")
    assert not page.is_visible("#video")
    assert not errors, errors
    page.context.close()


# -- look, layout, accessibility -------------------------------------------------


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["390", "1280"])
def test_presenter_and_speaker_fit_and_screenshots(browser, lecture, size):
    page, _ = presenting(browser, lecture, *size)
    beats = beats_from_build(lecture)
    page.keyboard.press("PageUp")  # nothing before the first beat: stays
    seek(page, beats[3][0] + 1.5)
    page.wait_for_timeout(300)
    speaker, _ = open_speaker(page)
    speaker.set_viewport_size({"width": size[0], "height": size[1]})
    speaker_shows(speaker, 3, beats[3][2])
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, p in (("present", page), ("speaker", speaker)):
        assert p.evaluate("document.documentElement.scrollWidth") <= size[0], name
        assert p.evaluate("document.body.scrollWidth") <= size[0], name
        p.screenshot(path=str(SHOTS / f"{name}-{size[0]}x{size[1]}.png"))
    # the video and the presenter's buttons are on the first screen
    for selector in ("#video", "#beat-next", "#beat-prev"):
        box = page.locator(selector).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= size[1], selector


def test_presenter_controls_labelled_focus_ring_and_contrast(browser, lecture):
    page, _ = presenting(browser, lecture)
    speaker, _ = open_speaker(page)
    for p, root in ((page, "#presenter"), (speaker, "#speaker")):
        controls = p.locator(f"{root} button")
        assert controls.count() >= 3
        for k in range(controls.count()):
            button = controls.nth(k)
            assert button.inner_text().strip(), "every button says what it does"
            button.focus()  # then reached by the keyboard, as a user would
            p.keyboard.press("Shift+Tab")
            p.keyboard.press("Tab")
            ring = p.evaluate("""() => {
                const s = getComputedStyle(document.activeElement);
                return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
            assert ring[0] != "none" and ring[1] >= 2, button.inner_text()
        low = []
        for t in p.evaluate(CONTRAST_JS):
            large = t["size"] >= 24 or (t["bold"] and t["size"] >= 18.66)
            ratio = contrast(_hex(t["fg"]), _hex(t["bg"]))
            if ratio < (LARGE_TEXT if large else AA):
                low.append((t["text"], _hex(t["fg"]), _hex(t["bg"]), round(ratio, 2)))
        assert not low, f"text below WCAG AA: {low[:5]}"
