"""Store operations one after another, each on its own StoreOp thread: a set's download, repair, verify or import
queues one operation per model. Says what happened through signals; the model manager decides what to show."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Signal, Slot

from desktop.models_ui.store_op import SpeedMeter, StoreOp

log = logging.getLogger("tingxie.models")

Op = tuple[str, str, "Path | None"]  # (registry key, "download" | "repair" | "verify" | "import", folder to import)
CHANGING = ("download", "repair", "import")  # operations after which a model may have become ready


class OpQueue(QObject):
    op_started = Signal(str, str)  # key, op
    op_done = Signal(str, str, str, object)  # key, op, error ("" = ok, "cancelled"), result
    queue_done = Signal(str, bool)  # the last op, whether a model became ready during the run

    def __init__(self, call: Callable[[str, str, Path | None], Callable[[StoreOp], Any]],
                 parent: QObject | None = None) -> None:
        """call(key, op, folder): the store call a StoreOp runs for that operation."""
        super().__init__(parent)
        self._call = call
        self.op: StoreOp | None = None
        self.meter = SpeedMeter()
        self._queue: list[Op] = []
        self._stop_on_error = True
        self._changed = False

    @property
    def busy(self) -> bool:
        return self.op is not None

    def run(self, ops: list[Op], stop_on_error: bool = True) -> bool:
        """Start `ops` unless one is running. stop_on_error: a failed download or repair drops the rest (offline,
        every model would fail the same way). Returns whether they started."""
        if self.op is not None or not ops:
            return False
        self._queue = list(ops[1:])
        self._stop_on_error = stop_on_error
        self._start(*ops[0])
        return True

    def cancel(self) -> None:
        self._queue = []
        if self.op is not None:
            self.op.cancel.set()

    def shutdown(self, timeout_ms: int) -> None:
        """Cancel and wait for the running operation's thread."""
        self.cancel()
        if self.op is not None and not self.op.wait(timeout_ms):
            log.warning("model operation still running after %d ms", timeout_ms)

    def _start(self, key: str, op_name: str, folder: Path | None) -> None:
        op = StoreOp(key, op_name, self._call(key, op_name, folder))
        op.op_finished.connect(self._on_finished)
        self.op = op
        self.meter = SpeedMeter()
        self.op_started.emit(key, op_name)
        op.start()

    @Slot(str, str, str, object)
    def _on_finished(self, key: str, op_name: str, error: str, result: Any) -> None:
        op, self.op = self.op, None
        if op is not None:
            op.wait(2000)
            op.deleteLater()
        self._changed = self._changed or (not error and op_name in CHANGING)
        if error == "cancelled" or (error and op_name in ("download", "repair") and self._stop_on_error):
            self._queue = []
        self.op_done.emit(key, op_name, error, result)
        if self._queue:
            self._start(*self._queue.pop(0))
            return
        changed, self._changed = self._changed, False
        self.queue_done.emit(op_name, changed)
