"""Audio description (WCAG 2.2 SC 1.2.5): what is shown but never said, as cues.

A scene records a ``"visual"`` event for each thing a ``play`` shows
(``scenes/kit/visuals.py``: ``action``, ``what``, ``text``, at ``time``). This
module turns a chapter's visual events and narration beats into description
cues, ``{"start", "end", "text", "spoken", "chapter", "extended"}``, for the
page to speak, and writes them as WebVTT (``build/lecture-<res>.descriptions
.vtt``).

- **Which events.** Things that appear, change or are marked
  (``DESCRIBED``); a move, a resize or a fade-out shows nothing new.
- **Covered by the narration** (so not described): the event falls inside a
  beat, every number in its text is in the beat's narration (as written or
  spoken; "one" to "twelve" count as numbers), and at least ``WORD_SHARE`` of
  its key words are too. Key words are words of three letters or more,
  without a trailing ``s``, less ``STOP`` (common words and the describers'
  own words such as "grid" or "box"). An event with no key word or number (a
  bare shape, a ``+``) is covered by any beat it falls in. Outside every beat
  nothing is covered.
- **When.** A description starts at its event if nothing is being said
  then, else when the voice of the beat stops (the beat's ``voice_end``:
  its line said or read, the rest of the beat is silence), so it never talks
  over the narration. It lasts as long as its spoken form takes to read
  (``scenes.voice.narration.reading_seconds``, the rate silent beats are timed
  for). It is ``extended`` when that is longer than the silence before the
  next beat starts (or the chapter ends): the page pauses the video while it
  is spoken.
- **Merged.** Events whose descriptions would start at the same moment (one
  beat's) or within ``MERGE_SECONDS`` of each other in one silence make one
  cue; repeated words are said once.
- **The lint.** ``undescribed`` lists the visual events that need a
  description but cannot have one: a kind with no describer (``KINDS``) or an
  empty text. ``check`` raises ``Fail`` naming the first (the build fails).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.captions import vtt_stamp
from pipeline.config import Fail
from pipeline.files import write_atomic
from scenes.kit.record import Kind
from scenes.voice.narration import reading_seconds
from scenes.voice.spoken import spoken

# The event a scene records for what a play shows (its actions:
# scenes/kit/visuals.py; tests/pipeline/test_describe.py checks they agree).
VISUAL = Kind.VISUAL
APPEARS, CHANGES, MOVES, MARKS, LEAVES = (
    "appears", "changes", "moves", "marks", "leaves")
DESCRIBED = (APPEARS, CHANGES, MARKS)
# The describers: each kind of thing shown, and the word a description of it
# starts with ("" for none: the text says what it is).
KINDS = {"grid": "Grid", "table": "Table", "code": "Code", "error": "Error",
         "formula": "Formula", "text": "On screen", "title": "Title", "card": "",
         "countdown": "Countdown", "plot": "", "arrow": "", "shape": ""}

WORD_SHARE = 0.5  # share of an event's key words the narration must say
MERGE_SECONDS = 3.0  # events closer than this in one silence share a cue
DIGITS = 3  # decimals of the times written (milliseconds)
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w])")
WORD = re.compile(r"[A-Za-z][A-Za-z_]*")
NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
STOP = frozenset("""
    the and for are but not you your with from that this these those then than
    its it's has have had was were will can all any each one per into onto
    over under what when where which who how why here there now just only also
    same very more most less least
    title grid row rows table box marks card code formula error countdown
    arrow line dot circle square brace axes curve image polygon arc shown
""".split())


def _stem(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def key_terms(text: str) -> tuple[set[str], set[str]]:
    """The numbers and the key words of ``text`` (see the module docstring)."""
    numbers = set(NUMBER.findall(text))
    words = {_stem(w) for w in WORD.findall(NUMBER.sub(" ", text))
             if len(w) >= 3 and w.lower() not in STOP}
    return numbers, words - STOP


def said_terms(beat: dict) -> tuple[set[str], set[str]]:
    """The numbers and words a beat's narration says, written or spoken."""
    text = f"{beat.get('text', '')} {beat.get('spoken', '')}"
    numbers = set(NUMBER.findall(text))
    numbers |= {NUMBER_WORDS[w.lower()] for w in WORD.findall(text)
                if w.lower() in NUMBER_WORDS}
    words = {_stem(w) for w in WORD.findall(text)}
    return numbers, words


def beat_at(beats: Sequence[dict], time: float) -> dict | None:
    """The beat narrated at ``time`` (its start included, its end not)."""
    for beat in beats:
        if beat["start"] <= time < beat["end"]:
            return beat
    return None


def covered(event: dict, beat: dict | None) -> bool:
    """Whether the narration of ``beat`` already says what ``event`` shows."""
    if beat is None:
        return False
    numbers, words = key_terms(event.get("text", ""))
    said_numbers, said_words = said_terms(beat)
    if not numbers <= said_numbers:
        return False
    return not words or len(words & said_words) >= WORD_SHARE * len(words)


def visuals(events: Iterable[dict]) -> list[dict]:
    """The visual events that could need a description, in time order."""
    return sorted((e for e in events
                   if e.get("kind") == VISUAL and e.get("action") in DESCRIBED),
                  key=lambda e: e["time"])


def needed(beats: Sequence[dict], events: Iterable[dict]) -> list[dict]:
    """The visual events the narration does not cover."""
    return [e for e in visuals(events) if not covered(e, beat_at(beats, e["time"]))]


