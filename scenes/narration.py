"""Narration: each line's timing, and the voice that speaks it, if any.

A scene says a line with ``with self.say("..."):`` around the animations it
describes (see ``LectureScene.say``). The beat lasts at least as long as the
line takes to say: the length of its audio when a voice is on, else a
reading-speed estimate. Voices, in order of preference:

1. a recorded file ``assets/voice/<SceneClass>/<NN>.wav`` (or ``.mp3``),
   NN being the line's number in the scene, from 01;
2. ``espeak-ng`` (offline), when ``TENSOR_HERO_VOICE=espeak``;
3. none: the build stays silent and shows captions.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import wave
from pathlib import Path

from scenes import style

ROOT = Path(__file__).resolve().parents[1]
RECORDED = ROOT / "assets" / "voice"
VOICE_ENV = "TENSOR_HERO_VOICE"
VOICES = ("none", "espeak")


def voice_name() -> str:
    name = os.environ.get(VOICE_ENV, "none") or "none"
    if name not in VOICES:
        raise ValueError(f"{VOICE_ENV}={name!r}: choose one of {', '.join(VOICES)}")
    return name


def reading_seconds(line: str) -> float:
    """How long a newcomer needs to hear or read ``line``."""
    words = len(line.split())
    return max(style.MIN_LINE, words / style.WORDS_PER_SECOND + style.LINE_PAUSE)


def recorded(scene: str, number: int) -> Path | None:
    """A teacher's recording of line ``number`` of ``scene``, if there is one."""
    for ext in (".wav", ".mp3"):
        path = RECORDED / scene / f"{number:02d}{ext}"
        if path.exists():
            return path
    return None


def espeak(line: str) -> Path:
    """Speak ``line`` with espeak-ng into a cached WAV file."""
    cache = Path(os.environ.get("TENSOR_HERO_BUILD", ROOT / "build")) / "voice"
    cache.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{style.ESPEAK_ARGS}|{line}".encode()).hexdigest()[:16]
    path = cache / f"{key}.wav"
    if not path.exists():
        if shutil.which("espeak-ng") is None:
            raise RuntimeError("espeak-ng is missing: sudo apt-get install -y espeak-ng")
        tmp = path.with_suffix(".part.wav")
        subprocess.run(["espeak-ng", *style.ESPEAK_ARGS.split(), "-w", str(tmp), line],
                       check=True, capture_output=True)
        os.replace(tmp, path)
    return path


def audio_seconds(path: Path) -> float:
    if path.suffix == ".wav":
        with wave.open(str(path)) as w:
            return w.getnframes() / w.getframerate()
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "csv=p=0", str(path)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def audio_for(scene: str, number: int, line: str) -> Path | None:
    """The audio that speaks line ``number`` of ``scene``, or None (silent)."""
    found = recorded(scene, number)
    if found is not None:
        return found
    if voice_name() == "espeak":
        return espeak(line)
    return None
