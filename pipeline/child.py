"""Run manim and write down which project files the scene really used, and
what each of its plays was.

``python -m pipeline.child DEPS_JSON PLAYS_JSON -- <manim arguments>`` runs
manim's own command line in this process; when it succeeds, ``DEPS_JSON``
lists every file of the checkout the scene imported (``sys.modules``) or
opened (an audit hook), so the scene's cache key covers exactly those files:
an edit to a helper re-renders the scenes that import it and no others.

``PLAYS_JSON`` lists every ``play`` and ``wait`` the scene made, in order:
its index, start and end (seconds into the scene) and, for each play the run
drew (all of them in a run where manim skips every play, a *plan*: manim's
``-n`` past the last play), manim's own content hash of the play
(``get_hash_from_play_call``: the animations and every mobject on screen,
less what SVG mobjects keep from being built, ``NOT_HASHED``).
The build cuts a scene into sections at those plays (``pipeline.sections``)
and names each section by its plays' hashes, so an edit re-renders only the
sections whose plays changed.

Manim adds no sound here: the build mixes each scene's voice from its record
(``pipeline.sections.scene_audio``), so a section renders the same picture
whatever plays around it were skipped.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Build code and build outputs never decide what a scene draws.
IGNORED = ("pipeline", "render.py", "build", "media", ".venv", ".git")

# ``-n PLAN_FROM``: start past any scene's last play, so manim skips them all.
PLAN_FROM = 1_000_000
_opened: set[str] = set()
# What a play's hash leaves out, besides manim's own ``KEYS_TO_FILTER_OUT``:
# what an SVG mobject (a Text, a MathTex) keeps besides what it draws.
# ``path_obj`` is each glyph's parsed SVG path (svgelements), the source its
# points were made from when it was built; ``id_to_vgroup_dict`` maps the
# SVG's element ids to groups of glyphs, a way to find them (MathTex's
# ``set_color_by_tex``). manim draws a mobject's points and style and those
# of its submobjects, which are all hashed, whatever led to them. Walking the
# two was most of the hashing: sigma-loop's plan hashed its 31 plays
# in 11.1 s with them, 1.7 s without. Plain manim's own cache key is left as
# it is.
NOT_HASHED = ("path_obj", "id_to_vgroup_dict")


def _audit(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.add(os.fsdecode(args[0]))


def project_file(name: str | None) -> str | None:
    """``name`` relative to the checkout, when it is a project file a scene uses."""
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute():
        path = Path.cwd() / path
    path = path.resolve()
    if not path.is_file() or not path.is_relative_to(ROOT):
        return None
    rel = path.relative_to(ROOT)
    if rel.parts[0] in IGNORED or "__pycache__" in rel.parts:
        return None
    return rel.as_posix()


def used_files() -> list[str]:
    names = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
    found = {project_file(n) for n in names | _opened}
    return sorted(f for f in found if f)


def hash_drawn_only() -> None:
    """Leave ``NOT_HASHED`` out of every hash manim makes in this process."""
    from manim.utils import hashing

    hashing.KEYS_TO_FILTER_OUT.update(NOT_HASHED)


def log_plays(plays: list[dict], every: bool) -> None:
    """Append one entry per play to ``plays``; hash the plays manim draws, or
    ``every`` play (a plan, where manim draws none)."""
    from manim._config.video_encoder import video_encoder_fingerprint
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene
    from manim.utils.hashing import get_hash_from_play_call

    hash_drawn_only()
    compile_data, play = Scene.compile_animation_data, CairoRenderer.play
    pending: list[str | None] = []

    def compiled(self, *animations, **kwargs):
        result = compile_data(self, *animations, **kwargs)
        renderer = self.renderer
        if every or not renderer.skip_animations:
            # As manim's cairo renderer hashes a play it caches (cairo_renderer.py).
            pending.append(get_hash_from_play_call(
                self, renderer.camera, self.animations, self.mobjects, backend="cairo",
                encoder_fingerprint=video_encoder_fingerprint(
                    self.session_spec.video_encoder),
                renderer_state=()))
        else:
            pending.append(None)
        return result

    def froze(self, duration):
        frozen.append(True)
        freeze(self, duration)

    def played(self, scene, *args, **kwargs):
        index, start = self.num_plays, self.time
        pending.clear()
        frozen.clear()
        play(self, scene, *args, **kwargs)
        if self.skip_animations:
            self.time = drawn_time(start, scene.duration, bool(frozen),
                                   self.camera.frame_rate)
        plays.append({"index": index, "start": start, "end": self.time,
                      "hash": pending[-1] if pending else None})

    frozen: list[bool] = []
    freeze = CairoRenderer.freeze_current_frame
    Scene.compile_animation_data = compiled
    CairoRenderer.play = played
    CairoRenderer.freeze_current_frame = froze


def drawn_time(start: float, duration: float, frozen: bool, rate: float) -> float:
    """The scene's clock after a play of ``duration`` from ``start``, as manim
    advances it when it draws the play: a whole number of frames, added the
    way its renderer adds them (one sum for a held frame, one per frame of an
    animation), so it is the same float to the last bit.

    Manim adds the exact duration when it skips a play; the scene's code
    (a narration beat's wait) then reads another clock in a plan or a section
    than in a whole render, and times the rest differently.
    """
    import numpy as np

    dt = 1 / rate
    if frozen:
        return start + int(duration / dt) * dt
    for _ in range(len(np.arange(0, duration, 1 / rate))):
        start += dt
    return start


def no_sound() -> None:
    """Manim adds no sound: the build mixes the voice (module docstring)."""
    from manim.scene.scene_file_writer import SceneFileWriter

    SceneFileWriter.add_sound = lambda self, *args, **kwargs: None


def write_json(path: str, value) -> None:
    tmp = Path(f"{path}.{os.getpid()}.part")
    tmp.write_text(json.dumps(value, indent=1))
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    split = argv.index("--") if "--" in argv else 2
    deps_path, plays_path = argv[0], argv[1]
    rest = argv[split + 1:]
    sys.addaudithook(_audit)
    from manim.__main__ import main as manim_main

    from pipeline import texcache

    texcache.install(texcache.folder())
    plays: list[dict] = []
    log_plays(plays, every=plan_run(rest))
    no_sound()

    sys.argv = ["manim", *rest]
    try:
        manim_main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    if code == 0:
        write_json(plays_path, plays)
        write_json(deps_path, used_files())
    return code


def plan_run(args: list[str]) -> bool:
    """Whether manim's ``-n`` starts past every play (``PLAN_FROM``): a plan."""
    for flag in ("-n", "--from_animation_number"):
        if flag in args:
            return args[args.index(flag) + 1].split(",")[0] == str(PLAN_FROM)
    return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
