// Tensor Hero audio description (WCAG 2.2, 1.2.5), on top of site.js.
//
// The build writes what appears on screen that the narration does not say
// (data.descriptions: {start, end, text, chapter, extended}); the page carries
// it as a WebVTT kind="descriptions" track and, with the Descriptions button
// pressed, speaks each one as the playhead reaches it: through the browser's
// speech synthesis where there is one, and always into a live region, so a
// screen reader says it too. A description marked "extended" does not fit in
// the silence before the narration goes on, so the video pauses while it is
// said and plays on after (extended audio description).
(function () {
  "use strict";

  const TH = window.TensorHero;
  if (!TH || location.hash === "#speaker") return;
  const { data, video } = TH;
  const items = data.descriptions || [];
  const button = document.getElementById("describe-toggle");
  const now = document.getElementById("description-now");
  const RATE = 1; // speech rate: the build timed each description at this rate
  const SLACK = 1.5; // wait at most this times a description's timed length
  const EPS = 0.001;

  const track = items.length ? TH.addTrack("descriptions", "Audio description", items,
    "hidden") : null;
  if (!button || !now) return;
  if (!items.length) { button.hidden = true; return; }

  let on = false;
  let last = video.currentTime;
  let holding = null; // the description the video is paused for
  let resumeTimer = null;
  const said = []; // what was described, in order (for tests and the curious)
  let pauses = 0;

  function release(item) {
    if (holding !== item) return;
    holding = null;
    clearTimeout(resumeTimer);
    if (on) video.play().catch(() => {});
  }

  function describe(item) {
    said.push(item.text);
    now.textContent = item.text;
    const synth = window.speechSynthesis;
    let utterance = null;
    if (synth && typeof window.SpeechSynthesisUtterance === "function") {
      synth.cancel();
      utterance = new window.SpeechSynthesisUtterance(item.spoken || item.text);
      utterance.rate = RATE;
      utterance.lang = "en";
    }
    if (item.extended) {
      holding = item;
      pauses += 1;
      video.pause();
      const timed = Math.max(0.5, item.end - item.start);
      if (utterance) {
        utterance.onend = () => release(item);
        utterance.onerror = () => release(item);
      }
      // No end from the synthesizer (none installed, or a screen reader
      // speaking the live region): go on once the description's time is up.
      resumeTimer = setTimeout(() => release(item), 1000 * timed * (utterance ? SLACK : 1));
    }
    if (utterance) window.speechSynthesis.speak(utterance);
  }

  document.addEventListener("tensorhero:time", event => {
    const t = event.detail.time;
    if (on && !video.paused && !holding && t >= last) {
      const due = items.filter(d => d.start > last + EPS && d.start <= t + EPS);
      if (due.length) describe(due[due.length - 1]);
    }
    last = t;
  });
  video.addEventListener("seeking", () => {
    last = video.currentTime;
    if (holding) { holding = null; clearTimeout(resumeTimer); }
  });

  function set(value) {
    on = value;
    button.setAttribute("aria-pressed", String(on));
    now.hidden = !on;
    if (!on) {
      now.textContent = "";
      if (window.speechSynthesis) window.speechSynthesis.cancel();
      if (holding) {
        holding = null;
        clearTimeout(resumeTimer);
        video.play().catch(() => {});
      }
    }
    last = video.currentTime;
  }
  button.addEventListener("click", () => set(!on));

  TH.describe = { items, track, said, enabled: () => on, pauses: () => pauses,
    set: value => set(Boolean(value)) };
})();
