"""The warnings a job's run logs, collected for the job (and shown to the user as they happen)."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable


class WarningTap(logging.Handler):
    """Collect the warnings models.* logs while a file is transcribed (truncated file, CUDA out of memory, ...).

    From the calling thread and the engine's decode threads. logging.Handler.handle holds the handler's RLock
    around emit, so messages from several threads are serialised; `_busy` stops on_notice from logging into itself.
    """

    def __init__(self, on_notice: Callable[[str], None] | None, thread_prefix: str = "") -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        # The engine decodes in a thread pool: its threads' warnings (CUDA out of memory, fell back to the CPU)
        # belong to this job too. Other threads (the GUI's, another engine's) are not ours.
        self.thread_prefix = thread_prefix
        self.on_notice = on_notice
        self.messages: list[str] = []
        self._busy = False

    def emit(self, record: logging.LogRecord) -> None:
        ours = record.thread == self.thread or (
            bool(self.thread_prefix) and (record.threadName or "").startswith(self.thread_prefix))
        if not ours or self._busy:
            return
        msg = record.getMessage()
        if msg in self.messages:
            return
        self.messages.append(msg)
        if self.on_notice:
            self._busy = True
            try:
                self.on_notice(msg)
            finally:
                self._busy = False
