"""The main window's actions, menus and shortcuts, and the dialogs they open (files, folders, settings, about).

It sees the window's commands only through ActionHost (no import of the main window, no private calls);
the QMainWindow itself only carries the menus, toolbar and shortcuts.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QStyle, QToolBar, QWidget

from desktop.queue.model import PENDING, Job, JobStatus, QueueModel
from desktop.queue.runner import QueueRunner
from desktop.settings.store import Key, Settings, UiState
from desktop.window.editor_menus import add_editor_menus
from desktop.window.speaker_menu import SpeakerMenu
from desktop.window.transcript_pane import TranscriptPane
from desktop.window.widgets import QueueView


class ActionHost(Protocol):
    """The window commands the actions trigger, and the state they are enabled by."""

    runner: QueueRunner
    queue: QueueModel
    view: QueueView
    transcript: TranscriptPane
    settings: Settings
    ui_state: UiState
    extensions: Any  # the file extensions Add files offers
    exports: Any  # desktop.window.window_export.WindowExport
    revise: Any  # desktop.window.window_revise.WindowRevise

    def start(self) -> None: ...

    def add_paths(self, paths: list[Path]) -> Any: ...

    def export_all_done(self, folder: Path | None = None) -> Any: ...

    def show_history(self) -> Any: ...

    def show_model_manager(self) -> Any: ...

    def show_search(self) -> Any: ...

    def show_shortcuts(self) -> Any: ...

    def remove_selected(self) -> None: ...

    def move_selected(self, delta: int) -> None: ...

    def retry_selected(self) -> None: ...

    def selected_jobs(self) -> list[Job]: ...

    def shown_job(self) -> Job | None: ...

    def apply_settings(self, changed: set[str]) -> None: ...


class MainActions(QObject):
    def __init__(self, window: QMainWindow, host: ActionHost) -> None:
        super().__init__(window)
        self.window = window
        self.w = host
        style = window.style()
        sp = QStyle.StandardPixmap

        def act(text: str, slot, shortcut=None, tip: str = "", icon: QIcon | None = None) -> QAction:
            a = QAction(text, window)
            if shortcut is not None:
                a.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
            keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            a.setToolTip(f"{tip or text.replace('…', '')} ({keys})" if keys else (tip or text))
            a.setStatusTip(tip or text)
            if icon is not None:
                a.setIcon(icon)
            a.triggered.connect(slot)
            window.addAction(a)  # shortcuts work even when the toolbar is hidden
            return a

        self.add_files = act(self.tr("Add files…"), self.choose_files, QKeySequence.StandardKey.Open,
                             self.tr("Add audio or video files to the queue"), style.standardIcon(sp.SP_FileIcon))
        self.add_folder = act(self.tr("Add folder…"), self.choose_folder, "Ctrl+Shift+O",
                              self.tr("Add every audio or video file in a folder and its subfolders"),
                              style.standardIcon(sp.SP_DirIcon))
        self.start = act(self.tr("Start"), host.start, ["F5", "Ctrl+Return"],
                         self.tr("Transcribe the queued files in order"), style.standardIcon(sp.SP_MediaPlay))
        self.pause = act(self.tr("Pause after current"), host.runner.pause_after_current, "F6",
                         self.tr("Finish the current file, then stop"), style.standardIcon(sp.SP_MediaPause))
        self.cancel = act(self.tr("Cancel"), host.runner.cancel, "Ctrl+.",
                          self.tr("Stop the current file now and stop the queue; Start continues the file where "
                                  "it stopped"), style.standardIcon(sp.SP_MediaStop))
        self.export = act(self.tr("Export…"), host.exports.current, "Ctrl+E",
                          self.tr("Export the selected finished transcripts; choose the formats"),
                          style.standardIcon(sp.SP_DialogSaveButton))
        self.export_all = act(self.tr("Export all done"), lambda: host.export_all_done(), "Ctrl+Shift+E",
                              self.tr("Export every finished transcript"))
        self.export_to = act(self.tr("Export all done to…"), self.choose_export_folder, None,
                             self.tr("Export every finished transcript into a folder you choose"))
        self.history = act(self.tr("History…"), host.show_history, "Ctrl+Shift+H",  # Ctrl+H: Replace
                           self.tr("Finished transcripts: open, export again or delete"),
                           style.standardIcon(sp.SP_FileDialogContentsView))
        self.batch_results = act(self.tr("Open batch results…"), self.open_batch_results, None,
                                 self.tr("Show the results of a `main.py batch` output folder (read-only)"))
        self.copy_all = act(self.tr("Copy all text"), host.transcript.copy_all, "Ctrl+Shift+C",
                            self.tr("Copy the shown transcript to the clipboard"))
        self.remove = act(self.tr("Remove"), host.remove_selected, QKeySequence.StandardKey.Delete,
                          self.tr("Remove the selected files from the queue"), style.standardIcon(sp.SP_TrashIcon))
        self.move_up = act(self.tr("Move up"), lambda: host.move_selected(-1), "Ctrl+Up",
                           self.tr("Transcribe the selected file earlier"), style.standardIcon(sp.SP_ArrowUp))
        self.move_down = act(self.tr("Move down"), lambda: host.move_selected(1), "Ctrl+Down",
                             self.tr("Transcribe the selected file later"), style.standardIcon(sp.SP_ArrowDown))
        self.retry = act(self.tr("Retry"), host.retry_selected, "Ctrl+R",
                         self.tr("Queue the selected failed or cancelled files again (they continue where they "
                                 "stopped); a finished file starts over"),
                         style.standardIcon(sp.SP_BrowserReload))
        self.models = act(self.tr("Models…"), host.show_model_manager, "Ctrl+M",
                          self.tr("Download, import, verify or repair the speech models"),
                          style.standardIcon(sp.SP_DriveHDIcon))
        self.settings = act(self.tr("Settings…"), self.show_settings, QKeySequence.StandardKey.Preferences,
                            self.tr("Precision, device, threads, export formats, language"),
                            style.standardIcon(sp.SP_FileDialogDetailedView))
        if self.settings.shortcut().isEmpty():
            self.settings.setShortcut(QKeySequence("Ctrl+,"))
        self.open_log = act(self.tr("Open log folder"), self.open_log_folder, None,
                            self.tr("Open the folder with Tingxie's log files"))
        self.about = act(self.tr("About Tingxie"), self.show_about, "F1", self.tr("Versions and file locations"))
        self.quit = act(self.tr("Quit"), window.close, QKeySequence.StandardKey.Quit, self.tr("Quit Tingxie"))

        bar = window.menuBar()
        m = bar.addMenu(self.tr("&File"))
        for a in (self.add_files, self.add_folder, None, self.export, self.export_all, self.export_to, None,
                  self.history, self.batch_results, None, self.quit):
            m.addSeparator() if a is None else m.addAction(a)
        self.speakers_menu = SpeakerMenu(host.queue, host.view.selected_rows, host.settings, window,
                                         on_finished=lambda jobs, options: host.revise.speakers(jobs, options))
        self.speakers = self.speakers_menu.menuAction()
        self.voices = act(self.tr("Known voices…"), self.show_voices, None,
                          self.tr("The voices Tingxie recognises: rename, merge, delete, forget all"))
        m = edit_menu = bar.addMenu(self.tr("&Edit"))
        for a in (self.copy_all, None, self.remove, self.move_up, self.move_down, self.retry, self.speakers,
                  self.voices, None, self.settings):
            m.addSeparator() if a is None else m.addAction(a)
        m = bar.addMenu(self.tr("&Transcribe"))
        for a in (self.start, self.pause, self.cancel):
            m.addAction(a)
        m = bar.addMenu(self.tr("&Models"))
        m.addAction(self.models)
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.addAction(self.history)
        self.view_menu.addSeparator()
        m = bar.addMenu(self.tr("&Help"))
        for a in (self.about, self.open_log):
            m.addAction(a)
        self.editor_actions = add_editor_menus(window, edit_menu, m, host.transcript.editor, host.show_search,
                                               host.show_shortcuts)  # Find, Search all, Playback, keys
        host.revise.add_to_menu(edit_menu, self.settings)  # "Apply text settings to this transcript…"

        host.view.addActions([self.start, self.remove, self.move_up, self.move_down, self.retry, self.speakers,
                              self.export])
        host.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def build_toolbar(self) -> QToolBar:
        bar = QToolBar(self.tr("Main toolbar"))
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.add_files, self.add_folder, None, self.start, self.pause, self.cancel, None, self.export,
                    self.export_all, self.history, None, self.models, self.settings):
            if act is None:
                bar.addSeparator()
            else:
                bar.addAction(act)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar

    # -- state --------------------------------------------------------------------------------------------------
    def update(self) -> None:
        w = self.w
        runner = w.runner
        jobs = w.queue.jobs
        selected = w.selected_jobs()
        has_queued = any(j.status in PENDING for j in jobs)  # cancelled and interrupted ones resume
        self.start.setEnabled(has_queued and not runner.running)
        self.pause.setEnabled(runner.running)
        self.cancel.setEnabled(runner.busy)
        self.export_all.setEnabled(any(j.status is JobStatus.DONE for j in jobs))
        self.export_to.setEnabled(self.export_all.isEnabled())
        shown = w.shown_job()
        self.export.setEnabled(any(j.status is JobStatus.DONE for j in selected)
                               or (shown is not None and shown.status is JobStatus.DONE))
        self.remove.setEnabled(bool(selected))
        self.move_up.setEnabled(len(selected) == 1 and w.queue.row_of(selected[0].id) > 0)
        self.move_down.setEnabled(len(selected) == 1 and w.queue.row_of(selected[0].id) < len(jobs) - 1)
        self.retry.setEnabled(any(j.status in (JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.INTERRUPTED,
                                               JobStatus.DONE) for j in selected))
        self.speakers_menu.refresh()
        w.revise.update()
        if runner.pausing:
            self.pause.setText(self.tr("Pausing after this file…"))
        else:
            self.pause.setText(self.tr("Pause after current"))

    # -- dialogs ------------------------------------------------------------------------------------------------
    def file_filter(self) -> str:
        exts = " ".join(f"*{e}" for e in self.w.extensions)
        media, everything = self.tr("Audio and video"), self.tr("All files")
        return f"{media} ({exts});;{everything} (*)"

    def scope_to_queue(self, queue_view: QWidget) -> None:
        """Delete and Ctrl+Up/Down act on the queue only while it has focus: in the transcript editor the same
        keys edit text, and Delete there must never remove a file from the queue."""
        for a in (self.remove, self.move_up, self.move_down):
            self.window.removeAction(a)
            queue_view.addAction(a)
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def choose_files(self) -> None:
        start = self.w.ui_state.text("last/add_folder", str(Path.home()))
        files, _ = QFileDialog.getOpenFileNames(self.window, self.tr("Add audio or video files"), start,
                                                self.file_filter())
        if files:
            self.w.ui_state.set("last/add_folder", str(Path(files[0]).parent))
            self.w.add_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        start = self.w.ui_state.text("last/add_folder", str(Path.home()))
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Add a folder"), start)
        if folder:
            self.w.ui_state.set("last/add_folder", folder)
            self.w.add_paths([Path(folder)])

    def choose_export_folder(self) -> None:
        start = self.w.ui_state.text("last/export_folder", self.w.settings.value(Key.EXPORT_FOLDER) or str(Path.home()))
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Export into folder"), start)
        if folder:
            self.w.ui_state.set("last/export_folder", folder)
            self.w.export_all_done(Path(folder))

    def open_batch_results(self) -> None:
        from desktop.batch.viewer import choose_and_open

        choose_and_open(self.window, self.w.ui_state)

    def show_settings(self) -> None:
        from desktop.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.w.settings, parent=self.window)
        dialog.settings_applied.connect(lambda keys: self.w.apply_settings(set(keys)))
        dialog.open()  # window-modal but never blocks the event loop: the queue keeps running

    def show_voices(self) -> None:
        from desktop.voices.manager import VoicesDialog

        VoicesDialog(self.window).exec()
        self.w.transcript.editor.voice_bar.refresh()

    def show_about(self) -> None:
        from desktop.window.about import AboutDialog

        AboutDialog(self.window).open()

    def open_log_folder(self) -> None:
        from models.core.logsetup import log_file

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent)))
