"""What each ``play`` shows, in words: the visual events behind the audio description.

``LectureScene.play`` hands its animations to ``seen`` before playing them;
each animation that changes what is on screen becomes one event::

    {"action": "appears", "what": "code", "text": "x = torch.tensor([1, 2])"}

``action`` is what happened: ``appears`` (FadeIn, Write, Create, GrowArrow:
any introducer, and TransformFromCopy's new copy), ``changes`` (a Transform
to something that reads differently), ``moves`` (a Transform or ``.animate``
that leaves the words as they were: a move, a resize, a fade), ``marks``
(Indicate and the other indications) or ``leaves`` (FadeOut: any remover).
``what`` is one of ``KINDS`` and ``text`` a short description made from the
strings the mobject draws, never from anything else: a mobject's own
``describe`` (set with ``tag`` by the shared mobjects of ``scenes.kit``),
else its text (a Text's characters, a formula read as plain symbols by
``tex_words``), else the name of its shape, else the
descriptions of its parts. A shape manim draws but this module cannot name
(a bare ``VMobject`` path) gets an empty ``text``: the build's lint
(``pipeline.describe.undescribed``) then fails if nothing narrates it either.

Only the mobjects an animation names are read (a Text's glyphs are never
walked), so recording costs little next to the animation itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from manim import (
    DL,
    UR,
    Animation,
    Arc,
    Arrow,
    Axes,
    BackgroundRectangle,
    Brace,
    Circle,
    DecimalNumber,
    Dot,
    ImageMobject,
    Line,
    MarkupText,
    MathTex,
    NumberLine,
    ParametricFunction,
    Polygon,
    Rectangle,
    SingleStringMathTex,
    Square,
    SurroundingRectangle,
    Tex,
    Text,
    TransformFromCopy,
    Wait,
)
from manim.mobject.text.text_mobject import Paragraph

from scenes.kit import style

APPEARS, CHANGES, MOVES, MARKS, LEAVES = (
    "appears", "changes", "moves", "marks", "leaves")
# What a visual event shows (``what``); pipeline/describe.py words each kind.
(GRID, TABLE, ARROW, CODE, ERROR, FORMULA, TEXT, TITLE, CARD, COUNTDOWN, PLOT,
 SHAPE) = ("grid", "table", "arrow", "code", "error", "formula", "text", "title",
           "card", "countdown", "plot", "shape")
KINDS = (GRID, TABLE, ARROW, CODE, ERROR, FORMULA, TEXT, TITLE, CARD, COUNTDOWN,
         PLOT, SHAPE)
# Kinds that carry words or values (a group holding one is described by them).
WORDY = (GRID, TABLE, CODE, ERROR, FORMULA, TEXT, TITLE, CARD, COUNTDOWN)
SEP = "; "  # between the parts of a group's description

# Shapes by class, most specific first: (class, kind, words).
SHAPES: tuple[tuple[type, str, str], ...] = (
    (Arrow, ARROW, "an arrow"),
    (Brace, SHAPE, "a brace"),
    (Line, SHAPE, "a line"),
    (Dot, SHAPE, "a dot"),
    (Circle, SHAPE, "a circle"),
    (Arc, SHAPE, "an arc"),
    (Square, SHAPE, "a square"),
    (Rectangle, SHAPE, "a box"),
    (Polygon, SHAPE, "a polygon"),
    (Axes, PLOT, "axes"),
    (NumberLine, PLOT, "a number line"),
    (ParametricFunction, PLOT, "a curve"),
    (ImageMobject, PLOT, "an image"),
)
INDICATIONS = "manim.animation.indication"  # Indicate, Circumscribe, Flash, ...


def tag(mob: Any, what: str, text: str) -> Any:
    """Give ``mob`` its description (``what`` from ``KINDS``); returns ``mob``.

    ``text`` must be made from the strings ``mob`` draws; its lines are read
    as ``code_words`` reads them (a line of code is a statement).
    """
    mob.what, mob.describe = what, code_words(text)
    return mob


def code_words(text: str) -> str:
    """Lines as one line: ``; `` between statements, a space where one goes on.

    A statement goes on after a line that leaves a bracket open or ends in a
    colon (``def f(x):``); any run of spaces becomes one.
    """
    out, depth = "", 0
    for line in (" ".join(line.split()) for line in text.splitlines()):
        if not line:
            continue
        if out:
            out += " " if depth > 0 or out.endswith(":") else SEP
        out += line
        depth += sum(line.count(c) for c in "([{") - sum(line.count(c) for c in ")]}")
    return out


def words(mob: Any) -> tuple[str, str]:
    """``(what, text)``: the kind of ``mob`` and a short description of it."""
    own = getattr(mob, "describe", None)
    if isinstance(own, str):
        return getattr(mob, "what", SHAPE), own
    if isinstance(mob, DecimalNumber):
        return TEXT, mob._get_num_string(mob.number)
    if isinstance(mob, (Text, MarkupText)):
        said = mob.original_text
        if getattr(mob, "font", "") == style.MONO and re.search(r"[A-Za-z]", said):
            return CODE, code_words(said)
        return TEXT, " ".join(said.split())
    if isinstance(mob, Paragraph):
        return TEXT, " ".join(" ".join(getattr(line, "original_text", "").split())
                              for line in mob.submobjects).strip()
    if isinstance(mob, (MathTex, Tex, SingleStringMathTex)):
        return FORMULA, tex_words(mob.tex_string)
    if isinstance(mob, BackgroundRectangle):
        return SHAPE, ""  # only ever drawn behind something that is described
    for cls, kind, name in SHAPES:
        if isinstance(mob, cls):
            return kind, name
    return _group(mob.submobjects)


def _group(parts: Sequence[Any]) -> tuple[str, str]:
    """A group is described by its wordy parts, else by the shapes in it."""
    found = [words(p) for p in parts]
    wordy = [(k, t) for k, t in found if k in WORDY and t]
    if wordy:
        kinds = {k for k, _ in wordy}
        kind = kinds.pop() if len(kinds) == 1 else TEXT
        return kind, join(_unique(t for _, t in wordy))
    shapes = [(k, t) for k, t in found if t]
    if not shapes:
        return SHAPE, ""
    kinds = {k for k, _ in shapes}
    kind = kinds.pop() if len(kinds) == 1 else SHAPE
    return kind, _series(_unique(t for _, t in shapes))


def join(parts: Sequence[str]) -> str:
    """Parts of one description: ``SEP`` between them, a space after a colon."""
    out = ""
    for part in parts:
        out += (" " if out.endswith(":") else SEP) + part if out else part
    return out


def _unique(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for t in texts:
        seen.setdefault(t)
    return list(seen)


def _series(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def grid_words(rows: Sequence[Sequence[str]]) -> str:
    """A grid's cells, row by row: ``"1, 2; 3, 4"``."""
    return SEP.join(", ".join(row) for row in rows)


