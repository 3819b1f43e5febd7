"""Caption cues cut to broadcast norms, and a checker for them.

One narration line is usually too long for one caption. ``plan`` cuts the
written line into cues the way the Netflix English timed-text guide and the
BBC subtitle guidelines ask:

- at most ``MAX_LINES`` lines of at most ``MAX_LINE`` characters per cue;
- each cue on screen from ``MIN_CUE`` (5/6 s) to ``MAX_CUE`` (7 s);
- at most ``MAX_CPS`` characters per second (spaces count, a line break
  counts as one);
- cut at phrase boundaries: after sentence punctuation, then after commas
  and semicolons, then before a conjunction, then before a preposition;
  never inside a number, a tensor ``[...]``, a shape ``(...)``, a code span
  in backticks, or between an operator and its operands.

Cues are timed to the audio: the line's audio time is shared out by the
spoken length of each cue (``scenes.voice.spoken``), then each cue is stretched
where needed to stay readable (``MIN_CUE`` and ``MAX_CPS``), so the beat
that shows them may last a little longer than the audio.
"""

from __future__ import annotations

import functools
import re

from scenes.kit import style
from scenes.kit.record import Cue  # a caption: the record's one Cue type
from scenes.voice.spoken import spoken

MAX_LINE = style.CAPTION_LINE
MAX_LINES = style.CAPTION_LINES
MIN_CUE = style.CUE_MIN
MAX_CUE = style.CUE_MAX
MAX_CPS = style.CAPTION_CPS
# Timing margin so that cues rounded to milliseconds (SRT, VTT) still pass.
MARGIN = style.CUE_MARGIN
# Where a line may be cut, best first: a cut's cost is its place in this list.
CUTS = ("sentence", "clause", "comma", "conjunction", "preposition", "word",
        "article")

CONJUNCTIONS = frozenset(
    "and but or so because then which that while when where if unless until "
    "whereas since though although nor yet".split())
PREPOSITIONS = frozenset(
    "of to in on at by for with from into onto over under through as about "
    "against between without within along across after before per than".split())
# Words a cue should not end on: an article or a word that needs the next one.
CLINGS = frozenset("a an the this that these those its their our your my is "
                   "are was not no each every".split())
OPERATORS = frozenset("= == != + - * / @ ** ^ < > <= >= -> += -= *= /= % ×".split())


# --- cutting a line into atoms -----------------------------------------------------


def atoms(written: str) -> list[str]:
    """``written`` as words, each bracket group and code span kept whole.

    A caption may break only between atoms: ``"shape (2, 3) now"`` is three
    atoms, ``"`x.grad` is [1, 2]."`` is three.
    """
    text = " ".join(written.split())
    out, cur, depth, tick = [], "", 0, False
    for ch in text:
        if ch == "`":
            tick = not tick
        elif not tick and ch in "[({":
            depth += 1
        elif not tick and ch in "])}" and depth:
            depth -= 1
        if ch == " " and depth == 0 and not tick:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    return _glue(out)


def _glue(words: list[str]) -> list[str]:
    """Keep operators with their operands (``y = u^2``) and overlong atoms split."""
    out: list[str] = []
    glue_next = False
    for word in words:
        if out and (glue_next or word in OPERATORS):
            out[-1] += " " + word
        else:
            out.append(word)
        glue_next = word in OPERATORS
    split: list[str] = []
    for atom in out:
        split.extend(_fit(atom))
    return split


def _fit(atom: str) -> list[str]:
    """An atom longer than a caption line, cut at its commas or spaces."""
    if len(atom) <= MAX_LINE or " " not in atom:
        return [atom]
    parts = re.split(r"(?<=,) ", atom) if ", " in atom else atom.split(" ")
    out: list[str] = []
    for part in parts:
        if out and len(out[-1]) + 1 + len(part) <= MAX_LINE:
            out[-1] += " " + part
        else:
            out.append(part)
    return [p for a in out for p in (_fit(a) if a != atom else [a])]


