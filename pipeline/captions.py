"""Caption cues: read a scene's SRT, shift them into the lecture, write SRT/VTT.

A cue is the scene record's ``Cue`` (``scenes.kit.record``), read by the one
SRT reader (``scenes.voice.cues.read_srt``).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import srt
import webvtt

from scenes.kit.record import Cue
from scenes.voice.cues import read_srt


def read_cues(path: Path) -> list[Cue]:
    """The cues of an SRT file (none when it does not exist)."""
    return read_srt(path) if path.exists() else []


def shifted(cues: list[Cue], start: float, end: float) -> list[Cue]:
    """``cues`` moved to begin at ``start``, each kept before ``end``."""
    out = []
    for c in cues:
        a, b = start + c.start, min(start + c.end, end)
        if b > a:
            out.append(Cue(a, b, c.text))
    return out


def srt_text(cues: list[Cue]) -> str:
    return srt.compose([srt.Subtitle(i, timedelta(seconds=c.start),
                                     timedelta(seconds=c.end), c.text)
                        for i, c in enumerate(cues, 1)], reindex=False)


def vtt_stamp(seconds: float) -> str:
    """A time as WebVTT writes it: ``hh:mm:ss.mmm``."""
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def vtt_text(cues: list[Cue]) -> str:
    vtt = webvtt.WebVTT(captions=[webvtt.Caption(vtt_stamp(c.start), vtt_stamp(c.end),
                                                 c.text.split("\n")) for c in cues])
    return vtt.content
