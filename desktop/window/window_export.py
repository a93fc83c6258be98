"""The main window's exports: Export (the selected or shown finished transcripts), Export all done, and the
automatic export when a file finishes. Files come from the job history with the user's corrections
(desktop/window/export.py); a failure is shown on its row and in a notice, never raised.

It sees the window only through ExportHost (no import of the main window).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.queue.model import Job, JobStatus, QueueModel
from desktop.settings.store import Settings, UiState
from desktop.window import export as exporting
from desktop.window.export_choice import ask_formats


class ExportHost(Protocol):
    queue: QueueModel
    settings: Settings
    ui_state: UiState
    jobs: Any  # models.jobs.store.JobStore

    def selected_jobs(self) -> list[Job]: ...

    def shown_job(self) -> Job | None: ...

    def show_notice(self, text: str, level: str = "info", action_text: str = "", action_id: str = "") -> None: ...

    def show_status(self, text: str, timeout_ms: int) -> None: ...


class WindowExport(QObject):
    def __init__(self, host: ExportHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self._parent = parent
        # Export's own choice of formats (a dialog); tests replace it. None: cancelled.
        self.ask_formats: Callable[[int], list[str] | None] = \
            lambda n: ask_formats(self._parent, host.settings, host.ui_state, n)

    def current(self) -> None:
        """The selected finished rows, else the finished transcript in the pane, in the formats chosen for it."""
        jobs = [j for j in self.host.selected_jobs() if j.status is JobStatus.DONE]
        if not jobs:
            job = self.host.shown_job()
            jobs = [job] if job is not None and job.status is JobStatus.DONE else []
        if not jobs:
            self.jobs(jobs)
            return
        formats = self.ask_formats(len(jobs))
        if formats:
            self.jobs(jobs, formats=formats)

    def all_done(self, folder: Path | None = None) -> list[Path]:
        return self.jobs([j for j in self.host.queue.jobs if j.status is JobStatus.DONE], folder)

    def jobs(self, jobs: list[Job], folder: Path | None = None, formats: list[str] | None = None) -> list[Path]:
        """Export each job (formats: None for those in Settings); a failure is shown on its row and in a notice,
        the transcript stays."""
        h = self.host
        result = exporting.export_jobs(jobs, h.settings, folder, h.jobs, formats)  # with the user's corrections
        for job in jobs:
            h.queue.changed(job.id)
        if result.failed:
            h.show_notice(self.tr("Export failed — %1").replace("%1", "; ".join(result.failed)), "error")
        if result.written:
            where = str(result.written[0].parent)
            h.show_status(self.tr("Exported %n file(s) to %1", "", len(result.written)).replace("%1", where), 8000)
        elif not jobs:
            h.show_status(self.tr("Nothing to export: no finished transcript selected."), 4000)
        return result.written
