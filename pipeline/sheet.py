"""Key frames, posters and the contact sheet: the lecture at a glance."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline import media
from pipeline.captions import read_cues
from pipeline.config import build_dir
from pipeline.files import part_name
from scenes.lecture import Chapter

KEY_FRAMES = 4  # key frames per scene on the contact sheet
THUMB_WIDTH = 320
BACKGROUND, INK = "#05080b", "#e8e8e8"


def save_png(image: Image.Image, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = part_name(out, ".png")
    try:
        image.save(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


def poster_path(res: str, chapter: Chapter) -> Path:
    return build_dir() / "posters" / res / f"{chapter.id}.png"


def key_frames(chapter: Chapter, video: Path, res: str) -> list[Image.Image]:
    """A few frames of a scene, taken as narration beats end, and its poster.

    The poster (the last frame at full size) goes to
    ``build/posters/<res>/<id>.png``.
    """
    length = media.duration(video)
    rate = int(res.split("p")[1])
    ends = [c.end for c in read_cues(video.with_suffix(".srt"))] or [length]
    picks = [ends[round(i * (len(ends) - 1) / max(KEY_FRAMES - 1, 1))]
             for i in range(KEY_FRAMES)]
    last = length - 2 / rate
    shots = [media.frame_at(video, min(at, length) - 2 / rate, THUMB_WIDTH)
             for at in picks]
    save_png(media.frame_at(video, last), poster_path(res, chapter))
    return shots


def contact_sheet(chapters: list[Chapter], videos: list[Path], res: str,
                  out: Path) -> None:
    """One PNG: a labelled row of key frames for every scene, in lecture order."""
    rows = [key_frames(c, v, res) for c, v in zip(chapters, videos)]
    tw, th = rows[0][0].size
    label_h, pad = 28, 6
    sheet = Image.new("RGB", (pad + KEY_FRAMES * (tw + pad),
                              pad + len(rows) * (th + label_h + pad)), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 16)
    except OSError:
        font = ImageFont.load_default()
    for r, (chapter, shots) in enumerate(zip(chapters, rows)):
        y = pad + r * (th + label_h + pad)
        draw.text((pad, y + 4), f"{r + 1}. {chapter.id}: {chapter.title}", fill=INK,
                  font=font)
        for c, shot in enumerate(shots):
            sheet.paste(shot.convert("RGB"), (pad + c * (tw + pad), y + label_h))
    save_png(sheet, out)
