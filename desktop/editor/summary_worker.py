"""Runs models.summary.run.Summarizer on a Python thread and reports through Qt signals (queued to the GUI).

No model logic here: the panel gets the text as it streams, the finished Minutes, or the error's message.
Cancel sets the Summarizer's event; the client gives up its request at once.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Signal

from models.core.errors import Cancelled, TingxieError
from models.summary.options import SummaryOptions
from models.summary.run import Summarizer, SummaryEvent

log = logging.getLogger("tingxie.summary")


class SummaryRun(QObject):
    step_started = Signal(int, int, bool)  # step, steps, cached: a new request (the shown text starts over)
    text_arrived = Signal(str)  # streamed text of the current request
    finished = Signal(object)  # models.summary.minutes.Minutes
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, opts: SummaryOptions, transcript: Any, cache: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.opts, self.transcript, self.cache = opts, transcript, cache
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="summary")

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout_s: float) -> bool:
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _event(self, e: SummaryEvent) -> None:
        if e.started:
            self.step_started.emit(e.step, e.steps, e.cached)
        if e.delta:
            self.text_arrived.emit(e.delta)

    def _run(self) -> None:
        try:
            minutes = Summarizer(self.opts, self.cache).run(self.transcript, on_event=self._event, cancel=self._cancel)
        except Cancelled:
            self.cancelled.emit()
        except (TingxieError, KeyError) as exc:
            self.failed.emit(str(exc.args[0]) if isinstance(exc, KeyError) else str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug must reach the panel, not kill the thread silently
            log.exception("summary failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(minutes)
