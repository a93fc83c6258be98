"""The main window's side of the engine: model state and runtime in the status bar, the load warning, the model
manager, and reloading after a settings change. Split from main_window.py.

It gets the runner, the settings, the status widgets and a notice callable passed in, never the window itself.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop.queue.runner import QueueRunner
from desktop.queue.worker import ModelState
from desktop.settings.store import Key, Settings
from desktop.window.status_bar import EngineStatus
from desktop.window.widgets import NoticeBar

log = logging.getLogger("tingxie.window")

ShowNotice = Callable[[str, str, str, str], None]  # text, level, action text, action id


class WindowEngine(QObject):
    state_changed = Signal()  # the model state changed: the window refreshes its actions

    def __init__(self, runner: QueueRunner, settings: Settings, status: EngineStatus, notice: NoticeBar,
                 show_notice: ShowNotice, parent: QWidget, store_factory: Callable[[], Any] | None = None,
                 model_specs: list[Any] | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.status = status
        self.notice = notice
        self._show_notice = show_notice
        self._parent = parent
        self._store_factory = store_factory
        self._model_specs = model_specs
        self.model_manager: Any = None  # ModelManagerDialog, made on first use
        self._models_offered = False
        runner.model_state_changed.connect(self._on_model_state)
        runner.engine_ready.connect(self._on_engine_ready)
        runner.model_needed.connect(self._on_model_needed)
        status.set_model_state(ModelState.UNLOADED, "")

    @Slot(str, str)
    def _on_model_state(self, state: str, message: str) -> None:
        self.status.set_model_state(state, message)
        if state == ModelState.MISSING:
            self._show_notice(self.tr("The speech models are not installed yet. Download them, or import a folder "
                                      "copied from another computer."), "warning",
                              self.tr("Model manager…"), "models")
            if not self._models_offered:
                self._models_offered = True
                self.show_model_manager()
        elif state == ModelState.ERROR:
            self._show_notice(self.tr("The speech model could not be loaded: %1").replace("%1", message), "error",
                              self.tr("Model manager…"), "models")
        elif state == ModelState.READY and self.notice.level != "error" and self.notice.text() \
                and self.notice.action_id == "models":
            self.notice.hide()
        self.state_changed.emit()

    @Slot(object)
    def _on_engine_ready(self, info: Any) -> None:
        """info: the RuntimeInfo of a new load (emitted once per load, so its warning is shown once)."""
        warnings = [str(w) for w in info.warnings]
        warning = ""
        if self.settings.value(Key.DEVICE) == "cuda" and info.device != "cuda":
            warning = self.tr("CUDA was requested but is not available; running on the CPU.")
        elif warnings:
            warning = " ".join(warnings)
        self.status.set_runtime(info, warning, "\n".join(warnings))
        if warning:
            self._show_notice(warning, "warning", self.tr("Settings…"), "settings")

    @Slot(str, str, str)
    def _on_model_needed(self, _job_id: str, _key: str, message: str) -> None:
        """A file failed for want of an optional model (the speaker model): say so, with the way to get it."""
        self._show_notice(message, "error", self.tr("Model manager…"), "models")

    def show_model_manager(self) -> Any:
        from desktop.models_ui.model_manager import ModelManagerDialog

        if self.model_manager is None:
            self.model_manager = ModelManagerDialog(self._store_factory, self._model_specs, parent=self._parent)
            self.model_manager.models_changed.connect(self._on_models_changed)
        self.model_manager.show()
        self.model_manager.raise_()
        self.model_manager.refresh()
        return self.model_manager

    @Slot()
    def _on_models_changed(self) -> None:
        if not self.runner.busy:  # a running file keeps its engine; the next start loads the new models
            self.runner.load_engine()

    def reload_if_changed(self) -> None:
        """After the settings dialog: reload when the engine config differs from the one last asked for.

        Whole configs are compared (a hand-written key list missed the CPU runtime)."""
        config = self.settings.engine_config()
        if config != self.runner.requested_config and not self.runner.busy:
            self.runner.load_engine(config)  # when busy, the next file picks the new config up

    def shutdown(self) -> None:
        if self.model_manager is not None:
            self.model_manager.shutdown()
