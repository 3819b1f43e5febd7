"""One build at a time per build dir, and a clean slate for each build.

Two builds sharing a build dir would write the same scene media dirs and the
same lecture; the second one to start stops at once with one line naming the
first one's pid. While holding the lock, a build removes what killed builds
left behind (temporary ``.part`` files, ``bench-*`` work dirs): nobody else
can be using them.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.config import Fail, build_dir, shown

LOCK_NAME = ".build.lock"


def ensure_build_dir() -> Path:
    """The build dir, created if needed, or one line saying why it can't be."""
    build = build_dir()
    if build.exists() and not build.is_dir():
        raise Fail(f"{shown(build)} is a file, not a directory: move it away or set "
                   "TENSOR_HERO_BUILD to another folder")
    try:
        build.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Fail(f"cannot create {shown(build)}: {exc.strerror}; set "
                   "TENSOR_HERO_BUILD to a writable folder") from None
    if not os.access(build, os.W_OK | os.X_OK):
        raise Fail(f"cannot write to {shown(build)}: permission denied; fix its "
                   "permissions or set TENSOR_HERO_BUILD to a writable folder")
    return build


def holder(path: Path) -> str:
    try:
        return path.read_text().strip() or "?"
    except OSError:
        return "?"


@contextmanager
def build_lock() -> Iterator[Path]:
    """Hold the build dir's lock for the block, or fail naming who holds it."""
    build = ensure_build_dir()
    path = build / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise Fail(f"another build is running in {shown(build)} (pid "
                       f"{holder(path)}); wait for it to finish, or set "
                       "TENSOR_HERO_BUILD to build elsewhere") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        clean_stale(build)
        yield build
    finally:
        os.close(fd)  # closing releases the lock; the file stays


def clean_stale(build: Path) -> list[Path]:
    """Remove temp files and bench dirs that a killed build left behind."""
    gone = []
    for path in build.rglob(".*.part*"):
        if path.is_file():
            path.unlink(missing_ok=True)
            gone.append(path)
    for path in build.glob("bench-*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            gone.append(path)
    from pipeline import texcache

    return gone + texcache.clean_stale()  # the formulas' folder is shared
