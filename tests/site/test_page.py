"""The lecture page in a real Chromium, on a small lecture built for real.

Oracles: the scene files the build made (each scene's .srt and events JSON,
its video length by ffprobe), never the page's own data. The page is opened
from file:// with every request that is not file: or blob: refused.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import srt

from pipeline.site import build_site
from tests.colour import AA, contrast
from tests.site.conftest import SITE, open_tab

# One worker runs them all, with the presenter tests (conftest.SITE); the small
# lecture is built once per run.
pytestmark = [pytest.mark.manim, pytest.mark.slow, SITE]

SEEK_TOLERANCE = 0.5  # seconds: the bound for a click that seeks
LARGE_TEXT = 3.0  # WCAG AA for large text and for focus indicators


# -- fixtures ----------------------------------------------------------------


@pytest.fixture(scope="module")
def lecture(small_lecture):
    return small_lecture


@pytest.fixture()
def opened(browser, lecture):
    """A fresh page at 1280x800: (page, requests made, errors seen)."""
    return open_page(browser, lecture, 1280, 800)


def open_page(browser, lecture, width, height):
    page, seen = open_tab(browser, lecture["index"].as_uri(), width, height)
    page.wait_for_function("document.getElementById('video').readyState >= 1")
    return page, seen


def chapters_from_build(lecture):
    """[(title, start, end, events dict, srt path)] from the scene files."""
    out = []
    for c in lecture["chapters"]:
        out.append((c.title, c.start, c.end, json.loads(c.events.read_text()), c.srt))
    return out


def srt_cues(lecture):
    """Every caption of every scene, shifted to the joined lecture."""
    cues = []
    for _, start, end, _, path in chapters_from_build(lecture):
        for c in srt.parse(path.read_text(encoding="utf-8")):
            a = start + c.start.total_seconds()
            b = min(start + c.end.total_seconds(), end)
            cues.append((a, b, c.content))
    return cues


def flat(text):
    """A caption as the transcript reads it: its line breaks are spaces."""
    return " ".join(text.split())


def seek(page, t):
    """Set the playhead as a user dragging the bar would, and wait for it."""
    page.evaluate("""t => new Promise(done => {
        const v = document.getElementById('video');
        v.addEventListener('seeked', () => done(), {once: true});
        v.currentTime = t; })""", t)


def current_time(page):
    return page.evaluate("document.getElementById('video').currentTime")


def wait_seeked(page):
    page.wait_for_function("!document.getElementById('video').seeking")


# -- loading -----------------------------------------------------------------


def test_loads_from_file_with_no_network_and_no_errors(opened):
    page, seen = opened
    page.wait_for_function("document.getElementById('video').readyState >= 2")
    assert seen["requests"], "the page made no requests at all"
    assert not seen["refused"], f"requests outside the folder: {seen['refused']}"
    assert all(u.startswith(("file:", "blob:", "data:")) for u in seen["requests"])
    assert not seen["errors"], f"console errors: {seen['errors']}"
    # The video, its thumbnails and the page's CSS and JS all came from the folder.
    names = {Path(u.split("?")[0]).name for u in seen["requests"]
             if u.startswith("file:")}
    assert {"index.html", "site.css", "site.js"} <= names


def test_page_plays_the_video(opened, lecture):
    page, _ = opened
    page.evaluate("document.getElementById('video').muted = true")
    page.click("#player video")  # a user gesture, then play
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function("document.getElementById('video').currentTime > 0.5")
    duration = page.evaluate("document.getElementById('video').duration")
    assert duration == pytest.approx(lecture["chapters"][-1].end, abs=0.1)


# -- captions and chapters tracks -------------------------------------------


def test_captions_track_has_every_cue(opened, lecture):
    page, _ = opened
    page.wait_for_function("""Array.from(document.getElementById('video').textTracks)
        .every(t => t.cues && t.cues.length > 0)""")
    got = page.evaluate("""Array.from(document.getElementById('video').textTracks)
        .filter(t => t.kind === 'captions')
        .map(t => Array.from(t.cues).map(c => [c.startTime, c.endTime, c.text]))""")
    assert len(got) == 1, "one captions track"
    want = srt_cues(lecture)
    assert len(got[0]) == len(want)
    for (a, b, text), (wa, wb, wtext) in zip(got[0], want):
        assert text == wtext
        assert a == pytest.approx(wa, abs=0.002) and b == pytest.approx(wb, abs=0.002)
    mode = page.evaluate("""Array.from(document.getElementById('video').textTracks)
        .find(t => t.kind === 'captions').mode""")
    assert mode == "showing", "captions are on by default"


def test_chapters_track_names_every_chapter(opened, lecture):
    page, _ = opened
    page.wait_for_function("""Array.from(document.getElementById('video').textTracks)
        .every(t => t.cues && t.cues.length > 0)""")
    got = page.evaluate("""Array.from(document.getElementById('video').textTracks)
        .filter(t => t.kind === 'chapters')
        .map(t => Array.from(t.cues).map(c => [c.startTime, c.text]))""")[0]
    want = [(c.start, c.title) for c in lecture["chapters"]]
    assert [t for _, t in got] == [t for _, t in want]
    assert [s for s, _ in got] == pytest.approx([s for s, _ in want], abs=0.002)


# -- chapters ----------------------------------------------------------------


def test_chapter_click_seeks_to_its_start_and_marks_it(opened, lecture):
    page, _ = opened
    buttons = page.locator("button.chapter")
    assert buttons.count() == len(lecture["chapters"])
    for i in reversed(range(len(lecture["chapters"]))):
        chapter = lecture["chapters"][i]
        buttons.nth(i).click()
        wait_seeked(page)
        assert abs(current_time(page) - chapter.start) <= SEEK_TOLERANCE
        marked = page.locator("button.chapter[aria-current='true']")
        assert marked.count() == 1
        assert chapter.title in marked.inner_text()
        assert chapter.title in page.locator("#now-chapter").inner_text()
        # the mark is more than colour: a visible "Playing" label
        assert marked.locator(".playing").is_visible()


def test_chapter_thumbnails_are_the_posters(opened, lecture):
    page, _ = opened
    srcs = page.eval_on_selector_all("button.chapter img", "els => els.map(e => e.src)")
    assert [Path(s).stem for s in srcs] == [c.id for c in lecture["chapters"]]
    widths = page.eval_on_selector_all("button.chapter img",
                                       "els => els.map(e => e.naturalWidth)")
    assert all(w > 0 for w in widths), "every thumbnail loads"


# -- transcript --------------------------------------------------------------


def test_transcript_has_every_line_and_highlights_the_one_under_the_playhead(
        opened, lecture):
    page, _ = opened
    want = srt_cues(lecture)
    lines = page.locator("button.line .said")
    assert lines.all_inner_texts() == [flat(text) for _, _, text in want]
    for a, b, text in (want[0], want[len(want) // 2], want[-1]):
        seek(page, (a + b) / 2)
        current = page.locator("button.line.current")
        assert current.count() == 1
        assert current.locator(".said").inner_text() == flat(text)
        # kept in view inside the transcript's scroll box
        box = page.locator("#lines").bounding_box()
        line = current.bounding_box()
        assert box["y"] - 1 <= line["y"] and line["y"] + line["height"] <= (
            box["y"] + box["height"] + 1)


def test_highlight_follows_playback(opened, lecture):
    page, _ = opened
    want = srt_cues(lecture)
    first, second = want[0], want[1]
    seek(page, second[0] - 0.4)
    page.evaluate("v => { v.muted = true; return v.play(); }",
                  page.query_selector("#video"))
    page.wait_for_function("""text => {
        const c = document.querySelector('button.line.current .said');
        return c && c.textContent === text; }""", arg=flat(second[2]), timeout=5000)
    page.evaluate("document.getElementById('video').pause()")
    assert first[2] != second[2] or first[0] != second[0]


def test_clicking_a_line_seeks_to_it(opened, lecture):
    page, _ = opened
    want = srt_cues(lecture)
    k = len(want) - 2
    page.locator("button.line").nth(k).click()
    wait_seeked(page)
    assert abs(current_time(page) - want[k][0]) <= SEEK_TOLERANCE
    assert page.locator("button.line.current .said").inner_text() == flat(want[k][2])
    # the video shows that caption alone (not also the one ending where it starts)
    page.wait_for_function("""text => {
        const t = Array.from(document.getElementById('video').textTracks)
            .find(t => t.kind === 'captions');
        return t.activeCues.length === 1 && t.activeCues[0].text === text;
    }""", arg=want[k][2], timeout=3000)


def _a_searchable_word(cues):
    """A word said in some lines but not all (the oracle is the .srt)."""
    words = {}
    for i, (_, _, text) in enumerate(cues):
        for w in set(re.findall(r"[A-Za-z]{6,}", text.lower())):  # one word: no \n
            words.setdefault(w, set()).add(i)
    ranked = sorted(words.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return next((w, sorted(hits)) for w, hits in ranked if 1 < len(hits) < len(cues))


def test_search_filters_lines_and_enter_jumps_to_them(opened, lecture):
    page, _ = opened
    cues = srt_cues(lecture)
    word, hits = _a_searchable_word(cues)
    page.fill("#search", word.upper())  # case does not matter
    shown = page.locator("li:not([hidden]) > button.line .said")
    assert shown.all_inner_texts() == [flat(cues[i][2]) for i in hits]
    assert page.locator("button.line mark").count() >= len(hits)
    assert str(len(hits)) in page.locator("#search-status").inner_text()
    seek(page, 0)
    for i in hits:
        page.press("#search", "Enter")
        wait_seeked(page)
        assert abs(current_time(page) - cues[i][0]) <= SEEK_TOLERANCE
        assert flat(cues[i][2]) in page.locator("#search-status").inner_text()
    page.press("#search", "Escape")
    assert page.locator("li:not([hidden]) > button.line").count() == len(cues)


def test_search_with_no_match_says_so(opened):
    page, _ = opened
    page.fill("#search", "zzqqxx")
    assert page.locator("li:not([hidden]) > button.line").count() == 0
    assert "No line matches" in page.locator("#search-status").inner_text()


# -- keyboard, speed, focus ----------------------------------------------------


def test_keyboard_shortcuts(opened, lecture):
    page, _ = opened
    page.evaluate("document.getElementById('video').muted = true")
    page.locator("h1").click()  # focus on the page, not a control
    page.keyboard.press(" ")
    page.wait_for_function("!document.getElementById('video').paused")
    page.keyboard.press(" ")
    page.wait_for_function("document.getElementById('video').paused")

    seek(page, 20)
    page.keyboard.press("ArrowRight")
    wait_seeked(page)
    assert current_time(page) == pytest.approx(25, abs=0.1)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_seeked(page)
    assert current_time(page) == pytest.approx(15, abs=0.1)

    chapters = lecture["chapters"]
    seek(page, chapters[0].start + 1)
    page.keyboard.press("n")
    wait_seeked(page)
    assert abs(current_time(page) - chapters[1].start) <= SEEK_TOLERANCE
    page.keyboard.press("p")
    wait_seeked(page)
    assert abs(current_time(page) - chapters[0].start) <= SEEK_TOLERANCE

    # with the video itself focused, each key acts once (not also natively)
    page.focus("#video")
    seek(page, 30)
    page.keyboard.press("ArrowRight")
    wait_seeked(page)
    assert current_time(page) == pytest.approx(35, abs=0.1)
    page.keyboard.press(" ")
    page.wait_for_timeout(300)
    assert not page.evaluate("document.getElementById('video').paused")
    page.keyboard.press(" ")
    page.wait_for_function("document.getElementById('video').paused")
    seek(page, chapters[0].start + 1)

    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search"
    before = current_time(page)
    page.keyboard.type("n")  # typing in the search box is not a shortcut
    assert current_time(page) == before


def test_speed_from_075_to_2(opened):
    page, _ = opened
    rates = page.eval_on_selector_all("#speed option", "os => os.map(o => +o.value)")
    assert min(rates) == 0.75 and max(rates) == 2 and 1 in rates
    for rate in rates:
        page.select_option("#speed", str(rate).rstrip("0").rstrip(".")
                           if rate != int(rate) else str(int(rate)))
        assert page.evaluate("document.getElementById('video').playbackRate") == rate


def test_tab_reaches_every_control_with_a_visible_focus_ring(opened):
    page, _ = opened
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    controls = page.evaluate("""Array.from(document.querySelectorAll(
        'a[href], button, input, select, summary, video[controls]'))
        .filter(e => e.offsetParent !== null).length""")
    reached, rings = set(), []
    for _ in range(controls + 10):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return [Array.from(document.querySelectorAll('*')).indexOf(e),
                    s.outlineStyle, parseFloat(s.outlineWidth),
                    e.outerHTML.slice(0, 80), e.tagName];
        }""")
        if info[4] == "BODY":  # past the last control, back to the start
            continue
        reached.add(info[0])
        if info[4] != "VIDEO":  # the video's own controls draw their focus
            rings.append(info)
    assert len(reached) >= controls
    bad = [r[3] for r in rings if r[1] == "none" or r[2] < 2]
    assert not bad, f"no visible focus ring on {bad[:3]}"


