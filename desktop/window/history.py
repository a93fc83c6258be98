"""The history view: every finished transcript in the job history, to reopen, re-export or delete.

A non-modal dialog over the main window (File › History…, Ctrl+Shift+H). It reads models/jobs/store.py's JobStore directly;
opening a transcript is the window's business (open_requested), and so is forgetting deleted ones (deleted).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QDateTime, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget)

from desktop.window import export as exporting
from models.jobs.kept_edits import KEPT_NOTE
from models.core.textfmt import clock
from desktop.queue.model import Job, JobStatus
from desktop.settings.store import Key, Settings, UiState
from models.core.errors import TingxieError
from models.jobs.store import JobState

log = logging.getLogger("tingxie.history")

SortRole = Qt.ItemDataRole.UserRole + 1
UidRole = Qt.ItemDataRole.UserRole + 2


class Col:
    FILE, DURATION, FINISHED, DEVICE, FOLDER = range(5)
    COUNT = 5


def history_job(jobs: Any, uid: str) -> Job:
    """A finished job from the history as a (detached) queue Job, ready to show or export (its transcript is read
    from the history when it is)."""
    job = jobs.get(uid)
    return Job(path=job.path, id=job.uid, duration_s=job.duration_ms / 1000, status=JobStatus.DONE,
               done_s=job.duration_ms / 1000, runtime=job.runtime)


class HistoryDialog(QDialog):
    open_requested = Signal(str)  # job uid: show its transcript in the main window
    deleted = Signal(list)  # uids deleted from the history

    def __init__(self, jobs: Any, settings: Settings, ui_state: UiState | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.settings = settings
        self.ui_state = ui_state or UiState()
        self.setWindowTitle(self.tr("History"))
        self.setObjectName("HistoryDialog")

        self.model = QStandardItemModel(0, Col.COUNT, self)
        self.model.setHorizontalHeaderLabels([self.tr("File"), self.tr("Duration"), self.tr("Finished"),
                                              self.tr("Device / precision"), self.tr("Folder")])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by file or folder name"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Col.FILE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((Col.DURATION, 80), (Col.FINISHED, 150), (Col.DEVICE, 170), (Col.FOLDER, 200)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        self.table.sortByColumn(Col.FINISHED, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.status = QLabel()  # the outcome of the last export or delete; hidden while empty
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()

        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Show this transcript in the main window"))
        self.open_button.clicked.connect(self.open_selected)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Write the selected transcripts into a folder, in the formats chosen "
                                              "in Settings"))
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the selected transcripts from the history"))
        self.delete_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        row = QHBoxLayout()
        for b in (self.open_button, self.export_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.resize(860, 460)
        self.refresh()

    # -- content ------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the finished jobs from the store, keeping the selection and the sort order."""
        keep = set(self.selected_uids())
        try:
            done = self.jobs.list_jobs([JobState.DONE])
        except TingxieError as exc:
            self.say(str(exc))
            done = []
        self.model.removeRows(0, self.model.rowCount())
        for job in done:
            finished = job.finished_at or job.updated_at
            when = QDateTime.fromSecsSinceEpoch(int(finished)).toString("yyyy-MM-dd HH:mm")
            name = job.path.name
            if job.warnings[:1] == (KEPT_NOTE,):  # the corrections of a file that was transcribed again
                name = self.tr("%1 (your corrections, before it was transcribed again)").replace("%1", name)
            cells = [(name, job.path.name.casefold()),
                     (clock(job.duration_ms / 1000), job.duration_ms),
                     (when, float(finished)),
                     (job.runtime, job.runtime),
                     (str(job.path.parent), str(job.path.parent).casefold())]
            items = []
            for text, key in cells:
                item = QStandardItem(text)
                item.setData(key, SortRole)
                item.setData(job.uid, UidRole)
                item.setToolTip(str(job.path))
                items.append(item)
            items[Col.DURATION].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        self.proxy.sort(self.proxy.sortColumn(), self.proxy.sortOrder())
        self._select(keep)
        self._update_count()
        self._update_buttons()

    def uids(self) -> list[str]:
        """All listed uids in display order (after sorting and filtering)."""
        return [self.proxy.index(r, 0).data(UidRole) for r in range(self.proxy.rowCount())]

    def selected_uids(self) -> list[str]:
        sel = self.table.selectionModel()
        rows = sorted({i.row() for i in sel.selectedRows()}) if sel else []
        return [self.proxy.index(r, 0).data(UidRole) for r in rows]

    def select(self, uids: list[str]) -> None:
        self._select(set(uids))

    def _select(self, uids: set[str]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        flags = sel.SelectionFlag.Select | sel.SelectionFlag.Rows
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(UidRole) in uids:
                sel.select(index, flags)
                sel.setCurrentIndex(index, sel.SelectionFlag.NoUpdate)

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(self.tr("%n transcript(s)", "", self.proxy.rowCount()))

    def _update_buttons(self) -> None:
        n = len(self.selected_uids())
        self.open_button.setEnabled(n == 1)
        self.export_button.setEnabled(n > 0)
        self.delete_button.setEnabled(n > 0)

    # -- commands -----------------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        uids = self.selected_uids()
        if len(uids) == 1:
            self.open_requested.emit(uids[0])

    def choose_folder(self) -> Path | None:
        start = self.ui_state.text("last/export_folder", self.settings.value(Key.EXPORT_FOLDER) or str(Path.home()))
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export into folder"), start)
        return Path(folder) if folder else None

    def export_selected(self, folder: Path | None = None) -> list[Path]:
        """Export the selected transcripts into `folder` (asked when not given); returns the files written."""
        uids = self.selected_uids()
        if not uids:
            return []
        folder = folder or self.choose_folder()
        if folder is None:
            return []
        self.ui_state.set("last/export_folder", str(folder))
        rows: list[Job] = []
        failed: list[str] = []
        for uid in uids:
            try:
                rows.append(history_job(self.jobs, uid))
            except TingxieError as exc:
                failed.append(str(exc))
        result = exporting.export_jobs(rows, self.settings, folder, self.jobs)  # with the user's corrections
        failed += result.failed
        if failed:
            self.say(self.tr("Export failed — %1").replace("%1", "; ".join(failed)))
        else:
            self.say(self.tr("Exported %n file(s) to %1", "", len(result.written)).replace("%1", str(folder)))
        return result.written

    def confirm_delete(self, n: int) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Delete from history?"),
            self.tr("Delete %n transcript(s) from the history? This cannot be undone. Files you exported are "
                    "kept.", "", n))
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> list[str]:
        """Delete the selected transcripts after asking; returns the uids deleted."""
        uids = self.selected_uids()
        if not uids or not self.confirm_delete(len(uids)):
            return []
        gone: list[str] = []
        errors: list[str] = []
        for uid in uids:
            try:
                self.jobs.delete(uid)
            except TingxieError as exc:  # running again (Retry in the queue): cancel it first
                errors.append(str(exc))
            else:
                gone.append(uid)
        log.info("history: deleted %d transcript(s)", len(gone))
        self.say("; ".join(errors) if errors else self.tr("Deleted %n transcript(s).", "", len(gone)))
        self.refresh()
        if gone:
            self.deleted.emit(gone)
        return gone

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def showEvent(self, event: Any) -> None:  # noqa: N802
        self.refresh()
        super().showEvent(event)


__all__ = ["HistoryDialog", "history_job", "Col"]
