"""The main window's side of the queue: what the runner's events do to the rows, the transcript pane and the
status bar (a file started, progressed, finished, failed or was cancelled; the queue stopped), and the queue
commands (Start, Remove, Move up/down, Retry). Split from main_window.py.

It sees the window only through QueueHost (no import of the main window, no private calls).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from desktop.queue.model import PENDING, Column, Job, JobStatus, QueueModel
from desktop.queue.runner import QueueRunner
from desktop.queue.speaker_choice import count_found
from desktop.settings.store import Key, Settings
from desktop.window.status_bar import EngineStatus
from desktop.window.transcript_pane import TranscriptPane
from desktop.window.widgets import QueueView


class QueueHost(Protocol):
    """What WindowQueue needs of the window it serves."""

    queue: QueueModel
    runner: QueueRunner
    jobs: Any  # models.jobs.store.JobStore
    settings: Settings
    view: QueueView
    transcript: TranscriptPane
    engine_status: EngineStatus
    history: Any  # desktop.window.window_history.WindowHistory
    revise: Any  # desktop.window.window_revise.WindowRevise

    def select_row(self, row: int) -> None: ...

    def selected_jobs(self) -> list[Job]: ...

    def export_jobs(self, jobs: list[Job], folder: Path | None = None) -> list[Path]: ...

    def show_notice(self, text: str, level: str = "info", action_text: str = "", action_id: str = "") -> None: ...

    def show_status(self, text: str, timeout_ms: int) -> None: ...

    def confirm(self, title: str, text: str) -> bool: ...

    def update_actions(self) -> None: ...


class WindowQueue(QObject):
    def __init__(self, host: QueueHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.w = host
        self._remove_when_over: set[str] = set()  # running jobs the user removed: cancelled first, then removed
        r = host.runner
        r.job_started.connect(self._on_job_started)
        r.progress_changed.connect(self._on_progress)
        r.job_finished.connect(self._on_job_finished)
        r.job_failed.connect(self._on_job_failed)
        r.job_cancelled.connect(self._on_job_over)
        r.job_notice.connect(self._on_job_notice)
        r.state_changed.connect(host.update_actions)
        r.queue_stopped.connect(self._on_queue_stopped)
        host.queue.rowsInserted.connect(lambda *_: host.update_actions())
        host.queue.rowsRemoved.connect(lambda *_: host.update_actions())

    # -- runner events ------------------------------------------------------------------------------------------
    @Slot(str)
    def _on_job_started(self, job_id: str) -> None:
        w = self.w
        if w.transcript.follow.isChecked():
            w.select_row(w.queue.row_of(job_id))
        job = w.queue.job(job_id)
        if job is not None and w.transcript.job_id == job_id:
            w.transcript.show_job(job)  # it was shown while queued: a retry starts from an empty pane
        self.update_label()

    @Slot(str)
    def _on_progress(self, job_id: str) -> None:
        self.w.transcript.sentences_arrived(job_id)  # the runner committed this VAD segment's sentences
        self.update_label()

    @Slot(str)
    def _on_job_finished(self, job_id: str) -> None:
        job = self.w.queue.job(job_id)
        if job is not None and self.w.settings.value(Key.EXPORT_AUTO):
            self.w.export_jobs([job])
        self._on_job_over(job_id)
        self.w.history.refresh()

    @Slot(str, str)
    def _on_job_failed(self, job_id: str, message: str) -> None:
        job = self.w.queue.job(job_id)
        name = job.path.name if job else "?"
        self.w.show_status(self.tr("%1 failed: %2").replace("%1", name).replace("%2", message), 8000)
        self._on_job_over(job_id)

    @Slot(str, str)
    def _on_job_notice(self, job_id: str, message: str) -> None:
        self.w.show_notice(message, "info")

    @Slot(str)
    def _on_job_over(self, job_id: str) -> None:
        w = self.w
        job = w.queue.job(job_id)
        if job is not None and job_id in self._remove_when_over:
            self._remove_when_over.discard(job_id)
            w.queue.remove_rows([w.queue.row_of(job_id)])
            if w.transcript.job_id == job_id:
                w.transcript.show_job(None)
            job = None
        self.count_speakers(job_id)
        if job is not None and w.transcript.job_id == job_id:
            w.transcript.sentences_arrived(job_id)
            w.transcript.set_title(job)
            w.transcript.set_exportable(job.status is JobStatus.DONE)
        self.update_label()
        w.update_actions()

    @Slot(str)
    def _on_queue_stopped(self, reason: str) -> None:
        texts = {"done": self.tr("Queue finished."), "paused": self.tr("Paused. Press Start to continue."),
                 "cancelled": self.tr("Cancelled."), "no-engine": self.tr("Cannot start: the model is not loaded.")}
        self.w.show_status(texts.get(reason, reason), 8000)
        self.update_label()
        self.w.update_actions()

    # -- commands -----------------------------------------------------------------------------------------------
    def start(self) -> None:
        if not any(j.status in PENDING for j in self.w.queue.jobs):
            self.w.show_status(self.tr("Nothing to transcribe: add files first."), 4000)
            return
        self.w.runner.start()

    def _has_text(self, job: Job) -> bool:
        """Whether the history holds sentences of this job (what removing it would delete)."""
        from models.jobs.db import HistoryError

        try:
            return self.w.jobs.get(job.id).segment_count > 0
        except HistoryError:
            return False

    def remove_selected(self) -> None:
        w = self.w
        rows = w.view.selected_rows()
        # A running row the runner is not running is the recording transcribed live: it ends with the recording.
        live = [r for r in rows if (j := w.queue.job_at(r)) and j.status is JobStatus.RUNNING
                and j.id != w.runner.current_id]
        if live:
            rows = [r for r in rows if r not in live]
            w.show_status(self.tr("The recording being transcribed live stays in the queue until it is stopped."),
                          6000)
            if not rows:
                return
        partial = [j for r in rows if (j := w.queue.job_at(r)) and j.status is not JobStatus.DONE
                   and self._has_text(j)]
        if partial and not w.confirm(
                self.tr("Remove from the queue?"),
                self.tr("%n file(s) are partly transcribed. Removing them deletes the text transcribed so far.", "",
                        len(partial))):
            return
        running = [r for r in rows if (j := w.queue.job_at(r)) and j.status is JobStatus.RUNNING]
        for r in running:  # the running file is cancelled, not yanked from under the worker; removed when over
            job = w.queue.job_at(r)
            if job is not None:
                self._remove_when_over.add(job.id)
                w.runner.cancel_job(job.id)
        removed = w.queue.remove_rows(rows)
        if w.transcript.job_id in {j.id for j in removed}:
            w.transcript.show_job(None)
        w.update_actions()

    def move_selected(self, delta: int) -> None:
        rows = self.w.view.selected_rows()
        if len(rows) != 1:
            return
        self.w.select_row(self.w.queue.move(rows[0], delta))

    def retry_selected(self) -> None:
        w = self.w
        if not w.revise.confirm_retry(w.selected_jobs()):  # a finished file: ask, carry corrections after
            return
        n = w.queue.retry(w.view.selected_rows())
        shown = w.queue.job(w.transcript.job_id) if w.transcript.job_id else None
        if n and shown is not None:
            w.transcript.show_job(shown)
        w.update_actions()

    # -- row state ----------------------------------------------------------------------------------------------
    def count_speakers(self, job_id: str | None) -> None:
        """A finished row's Speakers column says what its transcript has now (a speaker added or merged)."""
        w = self.w
        job = w.queue.job(job_id) if job_id else None
        if job is not None and job.status is JobStatus.DONE:
            n = count_found(w.jobs, job.id)
            if n != job.found_speakers:
                job.found_speakers = n
                w.queue.changed(job.id, (Column.SPEAKERS,))

    def update_label(self) -> None:
        self.w.engine_status.show_queue(self.w.queue.jobs, self.w.runner.busy, self.w.runner.queue_eta())
