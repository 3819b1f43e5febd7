"""The lecture's voice track: joined, click-free, loudness-normalised.

``voice_track`` mixes every scene's audio (silence where a scene has none)
into one AAC track as long as the joined video: each scene's audio is padded
or cut to its video's length, with a short fade at each scene's edges so no
join clicks. The whole track is then normalised with ffmpeg's ``loudnorm``
(EBU R128) in two passes: the first measures, the second applies one linear
gain to ``TARGET_LUFS`` integrated with true peaks at most ``TARGET_TP``.

``loudness`` measures a file the way a player or broadcaster would: ffmpeg's
``ebur128`` filter, integrated loudness and true peak.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from pipeline import media, procs
from pipeline.config import Fail

TARGET_LUFS = -16.0  # integrated loudness, LUFS
TARGET_TP = -2.0  # true peak ceiling given to loudnorm, dBTP (AAC adds a little)
LIMIT_TP = -1.0  # the true peak the finished track must stay under, dBTP
TARGET_LRA = 11.0  # loudness range loudnorm aims for, LU
RATE = 48000
FADE = 0.01  # seconds of fade at each scene's edges
BITRATE = "128k"


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
                       f"anullsrc=r={RATE}:cl=stereo"]
        fade = min(FADE, length / 2)
        chains.append(
            f"[{i}:a]aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,"
            f"apad,atrim=0:{length:.6f},asetpts=N/SR/TB,"
            f"afade=t=in:d={fade:.4f},afade=t=out:st={length - fade:.6f}:d={fade:.4f}"
            f"[a{i}]")
    graph = ";".join(chains) + ";" + "".join(f"[a{i}]" for i in range(len(videos))) \
        + f"concat=n={len(videos)}:v=0:a=1[mix]"
    return inputs, graph


def _ebur128(inputs: list[str], chain: str, what: str) -> dict[str, float]:
    """ebur128 figures of ``chain`` (a graph ending in ``[m]``): I, thresh, LRA, TP."""
    err = _run([*inputs, "-filter_complex", f"{chain};[m]ebur128=peak=true[out]",
                "-map", "[out]", "-f", "null", "-"], what)
    summary = err[err.rfind("Summary:"):]
    found = {}
    for key, pattern in (("I", r"I:\s+(-?[\d.]+|-inf)\s+LUFS"),
                         ("thresh", r"Threshold:\s+(-?[\d.]+|-inf)\s+LUFS"),
                         ("LRA", r"LRA:\s+(-?[\d.]+)\s+LU\b"),
                         ("TP", r"True peak:\s+Peak:\s+(-?[\d.]+|-inf)\s+dBFS")):
        match = re.search(pattern, summary)
        if not match:
            raise Fail(f"{what} failed: no ebur128 summary")
        found[key] = float(match.group(1))
    return found


def measure_loudnorm(inputs: list[str], graph: str) -> dict[str, str]:
    """loudnorm's first pass over ``graph``: the figures it prints as JSON."""
    err = _run([*inputs, "-filter_complex",
                f"{graph};[mix]loudnorm=I={TARGET_LUFS}:TP={TARGET_TP}:"
                f"LRA={TARGET_LRA}:print_format=json[out]",
                "-map", "[out]", "-f", "null", "-"], "measuring the voice track")
    found = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", err, re.S)
    if not found:
        raise Fail("measuring the voice track failed: loudnorm printed no figures")
    return json.loads(found.group(0))


def voice_track(videos: list[Path], lengths: list[float], out: Path) -> None:
    """One AAC track for the joined lecture at -16 LUFS, true peak <= -1 dBTP.

    Pass one is loudnorm measuring the mixed track; pass two is loudnorm
    given those figures (and its offset), linear where the peaks allow it,
    otherwise its own true-peak limiting.
    """
    inputs, graph = mix_graph(videos, lengths)
    m = measure_loudnorm(inputs, graph)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.part{out.suffix}")
    if m["input_i"] in ("-inf", "inf") or float(m["input_i"]) < -70:
        second = "anull"  # silence: nothing to normalise
    else:
        second = (f"loudnorm=I={TARGET_LUFS}:TP={TARGET_TP}:LRA={TARGET_LRA}:"
                  f"measured_I={m['input_i']}:measured_TP={m['input_tp']}:"
                  f"measured_LRA={m['input_lra']}:measured_thresh={m['input_thresh']}:"
                  f"offset={m['target_offset']}:linear=true")
    second += f",aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"
    try:
        _run([*inputs, "-filter_complex", f"{graph};[mix]{second}[out]",
              "-map", "[out]", "-c:a", "aac", "-b:a", BITRATE, "-ar", str(RATE),
              "-f", "mp4", str(tmp)], "normalising the voice track")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def loudness(path: Path) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBTP) of ``path``'s audio."""
    m = _ebur128(["-i", str(path)], "[0:a:0]anull[m]", f"measuring {path.name}")
    return m["I"], m["TP"]
