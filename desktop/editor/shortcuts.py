"""The editor's keyboard shortcuts, listed once (the Help menu shows them)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

# (action id, shortcut, English label); labels are translated at display time (context "TranscriptEditor").
# None of these keys is used by the main window's own actions (Ctrl+Return starts the queue, Ctrl+Shift+O adds a
# folder): an ambiguous shortcut would do nothing at all.
SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("play", "Ctrl+Space", "Play / pause"),
    ("back", "Alt+Left", "Back 5 seconds"),
    ("forward", "Alt+Right", "Forward 5 seconds"),
    ("loop", "Ctrl+L", "Loop the current sentence"),
    ("play_row", "Ctrl+P", "Play from the selected sentence"),
    ("slower", "Ctrl+[", "Slower"),
    ("faster", "Ctrl+]", "Faster"),
    ("edit", "F2", "Edit the selected sentence"),
    ("split", "Ctrl+Shift+S", "Split the sentence at the cursor"),
    ("join", "Ctrl+Shift+J", "Join with the next sentence"),
    ("revert", "Ctrl+Shift+R", "Revert the sentence to the recognised text"),
    ("original", "Ctrl+Shift+T", "Show the recognised text"),
    ("glossary", "Ctrl+Shift+G", "Undo the glossary replacement at the cursor"),
    ("undo", "Ctrl+Z", "Undo"),
    ("redo", "Ctrl+Shift+Z", "Redo"),
    ("find", "Ctrl+F", "Find and replace"),
    ("find_next", "F3", "Next match"),
    ("find_prev", "Shift+F3", "Previous match"),
)


# Embedded in the main window these work wherever the focus is (no other window action uses their keys).
WINDOW_WIDE = ("play", "back", "forward", "loop", "slower", "faster", "find", "find_next", "find_prev")


def help_list() -> list[tuple[str, str]]:
    """(translated action, shortcut) for the Help menu."""
    return [(QCoreApplication.translate("TranscriptEditor", label), keys) for _, keys, label in SHORTCUTS]
