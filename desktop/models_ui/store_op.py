"""Off-GUI-thread store operations for the model manager: StoreOp (one store call on a QThread, progress in plain
attributes read by a timer) and SpeedMeter (rolling download speed)."""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QCoreApplication, QThread, Signal

log = logging.getLogger("tingxie.models")


class StoreOp(QThread):
    """One store call (download/repair/import/verify) off the GUI thread; progress goes into plain attributes."""

    op_finished = Signal(str, str, str, object)  # model key, op, error ("" = ok), result

    def __init__(self, key: str, op: str, fn: Callable[["StoreOp"], Any]) -> None:
        super().__init__()
        self.key, self.op, self._fn = key, op, fn
        self.cancel = threading.Event()
        self.done_bytes = 0
        self.total_bytes = 0

    def on_progress(self, done: int, total: int) -> None:  # called per chunk by the store, in this thread
        self.done_bytes, self.total_bytes = int(done), int(total or 0)

    def run(self) -> None:
        from models.core.errors import Cancelled

        try:
            result = self._fn(self)
        except Cancelled:
            self.op_finished.emit(self.key, self.op, "cancelled", None)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            if not _is_user_error(exc):
                log.exception("%s %s failed", self.op, self.key)
            self.op_finished.emit(self.key, self.op, str(exc) or type(exc).__name__, exc)
        else:
            self.op_finished.emit(self.key, self.op, "", result)


def _is_user_error(exc: BaseException) -> bool:
    from models.core.errors import TingxieError

    return isinstance(exc, TingxieError)


class SpeedMeter:
    """Rolling average over the last few seconds (bytes/s) and the ETA it implies."""

    def __init__(self, window_s: float = 5.0, clock_fn: Callable[[], float] = time.monotonic) -> None:
        self._samples: deque[tuple[float, int]] = deque()
        self._window = window_s
        self._clock = clock_fn

    def add(self, done: int) -> None:
        now = self._clock()
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > self._window:
            self._samples.popleft()

    def speed(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        return max(0.0, (d1 - d0) / (t1 - t0)) if t1 > t0 else 0.0


def state_name(state: Any) -> str:
    """READY / MISSING / PARTIAL / BROKEN from models.store.manager.ModelState (or a plain string)."""
    return str(getattr(state, "value", state)).upper()


def error_text(exc: Any, error: str) -> str:
    """What the dialog shows for a failed operation; a failed download says how to import instead."""
    from models.core.errors import DownloadError

    if isinstance(exc, DownloadError):
        return QCoreApplication.translate(
            "ModelManagerDialog", "Cannot download: %1\n\nNo internet here? On a computer with internet, download the "
            "model folders from modelscope.cn (or copy them from another Tingxie installation), bring them over on a "
            "USB stick and use Import folder… here.").replace("%1", error)
    return error
