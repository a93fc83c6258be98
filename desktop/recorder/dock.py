"""Put the recorder panel (desktop/recorder/panel.py, optional) into the main window as a dock strip."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QSizePolicy, QWidget

if TYPE_CHECKING:
    from desktop.window.main_window import MainWindow

log = logging.getLogger("tingxie.window")
translate = QCoreApplication.translate


def add_recorder_dock(window: "MainWindow") -> QWidget | None:
    """RecorderPanel(settings) in a top dock; its recording_finished feeds the queue. None when unavailable."""
    try:
        from desktop.recorder.panel import RecorderPanel
    except ImportError:
        log.info("recorder panel not available")
        return None
    try:
        panel = RecorderPanel(window.settings, parent=window)
    except Exception as exc:  # noqa: BLE001 - no audio system must not stop the app
        log.exception("recorder panel failed")
        window.show_notice(translate("MainWindow", "The recorder is not available: %1").replace("%1", str(exc)),
                           "warning")
        return None
    panel.recording_finished.connect(window.on_recording_finished)
    dock = QDockWidget(translate("MainWindow", "Recorder"), window)
    dock.setObjectName("recorder-dock")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
    # The panel is one row of controls: a strip above the queue, not a column eating half the window.
    dock.setAllowedAreas(Qt.DockWidgetArea.TopDockWidgetArea | Qt.DockWidgetArea.BottomDockWidgetArea)
    panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    window.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, dock)
    window.actions_.view_menu.addAction(dock.toggleViewAction())
    return panel
