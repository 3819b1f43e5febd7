"""Read what a scene puts on screen, without writing any video.

``watch(SceneClass)`` runs the scene with manim's dry run and records every
mobject that was on screen after each animation or wait, plus the targets of
transforms. ``strings`` turns mobjects into the text a viewer reads: a Text's
characters, a MathTex/Tex source, the string a DecimalNumber displays.

Mobjects move after a beat, so each ``Beat`` also keeps ``drawn``: a snapshot
taken at that moment of what is really visible (``Drawn``: kind, text,
bounding boxes, glyph size), for the layout checks in tests/scenes/test_layout.py.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from manim import (
    BackgroundRectangle,
    DecimalNumber,
    ImageMobject,
    ManimColor,
    SingleStringMathTex,
    Text,
    Transform,
    TransformFromCopy,
    VMobject,
    config,
    tempconfig,
)
from manim.mobject.text.tex_mobject import MathTex, Tex
from manim.mobject.text.text_mobject import MarkupText, Paragraph

from pipeline import texcache
from tensors import fmt
from tests.values import values  # noqa: F401 - also imported from here

# The dry run draws one picture, the last frame, this small (width, height):
# enough to see the layout, cheap to draw (tests/scenes/test_snapshots.py).
SNAPSHOT_SIZE = (256, 144)
Box = tuple[float, float, float, float]  # left, bottom, right, top (scene units)
TEXTS = (DecimalNumber, Text, MarkupText, Paragraph, MathTex, Tex, SingleStringMathTex)


@dataclass(frozen=True)
class Drawn:
    """One visible thing on screen at one beat, with its geometry then.

    ``kind`` is ``"text"`` (Text, MathTex/Tex, DecimalNumber, ...), ``"shape"``
    (any other vector mobject with points) or ``"image"``. ``glyphs`` are the
    boxes of a text's glyphs (for a shape or image: its own box);
    ``x_height`` is the height a lowercase x has in this text's font at its
    current size (None for shapes); ``colours`` the distinct (hex fill colour,
    fill opacity) pairs of a text's glyphs.
    """

    kind: str
    text: str
    box: Box
    glyphs: tuple[Box, ...]
    x_height: float | None = None
    colours: tuple[tuple[str, float], ...] = ()
    # Provenance (tensors/bound.py): a grid cell's (grid, row, column), the
    # gradient path a backward arrow or its label carries, a shape's fill.
    cell: tuple[int, int, int] | None = None
    carries: str | None = None
    fill: float = 0.0
    hidden: bool = False  # outside the frame, or under an opaque shape
    line: tuple[float, float, float, float] | None = None  # an arrow: x0, y0, x1, y1


@dataclass
class Beat:
    """The screen after one ``play`` or ``wait``: its index and mobjects.

    ``mobjects`` holds the live mobjects (on screen, plus transform targets);
    ``drawn`` is what was visible at that moment, frozen (see ``drawn``).
    """

    index: int
    kind: str
    mobjects: list = field(default_factory=list)
    drawn: list[Drawn] = field(default_factory=list)


@dataclass
class Screen:
    """Everything a scene showed, beat by beat."""

    beats: list[Beat]
    narration: list[str] = field(default_factory=list)
    errata: list[str] = field(default_factory=list)
    last_frame: np.ndarray | None = None  # RGB uint8, SNAPSHOT_SIZE, see watch()
    notes: list[str] = field(default_factory=list)  # notes on the guide read out
    said: list[dict] = field(default_factory=list)  # LectureScene.beats: when said
    events: list[dict] = field(default_factory=list)  # LectureScene.events

    def strings(self) -> list[str]:
        seen, out = set(), []
        for beat in self.beats:
            for mob in beat.mobjects:
                for text in strings(mob):
                    if text not in seen:
                        seen.add(text)
                        out.append(text)
        return out

    def numbers(self) -> set[str]:
        return {n for s in self.strings() for n in fmt.numbers_in(s)}

    def text(self) -> str:
        """All strings joined, whitespace collapsed: for phrase searches."""
        return " ".join(" ".join(self.strings()).split())


def strings(mob) -> Iterator[str]:
    """The readable strings in ``mob`` and its family, each text mobject once.

    A text a ``Transform`` turned into another shows the other's glyphs: its
    string is the other's (``shown_as``, set by ``watch``). The strings keep
    their bound parts (``tensors.bound.Shown``).
    """
    if (shown := getattr(mob, "shown_as", None)) is not None:
        yield from shown
    elif isinstance(mob, DecimalNumber):
        yield mob._get_num_string(mob.number)
    elif isinstance(mob, (Text, MarkupText)):
        yield mob.original_text
    elif isinstance(mob, Paragraph):
        yield from (line.original_text if hasattr(line, "original_text") else ""
                    for line in mob.submobjects)
    elif isinstance(mob, (MathTex, Tex, SingleStringMathTex)):
        yield getattr(mob, "shown", None) or mob.tex_string
    else:
        for sub in mob.submobjects:
            yield from strings(sub)


def _box(points: np.ndarray) -> Box:
    lo, hi = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    return (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))


def _union(boxes) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _visible(mob) -> bool:
    """Has points and draws them: some fill, or a stroke of some width."""
    if isinstance(mob, ImageMobject):
        return mob.points.size > 0 and getattr(mob, "opacity", 1) > 0
    if not isinstance(mob, VMobject) or len(mob.points) == 0:
        return False
    fill = mob.get_fill_opacity() if mob.fill_rgbas is not None else 0
    stroke = (mob.get_stroke_opacity() if mob.get_stroke_width() > 0
              and mob.stroke_rgbas is not None else 0)
    return max(fill, stroke) > 0


@functools.cache
def _x_height_per_size(kind: type, font: str | None) -> float:
    """Height of a lowercase x per unit of font_size, measured in ``kind``'s font."""
    if issubclass(kind, (Text, MarkupText, Paragraph)):
        return Text("x", font=font or "", font_size=100).height / 100
    return MathTex("x", font_size=100).height / 100  # TeX, DecimalNumber too