# -- Formulas as plain symbols: what a screen reader or a voice can read.

_OPEN, _CLOSE = "\x01", "\x02"  # a set's braces, kept while TeX's groups go
_TEX_WORDS = {
    r"\cdot": " · ", r"\times": " × ", r"\rightarrow": " → ", r"\to": " → ",
    r"\Rightarrow": " so ", r"\leftarrow": " becomes ", r"\in": " ∈ ",
    r"\nabla": "∇", r"\partial": "∂", r"\sum": " Σ", r"\prod": " ∏",
    r"\alpha": "α", r"\theta": "θ", r"\pi": "π", r"\sigma": "σ", r"\mu": "μ",
    r"\lambda": "λ", r"\dots": "…", r"\ldots": "…", r"\cdots": "…",
    r"\ast": "*", r"\approx": "≈", r"\neq": "≠", r"\leq": "≤", r"\geq": "≥",
    r"\{": _OPEN, r"\}": _CLOSE,
}
_TEX_SPACE = re.compile(
    r"\\(?:left|right|quad|qquad|textstyle|displaystyle)(?![A-Za-z])|\\[;,!: ]")
_TEX_STYLE = re.compile(
    r"\\(?:mathbf|mathrm|mathcal|mathbb|text|operatorname)(?![A-Za-z])\s*")


