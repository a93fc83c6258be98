"""Runs the queue: owns the worker QThread, dispatches one job at a time, keeps Job rows up to date.

Lives in the GUI thread. Every worker signal lands in a @Slot here (queued connection) and is re-emitted as a
GUI-thread signal, so widgets and tests (qtbot.waitSignal) only ever see GUI-thread emissions.

Job history: the runner holds the JobStore (an in-memory one when none is given) and a QueueHistory that
keeps rows and store in step. A job that crashes (an unexpected exception in the worker, or the worker thread
ending) is restarted once; it resumes from its last finished segment. A second crash fails the row and the queue
goes on.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.queue import job_rows
from desktop.queue.history import QueueHistory
from desktop.queue.model import Job, QueueModel
from desktop.settings.store import Settings
from desktop.queue.worker import EngineFactory, ModelState, SpeakerRequest, TranscriptionWorker
from models.options import EngineConfig

log = logging.getLogger("tingxie.queue")

MAX_RESTARTS = 1  # a crashed job is run once more (resuming); a second crash fails it


class QueueRunner(QObject):
    model_state_changed = Signal(str, str)  # ModelState, message
    engine_ready = Signal(object)  # RuntimeInfo
    job_started = Signal(str)
    segment_added = Signal(str, object)  # job id, Segment
    progress_changed = Signal(str)  # job id (the Job row holds done_s / eta_s)
    job_finished = Signal(str)
    job_failed = Signal(str, str)
    job_cancelled = Signal(str)
    job_notice = Signal(str, str)  # job id, message (resumed, settings changed, restarted after a crash)
    model_needed = Signal(str, str, str)  # job id, registry key, message: the job failed for want of that model
    state_changed = Signal()  # running / pausing / idle changed: refresh buttons
    queue_stopped = Signal(str)  # why: "done" | "paused" | "cancelled" | "no-engine"

    # requests to the worker (queued across threads)
    _load_requested = Signal(object)
    _transcribe_requested = Signal(str, str, object, object, bool, object, object)
    _shutdown_requested = Signal()
    _speakers_requested = Signal(str, object, object, object)
    speakers_applied = Signal(str, object)  # job id, SpeakersApplied: speakers added to a finished transcript
    speakers_failed = Signal(str, str)  # job id, message
    _live_requested = Signal(object, bool)
    live_engine_ready = Signal(object, object, str)  # engine or None, streaming recogniser or None, why (not)

    def __init__(self, model: QueueModel, settings: Settings, engine_factory: EngineFactory | None = None,
                 parent: QObject | None = None, jobs: Any = None) -> None:
        super().__init__(parent)
        from models.jobs.store import JobStore

        self.model = model
        self.settings = settings
        self.jobs = jobs if jobs is not None else JobStore(":memory:")
        self.history = QueueHistory(model, self.jobs, self)
        model.speakers_default = settings.speaker_options  # what the Speakers column shows for rows without a choice
        self.running = False  # the queue continues after the current job
        self.current_id: str | None = None  # dispatched and not yet finished
        self.model_state = ModelState.UNLOADED
        self.model_message = ""
        self.runtime_info: Any = None
        self.requested_config: EngineConfig | None = None  # what the worker was last asked to run with
        self.speed = 0.0  # audio seconds per wall second, from the latest progress (for the queue ETA)
        self._cancel: threading.Event | None = None
        self._stop_reason = "paused"
        self._engine_factory = engine_factory
        self._closing = False
        self._restarts: dict[str, int] = {}  # job id -> crashes restarted in this session
        self.held = False  # a live recording holds the engine: queued files wait (dispatch resumes on release)
        self._thread: QThread  # set by _start_worker
        self._worker: TranscriptionWorker | None = None
        self._requests: list[Any] = []  # QMetaObject.Connection of our requests to the current worker
        self._start_worker()

    def _start_worker(self) -> None:
        """(Re)create the worker on a fresh QThread and wire it (at start, and after the thread died)."""
        for conn in self._requests:  # the old worker's thread died: requests must not reach it any more
            QObject.disconnect(conn)  # False (no warning) when Qt already dropped it with the deleted worker
        self._thread = QThread()
        self._thread.setObjectName("tingxie-worker")
        self._worker = TranscriptionWorker(self._engine_factory, self.jobs)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.finished.connect(self._on_thread_finished)

        self._requests = [self._load_requested.connect(self._worker.load),
                          self._transcribe_requested.connect(self._worker.transcribe),
                          self._shutdown_requested.connect(self._worker.shutdown),
                          self._speakers_requested.connect(self._worker.add_speakers),
                          self._live_requested.connect(self._worker.prepare_live)]
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
        w.job_crashed.connect(self._on_job_crashed)
        w.job_notice.connect(self.job_notice)
        w.model_needed.connect(self.model_needed)
        w.glossary_reloaded.connect(self._on_glossary_reloaded)
        w.glossary_found.connect(self._on_glossary_found)
        w.speakers_applied.connect(self.speakers_applied)
        w.speakers_failed.connect(self.speakers_failed)
        w.live_engine_ready.connect(self.live_engine_ready)
        self._thread.start()

    # -- commands (GUI thread) ----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.current_id is not None

    @property
    def pausing(self) -> bool:
        return self.busy and not self.running

    def request_live_engine(self, streaming: bool) -> None:
        """The engine for a live recording (after the file being transcribed, if any): live_engine_ready."""
        self._live_requested.emit(self.settings.engine_config(), streaming)

    def hold(self, held: bool) -> None:
        """While held, no file starts (the live recording has the engine); releasing goes on with the queue."""
        self.held = held
        self.state_changed.emit()
        if not held:
            self._dispatch_next()

    def load_engine(self, config: EngineConfig | None = None) -> None:
        """Load (or reload) the engine in the background; the window stays usable."""
        self.requested_config = config or self.settings.engine_config()
        self._load_requested.emit(self.requested_config)

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

    def add_speakers(self, job_id: str, options: Any) -> threading.Event:
        """Speakers (SpeakerOptions; off removes them) for a finished job, in the worker after the current file;
        speakers_applied or speakers_failed follows. Returns the event that cancels it."""
        cancel = threading.Event()
        self._speakers_requested.emit(job_id, self.settings.engine_config(), options, cancel)
        return cancel

    def queue_eta(self) -> float:
        """Seconds until the queue is done at the current speed, -1 when unknown."""
        return job_rows.queue_eta(self.model, self.current_id, self.speed)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel, close the engine in its thread and stop the thread. Never terminate()s. True when stopped."""
        self._closing = True
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
        if not self.running or self.busy or self.held:
            return
        while True:
            job = self.model.next_queued()
            if job is None:
                self.running = False
                self.state_changed.emit()
                self.queue_stopped.emit("done")
                return
            error = self.history.ensure(job)  # its job was deleted from the history, or never made it there
            if not error:
                break
            job_rows.mark_unrunnable(self.model, job, error)
            self.job_failed.emit(job.id, error)
        self._dispatch(job)

    def _dispatch(self, job: Job) -> None:
        self.current_id = job.id
        self._cancel = threading.Event()
        log.info("dispatch %s%s", job.path, " (start over)" if job.restart else "")
        # The config is read per job: a precision/device change in settings reloads the engine between files.
        self.requested_config = self.settings.engine_config()
        # read per job, like the engine config (a watch folder's file brings its own)
        text = job.text if job.text is not None else self.settings.text_options(job.path)
        # the row's own choice (kept with its job), else the settings' (read per job too)
        speakers = SpeakerRequest(job.speakers if job.speakers is not None else self.settings.speaker_options(),
                                  keep=job.speakers is not None)
        self._transcribe_requested.emit(job.id, str(job.path), self.requested_config, self._cancel, job.restart,
                                        text, speakers)
        self.state_changed.emit()

    def _job_over(self, job_id: str) -> None:
        self._restarts.pop(job_id, None)
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
        if job_rows.mark_started(self.model, job_id, self.runtime_info):
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

    @Slot(str, str, int, int)
    def _on_glossary_reloaded(self, job_id: str, path: str, terms: int, rules: int) -> None:
        self.job_notice.emit(job_id, self.tr("Glossary %1 changed and was reloaded (%2 terms, %3 rules); it applies "
                                             "from this file on.").replace("%1", path).replace("%2", str(terms))
                             .replace("%3", str(rules)))

    @Slot(str, str, int, int)
    def _on_glossary_found(self, job_id: str, path: str, terms: int, rules: int) -> None:
        self.job_notice.emit(job_id, self.tr("Using the glossary in this file's folder: %1 (%2 terms, %3 rules).")
                             .replace("%1", path).replace("%2", str(terms)).replace("%3", str(rules)))

    @Slot(str, object)
    def _on_segment(self, job_id: str, segment: Any) -> None:
        self.segment_added.emit(job_id, segment)  # the text itself is in the job history (the one copy)

    @Slot(str, object, float, float)
    def _on_progress(self, job_id: str, progress: Any, eta_s: float, speed: float) -> None:
        if self.model.job(job_id) is None:
            return
        if speed > 0:  # before the row changes, so a listener to the model already sees this speed
            self.speed = speed
        job_rows.record_progress(self.model, job_id, progress, eta_s)
        self.progress_changed.emit(job_id)

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, transcript: Any) -> None:
        job_rows.mark_done(self.model, job_id, transcript)
        self.job_finished.emit(job_id)
        self._job_over(job_id)

    @Slot(str, str)
    def _on_job_failed(self, job_id: str, message: str) -> None:
        job_rows.mark_failed(self.model, job_id, message)
        self.job_failed.emit(job_id, message)
        self._job_over(job_id)

    @Slot(str, str)
    def _on_job_crashed(self, job_id: str, message: str) -> None:
        self._crashed(job_id, message)

    @Slot()
    def _on_thread_finished(self) -> None:
        """The worker's thread ended although nobody asked it to: start a new one; restart the job it ran."""
        if self._closing or not self._thread.isFinished():
            return
        log.error("the worker thread ended unexpectedly; starting a new one")
        self._thread.deleteLater()
        self._start_worker()
        self._on_model_state(ModelState.UNLOADED, "")  # the new worker loads the engine with the next file
        job_id = self.current_id
        if job_id is not None:
            self.history.mark_interrupted(job_id)
            self._crashed(job_id, self.tr("the transcription worker stopped unexpectedly"))

    def _crashed(self, job_id: str, message: str) -> None:
        """Run a crashed job once more (it resumes from its last finished segment), else fail its row."""
        job = self.model.job(job_id)
        cancelled = job_id != self.current_id or (self._cancel is not None and self._cancel.is_set())
        restarts = self._restarts.get(job_id, 0)
        if job is not None and not cancelled and restarts < MAX_RESTARTS:
            self._restarts[job_id] = restarts + 1
            log.warning("job %s crashed (%s); restarting it once", job.path, message)
            self.job_notice.emit(job_id, self.tr("%1 stopped with an internal error (%2). Restarting it from its last "
                                                 "finished segment.").replace("%1", job.path.name)
                                 .replace("%2", message))
            job.restart = False
            self._dispatch(job)
            return
        self.history.mark_failed(job_id, message)
        self._on_job_failed(job_id, message)

    @Slot(str)
    def _on_job_cancelled(self, job_id: str) -> None:
        job_rows.mark_cancelled(self.model, job_id)
        self.job_cancelled.emit(job_id)
        self._job_over(job_id)


__all__ = ["QueueRunner", "Job"]