# -- code, notes ---------------------------------------------------------------


def test_code_that_ran_is_on_the_page_with_its_output(opened, lecture):
    page, _ = opened
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    for i, (_, _, _, events, _) in enumerate(chapters_from_build(lecture)):
        block = page.locator(f"details.chapter-code[data-chapter='{i}']")
        shown = block.locator("pre.source code").all_text_contents()
        ran = list(dict.fromkeys(r["code"] for r in events["code"]))
        assert ran, "the scene recorded the code it ran"
        assert set(shown) == set(ran)
        outputs = block.locator("pre.result").all_text_contents()
        for r in events["code"]:
            assert (r["error"] or r["output"]) in outputs or not (
                r["error"] or r["output"])


def test_copy_button_copies_the_code(browser, lecture):
    page, _ = open_page(browser, lecture, 1280, 800)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    button = page.locator("button.copy").first
    code = page.locator("pre.source code").first.text_content()
    button.click()
    page.wait_for_function("""() => document.querySelector('button.copy')
        .textContent === 'Copied'""")
    assert page.evaluate("navigator.clipboard.readText()") == code


@pytest.fixture(scope="module")
def annotated(lecture, tmp_path_factory):
    """The same lecture and video with handwritten notes and questions.

    The small lecture's scenes show no erratum or question (those scenes are
    long), so the links are checked on moments placed by hand; the manifest
    tests check that real events land in the JSON.
    """
    m = copy.deepcopy(lecture["manifest"])
    first, last = m["chapters"][0], m["chapters"][-1]
    m["errata"] = [{"time": last["start"] + 2.5, "chapter": len(m["chapters"]) - 1,
                    "key": "e", "guide": "y.backward() # Output: tensor(2.)",
                    "torch": "y.backward() returns None"}]
    m["notes"] = [{"time": first["start"] + 4.0, "chapter": 0, "key": "n",
                   "guide": "BCHW: always", "torch": "channels_last exists"}]
    m["questions"] = [
        {"number": 7, "text": "What is <b>A</b> * B?", "code": "A * B", "chapter": 0,
         "time": first["start"] + 3.0, "answer": first["start"] + 9.0},
        {"number": 8, "text": "And A @ B?", "code": "", "chapter": 0,
         "time": first["start"] + 12.0, "answer": None},
    ]
    posters = {c.id: c.poster for c in lecture["chapters"]}
    index = build_site(m, lecture["video"], posters,
                       tmp_path_factory.mktemp("annotated") / "site")
    return {**lecture, "manifest": m, "index": index}


