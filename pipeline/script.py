"""The narration script: every line of every scene, as written and as spoken,
with the file name a teacher's recording of it should have."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.config import ROOT, build_dir
from pipeline.files import write_atomic
from scenes.lecture import Chapter

HEADER = ["# Narration script", "",
          "Record a line as the file named before it (WAV or MP3) and the next build "
          "uses it in place of the synthetic voice. Each line shows what the captions "
          "say and, after it, what the voice says.", ""]


def dry_run(chapter: Chapter):
    """Build ``chapter``'s scene without writing video; return the scene."""
    from manim import tempconfig

    with tempfile.TemporaryDirectory() as media, tempconfig(
        {"dry_run": True, "media_dir": media, "quality": "low_quality",
         "verbosity": "ERROR", "progress_bar": "none"}
    ):
        scene = chapter.load()()
        scene.render()
    return scene


def entries(scene) -> list[tuple[Path, str, str]]:
    """(recording path, written line, spoken line) for each line of ``scene``."""
    from scenes import narration

    listed = getattr(narration, "script_entries", None)
    if listed is not None:
        return listed(scene)
    return [(narration.RECORDED / type(scene).__name__ / f"{n:02d}.wav", line, line)
            for n, line in enumerate(scene.narration, 1)]


def write_script(chapters: list[Chapter]) -> Path:
    out = list(HEADER)
    for chapter in chapters:
        out += [f"## {chapter.id}: {chapter.title}", ""]
        for path, written, spoken in entries(dry_run(chapter)):
            rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            out.append(f"- `{rel}`: {written}")
            if spoken != written:
                out.append(f"  - spoken: {spoken}")
        out.append("")
    path = build_dir() / "narration.md"
    write_atomic(path, "\n".join(out))
    return path
