"""Audio durations for the queue, read on a thread pool so a dropped folder of 200 files never stalls the window."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("tingxie.probe")

# Used when models.audio.decode is not importable (it is the source of truth: SUPPORTED_EXTENSIONS).
FALLBACK_EXTENSIONS = (".wav", ".mp3", ".flac", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wma", ".webm",
                       ".mp4", ".m4v", ".mkv", ".mov", ".avi", ".amr", ".3gp")


def supported_extensions() -> tuple[str, ...]:
    try:
        from models.audio.decode import SUPPORTED_EXTENSIONS
    except ImportError:
        return FALLBACK_EXTENSIONS
    exts = tuple(e.lower() if e.startswith(".") else f".{e.lower()}" for e in SUPPORTED_EXTENSIONS)
    return exts or FALLBACK_EXTENSIONS


def default_probe(path: str) -> float:
    """Duration in seconds (models.audio.decode.probe; soundfile when models.audio.decode is missing). Raises on failure."""
    try:
        from models.audio.decode import probe
    except ImportError:
        import soundfile

        return float(soundfile.info(path).duration)
    return float(probe(path).duration_s)


ProbeFn = Callable[[str], float]


class _ProbeSignals(QObject):
    probed = Signal(str, float, str)  # job id, seconds (-1 on error), error message


class _ProbeTask(QRunnable):
    def __init__(self, job_id: str, path: str, fn: ProbeFn, signals: _ProbeSignals) -> None:
        super().__init__()
        self.job_id, self.path, self.fn, self.signals = job_id, path, fn, signals

    def run(self) -> None:
        try:
            seconds = self.fn(self.path)
        except Exception as exc:  # noqa: BLE001 - reported to the row, never raised on a pool thread
            log.info("probe failed: %s: %s", self.path, exc)
            self.signals.probed.emit(self.job_id, -1.0, str(exc))
        else:
            self.signals.probed.emit(self.job_id, seconds, "")


class DurationProber(QObject):
    """probe(job_id, path) -> later `probed(job_id, seconds, error)` in the GUI thread."""

    probed = Signal(str, float, str)

    def __init__(self, fn: ProbeFn | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn or default_probe
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._signals = _ProbeSignals()
        self._signals.probed.connect(self._relay)

    def probe(self, job_id: str, path: Path | str) -> None:
        self._pool.start(_ProbeTask(job_id, str(path), self._fn, self._signals))

    @Slot(str, float, str)
    def _relay(self, job_id: str, seconds: float, error: str) -> None:
        self.probed.emit(job_id, seconds, error)

    def wait(self, timeout_ms: int = 3000) -> bool:
        return self._pool.waitForDone(timeout_ms)