def boundary(left: str, right: str) -> float:
    """How bad a cut between the atoms ``left`` and ``right`` is (0 is best)."""
    last = left.lower().strip("\"'")
    first = re.sub(r"^\W+", "", right.lower())
    return CUTS.index(_cut(last, first))


def _cut(last: str, first: str) -> str:
    if last.endswith((".", "?", "!")):
        return "sentence"
    if last.endswith((";", ":")):
        return "clause"
    if last.endswith(","):
        return "comma"
    if last in CLINGS:
        return "article"
    if first in CONJUNCTIONS:
        return "conjunction"
    if first in PREPOSITIONS:
        return "preposition"
    return "word"


# --- cues and lines -------------------------------------------------------------------


def _join(parts: list[str]) -> str:
    return " ".join(parts)


def wrap(parts: list[str]) -> tuple[str, float] | None:
    """The best way to set ``parts`` as one cue: (text, cost), or None if too long."""
    one = _join(parts)
    if len(one) <= MAX_LINE:
        return one, 0.0
    best = None
    for k in range(1, len(parts)):
        top, bottom = _join(parts[:k]), _join(parts[k:])
        if len(top) > MAX_LINE or len(bottom) > MAX_LINE:
            continue
        # Prefer a good phrase boundary, then lines of similar length.
        balance = abs(len(top) - len(bottom)) / MAX_LINE * style.CUE_COST
        cost = boundary(parts[k - 1], parts[k]) + balance
        if best is None or cost < best[1]:
            best = (f"{top}\n{bottom}", cost)
    return best


@functools.cache
def spoken_length(written: str) -> int:
    """Characters of the spoken form: a proxy for how long the words take."""
    return max(1, len(spoken(written, strict=False)))


def weight(written: str) -> int:
    """How long ``written`` takes to say, in spoken characters (one per gap)."""
    return sum(spoken_length(p) + 1 for p in atoms(written))


def split(written: str, seconds_per_char: float | None = None) -> list[str]:
    """Cut ``written`` into cue texts (lines joined by ``\\n``).

    ``seconds_per_char`` is how fast the voice speaks (audio seconds per
    character of the spoken form); cues that would stay up longer than
    ``MAX_CUE`` at that pace are not allowed.
    """
    parts = atoms(written)
    if not parts:
        return []
    weights = [spoken_length(p) + 1 for p in parts]
    n = len(parts)
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (0.0, -1)
    texts: dict[tuple[int, int], str] = {}
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            if best[i] is None:
                continue
            chars = len(_join(parts[i:j]))
            if chars > MAX_LINE * MAX_LINES + MAX_LINES - 1 and j - i > 1:
                break
            fitted = wrap(parts[i:j])
            if fitted is None and j - i > 1:
                continue
            text, cost = fitted or (_join(parts[i:j]), float(len(CUTS) * MAX_LINE))
            if seconds_per_char and j - i > 1:
                said = seconds_per_char * sum(weights[i:j])
                if max(said, len(text) / MAX_CPS) > MAX_CUE - 2 * MARGIN:
                    continue
            cut = boundary(parts[j - 1], parts[j]) if j < n else 0.0
            # Each cue costs something (fewer, fuller cues read better), a
            # very short cue more (it flashes by), a bad cut most.
            short = max(0, style.SHORT_CUE - len(text)) / 2 if n > 1 else 0
            total = best[i][0] + style.CUE_COST + cost + short + cut * 2
            if best[j] is None or total < best[j][0]:
                best[j] = (total, i)
                texts[(i, j)] = text
    cuts, j = [], n
    while j > 0:
        i = best[j][1]
        cuts.append(texts[(i, j)])
        j = i
    return cuts[::-1]


