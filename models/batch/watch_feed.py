"""Change notifications for watched folders, through watchdog: inotify, FSEvents or ReadDirectoryChangesW, or its
polling observer for network shares (SMB, NFS) where the kernel sends no notification.

The feed only collects paths that may have changed; whether one is a complete recording is decided by the
Settler (watch_files.py) on the caller's thread. Events arrive on watchdog's thread and are handed over through a
lock; wait() lets the caller sleep until something arrives or a tick is due.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from models.core.errors import TingxieError

log = logging.getLogger(__name__)

DEFAULT_POLL_S = 5.0  # polling interval on network shares: a full listing of the folder each time
WRITE_EVENTS = ("created", "modified", "moved", "closed")  # "closed": closed after writing


class ChangeFeed:
    """Paths created, modified or moved into any of `folders` (recursive), collected until drain()."""

    def __init__(self, folders: list[Path], poll: bool = False, poll_s: float = DEFAULT_POLL_S) -> None:
        self.folders = [Path(f) for f in folders]
        self.poll = poll
        self.poll_s = poll_s
        self._paths: set[Path] = set()
        self._cond = threading.Condition()
        self._observer: Any = None

    def start(self) -> None:
        """Start watching. Raises TingxieError when watchdog is missing or a folder cannot be watched."""
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
            from watchdog.observers.polling import PollingObserver
        except ImportError as exc:
            raise TingxieError("watch folders need the watchdog package: pip install watchdog") from exc

        feed = self

        class Handler(FileSystemEventHandler):  # type: ignore[misc]  (watchdog ships no stubs for this base)
            def on_any_event(self, event: Any) -> None:
                # not "opened" / "closed_no_write": reading a file (ours, to transcribe it) must not retake it
                if event.event_type not in WRITE_EVENTS or (event.is_directory and event.event_type == "modified"):
                    return
                # a rename: the new name counts (a temporary name renamed to its final one is a new file)
                target = getattr(event, "dest_path", "") or event.src_path
                feed._push(Path(target.decode() if isinstance(target, bytes) else target))

        observer = PollingObserver(timeout=self.poll_s) if self.poll else Observer()
        handler = Handler()
        try:
            for folder in self.folders:
                observer.schedule(handler, str(folder), recursive=True)
            observer.start()
        except OSError as exc:  # e.g. inotify's watch limit, or a folder that vanished
            raise TingxieError(f"cannot watch {', '.join(map(str, self.folders))}: {exc}") from exc
        self._observer = observer
        log.info("watching %s (%s)", ", ".join(map(str, self.folders)),
                 f"polling every {self.poll_s:g} s" if self.poll else type(observer).__name__)

    def _push(self, path: Path) -> None:
        with self._cond:
            self._paths.add(path)
            self._cond.notify_all()

    def wait(self, timeout: float) -> None:
        """Sleep until a change arrives, wake() is called, or `timeout` seconds pass."""
        with self._cond:
            if not self._paths:
                self._cond.wait(timeout)

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def drain(self) -> list[Path]:
        with self._cond:
            out, self._paths = sorted(self._paths), set()
        return out

    def stop(self) -> None:
        """Stop watchdog's threads and wait for them (idempotent)."""
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=10)
        self.wake()
