"""The main window's side of the job history: the resume offer after a restart, the history view, and
finished transcripts reopened from it into the transcript pane. Split from main_window.py.

It sees the window only through HistoryHost (no import of the main window, no private calls).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from desktop.queue.model import Job, JobStatus, QueueModel
from desktop.queue.probe import DurationProber
from desktop.queue.runner import QueueRunner
from desktop.settings.store import Settings, UiState
from desktop.window.transcript_pane import TranscriptPane
from desktop.window.widgets import QueueView

if TYPE_CHECKING:
    from desktop.window.history import HistoryDialog

log = logging.getLogger("tingxie.window")


class HistoryHost(Protocol):
    """What WindowHistory needs of the window it serves."""

    queue: QueueModel
    runner: QueueRunner
    jobs: Any  # models.jobs.store.JobStore
    prober: DurationProber
    settings: Settings
    ui_state: UiState
    view: QueueView
    transcript: TranscriptPane

    def show_notice(self, text: str, level: str = "info", action_text: str = "", action_id: str = "") -> None: ...

    def select_row(self, row: int) -> None: ...

    def update_actions(self) -> None: ...

    def show_status(self, text: str, timeout_ms: int) -> None: ...


class WindowHistory(QObject):
    def __init__(self, host: HistoryHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.w = host
        self._parent = parent
        self.dialog: HistoryDialog | None = None  # made on first use
        self._opened: Job | None = None  # a transcript reopened from the history (not a queue row)

    def after_reload(self) -> None:
        """The queue was rebuilt from the job history: probe durations, offer to resume what was interrupted."""
        w = self.w
        for job in w.queue.jobs:
            if job.duration_s is None and job.status is JobStatus.QUEUED:
                w.prober.probe(job.id, job.path)
        history = w.runner.history
        interrupted = history.interrupted()
        if history.problem:
            w.show_notice(self.tr("The job history cannot be saved this session, so unfinished files cannot be "
                                  "resumed after a restart: %1").replace("%1", history.problem), "warning")
        elif interrupted:
            n = len(interrupted)
            w.show_notice(self.tr("%n file(s) stopped part-way last time. The finished part is saved and "
                                  "transcription continues from there.", "", n), "info",
                          self.tr("Resume %n interrupted job(s)", "", n), "resume")
        if interrupted:
            w.select_row(w.queue.row_of(interrupted[0].id))  # its saved text is shown at once

    # -- history view -------------------------------------------------------------------------------------------
    def show(self) -> "HistoryDialog":
        from desktop.window.history import HistoryDialog

        if self.dialog is None:
            self.dialog = HistoryDialog(self.w.jobs, self.w.settings, self.w.ui_state, parent=self._parent)
            self.dialog.open_requested.connect(self.open_job)
            self.dialog.deleted.connect(self._on_deleted)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def refresh(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.refresh()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()

    def opened(self, job_id: str) -> Job | None:
        """The reopened transcript with this id, if that is what the pane shows."""
        return self._opened if self._opened is not None and self._opened.id == job_id else None

    @Slot(str)
    def open_job(self, uid: str) -> None:
        """Show a finished transcript in the transcript pane (by selecting its queue row, if it has one)."""
        from desktop.window.history import history_job

        w = self.w
        row = w.queue.row_of(uid)
        if row >= 0:
            w.select_row(row)
            return
        try:
            job = history_job(w.jobs, uid)
        except Exception as exc:  # noqa: BLE001 - HistoryError (deleted meanwhile, disk) or a bug: say it, go on
            log.warning("cannot open job %s from the history: %s", uid, exc)
            w.show_notice(self.tr("Cannot open that transcript: %1").replace("%1", str(exc)), "error")
            return
        self._opened = job
        w.view.selectionModel().clear()  # a queue row clicked next switches the pane back
        w.transcript.show_job(job)
        w.transcript.set_exportable(True)
        w.show_status(self.tr("Opened %1 from the history").replace("%1", job.path.name), 4000)
        w.update_actions()

    @Slot(list)
    def _on_deleted(self, uids: list[str]) -> None:
        w = self.w
        rows = [w.queue.row_of(u) for u in uids if (j := w.queue.job(u)) and j.status is JobStatus.DONE]
        w.queue.remove_rows([r for r in rows if r >= 0])  # done rows are only hidden: nothing is deleted twice
        if w.transcript.job_id in uids:
            w.transcript.show_job(None)
            self._opened = None
        w.update_actions()


__all__ = ["WindowHistory"]
