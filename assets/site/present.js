// Tensor Hero presenter mode and speaker view, on top of site.js.
//
// Presenter mode (the Present button, or #present in the address): the video
// plays one beat, one narration line with its animations as the build timed
// it (data.beats), and stops at its end. Right/PageDown plays the next beat,
// Left/PageUp goes back to the start of the previous one, Home/End, a number
// then Enter jumps to that chapter, F toggles full screen. The voice starts
// muted (the teacher speaks); captions stay on.
//
// The speaker view is the same page opened with #speaker in a second window.
// The two talk with postMessage through the window handles (window.open's
// result and window.opener): BroadcastChannel does not reach between file://
// pages, whose origins are opaque.
(function () {
  "use strict";

  const TH = window.TensorHero;
  const { data, video } = TH;
  const beats = data.beats;
  const chapters = data.chapters;
  const EARLY = 0.02; // stop this close before a beat's end (the frame shown is its own)
  const SNAP = 0.01; // land just after a start, as site.js does
  const BACK = 0.5; // play on from up to this far before a beat's span
  const HERE = 0.05; // a seek landing this close to where we sent it is ours
  const TYPE = "tensorhero:";
  const $ = id => document.getElementById(id);

  if (location.hash === "#speaker") { speakerView(); return; }

  // -- state: the current beat and where it is in it ---------------------------
  //   ready: at (or before) the beat's start, not played yet
  //   playing: playing it, stopping at its end; done: stopped at its end
  let presenting = false;
  let current = 0;
  let phase = "ready";
  let stopAt = null;
  let expected = null; // where our own last seek goes
  let mutedBefore = false;
  let startedAt = null;
  let speaker = null; // the speaker view's window
  let digits = "";

  const toggle = $("present-toggle");
  const panel = $("presenter");
  const status = $("beat-status");
  const voiceButton = $("voice-toggle");
  const captionsButton = $("captions-toggle");
  const fullButton = $("fullscreen-toggle");
  const player = $("player");

  /** The beat under ``t``, or the next one after it (-1 past the last). */
  function beatFrom(t) {
    for (let i = 0; i < beats.length; i++) {
      if (t < beats[i].end - EARLY) return i;
    }
    return -1;
  }
  function firstBeatOf(chapter) {
    const i = beats.findIndex(b => b.chapter >= chapter);
    return i < 0 ? beats.length - 1 : i;
  }

  function goTo(t) {
    const end = isFinite(video.duration) ? video.duration : data.duration;
    expected = Math.min(Math.max(0, t), Math.max(0, end - 0.001));
    video.currentTime = expected;
    TH.update();
  }

  function play(i, fromStart) {
    if (!beats.length) return;
    current = i;
    const beat = beats[i];
    const t = video.currentTime;
    const from = i > 0 ? beats[i - 1].start : 0;
    if (fromStart || t < from - BACK || t >= beat.end - EARLY) goTo(beat.start + SNAP);
    phase = "playing";
    stopAt = beat.end;
    video.play().catch(() => {});
    report();
  }

  /** After the last beat: play on to the end of the video. */
  function playTail() {
    phase = "playing";
    stopAt = null;
    video.play().catch(() => {});
    report();
  }

  function halt(i, t) {
    video.pause();
    stopAt = null;
    current = Math.max(0, i);
    phase = "ready";
    goTo(t);
    report();
  }

  function next() {
    if (!beats.length) return;
    if (phase === "playing" && stopAt !== null) {
      if (current + 1 < beats.length) play(current + 1, true);
    } else if (phase === "ready" || phase === "paused") {
      play(current, false);
    } else if (current + 1 < beats.length) {
      play(current + 1, false);
    } else if (video.paused && !video.ended) { // (play() at the end starts over)
      playTail();
    }
  }
  function prev() {
    if (!beats.length) return;
    if (current === 0) { halt(0, 0); return; }
    halt(current - 1, beats[current - 1].start + SNAP);
  }
  function first() { halt(0, 0); }
  function last() {
    if (beats.length) halt(beats.length - 1, beats[beats.length - 1].start + SNAP);
  }
  function chapter(n) {
    if (n < 1 || n > chapters.length) {
      TH.announce("No chapter " + n + ": there are " + chapters.length + ".");
      return;
    }
    halt(firstBeatOf(n - 1), chapters[n - 1].start + SNAP);
    TH.announce("Chapter " + n + ": " + chapters[n - 1].title);
  }
  function playPause() {
    if (video.paused) {
      if (phase === "done") next(); else play(current, false);
    } else {
      video.pause();
    }
  }

  // -- stopping at a beat's end: checked every frame and by a timer ------------
  function check() {
    if (!presenting || stopAt === null || video.paused) return;
    if (video.currentTime >= stopAt - EARLY) {
      video.pause();
      // late (a busy machine): back to the beat's own last frame and caption
      if (video.currentTime > stopAt) goTo(stopAt - EARLY);
      stopAt = null;
      phase = "done";
      report();
    }
  }
  function frame() {
    check();
    if (presenting && !video.paused) requestAnimationFrame(frame);
  }
  let timer = null;
  video.addEventListener("play", () => {
    if (!presenting) return;
    if (stopAt === null && phase !== "playing") {
      // played from the video's own controls or Space: this beat, to its end
      const i = beatFrom(video.currentTime);
      if (i >= 0) { current = i; stopAt = beats[i].end; }
      phase = "playing";
    }
    requestAnimationFrame(frame);
    clearInterval(timer);
    timer = setInterval(check, 15); // rAF stops in a hidden window
    report();
  });
  video.addEventListener("pause", () => {
    clearInterval(timer);
    if (presenting && phase === "playing") {
      phase = stopAt === null && video.ended ? "done" : "paused";
      stopAt = null;
    }
    report();
  });
  video.addEventListener("ended", () => { if (presenting) { phase = "done"; report(); } });
  video.addEventListener("timeupdate", () => { check(); tick(); });

  // A seek that is not ours (chapter list, transcript, the video's bar): the
  // beat under the playhead becomes the current one.
  video.addEventListener("seeked", () => {
    const t = video.currentTime;
    if (expected !== null && Math.abs(t - expected) < HERE) { expected = null; return; }
    expected = null;
    if (!presenting) return;
    const i = beatFrom(t);
    if (i < 0) {
      current = beats.length - 1;
      phase = "done";
      stopAt = null;
    } else {
      current = i;
      phase = video.paused ? "ready" : "playing";
      stopAt = video.paused ? null : beats[i].end;
    }
    report();
  });

  // -- entering and leaving ----------------------------------------------------
  function enter() {
    if (presenting) return;
    presenting = true;
    startedAt = startedAt || Date.now();
    document.body.classList.add("presenting");
    panel.hidden = false;
    toggle.setAttribute("aria-pressed", "true");
    toggle.textContent = "Presenting";
    mutedBefore = video.muted;
    setVoice(false);
    setCaptions(TH.tracks.captions.track.mode === "showing");
    const i = beatFrom(video.currentTime);
    current = i < 0 ? Math.max(0, beats.length - 1) : i;
    phase = i < 0 ? "done" : "ready";
    stopAt = null;
    if (!video.paused) video.pause();
    if (location.hash !== "#present") history.replaceState(null, "", "#present");
    report();
    player.scrollIntoView({ block: "start" });
    player.focus({ preventScroll: true }); // keys go to the lecture, not a button
  }
  function leave() {
    if (!presenting) return;
    presenting = false;
    stopAt = null;
    clearInterval(timer);
    document.body.classList.remove("presenting");
    panel.hidden = true;
    toggle.setAttribute("aria-pressed", "false");
    toggle.textContent = "Present";
    video.muted = mutedBefore;
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    if (location.hash === "#present") {
      history.replaceState(null, "", location.pathname + location.search);
    }
    report();
    toggle.focus();
  }

  function setVoice(on) {
    video.muted = !on;
    voiceButton.setAttribute("aria-pressed", String(on));
    voiceButton.textContent = on ? "Voice on" : "Voice off";
  }
  function setCaptions(on) {
    TH.tracks.captions.track.mode = on ? "showing" : "hidden";
    captionsButton.setAttribute("aria-pressed", String(on));
    captionsButton.textContent = on ? "Captions on" : "Captions off";
  }
  function fullScreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else if (player.requestFullscreen) player.requestFullscreen().catch(() => {});
  }
  document.addEventListener("fullscreenchange", () => {
    fullButton.setAttribute("aria-pressed", String(!!document.fullscreenElement));
  });

  toggle.addEventListener("click", () => { if (presenting) leave(); else enter(); });
  $("present-exit").addEventListener("click", leave);
  $("beat-next").addEventListener("click", next);
  $("beat-prev").addEventListener("click", prev);
  voiceButton.addEventListener("click", () => setVoice(video.muted));
  captionsButton.addEventListener("click", () =>
    setCaptions(TH.tracks.captions.track.mode !== "showing"));
  fullButton.addEventListener("click", fullScreen);
  $("speaker-open").addEventListener("click", openSpeaker);

  // -- keys (site.js asks us first) ---------------------------------------------
  const actions = {
    "ArrowRight": next, "PageDown": next, "ArrowLeft": prev, "PageUp": prev,
    "Home": first, "End": last, "f": fullScreen, " ": playPause,
  };
  function onKey(key) {
    if (!presenting) return false;
    if (/^[0-9]$/.test(key)) {
      digits = (digits + key).slice(-3);
      status.textContent = "Chapter " + digits + ": press Enter";
      return true;
    }
    if (key === "Enter" && digits) {
      const n = parseInt(digits, 10);
      digits = "";
      chapter(n);
      return true;
    }
    if (key === "Escape" && digits) { digits = ""; report(); return true; }
    const action = actions[key];
    if (!action) return false;
    digits = "";
    action();
    return true;
  }
  TH.onKey(onKey);

  // -- what the presenter sees, here and in the speaker view -------------------
  function state() {
    const beat = beats[current];
    const ch = beat ? beat.chapter : TH.chapterAt(video.currentTime);
    const following = beats[current + 1];
    const firstCue = following && data.cues.find(c => c.beat === current + 1);
    return {
      type: TYPE + "state", presenting, beat: current, beats: beats.length, phase,
      chapter: ch, chapters: chapters.length, title: chapters[ch] ? chapters[ch].title : "",
      notes: beat ? beat.text : "",
      upnext: firstCue ? firstCue.text.split(/\s+/).join(" ")
        : (following ? following.text : ""),
      time: video.currentTime, paused: video.paused, startedAt,
    };
  }
  const SAID = { ready: "ready", playing: "playing", done: "finished", paused: "paused" };
  function report() {
    const s = state();
    if (presenting && !digits) {
      status.textContent = "Beat " + (s.beat + 1) + " of " + s.beats + ": " +
        SAID[s.phase] + " \u00b7 Chapter " + (s.chapter + 1) + " of " + s.chapters +
        ": " + s.title;
    }
    status.dataset.beat = String(s.beat);
    status.dataset.phase = s.phase;
    send(s);
  }
  let lastTick = 0;
  function tick() {
    const now = Date.now();
    if (now - lastTick > 250) { lastTick = now; send(state()); }
  }
  function send(s) {
    if (speaker && !speaker.closed) speaker.postMessage(s, "*");
  }

  function openSpeaker() {
    const url = location.href.split("#")[0] + "#speaker";
    speaker = window.open(url, "tensorhero-speaker", "width=960,height=640");
    if (!speaker) TH.announce("The browser blocked the speaker view's window.");
  }
  const commands = { next, prev, first, last, play: playPause };
  window.addEventListener("message", event => {
    const msg = event.data;
    if (!msg || typeof msg.type !== "string" || !msg.type.startsWith(TYPE)) return;
    if (msg.type === TYPE + "hello") {
      speaker = event.source; // also after this window reloads
      send(state());
    } else if (msg.type === TYPE + "command" && event.source === speaker) {
      if (!presenting) enter();
      const command = commands[msg.command];
      if (command) command();
    } else if (msg.type === TYPE + "key" && event.source === speaker) {
      onKey(msg.key);
    }
  });

  TH.present = { enter, leave, next, prev, first, last, chapter, state,
    isPresenting: () => presenting };
  if (location.hash === "#present") enter();
  window.addEventListener("hashchange", () => { if (location.hash === "#present") enter(); });

  // -- the speaker view (this page opened with #speaker) -------------------------
  function speakerView() {
    document.body.classList.add("speaker-view");
    document.title = "Speaker view: " + document.title;
    video.removeAttribute("src"); // this window shows no video
    video.load();
    const view = $("speaker");
    view.hidden = false;
    const link = $("speaker-link");
    const main = window.opener;
    let heard = 0;
    let started = Date.now();
    let latest = null;
    const two = n => String(n).padStart(2, "0");

    function hello() { if (main && !main.closed) main.postMessage({ type: TYPE + "hello" }, "*"); }
    function show(s) {
      latest = s;
      if (!heard && s.startedAt) started = Math.min(started, s.startedAt);
      heard = Date.now();
      link.textContent = s.presenting ? "Following the lecture window."
        : "Following the lecture window (presenter mode is off there).";
      $("speaker-chapter").textContent = "Chapter " + (s.chapter + 1) + " of " +
        s.chapters + ": " + s.title;
      $("speaker-beat").textContent = "Beat " + (s.beat + 1) + " of " + s.beats;
      $("speaker-notes").textContent = s.notes;
      $("speaker-upnext").textContent = s.upnext || "(the end of the lecture)";
      $("speaker-video").textContent = TH.clock(s.time);
      $("speaker-state").textContent = s.paused ? "(stopped)" : "(playing)";
      view.dataset.beat = String(s.beat);
    }
    function clockTick() {
      const now = new Date();
      $("speaker-clock").textContent = two(now.getHours()) + ":" + two(now.getMinutes()) +
        ":" + two(now.getSeconds());
      const gone = Math.floor((Date.now() - started) / 1000);
      $("speaker-elapsed").textContent = Math.floor(gone / 3600) + ":" +
        two(Math.floor(gone / 60) % 60) + ":" + two(gone % 60);
      if (main && Date.now() - heard > 3000) {
        if (heard) link.textContent = "Lost the lecture window: waiting for it.";
        hello();
      }
    }
    window.addEventListener("message", event => {
      const msg = event.data;
      if (event.source === main && msg && msg.type === TYPE + "state") show(msg);
    });
    function command(name) {
      if (main && !main.closed) main.postMessage({ type: TYPE + "command", command: name }, "*");
    }
    view.querySelectorAll("[data-command]").forEach(b =>
      b.addEventListener("click", () => command(b.dataset.command)));
    $("speaker-reset").addEventListener("click", () => { started = Date.now(); clockTick(); });
    const keys = { ArrowRight: "next", PageDown: "next", ArrowLeft: "prev",
      PageUp: "prev", Home: "first", End: "last", " ": "play" };
    let typed = false; // a chapter number is being typed: Enter goes to it
    TH.onKey(key => {
      if (keys[key]) { command(keys[key]); return true; }
      if (/^[0-9]$/.test(key) || (key === "Enter" && typed)) {
        typed = key !== "Enter";
        if (main && !main.closed) main.postMessage({ type: TYPE + "key", key }, "*");
        return true;
      }
      return ["n", "p", "/"].includes(key); // the page's own keys: no page here
    });
    if (!main) link.textContent = "This view follows the lecture window that opened it: " +
      "open the lecture page, press Present, then Speaker view.";
    hello();
    clockTick();
    setInterval(clockTick, 1000);
    TH.speaker = { latest: () => latest };
  }
})();