def _braced(text: str, start: int) -> tuple[str, int]:
    """The ``{...}`` group at ``start`` (or the one character there), and its end."""
    if start >= len(text):
        return "", start
    if text[start] != "{":
        return text[start], start + 1
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i], i + 1
    return text[start + 1:], len(text)


def _unwrap(text: str, command: str, count: int, join) -> str:
    """Replace ``\\command{a}{b}`` (``count`` groups) by ``join(a, b)``."""
    at = text.find(command)
    while at >= 0:
        i = at + len(command)
        args = []
        for _ in range(count):
            while i < len(text) and text[i] == " ":
                i += 1
            arg, i = _braced(text, i)
            args.append(tex_words(arg))
        text = text[:at] + join(*args) + text[i:]
        at = text.find(command)
    return text


def _atom(text: str) -> str:
    """``text`` as one unit: bare if it is one word or already in brackets."""
    text = text.strip()
    if re.fullmatch(r"[\w.∂∇θαπσμλ]+", text) or _bracketed(text):
        return text
    return f"({text})"


def _bracketed(text: str) -> bool:
    """Whether ``text`` is one ``(...)`` or ``[...]``, first character to last."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch in "([") - (ch in ")]")
        if depth == 0:
            return i == len(text) - 1 and i > 0
    return False


def _matrix(body: str) -> str:
    rows = [r for r in (r.strip() for r in body.split(r"\\")) if r]
    return "[" + ", ".join("[" + ", ".join(c.strip() for c in r.split("&")) + "]"
                           for r in rows) + "]"


def tex_words(source: str) -> str:
    """A formula's TeX as plain symbols: ``\\frac{dy}{dx} = 2`` is ``dy/dx = 2``."""
    text = re.sub(r"\\begin\{[bp]?matrix\}(.*?)\\end\{[bp]?matrix\}",
                  lambda m: _matrix(m.group(1)), source, flags=re.S)
    text = _unwrap(text, r"\frac", 2, lambda a, b: f" {_atom(a)}/{_atom(b)} ")
    text = _unwrap(text, r"\sqrt", 1, lambda a: f"√{_atom(a)}")
    text = _unwrap(text, r"\hat", 1, lambda a: f"{a}-hat")
    text = re.sub(r"\\\|(.*?)\\\|", lambda m: f"norm({m.group(1)})", text)
    text = _TEX_STYLE.sub("", text)
    text = _TEX_SPACE.sub(" ", text)
    for command in sorted(_TEX_WORDS, key=len, reverse=True):
        text = re.sub(re.escape(command) + r"(?![A-Za-z])", _TEX_WORDS[command], text)
    # A dot between numbers is a product: 3 · 2 is 3 × 2 (x · y stays a dot).
    text = re.sub(r"(?<=[\d)])\s*·\s*(?=[\d([-])", " × ", text)
    # Powers and indices keep their group: x^{i+1} is x^(i+1); other braces go.
    text = re.sub(r"([\^_])\{([^{}]*)\}",
                  lambda m: m.group(1) + _atom(m.group(2)), text)
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    text = re.sub(r"(?<=[∂∇]) +", "", text)  # ∂ L is ∂L
    text = text.replace(_OPEN, "{").replace(_CLOSE, "}")
    text = re.sub(r"\s+(?=[,)\]])", "", re.sub(r"(?<=[(\[])\s+", "", text))
    return " ".join(text.split())


# -- One play call, as events.


