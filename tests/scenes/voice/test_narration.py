"""Which voice speaks a line, and how long a beat must last."""

from __future__ import annotations

import wave

import pytest

from scenes.voice import narration


def write_wav(path, seconds, rate=8000):
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "w") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0" * int(seconds * rate))


def test_silent_when_no_voice_is_chosen(monkeypatch):
    monkeypatch.setenv(narration.VOICE_ENV, "none")
    assert narration.audio_for("NoRecordings", 1, "Hello there.") is None


def test_a_recording_wins_over_the_synthetic_voice(tmp_path, monkeypatch):
    monkeypatch.setattr(narration, "RECORDED", tmp_path)
    monkeypatch.setenv(narration.VOICE_ENV, "espeak")
    write_wav(tmp_path / "SomeScene" / "02.wav", 1.25)
    monkeypatch.setenv("TENSOR_HERO_BUILD", str(tmp_path / "build"))
    assert narration.recorded("SomeScene", 2) == tmp_path / "SomeScene" / "02.wav"
    found = narration.audio_for("SomeScene", 2, "any text")  # a faded copy of it
    assert narration.audio_seconds(found) == pytest.approx(1.25, abs=0.01)


@pytest.mark.needs("espeak-ng")
def test_espeak_speaks_offline(tmp_path, monkeypatch):
    monkeypatch.setenv("TENSOR_HERO_BUILD", str(tmp_path))
    monkeypatch.setenv(narration.VOICE_ENV, "espeak")
    audio = narration.audio_for("NoRecordings", 1, "Gradients flow backward.")
    assert audio.parent == tmp_path / "voice" and narration.audio_seconds(audio) > 0.5


def test_unknown_voice_is_refused(monkeypatch):
    monkeypatch.setenv(narration.VOICE_ENV, "robot")
    with pytest.raises(ValueError, match="choose one of"):
        narration.voice_name()


def test_longer_lines_take_longer():
    short = "Shapes agree."
    long = "Now the shapes agree, and each cell is added to its partner."
    assert narration.reading_seconds(long) > narration.reading_seconds(short) > 0
