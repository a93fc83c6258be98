"""The recorder's input level meter: a horizontal dBFS bar (RMS and peak) with a held peak line.

The owner (desktop/recorder/panel.py) calls set_level() once per status poll; `tick_ms` is that poll interval, so the
peak hold lasts the same 1.5 s whatever the poll rate.
"""
from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

METER_FLOOR_DB = -60.0


def _db(x: float) -> float:
    return max(METER_FLOOR_DB, 20 * math.log10(x)) if x > 0 else METER_FLOOR_DB


class LevelMeter(QWidget):
    """Horizontal dBFS meter: RMS bar, peak line with a 1.5 s hold, red from -3 dBFS."""

    def __init__(self, parent: QWidget | None = None, *, tick_ms: int) -> None:
        super().__init__(parent)
        self.rms_db = self.peak_db = self.hold_db = METER_FLOOR_DB
        self._hold_ticks = 0
        self._tick_ms = tick_ms  # how often the owner calls set_level(): the peak hold counts these ticks
        self.setMinimumSize(120, 14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Input level"))

    def sizeHint(self) -> QSize:
        return QSize(240, 16)

    def set_level(self, rms: float, peak: float) -> None:
        # Fall back by at most 1.5 dB per tick so the bar does not flicker; rise at once.
        self.rms_db = max(_db(rms), self.rms_db - 1.5)
        self.peak_db = max(_db(peak), self.peak_db - 1.5)
        if self.peak_db >= self.hold_db or self._hold_ticks <= 0:
            self.hold_db, self._hold_ticks = self.peak_db, int(1500 / self._tick_ms)
        else:
            self._hold_ticks -= 1
        self.update()

    def reset(self) -> None:
        self.rms_db = self.peak_db = self.hold_db = METER_FLOOR_DB
        self.update()

    def _x(self, db: float, width: float) -> float:
        return width * (db - METER_FLOOR_DB) / -METER_FLOOR_DB

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        p = QPainter(self)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.fillRect(r, self.palette().base())
        w = r.width()
        for lo, hi, color in ((METER_FLOOR_DB, -12, "#3c9a3c"), (-12, -3, "#d6a21e"), (-3, 0, "#d03a2f")):
            top = min(self.peak_db, hi)
            if top > lo:
                x0, x1 = self._x(lo, w), self._x(top, w)
                p.fillRect(QRectF(r.left() + x0, r.top(), x1 - x0, r.height()), QColor(color).lighter(150))
            top = min(self.rms_db, hi)
            if top > lo:
                x0, x1 = self._x(lo, w), self._x(top, w)
                p.fillRect(QRectF(r.left() + x0, r.top(), x1 - x0, r.height()), QColor(color))
        if self.hold_db > METER_FLOOR_DB:
            x = r.left() + self._x(self.hold_db, w)
            p.fillRect(QRectF(x - 1, r.top(), 2, r.height()), self.palette().text())
        p.setPen(self.palette().mid().color())
        p.drawRect(r)
