"""Child processes (manim, ffmpeg) that never outlive the build.

Each child runs in its own process group and asks the kernel to kill it when
the build dies (``PR_SET_PDEATHSIG``, through util-linux's ``setpriv``), so
even ``kill -9`` of the build leaves no manim or ffmpeg running. ``stop()``
ends every running child on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import collections
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from pipeline.config import ROOT, Fail

TAIL_LINES = 200
# util-linux's setpriv (Essential in Debian) sets the child's death signal and
# then runs the command. A ``preexec_fn`` did it in Python between fork and
# exec, but then the child also ran CPython's after-fork cleanup, which frees
# the other threads' objects: a PyAV frame converter freed there waited for
# its slice threads, which do not exist in the child, and the build hung
# (seen: a test build stuck for 11 minutes on an ffmpeg that never started,
# while another thread read a frame). Without a ``preexec_fn`` no Python runs
# in the child.
SETPRIV = shutil.which("setpriv") if sys.platform.startswith("linux") else None

_running: set[subprocess.Popen] = set()
_lock = threading.Lock()


def guarded(cmd: list[str]) -> list[str]:
    """``cmd``, killed by the kernel when the thread that started it dies
    (``PR_SET_PDEATHSIG``), where setpriv is there to ask for it."""
    if SETPRIV is None:
        return list(cmd)
    return [SETPRIV, "--pdeathsig", "KILL", "--", *cmd]


def _start(cmd: list[str], **kwargs) -> subprocess.Popen:
    proc = subprocess.Popen(guarded(cmd), cwd=ROOT, stdin=subprocess.DEVNULL,
                            start_new_session=True, **kwargs)
    with _lock:
        _running.add(proc)
    return proc


def _forget(proc: subprocess.Popen) -> None:
    with _lock:
        _running.discard(proc)


def run_logged(cmd: list[str], log: Path, env: dict) -> tuple[int, str]:
    """Run ``cmd``, copying its output to ``log`` as far as the disk allows.

    Returns the exit code and the last lines of output, kept in memory so the
    cause of a failure is known even when the log could not be written (a
    full disk).
    """
    tail: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
    proc = _start(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        try:
            out = open(log, "w", encoding="utf-8", errors="replace")
        except OSError:
            out = None
        for raw in proc.stdout:
            line = raw.decode("utf-8", errors="replace")
            tail.append(line.rstrip("\n"))
            if out is not None:
                try:
                    out.write(line)
                except OSError:
                    out = None
        if out is not None:
            try:
                out.close()
            except OSError:
                pass
        return proc.wait(), "\n".join(tail)
    finally:
        _forget(proc)


def run_quiet(cmd: list[str], what: str, stream: str = "stdout",
              binary: bool = False):
    """Run a tool to completion and return its ``stream`` ("stdout" or
    "stderr"; bytes when ``binary``); a failure becomes one ``Fail`` with the
    tool's last error line."""
    proc = _start(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate()
    finally:
        _forget(proc)
    err = err.decode("utf-8", errors="replace")
    if not binary:
        out = out.decode("utf-8", errors="replace")
    if proc.returncode != 0:
        said = [ln for ln in err.strip().splitlines() if ln.strip()]
        full = [ln for ln in said if "No space left on device" in ln]
        last = full[-1:] or said[-1:] or [f"exit status {proc.returncode}"]
        raise Fail(f"{what} failed: {last[0].strip()}")
    return out if stream == "stdout" else err


def ffmpeg(*args: str, what: str = "ffmpeg") -> None:
    """Run ffmpeg quietly; its own error message becomes ours."""
    run_quiet(["ffmpeg", "-nostdin", "-y", "-v", "error", *args], what)


def stop() -> None:
    """Terminate every running child (and its group), then kill stragglers."""
    with _lock:
        procs = list(_running)
    for proc in procs:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