def test_notes_on_the_guide_link_to_their_moments(browser, annotated):
    page, seen = open_page(browser, annotated, 1280, 800)
    m = annotated["manifest"]
    moments = sorted([e["time"] for e in m["errata"]] + [n["time"] for n in m["notes"]])
    links = page.locator(".moments a[data-seek]")
    assert links.count() == len(moments)
    for k, t in enumerate(moments):
        links.nth(k).click()
        wait_seeked(page)
        assert abs(current_time(page) - t) <= SEEK_TOLERANCE
        video = page.locator("#video").bounding_box()
        assert video["y"] >= -1, "the video is scrolled into view"
    assert not seen["errors"]


def test_practice_questions_link_to_question_and_answer(browser, annotated):
    page, _ = open_page(browser, annotated, 1280, 800)
    questions = annotated["manifest"]["questions"]
    items = page.locator(".questions > li")
    assert items.count() == len(questions)
    assert "What is <b>A</b> * B?" in items.nth(0).inner_text()  # text, not markup
    for k, q in enumerate(questions):
        links = items.nth(k).locator("a[data-seek]")
        times = [q["time"]] + ([q["answer"]] if q["answer"] is not None else [])
        assert links.count() == len(times)
        for n, t in enumerate(times):
            links.nth(n).click()
            wait_seeked(page)
            assert abs(current_time(page) - t) <= SEEK_TOLERANCE