def _x_height(mob) -> float | None:
    try:
        size = float(mob.font_size)
    except (AttributeError, ZeroDivisionError, TypeError):
        return None
    font = getattr(mob, "font", None)
    return size * _x_height_per_size(type(mob), font)


def _glyphs(mob) -> list:
    return [m for m in mob.family_members_with_points()
            if not isinstance(m, BackgroundRectangle) and _visible(m)]


@functools.cache
def _colour(rgba: tuple[float, float, float, float]) -> tuple[str, float]:
    """(hex colour, opacity) of a fill, as ``get_fill_color``/``_opacity`` say."""
    return ManimColor(np.array(rgba[:3])).to_hex().lower(), round(rgba[3], 3)


def _colours(glyphs) -> tuple[tuple[str, float], ...]:
    """The distinct fills of ``glyphs``, each one's first as manim reads it."""
    found = {
        _colour(tuple(m.fill_rgbas[0].tolist()))
        for m in glyphs
        if m.fill_rgbas is not None and m.fill_rgbas[0, 3] > 0
    }
    return tuple(sorted(found))


def _inside(box: Box, frame: Box) -> bool:
    return (box[0] < frame[2] and box[2] > frame[0]
            and box[1] < frame[3] and box[3] > frame[1])


def _covers(shape: Drawn, box: Box) -> bool:
    s = shape.box
    return s[0] <= box[0] and s[1] <= box[1] and s[2] >= box[2] and s[3] >= box[3]


OPAQUE = 0.95  # a shape filled at least this much hides what is drawn before it


def drawn(mobjects) -> list[Drawn]:
    """What of ``mobjects`` (and their families) is visible now, frozen.

    Each has some opacity; one outside the frame or under an opaque shape
    drawn after it is kept, marked ``hidden`` (the layout tests see it, the
    provenance tests read only what a viewer can see).
    """
    out: list[Drawn] = []

    def walk(mob):
        if isinstance(mob, TEXTS):
            glyphs = _glyphs(mob)
            if glyphs:
                boxes = [_box(m.points) for m in glyphs]
                out.append(
                    Drawn(
                        "text",
                        fmt.join(list(strings(mob)), " "),
                        _union(boxes),
                        tuple(boxes),
                        _x_height(mob),
                        _colours(glyphs),
                        cell=getattr(mob, "cell", None),
                        carries=getattr(mob, "carries", None),
                    )
                )
            for sub in mob.submobjects:  # a background rectangle, drawn behind
                if isinstance(sub, BackgroundRectangle) and _visible(sub):
                    out.append(
                        Drawn("shape", "", _box(sub.points), (_box(sub.points),))
                    )
            return
        if isinstance(mob, ImageMobject) and _visible(mob):
            box = _box(mob.points)
            out.append(Drawn("image", type(mob).__name__, box, (box,)))
        elif _visible(mob):
            box = _box(mob.points)
            fill = mob.get_fill_opacity() if mob.fill_rgbas is not None else 0.0
            carries = getattr(mob, "carries", None)
            line = None
            if carries is not None and hasattr(mob, "get_start"):
                (x0, y0, _), (x1, y1, _) = mob.get_start(), mob.get_end()
                line = (float(x0), float(y0), float(x1), float(y1))
            out.append(Drawn("shape", type(mob).__name__, box, (box,),
                             carries=carries, fill=float(fill), line=line))
        for sub in mob.submobjects:
            walk(sub)

    for mob in mobjects:
        walk(mob)
    w, h = config.frame_width / 2, config.frame_height / 2
    frame = (-w, -h, w, h)
    return [d if _inside(d.box, frame) and not (
        d.kind == "text" and any(s.kind == "shape" and s.fill >= OPAQUE
                                 and _covers(s, d.box) for s in out[k + 1:]))
            else dataclasses.replace(d, hidden=True) for k, d in enumerate(out)]


