"""Atomic file writes: every export, the batch outputs, the summary caches (a low room everyone may import)."""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from models.core.errors import ExportError


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temp file in the same folder, fsync, rename: never a half-written file.

    Raises ExportError with a message a user can act on (permission, read-only disk, disk full, no folder).
    """
    parent = path.parent
    if not parent.exists():
        raise ExportError(f"Folder does not exist: {parent}")
    if not parent.is_dir():
        raise ExportError(f"Not a folder: {parent}")
    if path.is_dir():
        raise ExportError(f"Cannot save {path.name}: a folder with that name exists in {parent}")
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
    except OSError:
        mode = 0o644
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        fsync_dir(parent)
    except OSError as e:
        raise ExportError(_describe(e, path)) from e
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _describe(e: OSError, path: Path) -> str:
    folder = path.parent
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"Cannot write to {folder}: permission denied (read-only folder?)"
    if e.errno == errno.EROFS:
        return f"Cannot write to {folder}: the disk is read-only"
    if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"Not enough disk space to save {path.name} in {folder}"
    if e.errno == errno.ENOENT:
        return f"Folder does not exist: {folder}"
    if e.errno == errno.ENOTDIR:
        return f"Not a folder: {folder}"
    return f"Could not save {path}: {e.strerror or e}"


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); best effort."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask would, briefly, for every thread)
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old
