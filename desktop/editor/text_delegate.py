"""The sentence text column: inline editing that autosaves, and glossary replacements painted with a background.

Only rows on screen are painted; a row without replacements is painted by Qt as usual.
"""
from __future__ import annotations

import desktop.common.qtfix  # noqa: F401  (PySide 6.12 None/True refcount bugs: before any Qt call)

import itertools
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget


class EditorLike(Protocol):
    """What the delegate needs of the editor (desktop.editor.editor_widget.TranscriptEditor)."""

    model: Any  # SentenceModel
    line_edit: QLineEdit | None

    def save_text(self, row: int, text: str, merge_key: str = "") -> None: ...

AUTOSAVE_MS = 600  # a typing pause this long saves the draft: an edit is on disk within a second
REPLACED = QColor(190, 236, 190)  # glossary replacements: soft green under the characters (yellow: playing)
_sessions = itertools.count()


class TextDelegate(QStyledItemDelegate):
    """Inline QLineEdit that autosaves while the user types (one undo step per editing session)."""

    def __init__(self, editor: EditorLike, parent: QWidget) -> None:
        super().__init__(parent)
        self.owner = editor

    def createEditor(self, parent: QWidget, option: object, index: QModelIndex) -> QWidget:
        line = QLineEdit(parent)
        row, key = index.row(), f"typing-{next(_sessions)}"
        timer = QTimer(line, singleShot=True, interval=AUTOSAVE_MS)
        timer.timeout.connect(lambda: self.owner.save_text(row, line.text(), key))
        line.textEdited.connect(lambda _t: timer.start())
        line.setProperty("merge_key", key)
        self.owner.line_edit = line
        return line

    def setModelData(self, editor: QWidget, model: object, index: QModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        self.owner.save_text(index.row(), editor.text(), str(editor.property("merge_key")))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        spans = self.owner.model.replacements(index.row())
        match = self.owner.model.match
        match = match[1:] if match is not None and match[0] == index.row() and not self.owner.model.show_original \
            else None
        if not spans and match is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        # Rectangles from font metrics, then the text: QTextLayout.FormatRange's setters drop a reference to None
        # in PySide6 6.12 (the interpreter aborts after a few thousand paints).
        fm = QFontMetricsF(opt.font)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
        x0 = rect.x() + margin
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setClipRect(rect)
        for r in spans:
            left = fm.horizontalAdvance(text[:r.start])
            width = fm.horizontalAdvance(text[r.start:r.end])
            painter.fillRect(QRectF(x0 + left, rect.y() + 2, width, rect.height() - 4), REPLACED)
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(role))
        box = QRectF(x0, rect.y(), rect.width() - margin, rect.height())
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(box, align, text)
        if match is not None:  # Find's match as selected text: highlight under it, highlighted text over it
            off, n = match
            hit = QRectF(x0 + fm.horizontalAdvance(text[:off]), rect.y() + 1, fm.horizontalAdvance(text[off:off + n]),
                         rect.height() - 2)
            painter.setClipRect(hit.intersected(QRectF(rect)))
            painter.fillRect(hit, opt.palette.color(QPalette.ColorRole.Highlight))
            painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText))
            painter.drawText(box, align, text)
        painter.restore()
