"""Find and replace in one transcript: Ctrl+F, next/previous, match count, replace/replace all."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


def find_all(texts: list[str], query: str) -> list[tuple[int, int]]:
    """(row, offset) of every match, case-insensitive for Latin letters."""
    q = query.lower()
    out: list[tuple[int, int]] = []
    if not q:
        return out
    for row, t in enumerate(texts):
        low, at = t.lower(), t.lower().find(q)
        while at >= 0:
            out.append((row, at))
            at = low.find(q, at + len(q))
    return out


class FindBar(QWidget):
    match_chosen = Signal(int, int, int)  # row, offset, length
    replace_requested = Signal(int, int, int, str)  # row, offset, length, replacement
    replace_all_requested = Signal(str, str)  # query, replacement
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.query = QLineEdit(placeholderText=self.tr("Find"), clearButtonEnabled=True)
        self.replacement = QLineEdit(placeholderText=self.tr("Replace with"))
        self.count = QLabel()
        self.prev = QToolButton(text=self.tr("Previous"), toolTip=self.tr("Previous match (Shift+F3)"))
        self.next = QToolButton(text=self.tr("Next"), toolTip=self.tr("Next match (F3)"))
        self.replace = QToolButton(text=self.tr("Replace"))
        self.replace_all = QToolButton(text=self.tr("Replace all"))
        self.close_button = QToolButton(text="×", toolTip=self.tr("Close (Esc)"))
        for w in (self.query, self.count, self.prev, self.next, self.replacement, self.replace, self.replace_all,
                  self.close_button):
            row.addWidget(w)
        self.texts: list[str] = []
        self.matches: list[tuple[int, int]] = []
        self.at = -1
        self.query.textChanged.connect(lambda _: self.refresh(self.texts))
        self.query.returnPressed.connect(lambda: self.step(1))
        self.next.clicked.connect(lambda: self.step(1))
        self.prev.clicked.connect(lambda: self.step(-1))
        self.replace.clicked.connect(self._replace_one)
        self.replace_all.clicked.connect(
            lambda: self.query.text() and self.replace_all_requested.emit(self.query.text(), self.replacement.text()))
        self.close_button.clicked.connect(self.closed)

    def refresh(self, texts: list[str]) -> None:
        """Recount the matches in the transcript's current texts."""
        self.texts = texts
        self.matches = find_all(texts, self.query.text())
        self.at = min(self.at, len(self.matches) - 1)
        self._show_count()

    def step(self, direction: int) -> None:
        if not self.matches:
            return
        self.at = (self.at + direction) % len(self.matches)
        row, off = self.matches[self.at]
        self._show_count()
        self.match_chosen.emit(row, off, len(self.query.text()))

    def _replace_one(self) -> None:
        if not self.matches:
            return
        if self.at < 0:
            self.step(1)
        row, off = self.matches[self.at]
        self.replace_requested.emit(row, off, len(self.query.text()), self.replacement.text())

    def _show_count(self) -> None:
        n = len(self.matches)
        self.count.setText(self.tr("%1 of %2").replace("%1", str(self.at + 1)).replace("%2", str(n)) if n and
                           self.at >= 0 else self.tr("%n match(es)", "", n) if self.query.text() else "")
