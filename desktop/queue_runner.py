"""Runs the queue: owns the worker QThread, dispatches one job at a time, keeps Job rows up to date.

Lives in the GUI thread. Every worker signal lands in a @Slot here (queued connection) and is re-emitted as a
GUI-thread signal, so widgets and tests (qtbot.waitSignal) only ever see GUI-thread emissions.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

import desktop.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.queue_model import Column, Job, JobStatus, QueueModel
from desktop.settings import EngineSpec, Settings
from desktop.worker import EngineFactory, ModelState, TranscriptionWorker

log = logging.getLogger("tingxie.queue")


class QueueRunner(QObject):
    model_state_changed = Signal(str, str)  # ModelState, message
    engine_ready = Signal(object)  # RuntimeInfo
    job_started = Signal(str)
    segment_added = Signal(str, object)  # job id, Segment
    progress_changed = Signal(str)  # job id (the Job row holds done_s / eta_s)
    job_finished = Signal(str)
    job_failed = Signal(str, str)
    job_cancelled = Signal(str)
    state_changed = Signal()  # running / pausing / idle changed: refresh buttons
    queue_stopped = Signal(str)  # why: "done" | "paused" | "cancelled" | "no-engine"

    # requests to the worker (queued across threads)
    _load_requested = Signal(object)
    _transcribe_requested = Signal(str, str, object, object)
    _shutdown_requested = Signal()

    def __init__(self, model: QueueModel, settings: Settings, engine_factory: EngineFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.settings = settings
        self.running = False  # the queue continues after the current job
        self.current_id: str | None = None  # dispatched and not yet finished
        self.model_state = ModelState.UNLOADED
        self.model_message = ""
        self.runtime_info: Any = None
        self.speed = 0.0  # audio seconds per wall second, from the latest progress (for the queue ETA)
        self._cancel: threading.Event | None = None
        self._stop_reason = "paused"

        self._thread = QThread()
        self._thread.setObjectName("tingxie-worker")
        self._worker = TranscriptionWorker(engine_factory)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)

        self._load_requested.connect(self._worker.load)
        self._transcribe_requested.connect(self._worker.transcribe)
        self._shutdown_requested.connect(self._worker.shutdown)
        w = self._worker
        w.model_state_changed.connect(self._on_model_state)
        w.engine_ready.connect(self._on_engine_ready)
        w.job_started.connect(self._on_job_started)
        w.job_skipped.connect(self._on_job_skipped)
        w.segment_added.connect(self._on_segment)
        w.progress_changed.connect(self._on_progress)
        w.job_finished.connect(self._on_job_finished)
        w.job_failed.connect(self._on_job_failed)
        w.job_cancelled.connect(self._on_job_cancelled)
        self._thread.start()

    # -- commands (GUI thread) ----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.current_id is not None

    @property
    def pausing(self) -> bool:
        return self.busy and not self.running

    def load_engine(self, spec: EngineSpec | None = None) -> None:
        """Load (or reload) the engine in the background; the window stays usable."""
        self._load_requested.emit(spec or self.settings.engine_spec())

    def start(self) -> None:
        if self.running:
            return
        self.running = True
        self._stop_reason = "paused"
        self.state_changed.emit()
        self._dispatch_next()

    def pause_after_current(self) -> None:
        """Let the current file finish, then stop; queued files stay queued."""
        if not self.running:
            return
        self.running = False
        self._stop_reason = "paused"
        self.state_changed.emit()
        if not self.busy:
            self.queue_stopped.emit("paused")

    def cancel(self) -> None:
        """Stop the current file within one batch and stop the queue."""
        was_running = self.running
        self.running = False
        self._stop_reason = "cancelled"
        if self._cancel is not None:
            self._cancel.set()
        self.state_changed.emit()
        if not self.busy and was_running:
            self.queue_stopped.emit("cancelled")

    def cancel_job(self, job_id: str) -> None:
        """Cancel one job; the queue goes on with the next one."""
        if job_id == self.current_id and self._cancel is not None:
            self._cancel.set()

    def queue_eta(self) -> float:
        """Seconds until the queue is done at the current speed, -1 when unknown."""
        if self.speed <= 0:
            return -1.0
        remaining = self.model.queued_seconds()
        job = self.model.job(self.current_id) if self.current_id else None
        if job is not None and job.duration_s:
            remaining += max(0.0, job.duration_s - job.done_s)
        return remaining / self.speed

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel, close the engine in its thread and stop the thread. Never terminate()s. True when stopped."""
        self.running = False
        if self._cancel is not None:
            self._cancel.set()
        if not self._thread.isRunning():
            return True
        self._shutdown_requested.emit()  # the worker closes the engine, then quits its own thread
        if self._thread.wait(timeout_ms):
            return True
        log.warning("worker still busy after %d ms (loading a model?)", timeout_ms)
        return False

    def wait_stopped(self, timeout_ms: int) -> bool:
        return self._thread.wait(timeout_ms)

    # -- dispatch -----------------------------------------------------------------------------------------------
    def _dispatch_next(self) -> None:
        if not self.running or self.busy:
            return
        job = self.model.next_queued()
        if job is None:
            self.running = False
            self.state_changed.emit()
            self.queue_stopped.emit("done")
            return
        self.current_id = job.id
        self._cancel = threading.Event()
        log.info("dispatch %s", job.path)
        # The spec is read per job: a precision/device change in settings reloads the engine between files.
        self._transcribe_requested.emit(job.id, str(job.path), self.settings.engine_spec(), self._cancel)
        self.state_changed.emit()

    def _job_over(self, job_id: str) -> None:
        if job_id == self.current_id:
            self.current_id = None
            self._cancel = None
        self.state_changed.emit()
        if self.running:
            self._dispatch_next()
        elif not self.busy:
            self.queue_stopped.emit(self._stop_reason)

    # -- worker signals (queued into the GUI thread) ------------------------------------------------------------
    @Slot(str, str)
    def _on_model_state(self, state: str, message: str) -> None:
        self.model_state, self.model_message = state, message
        if state in (ModelState.MISSING, ModelState.ERROR, ModelState.UNLOADED):
            self.runtime_info = None
        self.model_state_changed.emit(state, message)

    @Slot(object)
    def _on_engine_ready(self, info: Any) -> None:
        self.runtime_info = info
        self.engine_ready.emit(info)

    @Slot(str)
    def _on_job_started(self, job_id: str) -> None:
        job = self.model.job(job_id)
        if job is None:
            return
        job.reset()
        job.status = JobStatus.RUNNING
        job.runtime = _label(self.runtime_info)
        self.model.changed(job_id)
        self.job_started.emit(job_id)

    @Slot(str, str)
    def _on_job_skipped(self, job_id: str, reason: str) -> None:
        log.info("job %s not started: %s", job_id, reason)
        self.running = False
        if job_id == self.current_id:
            self.current_id = None
            self._cancel = None
        self.state_changed.emit()
        self.queue_stopped.emit("no-engine")

    @Slot(str, object)
    def _on_segment(self, job_id: str, segment: Any) -> None:
        job = self.model.job(job_id)
        if job is not None:
            job.segments.append(segment)
        self.segment_added.emit(job_id, segment)

    @Slot(str, object, float, float)
    def _on_progress(self, job_id: str, progress: Any, eta_s: float, speed: float) -> None:
        job = self.model.job(job_id)
        if job is None:
            return
        job.done_s = float(progress.done_s)
        if progress.total_s:
            job.duration_s = float(progress.total_s)
        job.eta_s = eta_s
        if speed > 0:
            self.speed = speed
        self.model.changed(job_id, (Column.DURATION, Column.PROGRESS))
        self.progress_changed.emit(job_id)

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, transcript: Any) -> None:
        job = self.model.job(job_id)
        if job is not None:
            job.status = JobStatus.DONE
            job.transcript = transcript
            job.segments = list(transcript.segments)
            job.done_s = job.duration_s or transcript.duration_ms / 1000
            job.eta_s = -1.0
            self.model.changed(job_id)
        self.job_finished.emit(job_id)
        self._job_over(job_id)

    @Slot(str, str)
    def _on_job_failed(self, job_id: str, message: str) -> None:
        job = self.model.job(job_id)
        if job is not None:
            job.status = JobStatus.FAILED
            job.error = message
            job.eta_s = -1.0
            self.model.changed(job_id)
        self.job_failed.emit(job_id, message)
        self._job_over(job_id)

    @Slot(str)
    def _on_job_cancelled(self, job_id: str) -> None:
        job = self.model.job(job_id)
        if job is not None:
            job.status = JobStatus.CANCELLED
            job.eta_s = -1.0
            self.model.changed(job_id)
        self.job_cancelled.emit(job_id)
        self._job_over(job_id)


def _label(info: Any) -> str:
    if info is None:
        return ""
    label = getattr(info, "label", None)
    return label() if callable(label) else str(info)


__all__ = ["QueueRunner", "Job"]
