"""File → Open batch results…: a `main.py batch` output folder's manifest as a read-only list.

Rows come from models.batch.manifest.read_rows (the last state of each file). "Open transcript" shows a done
file's JSON export (timed sentences) in a read-only TranscriptDialog, or its TXT export when the batch wrote no
JSON. Nothing here writes to the folder: a batch may still be running there (Reload reads it again).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from desktop.batch.transcript_dialog import TranscriptDialog, read_transcript
from models.core.textfmt import clock
from models.batch.manifest import DONE, FAILED, MANIFEST_NAME, PENDING, RUNNING, Row, read_rows

log = logging.getLogger("tingxie.batch")

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("file", "status", "duration", "outputs", "error")


def transcript_file(row: Row, out_dir: Path) -> Path | None:
    """The export "Open transcript" shows for a done row: its JSON, else its TXT; None when it has neither."""
    if row.status != DONE:
        return None
    for ext in (".json", ".txt"):
        for o in row.outputs:
            if o.lower().endswith(ext) and (out_dir / o).is_file():
                return out_dir / o
    return None


class ManifestModel(QAbstractTableModel):
    def __init__(self, out_dir: Path, parent: Any = None) -> None:
        super().__init__(parent)
        self.out_dir = Path(out_dir)
        self.rows: list[Row] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = read_rows(self.out_dir)
        self.endResetModel()

    def status_text(self, status: str) -> str:
        return {DONE: self.tr("Done"), FAILED: self.tr("Failed"), PENDING: self.tr("Waiting"),
                RUNNING: self.tr("Running or interrupted")}.get(status, status)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("File"), self.tr("Status"), self.tr("Duration"), self.tr("Outputs"),
                    self.tr("Error"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "file":
                return Path(row.path).name
            if col == "status":
                return self.status_text(row.status)
            if col == "duration":
                return clock(row.audio_s) if row.audio_s else ""
            if col == "outputs":
                return ", ".join(row.outputs)
            return row.error.splitlines()[0] if row.error else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "file":
                return row.path
            if col == "error":
                return row.error or None
            if col == "outputs":
                return "\n".join(str(self.out_dir / o) for o in row.outputs) or None
        if role == Qt.ItemDataRole.UserRole:  # sort keys
            return {"duration": row.audio_s, "file": Path(row.path).name.lower()}.get(col, self.data(index))
        if role == Qt.ItemDataRole.ForegroundRole and col == "status" and row.status == FAILED:
            return QBrush(QColor("#b3261e"))
        return None

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.status] = out.get(r.status, 0) + 1
        return out


class BatchResultsDialog(QDialog):
    def __init__(self, out_dir: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.out_dir = Path(out_dir)
        self.transcript_dialog: TranscriptDialog | None = None
        self.setWindowTitle(self.tr("Batch results — %1").replace("%1", self.out_dir.name or str(self.out_dir)))
        self.resize(900, 520)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = ManifestModel(self.out_dir, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # manifest order first
        self.proxy.sort(-1)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_transcript())
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()

        self.open_button = QPushButton(self.tr("Open transcript"))
        self.open_button.clicked.connect(lambda: self.open_transcript())
        folder = QPushButton(self.tr("Open folder"))
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.out_dir))))
        reload_button = QPushButton(self.tr("Reload"))
        reload_button.clicked.connect(self.reload)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for b in (self.open_button, folder, reload_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.reload()

    # -- data ---------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.model.reload()
        rows = self.model.rows
        if not rows:
            self.summary.setText(self.tr("No batch results in %1 (it has no %2).").replace("%1", str(self.out_dir))
                                 .replace("%2", MANIFEST_NAME))
        else:
            c = self.model.counts()
            hours = sum(r.audio_s for r in rows if r.status == DONE) / 3600
            self.summary.setText(self.tr("%1 — %2 files: %3 done, %4 failed, %5 not done; %6 h of audio "
                                         "transcribed.").replace("%1", str(self.out_dir))
                                 .replace("%2", str(len(rows))).replace("%3", str(c.get(DONE, 0)))
                                 .replace("%4", str(c.get(FAILED, 0)))
                                 .replace("%5", str(c.get(PENDING, 0) + c.get(RUNNING, 0)))
                                 .replace("%6", f"{hours:.1f}"))
        self.table.resizeColumnsToContents()
        for col, most in ((0, 320), (3, 260)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), most))
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_buttons()

    def selected_row(self) -> Row | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()]

    def select_file(self, name: str) -> bool:
        """Select the row whose file name is `name` (tests, screenshots)."""
        for i in range(self.proxy.rowCount()):
            if self.proxy.index(i, 0).data() == name:
                self.table.selectRow(i)
                return True
        return False

    def _update_buttons(self) -> None:
        row = self.selected_row()
        target = transcript_file(row, self.out_dir) if row is not None else None
        self.open_button.setEnabled(target is not None)
        if row is not None and row.status == DONE and target is None:
            self.open_button.setToolTip(self.tr("This file's JSON and TXT exports are missing from the folder"))
        else:
            self.open_button.setToolTip(self.tr("Show the selected file's transcript (read-only)"))

    # -- transcript ---------------------------------------------------------------------------------------------
    def open_transcript(self) -> TranscriptDialog | None:
        row = self.selected_row()
        target = transcript_file(row, self.out_dir) if row is not None else None
        if row is None or target is None:
            return None
        title = self.tr("Transcript — %1").replace("%1", Path(row.path).name)
        try:
            if target.suffix.lower() == ".json":
                dialog = TranscriptDialog(title, transcript=read_transcript(target), parent=self)
            else:
                dialog = TranscriptDialog(title, text=target.read_text(encoding="utf-8", errors="replace"),
                                          parent=self)
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("cannot open %s: %s", target, e)
            self.problem.setText(self.tr("Cannot open %1: %2").replace("%1", str(target)).replace("%2", str(e)))
            self.problem.show()
            return None
        self.problem.hide()
        self.transcript_dialog = dialog
        dialog.show()
        return dialog


def choose_and_open(parent: QWidget, ui_state: Any) -> BatchResultsDialog | None:
    """File → Open batch results…: ask for a batch output folder (remembered in UiState) and show it."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog

    start = ui_state.text("last/batch_folder", str(Path.home()))
    title = QCoreApplication.translate("BatchResultsDialog", "Open a batch output folder")
    folder = QFileDialog.getExistingDirectory(parent, title, start)
    if not folder:
        return None
    ui_state.set("last/batch_folder", folder)
    dialog = BatchResultsDialog(folder, parent)
    dialog.open()
    return dialog
