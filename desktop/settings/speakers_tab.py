"""The settings dialog's "Speakers" tab: who said what, for files added without a choice of their own.

Off / automatic (the count is found between a minimum and a maximum) / exactly N speakers, and whether recordings
find speakers automatically while files do not. A line says whether the CAM++ speaker model is installed (a stat
of its folder; no network). Per file, the queue's context menu overrides this (desktop/window/speaker_menu.py).
"""
from __future__ import annotations

from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop.settings.store import Key, Settings
from models.speakers.options import MAX_SPEAKERS


def speaker_model_ready(model_store: Any = None) -> bool:
    """Whether a CAM++ model ("spk", or "spk-onnx" of the CPU set) is installed and complete
    (models.store.manager.ModelStore.status)."""
    from models.core.registry import MODELS
    from models.store.manager import ModelStore

    try:
        store = model_store or ModelStore()
        return any(bool(store.status(MODELS[k]).ready) for k in ("spk-onnx", "spk"))
    except Exception:  # noqa: BLE001 - a hint only: an unreadable cache reads as "not installed"
        return False


class SpeakersTab(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None, *, model_store: Any = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._model_store = model_store
        form = QFormLayout(self)
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Off"), "off")
        self.mode.addItem(self.tr("Automatic (find how many)"), "auto")
        self.mode.addItem(self.tr("Exactly this many:"), "fixed")
        self.mode.setToolTip(self.tr("Label each sentence with its speaker (说话人1, 说话人2 …); rename them in the "
                                     "editor"))
        self.count = QSpinBox()
        self.count.setRange(1, MAX_SPEAKERS)
        self.count.setSuffix(self.tr(" speakers"))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.mode, 1)
        line.addWidget(self.count)
        form.addRow(self.tr("Speakers:"), row)

        self.min_n = QSpinBox()
        self.max_n = QSpinBox()
        for spin in (self.min_n, self.max_n):
            spin.setRange(1, MAX_SPEAKERS)
        self.min_n.valueChanged.connect(lambda v: self.max_n.setValue(max(v, self.max_n.value())))
        self.max_n.valueChanged.connect(lambda v: self.min_n.setValue(min(v, self.min_n.value())))
        bounds = QWidget()
        line = QHBoxLayout(bounds)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel(self.tr("at least")))
        line.addWidget(self.min_n)
        line.addWidget(QLabel(self.tr("at most")))
        line.addWidget(self.max_n)
        line.addStretch(1)
        self.bounds = bounds
        form.addRow(self.tr("Automatic count:"), bounds)

        self.recordings = QCheckBox(self.tr("Recordings find speakers automatically, even when files do not"))
        form.addRow("", self.recordings)
        self.model_line = QLabel()
        self.model_line.setWordWrap(True)
        form.addRow(self.model_line)
        note = QLabel(self.tr("For one file: right-click it in the queue ▸ Speakers. Turning speakers on for a "
                              "file that was partly transcribed without them starts it over."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        form.addRow(note)
        self.mode.currentIndexChanged.connect(self._enable)

    def _enable(self) -> None:
        mode = self.mode.currentData()
        self.count.setEnabled(mode == "fixed")
        self.bounds.setEnabled(mode == "auto")

    def show_model_state(self) -> None:
        if speaker_model_ready(self._model_store):
            self.model_line.setText(self.tr("The speaker model (CAM++) is installed."))
            self.model_line.setStyleSheet("color: palette(mid);")
        else:
            from models.core.registry import MODELS

            self.model_line.setText(self.tr("Speakers need the speaker model (CAM++, about %1 MB): download it in "
                                            "Models… (Ctrl+M) before transcribing with speakers.")
                                    .replace("%1", str(MODELS["spk"].size_mb)))
            self.model_line.setStyleSheet("color: #b35900;")

    # -- load / save --------------------------------------------------------------------------------------------
    def load(self) -> None:
        s = self.settings
        opts = s.speaker_options()  # clamped and checked: what a run would use
        i = self.mode.findData(opts.mode)
        self.mode.setCurrentIndex(max(0, i))
        self.count.setValue(opts.n if opts.mode == "fixed" else max(1, min(MAX_SPEAKERS, s.value(Key.SPEAKERS_N))))
        self.max_n.setValue(opts.max_n)
        self.min_n.setValue(opts.min_n)
        self.recordings.setChecked(s.value(Key.SPEAKERS_RECORDINGS))
        self._enable()
        self.show_model_state()

    def values(self) -> dict[Key, object]:
        return {Key.SPEAKERS: self.mode.currentData(), Key.SPEAKERS_N: self.count.value(),
                Key.SPEAKERS_MIN: self.min_n.value(), Key.SPEAKERS_MAX: self.max_n.value(),
                Key.SPEAKERS_RECORDINGS: self.recordings.isChecked()}
