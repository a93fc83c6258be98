"""The transcript editor's actions in the main window's menus: Edit (undo, find, search all, corrections),
Playback, Help → Keyboard shortcuts. The menus hold the editor's own QActions (one action per key: no ambiguous
shortcut), so everything is reachable from the keyboard and from the menu bar.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.editor.editor_widget import TranscriptEditor


def add_editor_menus(window: QMainWindow, edit_menu: QMenu, help_menu: QMenu, editor: TranscriptEditor,
                     show_search: Callable[[], Any], show_shortcuts: Callable[[], Any]) -> dict[str, QAction]:
    """Put the editor's actions into the menus; returns the window actions made here (search, shortcuts)."""
    a = editor.actions_by_id
    search = QAction(QCoreApplication.translate("MainActions", "Search all transcripts…"), window)
    search.setShortcut(QKeySequence("Ctrl+Shift+F"))
    search.setStatusTip(QCoreApplication.translate("MainActions", "Find words in every transcript in the history"))
    search.triggered.connect(show_search)
    window.addAction(search)
    shortcuts = QAction(QCoreApplication.translate("MainActions", "Keyboard shortcuts"), window)
    shortcuts.setShortcut(QKeySequence("Ctrl+/"))
    shortcuts.triggered.connect(show_shortcuts)
    window.addAction(shortcuts)

    first = edit_menu.actions()[0] if edit_menu.actions() else None
    items: list[QAction | None] = [a["undo"], a["redo"], None, a["find"], a["replace"], a["find_next"], a["find_prev"], search,
                                   None, a["edit"], a["split"], a["join"], a["revert"], a["glossary"], a["original"],
                                   None]
    for item in items:
        if item is None:
            sep = QAction(window)
            sep.setSeparator(True)
            edit_menu.insertAction(first, sep)
        else:
            edit_menu.insertAction(first, item)
    play = QMenu(QCoreApplication.translate("MainActions", "&Playback"), window)
    for aid in ("play", "play_row", "back", "forward", "loop", "slower", "faster"):
        play.addAction(a[aid])
    window.menuBar().insertMenu(help_menu.menuAction(), play)
    help_menu.insertAction(help_menu.actions()[0] if help_menu.actions() else None, shortcuts)
    return {"search": search, "shortcuts": shortcuts}
