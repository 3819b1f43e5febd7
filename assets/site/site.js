// Tensor Hero lecture page: captions, chapters, transcript, search, keyboard.
// Vanilla JavaScript, no network: everything comes from the JSON in the page.
// window.TensorHero exposes the data and seek/chapter helpers, and onKey for
// presenter mode (present.js) to take keys first.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("lecture-data").textContent);
  const video = document.getElementById("video");
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const EPS = 0.001; // a time exactly at a start belongs to what starts there
  const STEP = 5; // seconds for the arrow keys
  // Jumps to a moment land just after it: at the exact end of one caption and
  // start of the next, Chromium shows both.
  const SNAP = 0.01;

  // -- WebVTT built here and loaded from blob: URLs (file:// pages cannot load
  //    a separate .vtt into a <track>)
  function pad(n, width) { return String(n).padStart(width, "0"); }
  function stamp(t) {
    const ms = Math.max(0, Math.round(t * 1000));
    return pad(Math.floor(ms / 3600000), 2) + ":" + pad(Math.floor(ms / 60000) % 60, 2) +
      ":" + pad(Math.floor(ms / 1000) % 60, 2) + "." + pad(ms % 1000, 3);
  }
  function vttText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/\n\s*\n/g, "\n");
  }
  function vtt(items) {
    return "WEBVTT\n\n" + items.map((c, i) =>
      (i + 1) + "\n" + stamp(c.start) + " --> " + stamp(c.end) + "\n" + vttText(c.text) + "\n"
    ).join("\n");
  }
  function addTrack(kind, label, items, mode) {
    const track = document.createElement("track");
    track.kind = kind;
    track.label = label;
    track.srclang = "en";
    track.src = URL.createObjectURL(new Blob([vtt(items)], { type: "text/vtt" }));
    if (mode === "showing") track.default = true;
    video.appendChild(track);
    track.track.mode = mode;
    return track;
  }
  const captions = addTrack("captions", "English", data.cues, "showing");
  const chapterTrack = addTrack("chapters", "Chapters", data.chapters.map(c => ({
    start: c.start, end: c.end, text: c.title })), "hidden");

  // -- where the playhead is
  function lastStartingBefore(items, t) {
    let lo = 0, hi = items.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid].start <= t + EPS) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
  function chapterAt(t) { return Math.max(0, lastStartingBefore(data.chapters, t)); }
  function cueAt(t) {
    const i = lastStartingBefore(data.cues, t);
    return i >= 0 && t < data.cues[i].end ? i : -1;
  }
  function beatAt(t) {
    const i = lastStartingBefore(data.beats, t);
    return i >= 0 && t < data.beats[i].end ? i : -1;
  }

  function seek(t) {
    const end = isFinite(video.duration) ? video.duration : data.duration;
    video.currentTime = Math.min(Math.max(0, t), Math.max(0, end - EPS));
    update();
  }
  function jump(t) { seek(t + SNAP); }

  // -- the page follows the playhead
  const chapterButtons = $$(".chapter");
  const codeBlocks = $$(".chapter-code");
  const lines = $$(".line");
  const linesBox = document.getElementById("lines");
  const follow = document.getElementById("follow");
  const nowChapter = document.getElementById("now-chapter");
  let shownChapter = -1, shownCue = -2;

  function keepInView(el) {
    if (!follow.checked || el.closest("[hidden]")) return;
    const top = el.offsetTop, bottom = top + el.offsetHeight;
    const header = 32; // the sticky chapter heading
    if (top < linesBox.scrollTop + header || bottom > linesBox.scrollTop + linesBox.clientHeight) {
      linesBox.scrollTop = Math.max(0, top - linesBox.clientHeight / 3);
    }
  }

  function update() {
    const t = video.currentTime;
    const ch = chapterAt(t);
    if (ch !== shownChapter) {
      shownChapter = ch;
      chapterButtons.forEach((b, i) => {
        if (i === ch) b.setAttribute("aria-current", "true");
        else b.removeAttribute("aria-current");
      });
      codeBlocks.forEach((d, i) => d.classList.toggle("current", i === ch));
      nowChapter.textContent = "Chapter " + (ch + 1) + " of " + data.chapters.length +
        ": " + data.chapters[ch].title;
    }
    const cue = cueAt(t);
    if (cue !== shownCue) {
      if (shownCue >= 0 && lines[shownCue]) {
        lines[shownCue].classList.remove("current");
        lines[shownCue].removeAttribute("aria-current");
      }
      shownCue = cue;
      if (cue >= 0 && lines[cue]) {
        lines[cue].classList.add("current");
        lines[cue].setAttribute("aria-current", "true");
        keepInView(lines[cue]);
      }
    }
    document.dispatchEvent(new CustomEvent("tensorhero:time", {
      detail: { time: t, chapter: ch, cue: cue } }));
  }

  let ticking = false;
  function tick() {
    update();
    if (!video.paused && !video.ended) requestAnimationFrame(tick);
    else ticking = false;
  }
  video.addEventListener("play", () => {
    if (!ticking) { ticking = true; requestAnimationFrame(tick); }
  });
  ["timeupdate", "seeked", "seeking", "loadedmetadata", "pause"].forEach(
    name => video.addEventListener(name, update));

  // -- anything with data-seek jumps the video there
  const player = document.getElementById("player");
  document.addEventListener("click", event => {
    const el = event.target.closest("[data-seek]");
    if (!el) return;
    event.preventDefault();
    jump(parseFloat(el.dataset.seek));
    if (el.hasAttribute("data-reveal")) {
      player.scrollIntoView({ block: "start" });
    }
  });

  // -- speed
  const speed = document.getElementById("speed");
  speed.addEventListener("change", () => { video.playbackRate = parseFloat(speed.value); });
  video.addEventListener("ratechange", () => {
    const option = Array.from(speed.options).find(
      o => Math.abs(parseFloat(o.value) - video.playbackRate) < 1e-6);
    if (option) speed.value = option.value;
  });

  // -- search: filter the lines, Enter jumps to the next match
  const search = document.getElementById("search");
  const status = document.getElementById("search-status");
  const groups = $$(".line-group");
  const said = lines.map(l => l.querySelector(".said"));
  // A caption may break into two lines; the transcript reads it as one.
  const flat = text => text.replace(/\s+/g, " ").trim();
  const shown = data.cues.map(c => flat(c.text));
  const haystack = data.cues.map((c, i) => (shown[i] + "\n" + flat(c.spoken || ""))
    .toLowerCase());
  let matches = [];

  function markText(span, text, query) {
    span.textContent = "";
    if (!query) { span.textContent = text; return; }
    const lower = text.toLowerCase();
    let at = 0;
    for (let i = lower.indexOf(query); i >= 0; i = lower.indexOf(query, at)) {
      span.append(text.slice(at, i));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(i, i + query.length);
      span.append(mark);
      at = i + query.length;
    }
    span.append(text.slice(at));
  }

  function filter() {
    const query = search.value.trim().toLowerCase();
    matches = [];
    lines.forEach((line, i) => {
      const hit = !query || haystack[i].includes(query);
      line.parentElement.hidden = !hit;
      if (query && hit) matches.push(i);
      markText(said[i], shown[i], query);
      line.classList.remove("jumped");
    });
    groups.forEach(g => { g.hidden = !g.querySelector("li:not([hidden])"); });
    if (!query) status.textContent = "";
    else if (!matches.length) status.textContent = "No line matches \u201c" + query + "\u201d.";
    else status.textContent = matches.length + (matches.length === 1 ? " line matches" :
      " lines match") + " \u201c" + query + "\u201d.";
  }

  function jumpToMatch(backwards) {
    if (!matches.length) return;
    const t = video.currentTime;
    let next;
    if (backwards) {
      const before = matches.filter(i => data.cues[i].start < t - EPS - 0.5);
      next = before.length ? before[before.length - 1] : matches[matches.length - 1];
    } else {
      next = matches.find(i => data.cues[i].start > t + EPS);
      if (next === undefined) next = matches[0];
    }
    lines.forEach(l => l.classList.remove("jumped"));
    lines[next].classList.add("jumped");
    jump(data.cues[next].start);
    const top = lines[next].offsetTop;
    linesBox.scrollTop = Math.max(0, top - linesBox.clientHeight / 3);
    status.textContent = "Line " + (matches.indexOf(next) + 1) + " of " + matches.length +
      ", at " + clock(data.cues[next].start) + ": " + shown[next];
  }

  search.addEventListener("input", filter);
  search.addEventListener("keydown", event => {
    if (event.key === "Enter") { event.preventDefault(); jumpToMatch(event.shiftKey); }
    if (event.key === "Escape" && search.value) {
      event.preventDefault();
      search.value = "";
      filter();
    }
  });

  function clock(t) {
    const s = Math.floor(t), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    return (h ? h + ":" + pad(m, 2) : String(m)) + ":" + pad(s % 60, 2);
  }

  // -- keyboard: Space, arrows, N/P, /
  const TYPING = "input, select, textarea, [contenteditable]";
  const ACTIVATES = "button, a[href], summary, input, select, textarea";
  function nextChapter(step) {
    const ch = chapterAt(video.currentTime) + step;
    if (ch >= data.chapters.length) return;
    jump(data.chapters[Math.max(0, ch)].start);
    announce("Chapter " + (Math.max(0, ch) + 1) + ": " + data.chapters[Math.max(0, ch)].title);
  }
  function togglePlay() {
    if (video.paused || video.ended) video.play().catch(() => {});
    else video.pause();
  }
  const keys = {
    " ": togglePlay,
    "ArrowLeft": () => seek(video.currentTime - STEP),
    "ArrowRight": () => seek(video.currentTime + STEP),
    "n": () => nextChapter(1),
    "p": () => nextChapter(-1),
    "/": () => { search.focus(); search.select(); },
  };
  // Presenter mode takes keys first: a hook returns true for a key it used.
  const keyHooks = [];
  window.addEventListener("keydown", event => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target : document.body;
    if (target.closest(TYPING)) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === " " && target.closest(ACTIVATES)) return; // Space presses it
    if (keyHooks.some(hook => hook(key, event))) { event.preventDefault(); return; }
    const action = keys[key];
    if (!action) return;
    event.preventDefault();
    action();
  }, true);

  // -- copy buttons
  const announcer = document.getElementById("announce");
  function announce(text) {
    announcer.textContent = "";
    setTimeout(() => { announcer.textContent = text; }, 30);
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
    }
    return Promise.resolve(fallbackCopy(text));
  }
  function fallbackCopy(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("copy refused");
  }
  $$(".copy").forEach(button => {
    button.addEventListener("click", () => {
      const code = document.getElementById(button.dataset.copy).textContent;
      copyText(code).then(() => {
        button.textContent = "Copied";
        announce("Code copied");
      }, () => {
        button.textContent = "Select and copy";
        announce("Copying was refused; select the code and copy it");
      }).finally(() => setTimeout(() => { button.textContent = "Copy"; }, 2000));
    });
  });

  // -- #t=SECONDS in the address jumps there
  function fromHash() {
    const match = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
    if (match) jump(parseFloat(match[1]));
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  update();

  window.TensorHero = {
    data, video, seek, jump, chapterAt, cueAt, beatAt, update, clock, announce, addTrack,
    onKey: hook => keyHooks.push(hook),
    tracks: { captions: captions, chapters: chapterTrack },
  };
})();
