"""Status bar widgets: model state (with a busy bar while loading), what is actually running, warnings, queue ETA."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from models.core.textfmt import clock
from desktop.queue.worker import ModelState


class EngineStatus(QWidget):
    """Not a widget itself: installs permanent labels into a QStatusBar and keeps them current."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.hide()
        self.model_label = QLabel()
        self.model_label.setToolTip(self.tr("State of the speech model"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: a model load reports steps, not a fraction
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.runtime_label = QLabel()
        self.runtime_label.setToolTip(self.tr("Device and precision the engine is actually running with"))
        self.warning_label = QLabel()
        self.warning_label.setStyleSheet("color: #b35900; font-weight: bold;")
        self.warning_label.hide()
        self.queue_label = QLabel()
        bar.addPermanentWidget(self.queue_label)
        bar.addPermanentWidget(self.warning_label)
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.model_label)
        bar.addPermanentWidget(self.runtime_label)

    def set_model_state(self, state: str, message: str) -> None:
        texts = {
            ModelState.UNLOADED: self.tr("Model not loaded"),
            ModelState.LOADING: self.tr("Loading model…"),
            ModelState.READY: self.tr("Model ready"),
            ModelState.MISSING: self.tr("Models missing"),
            ModelState.ERROR: self.tr("Model error"),
        }
        self.model_label.setText(texts.get(state, state))
        self.model_label.setToolTip(message or self.tr("State of the speech model"))
        self.busy.setVisible(state == ModelState.LOADING)
        color = {ModelState.MISSING: "#b35900", ModelState.ERROR: "#c0392b"}.get(state, "")
        self.model_label.setStyleSheet(f"color: {color};" if color else "")
        if state in (ModelState.MISSING, ModelState.ERROR, ModelState.UNLOADED):
            self.runtime_label.setText("")

    def set_runtime(self, info: Any, warning: str, details: str = "") -> None:
        """info: models.asr.loading.RuntimeInfo (its label() is the one formatting of what runs)."""
        self.runtime_label.setText(info.label() if info is not None else "")
        self.warning_label.setText(f"⚠ {warning}" if warning else "")
        self.warning_label.setToolTip(details or warning)
        self.warning_label.setVisible(bool(warning))

    def set_queue(self, done: int, total: int, eta_s: float) -> None:
        if total <= 0:
            self.queue_label.setText("")
            return
        text = self.tr("File %1 of %2").replace("%1", str(min(done + 1, total))).replace("%2", str(total))
        if eta_s >= 0:
            text += " · " + self.tr("about %1 left").replace("%1", clock(eta_s))
        self.queue_label.setText(text)

    def show_queue(self, jobs: list[Any], busy: bool, eta_s: float) -> None:
        """"File 2 of 3 · about 1:20 left" while the queue runs; nothing when idle."""
        from desktop.queue.model import PENDING, JobStatus

        active = [j for j in jobs if j.status in (*PENDING, JobStatus.RUNNING)]  # cancelled/interrupted resume
        if not busy or not active:
            self.set_queue(0, 0, -1)
            return
        finished = sum(1 for j in jobs if j.status in (JobStatus.DONE, JobStatus.FAILED))
        self.set_queue(finished, finished + len(active), eta_s)
