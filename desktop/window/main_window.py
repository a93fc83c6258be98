"""The main window: queue table, transcript pane, toolbar/menus, status bar. It only drives the QueueRunner.

Job history: the queue is rebuilt from the JobStore at start (queue_history.py); files left part-done
by an earlier session are offered for resume in the notice bar; the history dialog (history.py) reopens finished
transcripts into the transcript pane.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from desktop.window.actions import MainActions
from desktop.queue.probe import ProbeFn
from desktop.queue.model import PENDING, Column, Job, JobStatus, QueueModel
from desktop.queue.speaker_choice import count_found
from desktop.queue.runner import QueueRunner
from desktop.common.resources import app_icon
from desktop.settings.store import Key, Settings, UiState
from desktop.window.status_bar import EngineStatus
from desktop.window.transcript_pane import TranscriptPane
from desktop.window.geometry import restore_layout, save_layout
from desktop.window.window_engine import WindowEngine
from desktop.window.window_export import WindowExport
from desktop.window.window_history import WindowHistory
from desktop.window.window_live import WindowLive
from desktop.window.window_revise import APPLY_TEXT, WindowRevise
from desktop.window.window_search import WindowSearch
from desktop.recorder.dock import add_recorder_dock
from desktop.window.intake import FileIntake
from desktop.window.widgets import NoticeBar, QueueView, local_paths
from desktop.queue.worker import EngineFactory

log = logging.getLogger("tingxie.window")

StoreFactory = Callable[[], Any]


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, *, engine_factory: EngineFactory | None = None,
                 store_factory: StoreFactory | None = None, model_specs: list[Any] | None = None,
                 probe_fn: ProbeFn | None = None, ui_state: UiState | None = None, load_on_start: bool = True,
                 jobs: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.ui_state = ui_state or UiState()
        self.confirm_close = True  # tests turn the "transcription running, quit?" question off
        self._remove_when_over: set[str] = set()  # running jobs the user removed: cancelled first, then removed

        self.setWindowTitle(self.tr("Tingxie — Offline Mandarin Transcription"))
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        self.queue = QueueModel(self)
        self.runner = QueueRunner(self.queue, settings, engine_factory, self, jobs=jobs)  # reloads the queue
        self.jobs = self.runner.jobs  # models.jobs.store.JobStore
        self.intake = FileIntake(self.queue, settings, self.runner, self.show_notice, self.show_status, probe_fn, self)
        self.intake.added.connect(self._on_added)
        self.intake.changed.connect(self._update_queue_label)
        self.intake.changed.connect(self.update_actions)
        self.prober, self.extensions = self.intake.prober, self.intake.extensions
        self.history = WindowHistory(self, self)  # resume offer, history view, reopened transcripts

        self.notice = NoticeBar()
        self.notice.action_triggered.connect(self._on_notice_action)
        self.view = QueueView()
        self.view.setModel(self.queue)
        self.view.setToolTip(self.tr("Drop audio or video files or folders here"))
        self.view.paths_dropped.connect(self.add_paths)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.transcript = TranscriptPane(self.jobs, settings=self.settings)  # the transcript editor, with the player
        self.transcript.editor.error.connect(lambda m: self.show_notice(m, "error"))
        self.transcript.editor.changed.connect(lambda: self._count_speakers(self.transcript.job_id))
        self.search = WindowSearch(self, self)
        self.exports = WindowExport(self, self)
        self.transcript.export_requested.connect(self.exports.current)
        self.transcript.copied.connect(self._on_copied)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(6, 6, 6, 0)
        top_layout.addWidget(self.notice)
        top_layout.addWidget(self.view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(6, 0, 6, 6)
        bottom_layout.addWidget(self.transcript)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.setCentralWidget(self.splitter)

        self.engine_status = EngineStatus(self.statusBar())
        self.statusBar().addPermanentWidget(self.transcript.glossary_label)
        self.engine = WindowEngine(self.runner, settings, self.engine_status, self.notice, self.show_notice, self,
                                   store_factory, model_specs)
        self.engine.state_changed.connect(self.update_actions)
        self.revise = WindowRevise(self)  # speakers, text settings and re-transcription of finished files
        self.actions_ = MainActions(self, self)
        self.actions_.scope_to_queue(self.view)
        self.actions_.build_toolbar()
        self.recorder_panel = add_recorder_dock(self, settings, self.on_recording_finished, self.show_notice,
                                                self.actions_.view_menu)
        self.live = WindowLive(self, self.recorder_panel, self.actions_.view_menu, self) \
            if self.recorder_panel is not None else None  # live captions while recording
        self._connect_runner()
        restore_layout(self, self.splitter, self.ui_state)
        self.update_actions()
        self.history.after_reload()
        if load_on_start:  # after the window is up: the first load imports torch and funasr in the worker
            QTimer.singleShot(0, self.runner.load_engine)

    # -- construction -------------------------------------------------------------------------------------------
    def _connect_runner(self) -> None:
        r = self.runner
        r.job_started.connect(self._on_job_started)
        r.progress_changed.connect(self._on_progress)
        r.job_finished.connect(self._on_job_finished)
        r.job_failed.connect(self._on_job_failed)
        r.job_cancelled.connect(self._on_job_over)
        r.job_notice.connect(self._on_job_notice)
        r.state_changed.connect(self.update_actions)
        r.queue_stopped.connect(self._on_queue_stopped)
        self.queue.rowsInserted.connect(lambda *_: self.update_actions())
        self.queue.rowsRemoved.connect(lambda *_: self.update_actions())

    # -- adding files -------------------------------------------------------------------------------------------
    @Slot(list)
    def add_paths(self, paths: list[Path]) -> list[Job]:
        """Add files (folders searched); see FileIntake.add_paths."""
        return self.intake.add_paths(paths)

    def on_recording_finished(self, path: str) -> None:
        self.live.recording_finished(path) if self.live is not None else self.intake.add_recording(path)

    def _on_added(self, jobs: list[Job]) -> None:
        if self.view.currentIndex().row() < 0:
            self.select_row(self.queue.row_of(jobs[0].id))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    # -- runner events ------------------------------------------------------------------------------------------
    @Slot(str)
    def _on_job_started(self, job_id: str) -> None:
        if self.transcript.follow.isChecked():
            self.select_row(self.queue.row_of(job_id))
        job = self.queue.job(job_id)
        if job is not None and self.transcript.job_id == job_id:
            self.transcript.show_job(job)  # it was shown while queued: a retry starts from an empty pane
        self._update_queue_label()

    @Slot(str)
    def _on_progress(self, job_id: str) -> None:
        self.transcript.sentences_arrived(job_id)  # the runner committed this VAD segment's sentences
        self._update_queue_label()

    @Slot(str)
    def _on_job_finished(self, job_id: str) -> None:
        job = self.queue.job(job_id)
        if job is not None and self.settings.value(Key.EXPORT_AUTO):
            self.export_jobs([job])
        self._on_job_over(job_id)
        self.history.refresh()

    @Slot(str, str)
    def _on_job_failed(self, job_id: str, message: str) -> None:
        job = self.queue.job(job_id)
        name = job.path.name if job else "?"
        self.statusBar().showMessage(self.tr("%1 failed: %2").replace("%1", name).replace("%2", message), 8000)
        self._on_job_over(job_id)

    @Slot(str, str)
    def _on_job_notice(self, job_id: str, message: str) -> None:
        self.show_notice(message, "info")

    @Slot(str)
    def _on_job_over(self, job_id: str) -> None:
        job = self.queue.job(job_id)
        if job is not None and job_id in self._remove_when_over:
            self._remove_when_over.discard(job_id)
            self.queue.remove_rows([self.queue.row_of(job_id)])
            if self.transcript.job_id == job_id:
                self.transcript.show_job(None)
            job = None
        self._count_speakers(job_id)
        if job is not None and self.transcript.job_id == job_id:
            self.transcript.sentences_arrived(job_id)
            self.transcript.set_title(job)
            self.transcript.set_exportable(job.status is JobStatus.DONE)
        self._update_queue_label()
        self.update_actions()

    @Slot(str)
    def _on_queue_stopped(self, reason: str) -> None:
        texts = {"done": self.tr("Queue finished."), "paused": self.tr("Paused. Press Start to continue."),
                 "cancelled": self.tr("Cancelled."), "no-engine": self.tr("Cannot start: the model is not loaded.")}
        self.statusBar().showMessage(texts.get(reason, reason), 8000)
        self._update_queue_label()
        self.update_actions()

    # -- commands -----------------------------------------------------------------------------------------------
    def start(self) -> None:
        if not any(j.status in PENDING for j in self.queue.jobs):
            self.statusBar().showMessage(self.tr("Nothing to transcribe: add files first."), 4000)
            return
        self.runner.start()

    def _has_text(self, job: Job) -> bool:
        """Whether the history holds sentences of this job (what removing it would delete)."""
        from models.jobs.db import HistoryError

        try:
            return self.jobs.get(job.id).segment_count > 0
        except HistoryError:
            return False

    def selected_jobs(self) -> list[Job]:
        jobs = [self.queue.job_at(r) for r in self.view.selected_rows()]
        return [j for j in jobs if j is not None]

    def remove_selected(self) -> None:
        rows = self.view.selected_rows()
        partial = [j for r in rows if (j := self.queue.job_at(r)) and j.status is not JobStatus.DONE
                   and self._has_text(j)]
        if partial and not self.confirm(
                self.tr("Remove from the queue?"),
                self.tr("%n file(s) are partly transcribed. Removing them deletes the text transcribed so far.", "",
                        len(partial))):
            return
        running = [r for r in rows if (j := self.queue.job_at(r)) and j.status is JobStatus.RUNNING]
        for r in running:  # the running file is cancelled, not yanked from under the worker; removed when over
            job = self.queue.job_at(r)
            if job is not None:
                self._remove_when_over.add(job.id)
                self.runner.cancel_job(job.id)
        removed = self.queue.remove_rows(rows)
        if self.transcript.job_id in {j.id for j in removed}:
            self.transcript.show_job(None)
        self.update_actions()

    def move_selected(self, delta: int) -> None:
        rows = self.view.selected_rows()
        if len(rows) != 1:
            return
        self.select_row(self.queue.move(rows[0], delta))

    def retry_selected(self) -> None:
        if not self.revise.confirm_retry(self.selected_jobs()):  # a finished file: ask, carry corrections after
            return
        n = self.queue.retry(self.view.selected_rows())
        shown = self.queue.job(self.transcript.job_id) if self.transcript.job_id else None
        if n and shown is not None:
            self.transcript.show_job(shown)
        self.update_actions()

    def shown_job(self) -> Job | None:
        """The job in the transcript pane: a queue row, or a transcript reopened from the history."""
        job_id = self.transcript.job_id
        if not job_id:
            return None
        return self.queue.job(job_id) or self.history.opened(job_id)

    def export_all_done(self, folder: Path | None = None) -> list[Path]:
        return self.exports.all_done(folder)

    def export_jobs(self, jobs: list[Job], folder: Path | None = None) -> list[Path]:
        return self.exports.jobs(jobs, folder)

    def show_notice(self, text: str, level: str = "info", action_text: str = "", action_id: str = "") -> None:
        log.info("notice (%s): %s", level, text)
        self.notice.show_message(text, level, action_text, action_id)

    def show_status(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    @Slot(str)
    def _on_notice_action(self, action_id: str) -> None:
        if action_id == "models":
            self.show_model_manager()
        elif action_id == "settings":
            self.actions_.show_settings()
        elif action_id == APPLY_TEXT:
            self.notice.hide()
            self.revise.apply_text_steps()
        elif action_id == "resume":
            self.notice.hide()
            self.start()

    def show_history(self) -> Any:
        return self.history.show()

    def show_search(self) -> Any:
        return self.search.show()

    def show_shortcuts(self) -> Any:
        return self.search.show_shortcuts(self.actions())

    def show_model_manager(self) -> Any:
        return self.engine.show_model_manager()

    def apply_settings(self, changed: set[str]) -> None:
        """Called after the settings dialog is accepted with the keys whose value changed."""
        self.engine.reload_if_changed()
        if getattr(self, "watch", None) is not None:
            self.watch.settings_changed(changed)
        self.revise.settings_changed(changed)
        if self.live is not None:
            self.live.settings_changed(changed)
        if str(Key.LANGUAGE) in changed:
            self.show_notice(self.tr("The new language applies the next time Tingxie starts."), "info")

    # -- view state ---------------------------------------------------------------------------------------------
    def select_row(self, row: int) -> None:
        if row < 0:
            return
        index = self.queue.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)

    def _on_current_row(self, current, _previous) -> None:
        job = self.queue.job_at(current.row()) if current.isValid() else None
        if job is None or job.id != self.transcript.job_id:
            self.transcript.show_job(job)
            self.transcript.set_exportable(job is not None and job.status is JobStatus.DONE)
        self.update_actions()

    def _count_speakers(self, job_id: str | None) -> None:
        """A finished row's Speakers column says what its transcript has now (a speaker added or merged)."""
        job = self.queue.job(job_id) if job_id else None
        if job is not None and job.status is JobStatus.DONE:
            n = count_found(self.jobs, job.id)
            if n != job.found_speakers:
                job.found_speakers = n
                self.queue.changed(job.id, (Column.SPEAKERS,))

    def _update_queue_label(self) -> None:
        self.engine_status.show_queue(self.queue.jobs, self.runner.busy, self.runner.queue_eta())

    def update_actions(self) -> None:
        self.actions_.update()

    @Slot(int)
    def _on_copied(self, n: int) -> None:
        self.statusBar().showMessage(self.tr("Copied %n character(s)", "", n), 4000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.runner.busy and self.confirm_close:
            answer = QMessageBox.question(
                self, self.tr("Quit Tingxie?"),
                self.tr("A file is being transcribed. Quit anyway? What is finished is saved, and the file can "
                        "be resumed the next time you start Tingxie."))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if self.live is not None:  # stops a recording and finishes its live transcript
            self.live.shutdown()
        save_layout(self, self.splitter, self.ui_state)
        self.engine.shutdown()
        self.history.close()
        self.prober.wait(2000)
        if not self.runner.shutdown(5000):
            log.warning("worker did not stop in time; the app waits for it on exit")
        event.accept()
