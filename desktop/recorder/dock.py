"""Put the recorder panel (desktop/recorder/panel.py, optional) into the main window as a dock strip."""
from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QSizePolicy, QWidget

log = logging.getLogger("tingxie.window")
translate = QCoreApplication.translate


def add_recorder_dock(window: QMainWindow, settings: Any, on_recording_finished: Callable[[str], None],
                      show_notice: Callable[[str, str], None], view_menu: QMenu) -> QWidget | None:
    """RecorderPanel(settings) in a top dock of `window`; recording_finished goes to on_recording_finished, and the
    dock's toggle to view_menu. A panel that cannot be made is reported through show_notice. None then."""
    try:
        from desktop.recorder.panel import RecorderPanel
    except ImportError:
        log.info("recorder panel not available")
        return None
    try:
        panel = RecorderPanel(settings, parent=window)
    except Exception as exc:  # noqa: BLE001 - no audio system must not stop the app
        log.exception("recorder panel failed")
        show_notice(translate("MainWindow", "The recorder is not available: %1").replace("%1", str(exc)),
                           "warning")
        return None
    panel.recording_finished.connect(on_recording_finished)
    dock = QDockWidget(translate("MainWindow", "Recorder"), window)
    dock.setObjectName("recorder-dock")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
    # The panel is one row of controls: a strip above the queue, not a column eating half the window.
    dock.setAllowedAreas(Qt.DockWidgetArea.TopDockWidgetArea | Qt.DockWidgetArea.BottomDockWidgetArea)
    panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    window.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, dock)
    view_menu.addAction(dock.toggleViewAction())
    return panel
