"""Checks made before any rendering: system tools, the device, the voice."""

from __future__ import annotations

import shutil

from pipeline.config import Fail, build_dir

# System tools a render needs, and the Debian package that brings each.
TOOLS = {
    "latex": "texlive-latex-base texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended",
    "dvisvgm": "dvisvgm",
    "ffmpeg": "ffmpeg",
}
VOICE_TOOLS = {"espeak": {"espeak-ng": "espeak-ng"}}


def check_tools(voice: str = "none") -> None:
    """Fail before any rendering if latex, dvisvgm, ffmpeg (or espeak-ng) is missing."""
    tools = {**TOOLS, **VOICE_TOOLS.get(voice, {})}
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        packages = " ".join(dict.fromkeys(tools[t] for t in missing))
        raise Fail(
            f"missing system tool(s): {', '.join(missing)}; install with: "
            f"sudo apt-get install -y {packages}  (or run: make setup)"
        )


def check_voice(voice: str) -> None:
    """Fail naming the file when the voice model or a recording is unusable.

    Loading piper's model takes seconds, so a model that loaded once is
    remembered by its hash (``build/voice/model-ok-<hash>``) and only its
    recordings are checked on later builds.
    """
    from scenes.voice import narration

    try:
        marker = None
        if voice == "piper":
            model = narration.piper_model()
            if model.exists():
                marker = (build_dir() / "voice"
                          / f"model-ok-{narration.model_hash(model)}")
        narration.check_voice("none" if marker and marker.exists() else voice)
    except narration.VoiceError as exc:
        raise Fail(str(exc)) from None
    if marker is not None and not marker.exists():
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass  # only a shortcut for the next build


def cpu_only_torch() -> bool:
    """True for torch's CPU build, known from its version without importing it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("torch").endswith("+cpu")
    except PackageNotFoundError:
        return False


def resolve_device(name: str) -> str:
    """``auto``/``cpu``/``cuda`` to the device actually used, or one clear error.

    With torch's CPU build, ``auto`` is ``cpu`` without importing torch (which
    takes seconds), so a build with nothing to do stays fast.
    """
    if name in ("auto", "cpu") and cpu_only_torch():
        return "cpu"
    from tensors.device import DeviceError, resolve

    try:
        return resolve(name).type
    except DeviceError as exc:
        raise Fail(str(exc)) from None
