"""Watch folders inside the desktop app: taken files go to the queue like any added file; when the queue is done
with one, its exports are committed through the batch manifest and a notification says so.

The models side (models/batch/watch.py) decides when a file is complete and whether it needs work; this class
only drives it from a timer on the GUI thread (watchdog's own thread only collects paths), so the manifests are
written from one thread. Transcription is the queue's: one engine for everything the app does.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, QTimer, Signal

from desktop.settings.store import Settings
from desktop.settings import watch_folders as wf
from models.batch.watch import TICK_S, Watcher
from models.batch.watch_take import Taken
from models.batch.work import Result, stage_exports
from models.core.errors import TingxieError

log = logging.getLogger("tingxie.watch")
WORKER = "desktop"

# add_job(path, speakers, text) -> the queue job's id, or "" when the queue did not take it
AddJob = Callable[[Path, Any, Any], str]


class WatchService(QObject):
    file_taken = Signal(str)  # path
    file_done = Signal(str, list)  # path, outputs (absolute)
    file_failed = Signal(str, str)  # path, message
    failed_to_start = Signal(str)  # message (a folder gone, an output folder in use)

    def __init__(self, settings: Settings, add_job: AddJob, parent: QObject | None = None, *,
                 settle_s: float | None = None, clock: Callable[[], float] | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.add_job = add_job
        self._settle = {} if settle_s is None else {"settle_s": settle_s}
        self._clock = {} if clock is None else {"clock": clock}
        self.watcher: Watcher | None = None
        self.pending: dict[str, Taken] = {}  # queue job id -> its planned file
        self.timer = QTimer(self)
        self.timer.setInterval(int(TICK_S * 1000))
        self.timer.timeout.connect(self.tick)

    @property
    def active(self) -> bool:
        return self.watcher is not None

    def start(self) -> bool:
        """(Re)start with the stored folders; False when there are none or they cannot be watched."""
        self.stop()
        chosen = wf.load(self.settings)
        if not chosen:
            return False
        watcher = Watcher([f.route(self.settings) for f in chosen], self.settings.engine_config(),
                          on_line=lambda s: log.info("%s", s), **self._settle, **self._clock)
        try:
            watcher.start()
        except TingxieError as exc:
            watcher.close()
            log.warning("watch folders not started: %s", exc)
            self.failed_to_start.emit(str(exc))
            return False
        self.watcher = watcher
        self.timer.start()
        return True

    def stop(self) -> None:
        """Stop watching. Files still in the queue stay pending in their manifest: the next start takes them."""
        self.timer.stop()
        watcher, self.watcher = self.watcher, None
        self.pending.clear()
        if watcher is not None:
            watcher.close()

    def tick(self) -> None:
        if self.watcher is None:
            return
        for taken in self.watcher.poll():
            job_id = self.add_job(Path(taken.task.path), taken.route.speakers, taken.route.text)
            if not job_id:  # already in the queue (added by hand): that run is not the watch's
                continue
            taken.driver.started(taken.task, WORKER)
            self.pending[job_id] = taken
            self.file_taken.emit(taken.task.path)

    # -- the queue's outcome --------------------------------------------------------------------------------------
    def job_finished(self, job_id: str, transcript: Any) -> None:
        taken = self.pending.pop(job_id, None)
        if taken is None:
            return
        task, driver = taken.task, taken.driver
        try:
            staged = stage_exports(transcript, driver.out_dir, task, taken.route.formats)
            result = Result(task.index, True, WORKER, staged=[str(p) for p in staged],
                            audio_s=transcript.duration_ms / 1000, runtime=getattr(transcript, "runtime", ""))
        except OSError as exc:
            result = Result(task.index, False, WORKER, f"could not write the exports: {exc}")
        driver.finished(task, result)
        row = driver.manifest.get(_key(task.path))
        if row is not None and row.status == "done":
            self.file_done.emit(task.path, [str(driver.out_dir / o) for o in row.outputs])
        else:
            self.file_failed.emit(task.path, row.error if row else result.error)

    def job_failed(self, job_id: str, message: str) -> None:
        """A failed file keeps its message in the manifest and is not taken again until it changes."""
        taken = self.pending.pop(job_id, None)
        if taken is None:
            return
        taken.driver.finished(taken.task, Result(taken.task.index, False, WORKER, message))
        self.file_failed.emit(taken.task.path, message)


def _key(path: str) -> str:
    import os

    return os.path.realpath(path)
