"""The model manager's progress display: what the running store operation does (bar, bytes, speed, time left),
and each operation's outcome; a set operation's outcomes are collected and shown together when it ends.

The byte counters a StoreOp updates are read by a QTimer (5 Hz), never per chunk, so a fast download cannot flood
the event loop (qutebrowser's DownloadItemStats idea).
"""
from __future__ import annotations

from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QLabel, QProgressBar

from desktop.models_ui.op_queue import OpQueue
from desktop.models_ui.store_op import error_text
from models.core.textfmt import clock, size_text, speed_text


class OpProgress(QObject):
    """Owns the progress bar, its label and the message line; the dialog lays them out."""

    def __init__(self, ops: OpQueue, title_of: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops, self.title_of = ops, title_of
        self.report: list[str] | None = None  # messages of a queued set operation, shown when it ends
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.hide()
        self.label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setOpenExternalLinks(False)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.tick)

    @Slot(str, str)
    def started(self, key: str, op_name: str) -> None:
        if not self.report:
            self.message.setText("")
        verbs = {"download": self.tr("Downloading %1…"), "repair": self.tr("Repairing %1…"),
                 "import": self.tr("Importing %1…"), "verify": self.tr("Verifying %1…")}
        self.label.setText(verbs[op_name].replace("%1", self.title_of(key)))
        self.bar.setRange(0, 1000 if op_name in ("download", "repair") else 0)
        self.bar.setValue(0)
        self.bar.show()
        self.timer.start()

    @Slot()
    def tick(self) -> None:
        op = self.ops.op
        if op is None or op.op not in ("download", "repair"):
            return
        done, total = op.done_bytes, op.total_bytes
        self.ops.meter.add(done)
        speed = self.ops.meter.speed()
        if total > 0:
            self.bar.setValue(int(1000 * min(1.0, done / total)))
        parts = [f"{size_text(done)} / {size_text(total) if total else '?'}"]
        if speed > 0:
            parts.append(speed_text(speed))
            if total > done:
                parts.append(self.tr("about %1 left").replace("%1", clock((total - done) / speed)))
        self.label.setText(f"{self.title_of(op.key)}: " + " · ".join(parts))

    def finished(self, key: str, op_name: str, error: str, result: Any) -> None:
        self.timer.stop()
        self.bar.hide()
        self.label.setText("")
        title = self.title_of(key)
        if error == "cancelled":
            text = self.tr("Stopped. What was downloaded is kept; Download resumes from there.")
        elif error:
            text = error_text(result, error)
        elif op_name == "verify":
            problems = list(result or [])
            text = self.tr("%1: all files are fine.").replace("%1", title) if not problems else \
                self.tr("%1: %2").replace("%1", title).replace("%2", "; ".join(problems))
        else:
            text = self.tr("%1 is installed.").replace("%1", title)
        if self.report is not None:
            self.report.append(text)
        self.message.setText("\n".join(self.report) if self.report is not None else text)
