"""The transcript pane: sentences with timestamps, appended live as the worker emits them."""
from __future__ import annotations

from typing import Any, Iterable

import desktop.app.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from desktop.queue.model import Job, JobStatus, status_text


def short_time(ms: int) -> str:
    """01:02.3 (or 1:01:02.3 past an hour): precise enough to find the spot, short enough to read."""
    ms = max(0, int(ms))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, milli = divmod(rem, 1000)
    base = f"{m:02d}:{s:02d}.{milli // 100}"
    return f"{h}:{base}" if h else base


class TranscriptView(QWidget):
    """Shows one job's segments. `follow` makes it switch to whichever job starts running."""

    export_requested = Signal()
    copied = Signal(int)  # characters copied

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job_id: str | None = None
        self._segments: list[Any] = []
        self._exportable = False

        self.title = QLabel(self.tr("Transcript"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.follow = QCheckBox(self.tr("Follow"))
        self.follow.setChecked(True)
        self.follow.setToolTip(self.tr("Show the file being transcribed as soon as it starts"))
        self.copy_button = QToolButton()
        self.copy_button.setText(self.tr("Copy all"))
        self.copy_button.setToolTip(self.tr("Copy the whole transcript text to the clipboard (Ctrl+Shift+C)"))
        self.copy_button.clicked.connect(self.copy_all)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setToolTip(self.tr("Write this transcript as TXT/SRT/VTT/JSON (Ctrl+E)"))
        self.export_button.clicked.connect(self.export_requested)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setUndoRedoEnabled(False)
        self.text.setPlaceholderText(self.tr("Drop audio or video files onto this window, or use Add files…, "
                                             "then press Start. The text appears here as it is recognised."))
        body = self.text.font()
        body.setPointSizeF(body.pointSizeF() * 1.15)
        self.text.setFont(body)

        self._ts_format = QTextCharFormat()
        self._ts_format.setForeground(QColor("#7f8c8d"))
        self._ts_format.setFontFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        self._ts_format.setFontPointSize(body.pointSizeF() * 0.85)
        self._text_format = QTextCharFormat()

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.follow)
        head.addWidget(self.copy_button)
        head.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.text, 1)
        self._update_buttons()

    # -- content ------------------------------------------------------------------------------------------------
    def show_job(self, job: Job | None) -> None:
        self.job_id = job.id if job else None
        self._segments = []
        self.text.clear()
        if job is None:
            self.title.setText(self.tr("Transcript"))
        else:
            self.set_title(job)
            self._append_many(job.segments)
        self._exportable = job is not None and job.status is JobStatus.DONE
        self._update_buttons()

    def set_title(self, job: Job) -> None:
        text = f"{job.path.name} — {status_text(job.status)}"
        if job.status is JobStatus.FAILED and job.error:
            text += f": {job.error}"
        self.title.setText(text)
        self.title.setToolTip(str(job.path))

    def append_segment(self, job_id: str, segment: Any) -> None:
        if job_id != self.job_id:
            return
        self._append_many([segment])
        self._update_buttons()

    def _append_many(self, segments: Iterable[Any]) -> None:
        bar = self.text.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        for seg in segments:
            if self._segments or not self.text.document().isEmpty():
                cursor.insertBlock()
            cursor.insertText(f"[{short_time(seg.start_ms)} → {short_time(seg.end_ms)}]  ", self._ts_format)
            cursor.insertText(seg.text, self._text_format)
            self._segments.append(seg)
        cursor.endEditBlock()
        if at_end:  # keep following the newest line unless the user scrolled up to read
            bar.setValue(bar.maximum())

    def segment_count(self) -> int:
        return len(self._segments)

    def plain_text(self) -> str:
        """The transcript as reading text: sentences joined, no timestamps."""
        return "".join(s.text for s in self._segments)

    def copy_all(self) -> None:
        text = self.plain_text()
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(len(text))

    def set_exportable(self, exportable: bool) -> None:
        """Export needs the finished transcript; copying works on the text so far."""
        self._exportable = exportable
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_text = bool(self._segments)
        self.copy_button.setEnabled(has_text)
        self.export_button.setEnabled(has_text and self._exportable)
