"""What the recorder captures: Microphone / System audio / Both (an online meeting: the remote participants come
out of the speakers), remembered in "recorder/source", with a level meter per source while both are recorded.

The panel (desktop/recorder/panel.py) places the bar, asks `source()` at each Record press and hands each status's
per-channel levels to `set_levels`. Where the system audio cannot be captured, the recorder's RecorderError says
why and what to do (models/capture/loopback.py) and the panel shows it like any other start error.
"""
from __future__ import annotations

from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from models.options import DEFAULT_SOURCE, SOURCES

SETTING = "recorder/source"


class SourceBar(QWidget):
    """The source choice and, for "both", one meter per source (the panel's meter shows their mix)."""

    def __init__(self, settings: Any, make_meter: Callable[[QWidget], QWidget], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.combo = QComboBox()
        names = {"mic": self.tr("Microphone"), "system": self.tr("System audio"),
                 "both": self.tr("Microphone + system audio")}
        for key in SOURCES:
            self.combo.addItem(names[key], key)
        self.combo.setToolTip(self.tr("System audio is what this computer plays: the other participants of an "
                                      "online meeting. Both records each on its own channel, and the transcript "
                                      "labels their sentences “我” and “对方”."))
        saved = str(settings.value(SETTING, DEFAULT_SOURCE) or DEFAULT_SOURCE)
        self.combo.setCurrentIndex(max(0, self.combo.findData(saved if saved in SOURCES else DEFAULT_SOURCE)))
        self.mic_label, self.system_label = QLabel(self.tr("Microphone")), QLabel(self.tr("System audio"))
        self.mic_meter, self.system_meter = make_meter(self), make_meter(self)
        self.mic_meter.setAccessibleName(self.tr("Microphone level"))
        self.system_meter.setAccessibleName(self.tr("System audio level"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Record:")))
        row.addWidget(self.combo)
        for w in (self.mic_label, self.mic_meter, self.system_label, self.system_meter):
            row.addWidget(w, 1 if w in (self.mic_meter, self.system_meter) else 0)
        row.addStretch(0)
        self.combo.currentIndexChanged.connect(self._changed)
        self.show_meters(False)

    def source(self) -> str:
        return str(self.combo.currentData())

    def show_meters(self, on: bool) -> None:
        """Per-source meters while both are recorded; the choice is locked while recording."""
        for w in (self.mic_label, self.mic_meter, self.system_label, self.system_meter):
            w.setVisible(on)

    def set_recording(self, recording: bool) -> None:
        self.combo.setEnabled(not recording)
        self.show_meters(recording and self.source() == "both")
        if not recording:
            for m in (self.mic_meter, self.system_meter):
                m.reset()

    def set_levels(self, levels: tuple[tuple[float, float], ...]) -> None:
        """(rms, peak) per channel from RecorderStatus.levels (1: microphone, 2: system audio)."""
        if len(levels) >= 2:
            self.mic_meter.set_level(*levels[0])
            self.system_meter.set_level(*levels[1])

    @Slot(int)
    def _changed(self, _index: int) -> None:
        setter = getattr(self.settings, "set_value", None) or getattr(self.settings, "setValue", None)
        if setter is not None:
            setter(SETTING, self.source())
