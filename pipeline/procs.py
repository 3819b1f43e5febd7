"""Child processes (manim, ffmpeg) that never outlive the build.

Each child runs in its own process group and asks the kernel to kill it when
the build dies (``PR_SET_PDEATHSIG``), so even ``kill -9`` of the build
leaves no manim or ffmpeg running. ``stop()`` ends every running child on
Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import collections
import ctypes
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from pipeline.config import ROOT, Fail

PR_SET_PDEATHSIG = 1
TAIL_LINES = 200

_running: set[subprocess.Popen] = set()
_lock = threading.Lock()


def _die_with_parent() -> None:  # runs in the child, between fork and exec
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _start(cmd: list[str], **kwargs) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                            start_new_session=True, preexec_fn=_die_with_parent,
                            **kwargs)
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
