"""Files into the queue: from the Add dialog, drops, the command line and the recorder; their durations probed in
the background. Tells the window through `added` / `changed`; it knows nothing else of the window."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.queue.model import PENDING, Job, JobStatus, QueueModel
from desktop.queue.probe import DurationProber, ProbeFn, supported_extensions
from desktop.settings.store import Key, Settings
from desktop.window.widgets import expand_paths


class FileIntake(QObject):
    added = Signal(list)  # list[Job] just queued
    changed = Signal()  # rows changed (added, probed): refresh labels and actions

    def __init__(self, queue: QueueModel, settings: Settings, runner: Any, show_notice: Callable[[str, str], None],
                 show_status: Callable[[str, int], None], probe_fn: ProbeFn | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.settings = settings
        self.runner = runner
        self.show_notice = show_notice
        self.show_status = show_status
        self.extensions = supported_extensions()
        self.prober = DurationProber(probe_fn, self)
        self.prober.probed.connect(self._on_probed)
        # Files already in the queue (finished or failed): True adds them again. Tests replace the question.
        self.ask_again: Callable[[list[Path]], bool] = self._ask_again

    def _ask_again(self, paths: list[Path]) -> bool:
        names = "\n".join(p.name for p in paths[:8]) + ("\n…" if len(paths) > 8 else "")
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Already in the queue"),
                          self.tr("%n file(s) are already in the queue:", "", len(paths)) + "\n\n" + names + "\n\n"
                          + self.tr("Add them again to transcribe them once more?"), parent=parent)
        again = box.addButton(self.tr("Add again"), QMessageBox.ButtonRole.AcceptRole)
        skip = box.addButton(self.tr("Skip"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(skip)
        box.exec()
        return box.clickedButton() is again

    def _drop_repeats(self, paths: list[Path]) -> list[Path]:
        """Files the queue holds as finished or failed rows go in again only when the user says so (waiting or
        running ones are never added twice: the queue model skips them)."""
        active = {j.path for j in self.queue.jobs if j.status in (*PENDING, JobStatus.RUNNING)}
        done = {j.path for j in self.queue.jobs} - active
        repeats = [p for p in paths if p.resolve() in done]
        if not repeats or self.ask_again(repeats):
            return paths
        return [p for p in paths if p not in repeats]

    def add_paths(self, paths: list[Path]) -> list[Job]:
        """Add files (folders searched); unsupported files are named in a notice. Starts when auto-start is on."""
        accepted, rejected = expand_paths([Path(p) for p in paths], self.extensions)
        wanted = self._drop_repeats(accepted)
        jobs = self.queue.add_paths(wanted)
        self.probe(jobs)
        if rejected:
            names = ", ".join(p.name for p in rejected[:5]) + (" …" if len(rejected) > 5 else "")
            self.show_notice(self.tr("Not added (not an audio or video file): %1").replace("%1", names), "warning")
        elif accepted and not jobs and wanted:
            self.show_notice(self.tr("Those files are already in the queue."), "info")
        elif not accepted:
            self.show_notice(self.tr("No audio or video files found there."), "warning")
        if jobs:
            self.show_status(self.tr("Added %n file(s)", "", len(jobs)), 4000)
            self.added.emit(jobs)
            if self.settings.value(Key.AUTO_START) and not self.runner.running:
                self.runner.start()
        self.changed.emit()
        return jobs

    @Slot(str)
    def add_recording(self, path: str) -> None:
        """A finished recording: speakers found automatically unless the settings say otherwise."""
        jobs = self.queue.add_paths([Path(path)], self.settings.speaker_options(is_recording=True))
        self.probe(jobs)
        if jobs and self.settings.value(Key.RECORDER_AUTO) and not self.runner.running:
            self.runner.start()
        self.changed.emit()

    def probe(self, jobs: list[Job]) -> None:
        for job in jobs:
            self.prober.probe(job.id, job.path)

    @Slot(str, float, str)
    def _on_probed(self, job_id: str, seconds: float, error: str) -> None:
        job = self.queue.job(job_id)
        if job is None:
            return
        if error:
            if job.status is JobStatus.QUEUED:  # unreadable: fail the row now rather than mid-queue
                job.status, job.error = JobStatus.FAILED, error
        elif job.duration_s is None:
            job.duration_s = seconds
        self.queue.changed(job_id)
        self.changed.emit()
