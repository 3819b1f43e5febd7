// Tensor Hero quizzes: an answer box at each practice question, on top of site.js.
//
// While a question's countdown runs (from the question to its answer, as the
// build timed them) the box under the video asks the question's quiz prompt.
// The answer it checks against is torch's, computed when the video was made
// and carried in the page's lecture JSON (data.questions[i].quiz); nothing
// here knows an answer. Shapes and numbers are read tolerantly: "(3, 4)",
// "3x4", "3 by 4" and "torch.Size([3, 4])" are one shape; "9", "9.0" and
// "tensor(9.)" one number. Checking pauses the video on the verdict (torch's
// answer and its code); Continue plays on from the answer. Scores per level
// (each practice chapter) are kept in localStorage, with a reset. Presenter
// mode hides the box unless its Quizzes button is pressed.
(function () {
  "use strict";

  const TH = window.TensorHero;
  if (!TH || location.hash === "#speaker") return;
  const { data, video } = TH;
  const $ = id => document.getElementById(id);
  const STORE = "tensorhero:quiz:v1:" + data.title;
  const AFTER = 5; // seconds the box stays open past the think time when no answer time
  const EPS = 0.001;

  const questions = data.questions.filter(q => q.quiz);
  const box = $("quiz");
  if (!box) return;
  const form = $("quiz-form");
  const heading = $("quiz-heading");
  const field = $("quiz-field");
  const verdict = $("quiz-verdict");
  const check = $("quiz-check");
  const skip = $("quiz-skip");
  const goOn = $("quiz-continue");
  const presentButton = $("quiz-present");

  // -- reading an answer -----------------------------------------------------
  const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;
  function clean(text) {
    return String(text).replace(/[\u2212\u2013]/g, "-").replace(/\u00d7/g, "x").trim();
  }
  /** Sizes in ``text``, or null when it is not a shape. */
  function parseShape(text) {
    const t = clean(text).toLowerCase().replace(/torch\.size/g, "");
    if (!t) return null;
    if (/\d\.\d|\d\.(?!\d)|-\d/.test(t)) return null; // sizes are whole and >= 0
    const sizes = (t.match(/\d+/g) || []).map(Number);
    if (!sizes.length) return /\(\s*\)|\[\s*\]|scalar/.test(t) ? [] : null;
    return sizes;
  }
  function toNumber(token) {
    const n = Number(token);
    return Number.isFinite(n) ? n : null;
  }
  /** One number in ``text`` (also "a/b"), or null. */
  function parseNumber(text) {
    const t = clean(text).toLowerCase().replace(/tensor\s*\(|\)/g, " ").trim();
    const fraction = /^([-+]?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
    if (fraction && Number(fraction[2]) !== 0) return Number(fraction[1]) / Number(fraction[2]);
    const found = t.match(NUMBER) || [];
    return found.length === 1 ? toNumber(found[0]) : null;
  }
  /** The numbers in ``text``, in order, or null if there are none. */
  function parseNumbers(text) {
    const t = clean(text).toLowerCase().replace(/dtype\s*=\s*\S+/g, "");
    const found = (t.match(NUMBER) || []).map(toNumber);
    return found.length && found.every(n => n !== null) ? found : null;
  }
  function close(a, b, tolerance) {
    return Math.abs(a - b) <= Math.max(tolerance, 1e-9 * Math.abs(b));
  }
  /** {ok, read, message}: whether ``text`` is ``quiz``'s answer. */
  function judge(quiz, text) {
    if (quiz.kind === "choice") {
      if (!quiz.choices.includes(text)) return { ok: null, message: "Pick one of the answers." };
      return { ok: text === quiz.value, read: text };
    }
    if (quiz.kind === "shape") {
      const sizes = parseShape(text);
      if (sizes === null) return { ok: null, message: "Type a shape, such as (3, 4) or 3x4." };
      const ok = sizes.length === quiz.value.length && sizes.every((s, i) => s === quiz.value[i]);
      return { ok, read: "(" + sizes.join(", ") + (sizes.length === 1 ? ",)" : ")") };
    }
    if (quiz.kind === "number") {
      const n = parseNumber(text);
      if (n === null) return { ok: null, message: "Type one number, such as 9 or -0.5." };
      return { ok: close(n, quiz.value, quiz.tolerance), read: String(n) };
    }
    const ns = parseNumbers(text);
    if (ns === null) return { ok: null, message: "Type the numbers in order, such as 12, 31." };
    const ok = ns.length === quiz.value.length &&
      ns.every((n, i) => close(n, quiz.value[i], quiz.tolerance));
    return { ok, read: "[" + ns.join(", ") + "]" };
  }

  // -- scores, kept in this browser ------------------------------------------
  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  let scores = load();
  function save() {
    try { localStorage.setItem(STORE, JSON.stringify(scores)); } catch (e) { /* private mode */ }
  }
  const levels = [];
  questions.forEach(q => {
    let level = levels.find(l => l.chapter === q.chapter);
    if (!level) {
      level = { chapter: q.chapter, title: data.chapters[q.chapter].title, numbers: [] };
      levels.push(level);
    }
    level.numbers.push(q.number);
  });
  function showScores() {
    const list = $("score-list");
    if (!list) return;
    list.textContent = "";
    levels.forEach(level => {
      const done = level.numbers.filter(n => n in scores);
      const right = done.filter(n => scores[n]);
      const li = document.createElement("li");
      li.dataset.chapter = level.chapter;
      li.textContent = level.title + ": " + right.length + " right of " + done.length +
        " answered (" + level.numbers.length + " questions)";
      list.appendChild(li);
    });
    document.querySelectorAll(".questions > li[data-number]").forEach(li => {
      const n = li.dataset.number, mark = li.querySelector(".score");
      if (!mark) return;
      mark.textContent = n in scores ? (scores[n] ? "You got it right" : "Not right yet") : "";
    });
  }
  $("score-reset") && $("score-reset").addEventListener("click", () => {
    scores = {};
    save();
    showScores();
    TH.announce("Scores reset");
  });

  // -- the box ---------------------------------------------------------------
  let open = null; // the question shown
  let checked = false;
  let held = false; // paused at the answer, waiting for a check or skip
  let enabled = true; // presenter mode turns it off unless asked

  function windowOf(q) {
    const end = q.answer !== null && q.answer !== undefined ? q.answer
      : q.time + (q.think || 0) + AFTER;
    return [q.time, end];
  }
  function questionAt(t) {
    return questions.find(q => { const [a, b] = windowOf(q); return t >= a - EPS && t < b; });
  }

  function build(q) {
    const quiz = q.quiz;
    field.textContent = "";
    heading.textContent = "Your answer to Q" + q.number;
    if (quiz.kind === "choice") {
      const set = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = quiz.prompt;
      set.appendChild(legend);
      quiz.choices.forEach((c, i) => {
        const label = document.createElement("label");
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "quiz-choice";
        input.value = c;
        input.id = "quiz-choice-" + i;
        label.append(input, " " + c);
        set.appendChild(label);
      });
      field.appendChild(set);
    } else {
      const label = document.createElement("label");
      label.htmlFor = "quiz-input";
      label.textContent = quiz.prompt;
      const input = document.createElement("input");
      input.id = "quiz-input";
      input.type = "text";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.setAttribute("aria-describedby", "quiz-hint");
      const NB = "\u00a0"; // an example stays on one line
      const hint = { shape: "A shape: (3," + NB + "4), 3x4 or torch.Size([3," + NB + "4]).",
        number: "One number, such as 9 or -0.5.",
        numbers: "The numbers in order, such as 12," + NB + "31." }[quiz.kind];
      $("quiz-hint").textContent = hint;
      field.append(label, input);
    }
    $("quiz-hint").hidden = quiz.kind === "choice";
    verdict.textContent = "";
    verdict.className = "quiz-verdict";
    check.hidden = false;
    skip.hidden = false;
    goOn.hidden = true;
  }
  function answerText() {
    if (!open) return "";
    if (open.quiz.kind === "choice") {
      const picked = form.querySelector("input[name=quiz-choice]:checked");
      return picked ? picked.value : "";
    }
    return $("quiz-input").value;
  }
  function show(q) {
    open = q;
    checked = false;
    held = false;
    build(q);
    box.hidden = false;
    TH.announce("Question " + q.number + ": an answer box is open under the video.");
  }
  function hide() {
    open = null;
    checked = false;
    held = false;
    box.hidden = true;
  }

  function verdictFor(q, result) {
    verdict.textContent = "";
    verdict.className = "quiz-verdict " + (result.ok ? "right" : "wrong");
    const line = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = result.ok ? "Right." : "Not quite.";
    line.append(strong, " You answered " + result.read + "; torch gives " +
      q.quiz.answer + ".");
    const code = document.createElement("pre");
    code.className = "source";
    const inner = document.createElement("code");
    inner.textContent = q.quiz.code;
    code.appendChild(inner);
    const from = document.createElement("p");
    from.className = "hint";
    from.textContent = "Computed by this code when the video was made:";
    verdict.append(line, from, code);
  }

  form.addEventListener("submit", event => {
    event.preventDefault();
    if (!open || checked) return;
    const result = judge(open.quiz, answerText());
    if (result.ok === null) {
      verdict.className = "quiz-verdict";
      verdict.textContent = result.message;
      return;
    }
    checked = true;
    scores[open.number] = result.ok;
    save();
    showScores();
    video.pause();
    verdictFor(open, result);
    check.hidden = true;
    skip.hidden = true;
    goOn.hidden = false;
    goOn.focus();
  });
  function carryOn() {
    const q = open;
    hide();
    if (q && q.answer !== null && q.answer !== undefined && video.currentTime < q.answer) {
      TH.jump(q.answer);
    }
    video.play().catch(() => {});
  }
  skip.addEventListener("click", carryOn);
  goOn.addEventListener("click", carryOn);

  document.addEventListener("tensorhero:time", event => {
    const t = event.detail.time;
    if (!enabled) { if (open) hide(); return; }
    const q = questionAt(t);
    if (open && q !== open) {
      if (checked) return; // the verdict stays until Continue
      const [, end] = windowOf(open);
      const typed = answerText().trim() !== "";
      if (typed && !video.paused && t >= end - EPS && t < end + 1) {
        video.pause(); // wait for the student before torch answers
        held = true;
        verdict.className = "quiz-verdict";
        verdict.textContent = "Check your answer, or skip, before torch's answer plays.";
        return;
      }
      if (held) return;
      hide();
    }
    if (q && !open) show(q);
  });

  // -- presenter mode: the box only when asked -------------------------------
  function presenting() { return document.body.classList.contains("presenting"); }
  function sync() {
    const asked = presentButton && presentButton.getAttribute("aria-pressed") === "true";
    enabled = !presenting() || asked;
    if (!enabled && open) hide();
    if (enabled) TH.update();
  }
  if (presentButton) {
    presentButton.addEventListener("click", () => {
      const on = presentButton.getAttribute("aria-pressed") !== "true";
      presentButton.setAttribute("aria-pressed", String(on));
      sync();
    });
  }
  new MutationObserver(sync).observe(document.body, { attributes: true,
    attributeFilter: ["class"] });

  showScores();
  sync();
  TH.quiz = { judge, parseShape, parseNumber, parseNumbers, questions,
    scores: () => Object.assign({}, scores), open: () => open && open.number,
    show: number => show(questions.find(q => q.number === number)) };
})();
