"""Dialogs for changing a finished transcript: what the text steps would change (with the user's corrections
listed apart), and the corrections a re-transcription could not carry over. Window-modal, never blocking."""
from __future__ import annotations

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from models.core.textfmt import clock
from models.revise.carry import CarryReport
from models.revise.text import Change, TextPlan


def _table(parent: QWidget, headers: list[str], rows: list[list[str]]) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers), parent)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setWordWrap(False)  # one line a sentence; the whole text is in the tooltip
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            item = QTableWidgetItem(v)
            item.setToolTip(v)
            t.setItem(r, c, item)
    hh = t.horizontalHeader()
    hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    for c in range(1, len(headers)):
        hh.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
    return t


class TextStepsDialog(QDialog):
    """"Apply glossary, numbers and script to this transcript": how many sentences change, and the user's
    corrections the steps would change, which change only when the box is ticked."""

    def __init__(self, plan: TextPlan, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Apply text settings to %1").replace("%1", name))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        lay = QVBoxLayout(self)
        summary = QLabel(self.tr("The glossary, numbers and script settings change %n sentence(s) you have not "
                                 "corrected. Nothing is transcribed again, and this is one step you can undo "
                                 "(Ctrl+Z).", "", len(plan.changed)))
        summary.setWordWrap(True)
        lay.addWidget(summary)
        self.changed_table = _table(self, [self.tr("Time"), self.tr("Now"), self.tr("After")],
                                    _rows(plan.changed))
        lay.addWidget(self.changed_table, 1)
        self.corrections = QCheckBox(self.tr("Also apply to my corrections (%n sentence(s), listed below)", "",
                                             len(plan.corrections)))
        self.corrections_table = _table(self, [self.tr("Time"), self.tr("Your correction"), self.tr("Would become")],
                                        _rows(plan.corrections))
        if plan.corrections:
            note = QLabel(self.tr("Sentences you corrected keep your text unless you tick the box."))
            note.setWordWrap(True)
            lay.addWidget(note)
            lay.addWidget(self.corrections)
            lay.addWidget(self.corrections_table, 1)
        else:
            self.corrections.hide()
            self.corrections_table.hide()
        for e in plan.errors:
            warn = QLabel(e)
            warn.setWordWrap(True)
            warn.setStyleSheet("color: #a33;")
            lay.addWidget(warn)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(760, 480)

    @property
    def with_corrections(self) -> bool:
        return self.corrections.isChecked()


class CarriedDialog(QDialog):
    """After a file was transcribed again: the corrections that could not be put into the new sentences."""

    def __init__(self, report: CarryReport, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Corrections in %1").replace("%1", name))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        lay = QVBoxLayout(self)
        text = QLabel(self.tr("%1 was transcribed again. %2 of your corrections were carried over to the new "
                              "sentences (undo with Ctrl+Z). These %3 could not be (the list says why); redo them by "
                              "hand. The old transcript with all of them stays "
                              "in History.").replace("%1", name).replace("%2", str(len(report.carried)))
                      .replace("%3", str(len(report.left))))
        text.setWordWrap(True)
        lay.addWidget(text)
        self.table = _table(self, [self.tr("Time"), self.tr("Your correction"), self.tr("Why")],
                            [[clock(x.start_ms / 1000), x.text, self.reason(x.reason)] for x in report.left])
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(720, 380)

    def reason(self, reason: str) -> str:
        return {"no new sentence at that time": self.tr("No new sentence at that time"),
                "the new transcript has one sentence for several corrections":
                    self.tr("One new sentence for several corrections"),
                "the new sentences are cut differently there": self.tr("The new sentences are cut differently there"),
                "that sentence was corrected already": self.tr("That sentence was corrected already")}.get(reason, reason)


def _rows(changes: list[Change]) -> list[list[str]]:
    return [[clock(c.start_ms / 1000), c.old, c.new] for c in changes]
