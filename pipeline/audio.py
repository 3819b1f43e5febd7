"""The lecture's voice track: joined, click-free, loudness-normalised.

``voice_track`` mixes every scene's audio (silence where a scene has none)
into one track as long as the joined video: each scene's audio is padded or
cut to its video's length, with a short fade at each scene's edges so no
join clicks. It is then brought to ``TARGET_LUFS`` integrated (EBU R128)
with one linear gain measured by ffmpeg's ``ebur128``; where that gain would
push true peaks past ``TARGET_TP``, a limiter holds them. The limited track
is measured again and, while it misses by more than ``TOLERANCE`` (the
limiter takes some loudness with the peaks), levelled again with the gain
corrected; then it is encoded and the encoded track measured, since AAC
can lift true peaks: over ``LIMIT_TP - TP_MARGIN``, it is levelled under a
lower ceiling and encoded again. This is what a two-pass ``loudnorm`` does,
without loudnorm's 192 kHz resampling (ten times slower on a whole lecture).

The voice is mono speech at 22.05 kHz, so the track is mono AAC at 24 kHz
with ffmpeg's fast AAC coder: eight times faster to encode than stereo
48 kHz with the default coder, and nothing of the voice is lost.

``loudness`` measures a file the way a player or broadcaster would: ffmpeg's
``ebur128`` filter, integrated loudness and true peak. The mix is measured
as it is written, in one pass, and a round of the limiter is measured as it
runs, for its loudness alone (the true peak's 4x oversampling is most of a
measurement's cost): on two scenes' track, 6.5 s to 3.8 s, the same bytes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pipeline import media, procs
from pipeline.config import Fail

TARGET_LUFS = -16.0  # integrated loudness, LUFS
TARGET_TP = -3.0  # true peak the gain may reach before the limiter acts, dBTP
LIMIT_TP = -1.0  # the true peak the finished track must stay under, dBTP
TOLERANCE = 0.3  # LU off target that earns another round of the limiter
TP_MARGIN = 0.3  # dB the encoded track's true peak keeps below LIMIT_TP
ENCODES = 3  # encodes at most, each under a lower ceiling than the last
ROUNDS = 4  # rounds of gain and limiter at most
RATE = 24000
FADE = 0.01  # seconds of fade at each scene's edges
BITRATE = "64k"
CODEC = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", BITRATE, "-ac", "1",
         "-ar", str(RATE)]


def _run(args: list[str], what: str) -> str:
    """Run ffmpeg; return its stderr (where its filters report) or one Fail."""
    return procs.run_quiet(["ffmpeg", "-nostdin", "-hide_banner", "-y", *args], what,
                           stream="stderr")


def mix_graph(videos: list[Path], lengths: list[float]) -> tuple[list[str], str]:
    """ffmpeg inputs and a filter graph ending in ``[mix]``: the joined audio."""
    inputs, chains = [], []
    for i, (video, length) in enumerate(zip(videos, lengths)):
        if media.has_audio(video):
            inputs += ["-i", str(video)]
        else:
            inputs += ["-f", "lavfi", "-t", f"{length:.6f}", "-i",
                       f"anullsrc=r={RATE}:cl=mono"]
        fade = min(FADE, length / 2)
        chains.append(
            f"[{i}:a]aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=mono,"
            f"apad,atrim=0:{length:.6f},asetpts=N/SR/TB,"
            f"afade=t=in:d={fade:.4f},afade=t=out:st={length - fade:.6f}:d={fade:.4f}"
            f"[a{i}]")
    graph = ";".join(chains) + ";" + "".join(f"[a{i}]" for i in range(len(videos))) \
        + f"concat=n={len(videos)}:v=0:a=1[mix]"
    return inputs, graph


def _ebur128(inputs: list[str], chain: str, what: str,
             keep: Path | None = None, peak: bool = True) -> dict[str, float]:
    """ebur128 figures of ``chain`` (a graph ending in ``[m]``): I, thresh, LRA,
    and with ``peak`` TP (the true peak: a 4x oversampled pass, most of the
    measuring's cost).

    ``keep``: also write what ``chain`` makes there (32-bit float WAV), from
    the same run: the figures are then that file's.
    """
    meter = "ebur128=peak=true" if peak else "ebur128"
    if keep is None:
        graph, also = f"{chain};[m]{meter}[out]", []
    else:
        graph = f"{chain};[m]asplit[keep][e];[e]{meter}[out]"
        also = ["-map", "[keep]", "-c:a", "pcm_f32le", str(keep)]
    err = _run([*inputs, "-filter_complex", graph, *also,
                "-map", "[out]", "-f", "null", "-"], what)
    summary = err[err.rfind("Summary:"):]
    found = {}
    for key, pattern in (("I", r"I:\s+(-?[\d.]+|-inf)\s+LUFS"),
                         ("thresh", r"Threshold:\s+(-?[\d.]+|-inf)\s+LUFS"),
                         ("LRA", r"LRA:\s+(-?[\d.]+)\s+LU\b"),
                         ("TP", r"True peak:\s+Peak:\s+(-?[\d.]+|-inf)\s+dBFS")):
        if key == "TP" and not peak:
            continue
        match = re.search(pattern, summary)
        if not match:
            raise Fail(f"{what} failed: no ebur128 summary")
        found[key] = float(match.group(1))
    return found


def gain_chain(gain: float, peak: float, ceiling: float = TARGET_TP) -> str:
    """``gain`` dB, and a limiter when that would lift true peaks past ``ceiling``."""
    chain = f"volume={gain:.2f}dB"
    if peak + gain > ceiling:
        limit = 10 ** ((ceiling - 0.5) / 20)  # sample peaks, a margin for true peaks
        chain += f",alimiter=limit={limit:.4f}:attack=1:release=50:level=false"
    return chain


def level_chain(mixed: Path, measured: tuple[float, float], ceiling: float) -> str:
    """The filter that brings ``mixed`` (whose loudness and true peak are
    ``measured``) to TARGET_LUFS with peaks under ``ceiling``. Each round of
    the limiter is measured as it runs, in one ffmpeg pass, nothing written."""
    level, peak = measured
    if level <= -70:
        return "anull"  # silence: nothing to normalise
    gain = TARGET_LUFS - level
    tried: list[tuple[float, float]] = []  # (gain, loudness it gave)
    for _ in range(ROUNDS):
        chain = gain_chain(gain, peak, ceiling)
        if "alimiter" not in chain:
            return chain  # one linear gain lands exactly on the target
        got = _ebur128(["-i", str(mixed)], f"[0:a:0]{chain}[m]",
                       "levelling the voice track", peak=False)["I"]
        if abs(got - TARGET_LUFS) <= TOLERANCE:
            break
        tried.append((gain, got))
        gain = next_gain(tried)
    return chain


def next_gain(tried: list[tuple[float, float]]) -> float:
    """The gain to try after ``tried`` ((gain, loudness) rounds): the last one
    plus what it missed by, over the loudness a decibel of gain bought between
    the last two rounds (the limiter takes more as the gain rises; a secant
    step, kept between a fifth and one). Adding the miss alone crept up: on
    two scenes' track, -18.3, -17.2, -16.7, -16.5 LUFS in four rounds."""
    gain, got = tried[-1]
    slope = 1.0
    if len(tried) > 1 and tried[-2][0] != gain:
        before, then = tried[-2]
        slope = min(1.0, max(0.2, (got - then) / (gain - before)))
    return gain + (TARGET_LUFS - got) / slope


def voice_track(videos: list[Path], lengths: list[float], out: Path) -> None:
    """One AAC track for the joined lecture at -16 LUFS, true peak <= -1 dBTP.

    The mix is measured as it is written (one pass). The AAC encoder can lift
    true peaks by a decibel or more, so the encoded track is measured; while
    its peak is within ``TP_MARGIN`` of LIMIT_TP (or past it) it is levelled
    again under a lower ceiling and encoded again.
    """
    inputs, graph = mix_graph(videos, lengths)
    part = out.with_name(f".{out.stem}.{os.getpid()}")
    mixed = Path(f"{part}.mix.part.wav")
    tmp = Path(f"{part}.part{out.suffix}")
    try:
        mix = _ebur128(inputs, f"{graph};[mix]anull[m]", "mixing the voice track",
                       keep=mixed)
        ceiling, allowed = TARGET_TP, LIMIT_TP - TP_MARGIN
        for _ in range(ENCODES):
            chain = level_chain(mixed, (mix["I"], mix["TP"]), ceiling)
            _run(["-i", str(mixed), "-af", chain, *CODEC, "-f", "mp4", str(tmp)],
                 "encoding the voice track")
            _, peak = loudness(tmp)
            if chain == "anull" or peak <= allowed:
                break
            ceiling -= peak - allowed + TP_MARGIN
        else:
            raise Fail(f"the voice track's true peak stays at {peak:.1f} dBTP after "
                       f"{ENCODES} encodes (limit {LIMIT_TP} dBTP): the narration "
                       "audio clips; check the recordings in assets/voice/")
        os.replace(tmp, out)
    finally:
        for path in (tmp, mixed):
            path.unlink(missing_ok=True)


def sound_key(videos: list[Path], lengths: list[float]) -> str:
    """What the voice track is made from: each scene's audio packets (the same
    bytes for the same voice: ``pipeline.sections.assemble``) and length, and
    the levelling settings. An edit that changes only pictures keeps it."""
    import hashlib

    import av

    digest = hashlib.sha256(repr((TARGET_LUFS, TARGET_TP, LIMIT_TP, TOLERANCE,
                                  TP_MARGIN, ENCODES, ROUNDS, CODEC, FADE)).encode())
    for video, length in zip(videos, lengths):
        digest.update(f"|{length:.6f}|".encode())
        with av.open(str(video)) as box:
            for stream in box.streams.audio[:1]:
                for packet in box.demux(stream):
                    digest.update(bytes(packet))
    return digest.hexdigest()[:24]


def cached_voice_track(videos: list[Path], lengths: list[float], out: Path,
                       folder: Path) -> bool:
    """``voice_track``, or the track the last join made from the same sound
    (kept in ``folder`` as ``<sound_key>.m4a``, with the one before it).
    Returns whether it was reused."""
    import shutil

    key = sound_key(videos, lengths)
    kept = folder / f"{key}.m4a"
    if kept.exists() and media.has_audio(kept):
        shutil.copyfile(kept, out)
        return True
    voice_track(videos, lengths, out)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{key}.{os.getpid()}.part.m4a"
    shutil.copyfile(out, tmp)
    os.replace(tmp, kept)
    for old in sorted(folder.glob("*.m4a"), key=lambda p: p.stat().st_mtime)[:-2]:
        old.unlink(missing_ok=True)
    return False


def loudness(path: Path) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBTP) of ``path``'s audio."""
    m = _ebur128(["-i", str(path)], "[0:a:0]anull[m]", f"measuring {path.name}")
    return m["I"], m["TP"]
