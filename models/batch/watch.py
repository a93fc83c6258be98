"""Watch folders: transcribe each new recording as it arrives, exactly once across restarts.

    watcher = Watcher([WatchRoute(Path("~/Phone"), Path("~/Transcripts"), ["txt", "srt"])], EngineConfig())
    watcher.run(LocalExecutor(config), stop_event)      # the CLI: blocks until stop_event is set
    # or, driven by someone else's loop (the desktop app's timer):
    watcher.start(); taken = watcher.poll(); ...; watcher.close()

Pieces: ChangeFeed (watchdog: native notifications or polling) says which paths may have changed, Settler
(watch_files.py) says when a file is complete, Taker (watch_take.py) asks the batch manifest whether it still
needs work. At start every folder is scanned once (the catch-up for what arrived while nothing watched); the
manifest skips what is done, so nothing is transcribed twice and a changed file is transcribed again.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.batch.watch_feed import DEFAULT_POLL_S, ChangeFeed
from models.batch.watch_files import DEFAULT_SETTLE_S, Settler, is_candidate, scan
from models.batch.watch_take import Taken, Taker, WatchRoute
from models.options import EngineConfig

log = logging.getLogger(__name__)
TICK_S = 0.5  # how often waiting files are looked at again (a stat each)


class Watcher:
    def __init__(self, routes: list[WatchRoute], config: EngineConfig | None = None, *, poll: bool = False,
                 poll_s: float = DEFAULT_POLL_S, settle_s: float = DEFAULT_SETTLE_S, tick_s: float = TICK_S,
                 clock: Callable[[], float] = time.monotonic, store: Any = None,
                 on_line: Callable[[str], None] | None = None) -> None:
        self.routes = routes
        self.on_line = on_line or (lambda _s: None)
        self.taker = Taker(routes, config or EngineConfig(), store, self.on_line)
        self.feed = ChangeFeed([r.folder for r in routes], poll=poll, poll_s=poll_s)
        self.settler = Settler(settle_s, clock)
        self.tick_s = tick_s
        self.stop_event = threading.Event()
        self.gone: list[Path] = []  # deleted or renamed away before they were complete (reported, not retried)
        self._started = False

    # ------------------------------------------------------------------------------------------- lifecycle
    def start(self) -> None:
        """Open the output folders, start the notifications, then scan what is already there (the catch-up:
        started after the notifications so a file arriving in between is not missed). Raises TingxieError."""
        self.taker.open()
        try:
            self.feed.start()
        except Exception:
            self.taker.close({})
            raise
        self._started = True
        for r in self.routes:
            self.settler.add(scan(r.folder))

    def stop(self) -> None:
        """Ask run() to return after the file in progress (thread-safe)."""
        self.stop_event.set()
        self.feed.wake()

    def close(self) -> None:
        """Stop the notifications and finish the manifests (idempotent)."""
        self.feed.stop()
        if self._started:
            self._started = False
            self.taker.close({"watched": [str(r.folder) for r in self.routes]})

    # ------------------------------------------------------------------------------------------------ poll
    def poll(self) -> list[Taken]:
        """One tick: the files now complete that need work, planned (pending in their manifest). The caller
        transcribes each and reports to taken.driver (started / finished), on this thread."""
        for p in self.feed.drain():
            route = self.taker.route_of(p)
            if route is not None and is_candidate(p, route.folder):
                self.settler.add([p])
        ready, gone = self.settler.due()
        for p in gone:
            self.gone.append(p)
            self.on_line(f"{p}: removed before it was complete; not transcribed")
        if not ready:
            return []
        taken = self.taker.take(ready)
        if taken:
            self.on_line(f"{len(taken)} new file(s): " + ", ".join(Path(t.task.path).name for t in taken))
        return taken

    def wait(self) -> None:
        """Sleep until a change arrives or the next tick."""
        if not self.stop_event.is_set():
            self.feed.wait(self.tick_s)

    def run(self, executor: Any, stop: threading.Event | None = None) -> None:
        """Watch and transcribe with `executor` (run(driver, tasks), as LocalExecutor) until stop is set (or
        stop()). One file at a time, so a stop waits for at most the file in progress."""
        if stop is not None:
            self.stop_event = stop
        if not self._started:
            self.start()
        try:
            while not self.stop_event.is_set():
                for t in self.poll():
                    if self.stop_event.is_set():
                        break  # left pending in the manifest: the next start takes it
                    executor.run(t.driver, [t.task])
                self.wait()
        finally:
            self.close()