def describable(event: dict) -> bool:
    """Whether there is a describer for ``event``: a known kind and some text."""
    return event.get("what") in KINDS and bool(event.get("text", "").strip())


def undescribed(beats: Sequence[dict], events: Iterable[dict]) -> list[dict]:
    """Visual events that no narration covers and nothing can describe."""
    return [e for e in needed(beats, events) if not describable(e)]


def check(scene: str, beats: Sequence[dict], events: Iterable[dict]) -> None:
    """Fail, naming scene, time and what, if an event is left undescribed."""
    left = undescribed(beats, events)
    if left:
        e = left[0]
        more = f" (and {len(left) - 1} more)" if len(left) > 1 else ""
        raise Fail(f"{scene} at {e['time']:.2f} s: {e.get('what')!s} "
                   f"{e.get('action')} {e.get('text', '')!r} with no audio "
                   f"description and no narration covering it{more}")


# -- Cues.


def _sentence(text: str) -> str:
    """``text`` as a sentence: a capital first, a full stop last."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".?!" else text + "."


def _lead(action: str, what: str) -> str:
    """How a description of one run starts: "Code", "Grid changes to", ..."""
    kind = KINDS[what]
    if action == CHANGES:
        return f"{kind} changes to" if kind else "Changes to"
    if action == MARKS:
        return f"Highlighted {kind.lower()}" if kind else "Highlighted"
    return kind


def phrase(events: Sequence[dict]) -> str:
    """One description for ``events``: runs of one action and kind share a lead."""
    runs: list[list[dict]] = []
    for e in events:
        if runs and (e["action"], e["what"]) == (runs[-1][0]["action"],
                                                 runs[-1][0]["what"]):
            runs[-1].append(e)
        else:
            runs.append([e])
    parts = []
    for run in runs:
        lead = _lead(run[0]["action"], run[0]["what"])
        body = last = ""
        for e in run:  # single values in a row (a grid's new cells) make a list
            text = e["text"].strip().rstrip(".")
            if body:
                body += ", " if " " not in text and " " not in last else ". "
                if not lead and body.endswith(". "):  # a name, not code: a sentence
                    text = text[:1].upper() + text[1:]
            body, last = body + text, text
        parts.append(_sentence(f"{lead}: {body}" if lead else body))
    return " ".join(parts)


def _slot(beats: Sequence[dict], event: dict) -> float:
    """When a description of ``event`` may start: once the voice over it is done.

    That is the beat's ``voice_end`` (the beat's end if it has none) for an
    event while the line is said, and the event itself in a silence.
    """
    beat = beat_at(beats, event["time"])
    if beat is None:
        return event["time"]
    return max(event["time"], min(beat.get("voice_end", beat["end"]), beat["end"]))


def _next_narration(beats: Sequence[dict], time: float, end: float) -> float:
    return min((b["start"] for b in beats if b["start"] >= time), default=end)


def _groups(beats: Sequence[dict], events: Sequence[dict],
            duration: float) -> list[list[dict]]:
    """``events`` in cues: same silence, starts at most ``MERGE_SECONDS`` apart."""
    groups: list[list[dict]] = []
    last = (None, None)  # (slot, end of its silence) of the group being filled
    for e in events:
        slot = _slot(beats, e)
        until = _next_narration(beats, slot, max(duration, slot))
        if groups and until == last[1] and slot - last[0] <= MERGE_SECONDS:
            groups[-1].append(e)
        else:
            groups.append([e])
        last = (slot, until)
    return groups


def _unique(events: Sequence[dict]) -> list[dict]:
    seen, out = set(), []
    for e in events:
        key = (e["action"], e["what"], e["text"].strip())
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def chapter_cues(beats: Sequence[dict], events: Iterable[dict], duration: float,
                 chapter: int = 0, offset: float = 0.0) -> list[dict]:
    """The description cues of one chapter, in lecture time (``offset`` added).

    ``beats`` and ``events`` are the scene's own (times from its start, as in
    its events JSON); ``duration`` its length. Events the lint would reject
    are left out here (``check`` reports them).
    """
    todo = [e for e in needed(beats, events) if describable(e)]
    cues = []
    for group in _groups(beats, todo, duration):
        text = phrase(_unique(group))
        said = spoken(text)
        start = _slot(beats, group[0])
        seconds = reading_seconds(said)
        room = _next_narration(beats, start, max(duration, start)) - start
        cues.append({"start": round(offset + start, DIGITS),
                     "end": round(offset + start + seconds, DIGITS),
                     "text": text, "spoken": said, "chapter": chapter,
                     "extended": seconds > room})
    return cues


def summary(cues: Sequence[dict], described: int) -> dict[str, int]:
    """Counts for a report: events described, cues, and cues that pause."""
    return {"described_events": described, "cues": len(cues),
            "extended": sum(1 for c in cues if c["extended"])}


# -- WebVTT.


def vtt_text(cues: Sequence[dict]) -> str:
    """The cues as a WebVTT file; an extended cue's identifier ends "extended"."""
    import webvtt  # noqa: PLC0415 - only the writer needs it

    captions = [webvtt.Caption(vtt_stamp(c["start"]), vtt_stamp(c["end"]), [c["text"]],
                               identifier=f"d{n}" + (" extended" if c["extended"]
                                                     else ""))
                for n, c in enumerate(cues, 1)]
    return webvtt.WebVTT(captions=captions).content


def write_vtt(path: Path, cues: Sequence[dict]) -> None:
    """Write ``cues`` to ``path`` as WebVTT, atomically."""
    write_atomic(path, vtt_text(cues))