def seen(animations: Sequence[Any], on_screen: Sequence[Any] = ()) -> list[dict]:
    """The visual events of one ``play(*animations)``, in order, each once.

    A bare shape (a cell's square, a dot) or a lone sign (``+``, ``=``) is left
    out when the same call shows something with words, which describes it
    better. ``on_screen`` is the scene's mobjects, read only to say what a
    highlight box surrounds.
    """
    events: list[dict] = []
    for anim in animations:
        events += _events(anim, on_screen)
    wordy = any(e["what"] in WORDY and e["text"] and not _bare(e) for e in events
                if e["action"] != LEAVES)
    out, done = [], set()
    for e in events:
        key = (e["action"], e["text"])
        if key in done or (wordy and _bare(e) and e["action"] != LEAVES):
            continue
        done.add(key)
        out.append(e)
    return out


def _bare(event: dict) -> bool:
    """A shape's name, or a sign with no letter or digit: no words of its own."""
    text = event["text"]
    return bool(text) and (event["what"] == SHAPE or not re.search(r"\w", text))


def _events(anim: Any, on_screen: Sequence[Any]) -> list[dict]:
    if isinstance(anim, Wait):
        return []
    parts = getattr(anim, "animations", None)
    if parts is not None and not isinstance(anim, TransformFromCopy):
        return [e for a in parts for e in _events(a, on_screen)]
    if not isinstance(anim, Animation):  # ``mob.animate...``: an _AnimationBuilder
        mob = getattr(anim, "mobject", None)
        if mob is None:
            return []
        target = getattr(mob, "target", None)
        return [_changed(mob, target if target is not None else mob, on_screen)]
    mob = anim.mobject
    if getattr(anim, "remover", False):
        return [_event(LEAVES, mob, on_screen)]
    if type(anim).__module__ == INDICATIONS:
        return [_event(MARKS, mob, on_screen)]
    if isinstance(anim, TransformFromCopy):  # its mobject is the new copy's shape
        return [_event(APPEARS, mob, on_screen)]
    if getattr(anim, "introducer", False):
        return [_event(APPEARS, mob, on_screen)]
    target = getattr(anim, "target_mobject", None)
    return [_changed(mob, target if target is not None else mob, on_screen)]


def _changed(mob: Any, target: Any, on_screen: Sequence[Any]) -> dict:
    before = words(mob)[1]
    event = _event(CHANGES, target, on_screen)
    if event["text"] == before:
        event["action"] = MOVES
    return event


def _event(action: str, mob: Any, on_screen: Sequence[Any]) -> dict:
    what, text = words(mob)
    if isinstance(mob, SurroundingRectangle) and not isinstance(
            getattr(mob, "describe", None), str):
        inside = join(_unique(t for t in _texts_inside(mob, on_screen) if t))
        text = f"a box marks {inside}" if inside else text
    return {"action": action, "what": what, "text": text}


def _texts_inside(box: Any, on_screen: Sequence[Any]) -> Iterable[str]:
    """The descriptions of the wordy mobjects on screen whose centre is in ``box``."""
    (x0, y0, _), (x1, y1, _) = box.get_corner(DL), box.get_corner(UR)

    def walk(mob):
        if _whole(mob):
            kind, text = words(mob)
            x, y, _ = mob.get_center()
            if kind in WORDY and x0 <= x <= x1 and y0 <= y <= y1:
                yield text
            return
        for sub in mob.submobjects:
            yield from walk(sub)

    for mob in on_screen:
        if mob is not box:
            yield from walk(mob)


def _whole(mob: Any) -> bool:
    """Whether ``words`` reads ``mob`` as one thing (not through its parts)."""
    return isinstance(getattr(mob, "describe", None), str) or isinstance(
        mob, (DecimalNumber, Text, MarkupText, Paragraph, MathTex, Tex,
              SingleStringMathTex, BackgroundRectangle)) or any(
        isinstance(mob, cls) for cls, _, _ in SHAPES) or not mob.submobjects
