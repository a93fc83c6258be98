"""The main window: queue table, transcript pane, toolbar/menus, status bar. It only drives the QueueRunner.

Job history: the queue is rebuilt from the JobStore at start (queue_history.py); files left part-done
by an earlier session are offered for resume in the notice bar; the history dialog (history.py) reopens finished
transcripts into the transcript pane. What the runner's events do to the rows and the queue commands live in
window_queue.py.
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
from desktop.queue.model import Job, JobStatus, QueueModel
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
from desktop.window.window_queue import WindowQueue
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

        self.setWindowTitle(self.tr("Tingxie — Offline Mandarin Transcription"))
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        self.queue = QueueModel(self)
        self.runner = QueueRunner(self.queue, settings, engine_factory, self, jobs=jobs)  # reloads the queue
        self.jobs = self.runner.jobs  # models.jobs.store.JobStore
        self.intake = FileIntake(self.queue, settings, self.runner, self.show_notice, self.show_status, probe_fn, self)
        self.intake.added.connect(self._on_added)
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
        self.transcript.editor.changed.connect(lambda: self.queue_side.count_speakers(self.transcript.job_id))
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
        # runner events and queue commands; connected after revise (carry corrections, then export)
        self.queue_side = WindowQueue(self, self)
        self.intake.changed.connect(self.queue_side.update_label)
        self.intake.changed.connect(self.update_actions)
        restore_layout(self, self.splitter, self.ui_state)
        self.update_actions()
        self.history.after_reload()
        if load_on_start:  # after the window is up: the first load imports torch and funasr in the worker
            QTimer.singleShot(0, self.runner.load_engine)

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

    # -- commands -----------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.queue_side.start()

    def selected_jobs(self) -> list[Job]:
        jobs = [self.queue.job_at(r) for r in self.view.selected_rows()]
        return [j for j in jobs if j is not None]

    def remove_selected(self) -> None:
        self.queue_side.remove_selected()

    def move_selected(self, delta: int) -> None:
        self.queue_side.move_selected(delta)

    def retry_selected(self) -> None:
        self.queue_side.retry_selected()

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
