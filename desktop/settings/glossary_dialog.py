"""Edit a glossary file: the plain text, a short help, checked with models.text.glossary.parse.

Saving checks the whole file first: a bad line (an invalid regex, a term missing before ":") is named with its
line number, the cursor is put on it and the text is kept, so nothing typed is lost. A good file is written
atomically (temp file + rename), so the worker never reads half of it; the next file transcribed uses it.
"""
from __future__ import annotations

import logging
from pathlib import Path

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout,
                               QWidget)

from models.core.errors import TingxieError
from models.text.glossary import Glossary, GlossaryError, parse

log = logging.getLogger("tingxie.settings")

EXAMPLE = "Tingxie: 听写, 厅谢\n达摩院\nre: 第(\\d+)期 => 第\\1期\n!not: 上下文\n"


class GlossaryDialog(QDialog):
    saved = Signal(str)  # the path written

    def __init__(self, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path).expanduser()
        self.setWindowTitle(self.tr("Glossary"))
        self.resize(640, 520)

        where = QLabel(self.tr("File: %1").replace("%1", str(self.path)))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        help_text = QLabel(self._help())
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: palette(mid);")
        self.edit = QPlainTextEdit()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setFamilies([font.family(), "Noto Sans Mono CJK SC", "Noto Sans CJK SC"])
        self.edit.setFont(font)
        self.edit.setPlaceholderText(EXAMPLE)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.check_button = QPushButton(self.tr("Check"))
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.clicked.connect(lambda: self.check(move_cursor=True))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(help_text)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

        self._timer = QTimer(self)  # check while typing, once the user pauses
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self.check)
        self.load()
        self.edit.textChanged.connect(self._timer.start)

    def _help(self) -> str:
        return self.tr("One entry per line. \"Term: alias, alias\" replaces the aliases, and words that sound like "
                       "the term (pinyin, tones ignored), with the term. A term alone fixes sound-alikes. "
                       "\"re: PATTERN => REPLACEMENT\" is a regular expression rule. \"!not: word\" keeps text "
                       "around that word unchanged. \"#\" starts a comment. A file named tingxie-glossary.txt in "
                       "an audio file's folder is used after this one and wins.")

    # -- file ---------------------------------------------------------------------------------------------------
    def load(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            self.edit.setPlainText("")
            self._show("", ok=True)
            return
        except OSError as e:
            self._show(self.tr("Cannot read the file: %1").replace("%1", e.strerror or str(e)), ok=False)
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            self._show(self.tr("The file is not UTF-8 text; characters that cannot be read are replaced. Saving "
                               "writes UTF-8."), ok=False)
            self.edit.setPlainText(text)
            return
        self.edit.setPlainText(text)
        self.check()

    def text(self) -> str:
        return self.edit.toPlainText()

    def check(self, move_cursor: bool = False) -> Glossary | None:
        """Parse the text; show what it holds or its first bad line. None when it is not valid."""
        self._timer.stop()
        try:
            glossary = parse(self.text(), str(self.path))
        except GlossaryError as e:
            self._show(self.tr("Line %1: %2").replace("%1", str(e.line)).replace("%2", _reason(e)), ok=False)
            if move_cursor and e.line:
                self._go_to_line(e.line)
            return None
        self._show(self.tr("%1 terms, %2 rules").replace("%1", str(len(glossary.terms)))
                   .replace("%2", str(len(glossary.rules))), ok=True)
        return glossary

    def save(self) -> bool:
        """Write the file if it is valid (atomically); keep the dialog open, with the text, if not."""
        if self.check(move_cursor=True) is None:
            return False
        from models.core.atomic import atomic_write

        text = self.text()
        if text and not text.endswith("\n"):
            text += "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, text.encode("utf-8"))
        except (OSError, TingxieError) as e:
            log.warning("saving the glossary failed: %s", e)
            self._show(self.tr("Cannot save: %1").replace("%1", str(e)), ok=False)
            return False
        log.info("glossary saved: %s", self.path)
        self.saved.emit(str(self.path))
        self.accept()
        return True

    # -- helpers ------------------------------------------------------------------------------------------------
    def _show(self, message: str, ok: bool) -> None:
        self.problem.setText(message)
        self.problem.setStyleSheet("" if ok else "color: #b3261e;")
        self.problem.setProperty("ok", ok)

    def _go_to_line(self, line: int) -> None:
        block = self.edit.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        cursor.select(QTextCursor.SelectionType.LineUnderCursor)
        self.edit.setTextCursor(cursor)
        self.edit.setFocus()


def _reason(e: GlossaryError) -> str:
    """The error without its "Glossary <file>:<line>: " prefix (the dialog shows the file above)."""
    text = str(e)
    prefix = f"Glossary {e.path}:{e.line}: " if e.line else f"Glossary {e.path}: "
    return text[len(prefix):] if text.startswith(prefix) else text
