"""A small stderr progress bar with ETA for the CLI (a TTY redraws in place; a log/pipe gets a line per 10 %)."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from models.core.textfmt import clock, size_text


class ProgressBar:
    def __init__(self, label: str, total: float, unit: str = "s", stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(total, 1e-9)
        self.unit = unit
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.t0 = time.monotonic()
        self._last_decile = -1
        self._last_draw = 0.0

    def eta(self, done: float) -> float | None:
        elapsed = time.monotonic() - self.t0
        if done <= 0 or elapsed < 0.5:
            return None
        return elapsed * (self.total - done) / done

    def update(self, done: float, force: bool = False) -> None:
        frac = min(1.0, max(0.0, done / self.total))
        now = time.monotonic()
        if self.tty:
            if not force and now - self._last_draw < 0.2:
                return
            self._last_draw = now
            width = 28
            filled = int(frac * width)
            eta = self.eta(done)
            amount = (f"{size_text(done)}/{size_text(self.total)}" if self.unit == "B"
                      else f"{clock(done, pad=True)}/{clock(self.total, pad=True)}")
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {frac:4.0%} {amount}"
                              f" ETA {clock(eta, pad=True) if eta is not None else '--:--'} ")
            self.stream.flush()
        else:
            decile = int(frac * 10)
            if decile > self._last_decile:
                self._last_decile = decile
                eta = self.eta(done)
                eta_text = f" (ETA {clock(eta, pad=True)})" if eta else ""
                self.stream.write(f"{self.label}: {frac:.0%}{eta_text}\n")
                self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