def test_chapter_code_links_seek_to_the_chapter(opened, lecture):
    page, _ = opened
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    links = page.locator(".chapter-code a[data-seek]")
    assert links.count() == len(lecture["chapters"])
    for k, chapter in reversed(list(enumerate(lecture["chapters"]))):
        links.nth(k).click()
        wait_seeked(page)
        assert abs(current_time(page) - chapter.start) <= SEEK_TOLERANCE


# -- layout, accessibility -----------------------------------------------------


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["390", "1280"])
def test_no_sideways_scroll_and_screenshot(browser, lecture, size, tmp_path_factory):
    page, _ = open_page(browser, lecture, *size)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    seek(page, lecture["chapters"][-1].start + 5)
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    assert page.evaluate("document.body.scrollWidth") <= size[0]
    shots = Path(__file__).parents[2] / "build" / "site-screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"page-{size[0]}x{size[1]}.png"))
    page.screenshot(path=str(shots / f"page-{size[0]}x{size[1]}-full.png"),
                    full_page=True)


def test_usable_at_1280x800(opened):
    page, _ = opened
    # The video, the chapter list and some transcript are on the first screen.
    for selector in ("#video", "button.chapter", "button.line"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 800, selector
    video = page.locator("#video").bounding_box()
    assert video["width"] >= 640


def test_landmarks_labels_lang_and_alt(opened):
    page, _ = opened
    assert page.evaluate("document.documentElement.lang") == "en"
    for role in ("main", "nav", "header", "footer"):
        assert page.locator(role).count() >= 1, role
    assert page.locator("h1").count() == 1
    assert page.evaluate("[...document.images].every(i => i.hasAttribute('alt'))")
    unnamed = page.evaluate("""Array.from(document.querySelectorAll(
        'button, input, select, video, a[href]')).filter(e => {
            const label = e.labels && e.labels.length && e.labels[0].textContent.trim();
            return !(label || e.getAttribute('aria-label') || e.textContent.trim());
        }).map(e => e.outerHTML.slice(0, 80))""")
    assert not unnamed, unnamed


CONTRAST_JS = """() => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number);
                       return {rgb: m.slice(0, 3), a: m.length > 3 ? m[3] : 1}; };
  function background(el) {
    for (let e = el; e; e = e.parentElement) {
      const b = parse(getComputedStyle(e).backgroundColor);
      if (b.a > 0.5) return b.rgb;
    }
    return parse(getComputedStyle(document.body).backgroundColor).rgb;
  }
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el.checkVisibility() || el.closest('video')) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const s = getComputedStyle(el);
    out.push({text: n.textContent.trim().slice(0, 40), fg: parse(s.color).rgb,
              bg: background(el), size: parseFloat(s.fontSize),
              bold: parseInt(s.fontWeight) >= 700});
  }
  return out;
}"""


def _hex(rgb):
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def test_contrast_of_the_pages_own_colours(browser, lecture):
    page, _ = open_page(browser, lecture, 1280, 800)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    seek(page, srt_cues(lecture)[1][0] + 0.1)  # a highlighted line and chapter
    word, _ = _a_searchable_word(srt_cues(lecture))
    page.fill("#search", word)  # search marks
    texts = page.evaluate(CONTRAST_JS)
    assert len(texts) > 20
    low = []
    for t in texts:
        large = t["size"] >= 24 or (t["bold"] and t["size"] >= 18.66)
        need = LARGE_TEXT if large else AA
        ratio = contrast(_hex(t["fg"]), _hex(t["bg"]))
        if ratio < need:
            low.append((t["text"], _hex(t["fg"]), _hex(t["bg"]), round(ratio, 2)))
    assert not low, f"text below WCAG AA: {low[:5]}"
    # the focus ring against the page background (non-text contrast, 3:1)
    page.focus("button.chapter")
    ring = page.evaluate("""parse => getComputedStyle(document.activeElement)
        .outlineColor""")
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    to_hex = lambda c: _hex([float(x) for x in re.findall(r"[\d.]+", c)[:3]])  # noqa: E731
    assert contrast(to_hex(ring), to_hex(bg)) >= LARGE_TEXT
