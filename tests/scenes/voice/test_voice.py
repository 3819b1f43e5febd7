"""The voices: piper by default, cached lines, bad models and recordings."""

from __future__ import annotations

import subprocess
import wave

import pytest

from scenes.voice import narration


def write_wav(path, seconds, rate=8000):
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "w") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\1" * int(seconds * rate))


def test_piper_is_the_default(monkeypatch):
    monkeypatch.delenv(narration.VOICE_ENV, raising=False)
    assert narration.voice_name() == "piper" and narration.VOICES[0] == "piper"


@pytest.mark.needs("piper")
def test_piper_speaks_the_spoken_form_once(tmp_path, monkeypatch):
    monkeypatch.setenv("TENSOR_HERO_BUILD", str(tmp_path))
    monkeypatch.setenv(narration.VOICE_ENV, "piper")
    monkeypatch.setattr(narration, "RECORDED", tmp_path / "none")
    audio = narration.audio_for("NoRecordings", 1, "The step is [-0.2, 0.3].")
    assert audio.parent == tmp_path / "voice"
    assert narration.audio_seconds(audio) > 1.0
    with wave.open(str(audio)) as w:
        assert w.getframerate() == 22050 and w.getnchannels() == 1
    # The same line again comes from the cache: the model is not asked.
    monkeypatch.setattr(narration, "_load_piper", lambda path: pytest.fail("synth"))
    assert narration.audio_for("Other", 3, "The step is [-0.2, 0.3].") == audio
    # Nothing half-written is left beside it.
    assert [p.name for p in (tmp_path / "voice").iterdir()] == [audio.name]


def test_a_recording_wins_and_is_faded(tmp_path, monkeypatch):
    monkeypatch.setenv("TENSOR_HERO_BUILD", str(tmp_path / "build"))
    monkeypatch.setenv(narration.ASSETS_ENV, str(tmp_path / "assets"))
    monkeypatch.setenv(narration.VOICE_ENV, "piper")
    write_wav(tmp_path / "assets" / "voice" / "SomeScene" / "02.wav", 1.25)
    audio = narration.audio_for("SomeScene", 2, "any text")
    assert audio.parent == tmp_path / "build" / "voice"
    assert narration.audio_seconds(audio) == pytest.approx(1.25, abs=0.01)


def test_a_corrupt_recording_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv(narration.ASSETS_ENV, str(tmp_path))
    write_wav(tmp_path / "voice" / "GoodScene" / "01.wav", 0.5)
    bad = tmp_path / "voice" / "SomeScene" / "03.wav"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"RIFF\x10\x00\x00\x00WAVEfmt not really a wav file")
    with pytest.raises(narration.VoiceError) as err:
        narration.check_voice("none")
    message = str(err.value)
    assert message.startswith(f"{bad}: ") and "record it again" in message
    assert "\n" not in message


def test_a_corrupt_mp3_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv(narration.ASSETS_ENV, str(tmp_path))
    good = tmp_path / "voice" / "SomeScene" / "01.mp3"
    good.parent.mkdir(parents=True)
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=0.5", str(good)], check=True)
    narration.check_voice("none")  # a good MP3 passes
    bad = good.with_name("02.mp3")
    bad.write_bytes(b"ID3" + b"\x00" * 7 + b"garbage" * 50)
    with pytest.raises(narration.VoiceError, match=str(bad)):
        narration.check_voice("none")


@pytest.mark.needs("piper")
def test_a_broken_model_is_named(tmp_path, monkeypatch):
    model = tmp_path / "broken.onnx"
    model.write_bytes(b"not an onnx model")
    model.with_name("broken.onnx.json").write_text("{}")
    monkeypatch.setenv(narration.MODEL_ENV, str(model))
    monkeypatch.setenv(narration.ASSETS_ENV, str(tmp_path / "assets"))
    with pytest.raises(narration.VoiceError) as err:
        narration.check_voice("piper")
    assert str(err.value).startswith(f"{model}: ") and "reinstall" in str(err.value)


def test_a_missing_model_is_named(tmp_path, monkeypatch):
    model = tmp_path / "gone.onnx"
    monkeypatch.setenv(narration.MODEL_ENV, str(model))
    monkeypatch.setenv(narration.ASSETS_ENV, str(tmp_path / "assets"))
    with pytest.raises(narration.VoiceError, match="voice model missing"):
        narration.check_voice("piper")


@pytest.mark.needs("piper")
def test_the_installed_model_loads(tmp_path, monkeypatch):
    monkeypatch.delenv(narration.MODEL_ENV, raising=False)
    monkeypatch.setenv(narration.ASSETS_ENV, str(tmp_path))
    narration.check_voice("piper")


def test_script_entries_give_both_forms(tmp_path, monkeypatch):
    monkeypatch.setenv(narration.ASSETS_ENV, str(tmp_path))
    write_wav(tmp_path / "voice" / "Said" / "02.wav", 0.2)

    class Said:
        narration = ["A has shape (2, 3).", "y = u^2"]

    entries = narration.script_entries(Said())
    assert entries == [
        (tmp_path / "voice" / "Said" / "01.wav", "A has shape (2, 3).",
         "A has shape 2 by 3."),
        (tmp_path / "voice" / "Said" / "02.wav", "y = u^2", "y equals u squared")]
