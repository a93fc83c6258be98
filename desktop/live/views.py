"""What live captions look like: two lines in the recorder panel, and the optional always-on-top caption strip.

Both only show (text, is_final) lines handed to them in the GUI thread (desktop/live/controller.py polls the
session): final sentences in the normal colour, streaming text lighter; a final sentence replaces the streaming
line in place.
"""
from __future__ import annotations

from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

FINAL_COLOR = "palette(window-text)"
STREAM_COLOR = "#8a8f94"  # lighter: the streaming words may still change
STRIP_FINAL = "#ffffff"
STRIP_STREAM = "#b8c4cc"
STRIP_POINT_SIZE = 22


class LineLabel(QLabel):
    """One caption line: the end of a long line stays visible (elided at the start)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = ""
        self.final = True
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_line(self, text: str, final: bool, colors: tuple[str, str] = (FINAL_COLOR, STREAM_COLOR)) -> None:
        self.full, self.final = text, final
        self.setStyleSheet(f"color: {colors[0] if final else colors[1]};")
        self._elide()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(40, self.width() - 4)
        self.setText(self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideLeft, width))
        self.setToolTip(self.full if self.text() != self.full else "")


def split_lines(lines: list[tuple[str, bool]]) -> tuple[str, str]:
    """(the last final sentence, the streaming text) of the lines a session shows."""
    finals = [t for t, final in lines if final]
    streaming = [t for t, final in lines if not final]
    return (finals[-1] if finals else ""), (streaming[-1] if streaming else "")


class LiveLines(QFrame):
    """Two caption lines and a status line in the recorder panel; hidden while there is nothing to show."""

    strip_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("live-lines")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.rows = [LineLabel(self), LineLabel(self)]
        font = self.rows[0].font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        for row in self.rows:
            row.setFont(font)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #8a5a00;")
        self.strip_button = QToolButton(self)
        self.strip_button.setText(self.tr("Caption strip"))
        self.strip_button.setCheckable(True)
        self.strip_button.setToolTip(self.tr("Show the captions in a large always-on-top strip you can move "
                                             "anywhere on the screen"))
        self.strip_button.toggled.connect(self.strip_toggled)
        head = QHBoxLayout()
        title = QLabel(self.tr("Live captions"), self)
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        head.addWidget(title)
        head.addWidget(self.status, 1)
        head.addWidget(self.strip_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(head)
        for row in self.rows:
            layout.addWidget(row)
        self.hide()

    def show_lines(self, lines: list[tuple[str, bool]], status: str, active: bool) -> None:
        """lines: the last (text, is_final) lines (at most two); status: catching up / a hint; active: a live
        recording is running or finishing (shown then, and while its last lines are still there)."""
        padded = ([("", True)] * 2 + list(lines))[-2:]
        for row, (text, final) in zip(self.rows, padded):
            row.set_line(text, final)
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.setVisible(active or any(t for t, _ in lines))

    def texts(self) -> list[tuple[str, bool]]:
        return [(r.full, r.final) for r in self.rows]


class CaptionStrip(QWidget):
    """A frameless always-on-top window: the last final sentence above the streaming line, large. Dragged
    anywhere with the mouse; `moved` says where it was left (the window remembers it)."""

    moved = Signal(QPoint)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("caption-strip")
        self.setWindowTitle(self.tr("Live captions"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#caption-strip { background: rgba(20, 24, 28, 235); border-radius: 8px; }")
        font = QFont(self.font())
        font.setPointSize(STRIP_POINT_SIZE)
        self.final_line, self.stream_line = LineLabel(self), LineLabel(self)
        for row in (self.final_line, self.stream_line):
            row.setFont(font)
        close = QToolButton(self)
        close.setText("×")
        close.setToolTip(self.tr("Hide the caption strip"))
        close.setStyleSheet("color: #d0d6da; border: none; font-size: 16pt;")
        close.clicked.connect(self.hide)
        close.clicked.connect(self.closed)
        rows = QVBoxLayout()
        rows.addWidget(self.final_line)
        rows.addWidget(self.stream_line)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 8, 8)
        layout.addLayout(rows, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.resize(900, 2 * self.final_line.fontMetrics().height() + 30)
        self._grab: QPoint | None = None
        self.show_lines([])

    def show_lines(self, lines: list[tuple[str, bool]]) -> None:
        final, streaming = split_lines(lines)
        self.final_line.set_line(final, True, (STRIP_FINAL, STRIP_STREAM))
        self.stream_line.set_line(streaming, False, (STRIP_FINAL, STRIP_STREAM))

    def texts(self) -> tuple[str, str]:
        return self.final_line.full, self.stream_line.full

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        if event.button() == Qt.MouseButton.LeftButton:
            self._grab = event.globalPosition().toPoint() - self.frameGeometry().topLeft()
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._grab is not None:
            self.move(event.globalPosition().toPoint() - self._grab)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._grab is not None:
            self._grab = None
            self.moved.emit(self.pos())
            event.accept()
