"""Transport bar: play/pause, back/forward 5 s, loop the sentence, speed, seek bar with time."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from desktop.editor.player import RATES
from models.core.textfmt import clock


class TransportBar(QWidget):
    play_toggled = Signal()
    skipped = Signal(int)  # ms, negative = back
    seeked = Signal(int)  # ms
    rate_chosen = Signal(float)
    loop_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.play = QToolButton(text=self.tr("Play"), toolTip=self.tr("Play / pause (Ctrl+Space)"))
        self.back = QToolButton(text=self.tr("−5 s"), toolTip=self.tr("Back 5 seconds (Alt+Left)"))
        self.forward = QToolButton(text=self.tr("+5 s"), toolTip=self.tr("Forward 5 seconds (Alt+Right)"))
        self.loop = QToolButton(text=self.tr("Loop"), toolTip=self.tr("Loop the current sentence (Ctrl+L)"),
                                checkable=True)
        self.seek = QSlider(Qt.Orientation.Horizontal, toolTip=self.tr("Position"))
        self.time = QLabel("00:00 / 00:00")
        self.speed = QComboBox(toolTip=self.tr("Playback speed (pitch kept)"))
        for r in RATES:
            self.speed.addItem(f"{r:g}×", r)
        self.speed.setCurrentIndex(RATES.index(1.0))
        for w in (self.play, self.back, self.forward, self.loop):
            row.addWidget(w)
        row.addWidget(self.seek, 1)
        row.addWidget(self.time)
        row.addWidget(self.speed)
        self.play.clicked.connect(self.play_toggled)
        self.back.clicked.connect(lambda: self.skipped.emit(-5000))
        self.forward.clicked.connect(lambda: self.skipped.emit(5000))
        self.loop.toggled.connect(self.loop_toggled)
        self.seek.sliderMoved.connect(self.seeked)
        self.speed.currentIndexChanged.connect(lambda i: self.rate_chosen.emit(float(self.speed.itemData(i))))
        self._duration = 0

    def set_duration(self, ms: int) -> None:
        self._duration = ms
        self.seek.setRange(0, max(0, ms))
        self.set_position(self.seek.value())  # the length is shown at once, not at the next position

    def set_position(self, ms: int) -> None:
        if not self.seek.isSliderDown():
            self.seek.setValue(ms)
        self.time.setText(f"{clock(ms / 1000, pad=True)} / {clock(self._duration / 1000, pad=True)}")

    def set_playing(self, playing: bool) -> None:
        self.play.setText(self.tr("Pause") if playing else self.tr("Play"))

    def step_rate(self, up: bool) -> None:
        i = self.speed.currentIndex() + (1 if up else -1)
        self.speed.setCurrentIndex(min(max(0, i), self.speed.count() - 1))
