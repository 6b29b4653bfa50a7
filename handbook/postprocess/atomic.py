"""Write a file so readers only ever see the old version or the complete new one, never half a PDF."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _umask() -> int:
    """The process umask, so the new file gets the same mode an ordinary open() would give it."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777  # replacing a file keeps its permissions
    except OSError:
        return 0o666 & ~_umask()


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on every platform."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path via a temp file in the same folder and os.replace; on failure the old file stays."""
    path = Path(path)
    folder = path.parent
    mode = _mode_for(path)
    tmp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(delete=False, dir=folder, prefix=f".{path.name[:100]}.", suffix=".tmp") as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(tmp.fileno(), mode)
        os.replace(tmp_name, path)
    except BaseException:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        raise
    _fsync_dir(folder)


def identities(paths: list[Path]) -> frozenset[tuple[int, int]]:
    """(device, inode) of each existing input, so no output is ever written onto one."""
    out = set()
    for p in paths:
        with contextlib.suppress(OSError):
            info = Path(p).stat()
            out.add((info.st_dev, info.st_ino))
    return frozenset(out)