def timed(texts: list[str], audio: float, start: float = 0.0) -> list[Cue]:
    """Give each cue its share of ``audio`` seconds, by its spoken length.

    A cue shorter than ``MIN_CUE`` or faster than ``MAX_CPS`` is stretched,
    pushing the later cues back; the last cue ends at least at ``audio``.
    """
    weights = [weight(t) for t in texts]
    total = sum(weights) or 1
    out, t = [], start
    for text, said in zip(texts, weights):
        share = audio * said / total
        length = max(share, MIN_CUE + MARGIN, len(text) / MAX_CPS + MARGIN)
        out.append(Cue(t, t + length, text))
        t += length
    return out


def plan(written: str, audio: float | None) -> list[Cue]:
    """The cues for ``written``, timed against ``audio`` seconds of speech.

    Times are seconds from the start of the line. With no audio (silent
    build) the cues are timed for reading at a comfortable pace.
    """
    if audio is None:
        audio = weight(written) * READING
    rate = audio / max(1, weight(written))
    return timed(split(written, rate), audio)


# Seconds per spoken character when nothing is heard.
READING = 1 / style.READING_CPS


def extend_last(cues: list[Cue], until: float) -> list[Cue]:
    """Keep the last cue up until ``until`` (the beat's end), at most ``MAX_CUE``."""
    if not cues:
        return cues
    last = cues[-1]
    end = min(max(last.end, until), last.start + MAX_CUE - MARGIN)
    return [*cues[:-1], Cue(last.start, end, last.text)]


# --- checking ------------------------------------------------------------------------


def problems(cues: list[Cue], tolerance: float = 0.0) -> list[str]:
    """Every way ``cues`` break the norms, one message per problem."""
    out = []
    for n, cue in enumerate(cues, 1):
        where = f"cue {n} ({cue.start:.3f}-{cue.end:.3f} s) {cue.text!r}"
        lines = cue.text.split("\n")
        if len(lines) > MAX_LINES:
            out.append(f"{where}: {len(lines)} lines (at most {MAX_LINES})")
        for line in lines:
            if len(line) > MAX_LINE:
                out.append(f"{where}: a line of {len(line)} characters "
                           f"(at most {MAX_LINE})")
        if cue.seconds < MIN_CUE - tolerance:
            out.append(f"{where}: on screen {cue.seconds:.3f} s (at least 5/6 s)")
        if cue.seconds > MAX_CUE + tolerance:
            out.append(f"{where}: on screen {cue.seconds:.3f} s (at most {MAX_CUE} s)")
        if cue.seconds > 0 and cue.chars / (cue.seconds + tolerance) > MAX_CPS:
            out.append(f"{where}: {cue.cps:.1f} characters per second "
                       f"(at most {MAX_CPS})")
        for a, b in ("[]", "()", "{}"):
            if cue.text.count(a) != cue.text.count(b):
                out.append(f"{where}: cut inside {a}{b}")
        if cue.text.count("`") % 2:
            out.append(f"{where}: cut inside a code span")
    return out


def read_srt(path) -> list[Cue]:
    """The cues of an SRT file: the one SRT reader (the build's too)."""
    from pathlib import Path

    import srt

    text = Path(path).read_text(encoding="utf-8")
    return [Cue(s.start.total_seconds(), s.end.total_seconds(), s.content)
            for s in srt.parse(text)]


def figures(cues: list[Cue]) -> dict[str, float]:
    """Cue count, longest line, fastest cue (cps), shortest and longest cue."""
    if not cues:
        return {"cues": 0}
    return {"cues": len(cues),
            "longest_line": max(len(x) for c in cues for x in c.text.split("\n")),
            "worst_cps": max(c.cps for c in cues),
            "shortest_s": min(c.seconds for c in cues),
            "longest_s": max(c.seconds for c in cues)}


def main(argv: list[str] | None = None) -> int:
    """``python -m scenes.voice.cues FILE.srt ...``: figures and every problem."""
    import sys

    bad = 0
    for name in argv if argv is not None else sys.argv[1:]:
        found = read_srt(name)
        print(f"{name}: {figures(found)}")
        for problem in problems(found):
            print(f"  {problem}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
