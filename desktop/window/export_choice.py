"""Export's own choice of formats: a small dialog with a checkbox per format, preset from the last choice (at
first from Settings → Export). The automatic export when a file is done keeps the Settings formats."""
from __future__ import annotations

import json

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.settings.store import Settings, UiState
from models.options import FORMATS, MINUTES_FORMATS

LAST = "last/export_formats"  # UiState: the formats last chosen in this dialog


class ExportChoiceDialog(QDialog):
    def __init__(self, chosen: list[str], count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        intro = QLabel(self.tr("Write %n finished transcript(s), with your corrections, as:", "", count))
        row = QHBoxLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for fmt in FORMATS:
            cb = QCheckBox(fmt.upper())
            cb.setChecked(fmt in chosen)
            if fmt in MINUTES_FORMATS:
                cb.setToolTip(self.tr("Meeting minutes: title, date, duration, participants, then one paragraph "
                                      "per speaker turn"))
            cb.toggled.connect(self._update)
            self.boxes[fmt] = cb
            row.addWidget(cb)
        note = QLabel(self.tr("The automatic export when a file is done uses the formats in Settings."))
        note.setStyleSheet("color: #7f8c8d;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(row)
        lay.addWidget(note)
        lay.addWidget(self.buttons)
        self._update()

    def formats(self) -> list[str]:
        return [f for f, cb in self.boxes.items() if cb.isChecked()]

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.formats()))


def preset(settings: Settings, ui_state: UiState) -> list[str]:
    """The last choice made here, else the formats in Settings."""
    try:
        last = json.loads(ui_state.text(LAST, ""))
    except ValueError:
        last = None
    chosen = [f for f in last if f in FORMATS] if isinstance(last, list) else []
    return chosen or settings.export_formats()


def ask_formats(parent: QWidget | None, settings: Settings, ui_state: UiState, count: int) -> list[str] | None:
    """The formats to write (remembered for next time); None when cancelled."""
    dlg = ExportChoiceDialog(preset(settings, ui_state), count, parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    ui_state.set(LAST, json.dumps(dlg.formats()))
    return dlg.formats()
