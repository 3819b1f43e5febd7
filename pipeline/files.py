"""Writing files so that a reader sees the old file or the whole new one."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path


def part_name(path: Path, suffix: str = "") -> Path:
    """A temporary name beside ``path``, unique to this process and thread."""
    return path.with_name(
        f".{path.name}.{os.getpid()}-{threading.get_ident()}.part{suffix}")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``path`` so that it is either the old file or the complete new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = part_name(path)
    try:
        tmp.write_bytes(data.encode() if isinstance(data, str) else data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def copy_atomic(src: Path, path: Path) -> None:
    """Copy ``src`` to ``path`` under a temporary name, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = part_name(path, path.suffix)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
