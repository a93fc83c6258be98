"""The main window's remembered layout (UiState, not preferences): geometry, docks/toolbars, splitter sizes."""
from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QSplitter

from desktop.settings.store import UiState


def restore_layout(window: QMainWindow, splitter: QSplitter, ui_state: UiState) -> None:
    """What the last session left, or a first-start layout where nothing (usable) was saved."""
    geometry = ui_state.bytes("window/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(1120, 760)
    state = ui_state.bytes("window/state")
    if state is not None:
        window.restoreState(state)
    sizes = ui_state.bytes("window/splitter")
    if sizes is None or not splitter.restoreState(sizes):
        splitter.setSizes([190, 530])  # the transcript editor is the centre of the window


def save_layout(window: QMainWindow, splitter: QSplitter, ui_state: UiState) -> None:
    ui_state.set("window/geometry", window.saveGeometry())
    ui_state.set("window/state", window.saveState())
    ui_state.set("window/splitter", splitter.saveState())
    ui_state.sync()
