"""The strip above the transcript that shows which speakers were recognised from known voices (each one a
button: the score in its tooltip, a click undoes the match) and what a correction just taught (with Undo)."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from desktop.voices.editor_voices import job_uid, undo_lesson, undo_match
from models.voices.library import Lesson
from models.voices.match import MATCH_THRESHOLD, Match
from models.voices.matches import MatchBook


class VoiceBar(QWidget):
    """editor: a VoiceEditor (desktop/voices/editor_voices.py)."""

    def __init__(self, editor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.lessons: list[Lesson] = []
        self.buttons: dict[int, QToolButton] = {}
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        self.title = QLabel(self.tr("Recognised voices:"), self)
        lay.addWidget(self.title)
        self.row = QHBoxLayout()
        lay.addLayout(self.row)
        lay.addStretch(1)
        self.learnt = QLabel(self)
        lay.addWidget(self.learnt)
        self.undo_learnt = QToolButton(self)
        self.undo_learnt.setText(self.tr("Undo"))
        self.undo_learnt.setToolTip(self.tr("Put the voice back as it was before this correction"))
        self.undo_learnt.clicked.connect(self.undo_last_lesson)
        lay.addWidget(self.undo_learnt)
        self.refresh()

    def matches(self) -> dict[int, Match]:
        """The job's matches whose name the speaker still has."""
        uid = job_uid(self.editor) if self.editor.job_id is not None else ""
        if not uid:
            return {}
        names = self.editor.model.names
        return {k: m for k, m in MatchBook.open_default().of(uid).items() if names.get(k) == m.name}

    def refresh(self) -> None:
        for b in self.buttons.values():
            b.deleteLater()
        self.buttons = {}
        found = self.matches()
        for k, m in sorted(found.items()):
            b = QToolButton(self)
            b.setText(f"{m.name} ✓")
            b.setToolTip(self.tr("%1 was recognised from the known voices (score %2; names are given from %3). "
                                 "Click to undo: back to %4.").replace("%1", m.name).replace(
                "%2", f"{m.score:.2f}").replace("%3", f"{MATCH_THRESHOLD:.2f}").replace("%4", f"说话人{k + 1}"))
            b.clicked.connect(self._undo(k))
            self.row.addWidget(b)
            self.buttons[k] = b
        self.title.setVisible(bool(found))
        if self.lessons:
            self.learnt.setText(self.tr("Learnt more of %1's voice from this transcript").replace(
                "%1", self.lessons[-1].name) if self.lessons[-1].before is not None else
                self.tr("Remembered %1's voice").replace("%1", self.lessons[-1].name))
        self.learnt.setVisible(bool(self.lessons))
        self.undo_learnt.setVisible(bool(self.lessons))
        self.setVisible(bool(found) or bool(self.lessons))

    def _undo(self, label: int) -> Callable[[], None]:
        def go() -> None:
            undo_match(self.editor, label)
            self.refresh()
        return go

    def add_lesson(self, lesson: Lesson) -> None:
        self.lessons.append(lesson)
        self.refresh()

    def undo_last_lesson(self) -> None:
        if self.lessons:
            undo_lesson(self.lessons.pop())
        self.refresh()

    def job_changed(self) -> None:
        self.lessons = []
        self.refresh()
