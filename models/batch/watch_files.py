"""Which files in a watched folder are recordings, and when one is complete enough to take.

A sync client or a dictaphone writes a file over seconds or minutes, often under a temporary name that is renamed
at the end. A file is taken when it has a recording's extension, no temporary name, a size above zero, and its
size and modification time have not changed for `settle_s` seconds. The clock is injectable so tests step it
instead of sleeping. No Qt, no watchdog.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from models.audio.decode import is_supported

log = logging.getLogger(__name__)

DEFAULT_SETTLE_S = 5.0  # a phone sync pauses between chunks; 5 s of no change is a finished file in practice
TEMP_SUFFIXES = (".part", ".crdownload", ".tmp", ".partial", ".download", ".opdownload", ".filepart", ".!sync")
TEMP_PREFIXES = ("~$", ".")  # Office-style lock/owner files and hidden files (rsync writes ".name.XXXXXX")


def is_temporary(name: str) -> bool:
    """A name that a writer uses while the file is still being written (or a hidden file)."""
    low = name.lower()
    return low.startswith(TEMP_PREFIXES) or low.endswith(TEMP_SUFFIXES) or low.endswith("~")


def is_candidate(path: Path, root: Path) -> bool:
    """A recording below `root`, not temporary, not in a hidden folder (our own .tingxie-batch state included)."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return False
    if any(part.startswith(".") for part in rel.parts[:-1]):
        return False
    return not is_temporary(path.name) and is_supported(path)


def scan(root: Path) -> list[Path]:
    """Every candidate below root (the catch-up at start and the rescan in polling mode), sorted."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))  # also skips our state folder
        for name in filenames:
            p = Path(dirpath) / name
            if is_candidate(p, root):
                found.append(p)
    return sorted(found)


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # clock time the current (size, mtime) was first seen


class Settler:
    """Paths waiting to be complete. add() whenever something may have changed; due() returns the ones whose size
    and mtime have been stable for settle_s, once each (a later add() of the same path starts it over)."""

    def __init__(self, settle_s: float = DEFAULT_SETTLE_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.settle_s = settle_s
        self.clock = clock
        self._waiting: dict[Path, _Seen | None] = {}

    def add(self, paths: Iterable[Path]) -> None:
        for p in paths:
            self._waiting.setdefault(Path(p), None)  # a path already waiting keeps its stability clock

    def discard(self, path: Path) -> None:
        self._waiting.pop(Path(path), None)

    def waiting(self) -> list[Path]:
        return sorted(self._waiting)

    def due(self) -> tuple[list[Path], list[Path]]:
        """(complete files, files that vanished while waiting). Both leave the waiting set."""
        now = self.clock()
        ready: list[Path] = []
        gone: list[Path] = []
        for path, seen in list(self._waiting.items()):
            try:
                st = path.stat()
            except FileNotFoundError:
                del self._waiting[path]
                if seen is not None:  # it existed while we waited: renamed away or deleted before it was taken
                    gone.append(path)
                continue
            except OSError as exc:  # e.g. a share that went away: try again on the next tick
                log.debug("cannot stat %s: %s", path, exc)
                continue
            if seen is None or (st.st_size, st.st_mtime_ns) != (seen.size, seen.mtime_ns):
                self._waiting[path] = _Seen(st.st_size, st.st_mtime_ns, now)  # new or still growing
            elif st.st_size > 0 and now - seen.since >= self.settle_s:
                del self._waiting[path]
                ready.append(path)
        return sorted(ready), sorted(gone)
