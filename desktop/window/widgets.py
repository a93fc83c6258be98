"""Small widgets of the main window: the queue view (drop target), its progress delegate, the notice bar."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QTableView, QToolButton, QWidget)

from desktop.queue.model import Column, JobRole, JobStatus, ProgressRole


def local_paths(mime) -> list[Path]:
    """Local files and folders in a drag's QMimeData (remote URLs are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def expand_paths(paths: Iterable[Path], extensions: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """Files with a supported extension (folders searched recursively, sorted) and the files rejected."""
    accepted: list[Path] = []
    rejected: list[Path] = []
    exts = {e.lower() for e in extensions}
    for p in paths:
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    f = Path(root) / name
                    if f.suffix.lower() in exts:
                        accepted.append(f)
                    # files in a dropped folder that are not audio are skipped silently: folders hold covers, notes
        elif p.suffix.lower() in exts and p.exists():
            accepted.append(p)
        else:
            rejected.append(p)
    return accepted, rejected


class QueueView(QTableView):
    """The queue table; files and folders dropped on it are offered through `paths_dropped`."""

    paths_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(self))

    def setModel(self, model) -> None:  # noqa: N802 (Qt name)
        super().setModel(model)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.FILE, QHeaderView.ResizeMode.Stretch)
        # wide enough for the longest runtime label the engine gives on the CPU
        device = max(170, self.fontMetrics().horizontalAdvance("CPU · INT8 (ONNX Runtime) · 16 threads") + 16)
        for col, width in ((Column.DURATION, 80), (Column.STATUS, 170), (Column.PROGRESS, 150), (Column.DEVICE, device),
                           (Column.SPEAKERS, 100)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(col, width)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.paths_dropped.emit(paths)

    def selected_rows(self) -> list[int]:
        sel = self.selectionModel()
        return sorted({i.row() for i in sel.selectedRows()}) if sel else []


class ProgressDelegate(QStyledItemDelegate):
    """Draws the Progress column as a flat bar with the model's text (percent · ETA) centred on it.

    Painted by hand rather than with the style's progress bar: styles draw the text beside or under the groove in
    a table row, and a light chunk keeps dark text readable at any fraction.
    """

    CHUNK = {JobStatus.DONE: "#b7e1bd", JobStatus.FAILED: "#f3c1bc", JobStatus.CANCELLED: "#dcdcdc",
             JobStatus.INTERRUPTED: "#f5dca8"}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        job = index.data(JobRole)
        fraction = float(index.data(ProgressRole) or 0.0)
        rect = option.rect.adjusted(4, 4, -4, -4)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor("#b8c4cf"))
        painter.setBrush(QColor("#f5f7f9"))
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        if fraction > 0:
            chunk = QRectF(rect).adjusted(1, 1, -1, -1)
            chunk.setWidth(chunk.width() * min(1.0, fraction))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.CHUNK.get(getattr(job, "status", None), "#a9d1f5")))
            painter.drawRoundedRect(chunk, 2, 2)
        painter.setPen(QColor("#1d2731"))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        painter.restore()


class NoticeBar(QFrame):
    """An inline message above the queue (like a browser's info bar): never modal, closable, one action."""

    action_triggered = Signal(str)  # the action id passed to show()

    COLORS = {"info": ("#e8f4fd", "#1b4965"), "warning": ("#fff4e0", "#8a5300"), "error": ("#fdecea", "#8b1a1a")}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.level = "info"
        self._action_id = ""
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton()
        self.action.clicked.connect(self._on_action)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(self, text: str, level: str = "info", action_text: str = "", action_id: str = "") -> None:
        self.level = level if level in self.COLORS else "info"
        bg, fg = self.COLORS[self.level]
        self.setStyleSheet(f"QFrame#NoticeBar {{ background: {bg}; border: 1px solid {fg}40; border-radius: 4px; }}"
                           f" QFrame#NoticeBar QLabel {{ color: {fg}; }}")
        self.label.setText(text)
        self._action_id = action_id
        self.action.setVisible(bool(action_text))
        self.action.setText(action_text)
        self.show()

    @property
    def action_id(self) -> str:
        """The id of the offered action ("" = none): lets the window hide a notice that is over."""
        return self._action_id

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def _on_action(self) -> None:
        self.action_triggered.emit(self._action_id)
