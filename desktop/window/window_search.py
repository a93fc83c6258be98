"""The main window's side of search: Edit → Search all transcripts opens a SearchDialog over
models.jobs.search; a hit opens that job's transcript at the sentence and plays it. Help → Keyboard shortcuts.

It sees the window only through SearchHost (no import of the main window).
"""
from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.editor.search_dialog import SearchDialog
from desktop.editor.shortcuts import help_list, mouse_help
from desktop.queue.model import QueueModel
from desktop.window.transcript_pane import TranscriptPane

log = logging.getLogger("tingxie.window")


class SearchHost(Protocol):
    queue: QueueModel
    jobs: Any  # models.jobs.store.JobStore
    transcript: TranscriptPane
    history: Any  # desktop.window.window_history.WindowHistory

    def select_row(self, row: int) -> None: ...

    def show_notice(self, text: str, level: str = "info", action_text: str = "", action_id: str = "") -> None: ...


class WindowSearch(QObject):
    def __init__(self, host: SearchHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.w = host
        self._parent = parent
        self.dialog: SearchDialog | None = None

    def show(self) -> SearchDialog:
        from models.jobs.search import search

        if self.dialog is None:
            self.dialog = SearchDialog(lambda q: search(self.w.jobs.db, q), self._parent)
            self.dialog.hit_activated.connect(self.open_hit)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.query.setFocus()
        self.dialog.query.selectAll()
        return self.dialog

    @Slot(int, int)
    def open_hit(self, store_id: int, index: int) -> None:
        """Show the job's transcript (its queue row, else reopened from the history) at sentence `index`, playing."""
        w = self.w
        try:
            uid = w.jobs.get(store_id).uid
        except Exception as exc:  # noqa: BLE001 - deleted since the search
            w.show_notice(self.tr("Cannot open that transcript: %1").replace("%1", str(exc)), "error")
            return
        if w.transcript.job_id != uid:
            row = w.queue.row_of(uid)
            if row >= 0:
                w.select_row(row)
            else:
                w.history.open_job(uid)
        if w.transcript.job_id == uid:
            w.transcript.open_at(index, play=True)

    def show_shortcuts(self, window_actions: list[Any]) -> QDialog:
        """Every keyboard shortcut: the window's actions, then the editor's (desktop.editor.shortcuts)."""
        from PySide6.QtGui import QKeySequence

        dlg = QDialog(self._parent)
        dlg.setWindowTitle(self.tr("Keyboard shortcuts"))
        tree = QTreeWidget(rootIsDecorated=False, uniformRowHeights=True)
        tree.setHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        rows = [(a.text().replace("&", ""), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                for a in window_actions if not a.shortcut().isEmpty()]
        rows += [(label, QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText))
                 for label, keys in help_list()]
        rows += mouse_help()
        for label, keys in rows:
            tree.addTopLevelItem(QTreeWidgetItem([label, keys]))
        tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dlg.reject)
        lay = QVBoxLayout(dlg)
        lay.addWidget(tree)
        lay.addWidget(buttons)
        dlg.resize(560, 560)
        dlg.open()
        return dlg
