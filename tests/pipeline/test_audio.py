"""The voice track: joined, normalised to -16 LUFS, true peak under -1 dBTP."""

from __future__ import annotations

import subprocess

import pytest

from pipeline.audio import LIMIT_TP, TARGET_LUFS, loudness, voice_track


def clip(path, volume, seconds):
    """Speech-like bursts (a tone switched on and off) at ``volume`` dB."""
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    f"sine=frequency=220:duration={seconds}", "-af",
                    f"volume='if(lt(mod(t,0.5),0.3),1,0)':eval=frame,volume={volume}dB",
                    "-ar", "22050", str(path)], check=True)
    return path


def test_two_clips_become_one_track_at_minus_16_lufs(tmp_path):
    quiet = clip(tmp_path / "quiet.wav", -30, 3.0)
    loud = clip(tmp_path / "loud.wav", -3, 2.0)
    out = tmp_path / "track.m4a"
    voice_track([quiet, loud], [3.5, 2.25], out)
    lufs, peak = loudness(out)
    assert lufs == pytest.approx(TARGET_LUFS, abs=1.0)
    assert peak <= LIMIT_TP
    seconds = float(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
         "csv=p=0", str(out)], capture_output=True, text=True, check=True).stdout)
    assert seconds == pytest.approx(5.75, abs=0.05)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_loudness_reads_a_known_level(tmp_path):
    # A 1 kHz sine at full scale reads -3.0 LUFS (EBU Tech 3341), so one at
    # -20 dBFS reads -23 LUFS with a true peak of -20 dBTP.
    path = tmp_path / "sine.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    "aevalsrc=sin(2*PI*1000*t):s=48000:d=3", "-af",
                    "volume=-20dB", str(path)], check=True)
    lufs, peak = loudness(path)
    assert lufs == pytest.approx(-23.0, abs=0.3)
    assert peak == pytest.approx(-20.0, abs=0.3)


@pytest.mark.needs("piper")
def test_two_spoken_lines_meet_the_target(tmp_path, monkeypatch):
    """Real speech peaks high (piper normalises each line to full scale)."""
    from scenes.voice import narration

    monkeypatch.setenv("TENSOR_HERO_BUILD", str(tmp_path))
    first = narration.piper("Each cell of the result is a row times a column.")
    second = narration.piper("The gradient step moves theta by minus 0.2.")
    out = tmp_path / "track.m4a"
    voice_track([first, second], [narration.audio_seconds(first) + 0.5,
                                  narration.audio_seconds(second) + 0.5], out)
    lufs, peak = loudness(out)
    assert lufs == pytest.approx(TARGET_LUFS, abs=1.0) and peak <= LIMIT_TP


def test_an_encode_that_lifts_the_peak_is_levelled_lower_and_encoded_again(
        tmp_path, monkeypatch):
    """AAC can lift true peaks past the limit: the encoded track is measured."""
    from pipeline import audio

    real, encoded = audio.loudness, []

    def measured(path):
        lufs, peak = real(path)
        if path.suffix == ".m4a":  # the encoded track, not the wav being levelled
            encoded.append(peak)
            if len(encoded) == 1:
                return lufs, LIMIT_TP + 0.1  # what AAC does to a full lecture's voice
        return lufs, peak

    monkeypatch.setattr(audio, "loudness", measured)
    loud = clip(tmp_path / "loud.wav", -1, 3.0)
    out = tmp_path / "track.m4a"
    voice_track([loud], [3.0], out)
    assert len(encoded) == 2
    lufs, peak = real(out)
    assert lufs == pytest.approx(TARGET_LUFS, abs=1.0) and peak <= LIMIT_TP


def test_a_peak_that_stays_over_the_limit_is_one_error_and_no_file(
        tmp_path, monkeypatch):
    from pipeline import audio
    from pipeline.config import Fail

    real = audio.loudness
    monkeypatch.setattr(audio, "loudness", lambda p: (
        real(p)[0], 0.0) if p.suffix == ".m4a" else real(p))
    out = tmp_path / "track.m4a"
    with pytest.raises(Fail, match="true peak stays at 0.0 dBTP"):
        voice_track([clip(tmp_path / "loud.wav", -1, 2.0)], [2.0], out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loud.wav"]


def test_the_same_sound_reuses_the_last_track_and_new_sound_makes_one(tmp_path):
    """The join keeps the voice track it made; the same scene audio (a picture
    edit) gets it back byte for byte, other audio gets a new one."""
    from pipeline.audio import cached_voice_track, sound_key

    first = clip(tmp_path / "a.wav", -20, 2.0)
    second = clip(tmp_path / "b.wav", -30, 2.0)
    kept = tmp_path / "kept"
    out1, out2, out3 = (tmp_path / f"out{i}.m4a" for i in (1, 2, 3))
    assert not cached_voice_track([first], [2.0], out1, kept)
    assert cached_voice_track([first], [2.0], out2, kept)
    assert out1.read_bytes() == out2.read_bytes()
    assert sound_key([first], [2.0]) != sound_key([second], [2.0])
    assert sound_key([first], [2.0]) != sound_key([first], [2.5])
    assert not cached_voice_track([second], [2.0], out3, kept)
    assert len(list(kept.glob("*.m4a"))) == 2


def test_the_next_gain_follows_what_a_decibel_bought():
    from pipeline.audio import TARGET_LUFS, next_gain

    # the first miss is added as it is; then the secant through the last two
    assert next_gain([(4.4, TARGET_LUFS - 2.3)]) == pytest.approx(6.7)
    two = [(4.4, -18.3), (6.7, -17.2)]  # 1.1 LU for 2.3 dB
    assert next_gain(two) == pytest.approx(6.7 + 1.2 / (1.1 / 2.3))
    # a round that bought nothing does not send the gain flying: a fifth at least
    assert next_gain([(4.0, -18.0), (6.0, -18.0)]) == pytest.approx(6.0 + 2.0 / 0.2)