def _texts(mob) -> list:
    """The text mobjects in ``mob``'s family, outermost first."""
    if isinstance(mob, TEXTS):
        return [mob]
    return [t for sub in mob.submobjects for t in _texts(sub)]


def _shows_target(animation) -> None:
    """After a ``Transform`` that leaves its mobject on screen, that mobject's
    texts show the target's glyphs: note the target's strings on them."""
    target = getattr(animation, "target_mobject", None)
    source = getattr(animation, "mobject", None)
    if (not isinstance(animation, Transform) or isinstance(animation, TransformFromCopy)
            or target is None or source is None
            or target is source or animation.replace_mobject_with_target_in_scene):
        return
    old, new = _texts(source), [list(strings(t)) for t in _texts(target)]
    for k, text in enumerate(old):
        if k == len(old) - 1:  # the last takes whatever is left
            text.shown_as = [s for part in new[k:] for s in part]
        else:
            text.shown_as = new[k] if k < len(new) else []


def watch(scene_cls: type) -> Screen:
    """Run ``scene_cls`` in a dry run and record the screen after every beat.

    Nothing is written; at the end the last frame alone is drawn, at
    ``SNAPSHOT_SIZE``, into ``Screen.last_frame``. Cached per class: the
    screen, layout and snapshot tests share one run.
    """
    return _watch(scene_cls)


@functools.cache
def _media_dir() -> str:
    """One media folder for this process's dry runs, removed when it exits.

    Scenes share formulas and labels: LaTeX and Pango run once per distinct
    one. Each test process has its own (two manim processes sharing a Tex
    cache can crash on it); compiled formulas are also shared with the other
    test processes, the builds and later runs through pipeline.texcache.
    """
    folder = tempfile.TemporaryDirectory(prefix="tensor-hero-watch-")
    atexit.register(folder.cleanup)
    texcache.install(texcache.folder())  # formulas this run or an earlier compiled
    return folder.name


@functools.cache
def _watch(scene_cls: type) -> Screen:
    beats: list[Beat] = []

    class Watched(scene_cls):
        def play(self, *animations, **kwargs):
            targets = [
                a.target_mobject
                for a in animations
                if getattr(a, "target_mobject", None) is not None
            ]
            super().play(*animations, **kwargs)
            for a in animations:
                _shows_target(a)
            self._record("play", targets)

        def wait(self, *args, **kwargs):
            super().wait(*args, **kwargs)
            self._record("wait", [])

        def _record(self, kind, extra):
            beats.append(
                Beat(len(beats), kind, [*self.mobjects, *extra], drawn(self.mobjects))
            )

    Watched.__name__ = scene_cls.__name__
    with tempconfig(
        {
            "dry_run": True,
            "media_dir": _media_dir(),
            "quality": "low_quality",
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "WARNING",
            "pixel_width": SNAPSHOT_SIZE[0],
            "pixel_height": SNAPSHOT_SIZE[1],
        }
    ):
        # Skipping runs each animation straight to its end state (what the
        # beats record) instead of frame by frame; no frame is drawn until the
        # last one (manim 0.22 draws one per play even when skipping).
        scene = Watched(skip_animations=True)
        draw = scene.renderer.update_frame
        scene.renderer.update_frame = lambda *args, **kwargs: None
        scene.render()
        scene.renderer.static_image = None  # captured from the undrawn frame
        draw(scene)
        frame = np.array(scene.renderer.get_frame()[..., :3], dtype=np.uint8)
    return Screen(
        beats,
        list(getattr(scene, "narration", [])),
        list(getattr(scene, "errata_shown", [])),
        frame,
        notes=list(getattr(scene, "notes_shown", [])),
        said=list(getattr(scene, "beats", [])),
        events=list(getattr(scene, "events", [])),
    )


def allowed_numbers(data) -> set[str]:
    """The number tokens a scene drawing ``data`` may show."""
    return {n for v in values(data) for n in fmt.numbers_in(v)}


def lookup(data, path: str):
    """``"guide.result"``, ``"steps.0.theta"`` or ``"rows.*.value"`` in a result.

    ``*`` stands for every item of a sequence: the result is a tuple.
    """
    head, _, rest = path.partition(".")
    if head == "*":
        return tuple(lookup(item, rest) if rest else item for item in data)
    data = data[int(head)] if head.isdigit() else getattr(data, head)
    return lookup(data, rest) if rest else data
