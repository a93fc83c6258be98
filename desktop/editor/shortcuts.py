"""The editor's keyboard shortcuts, listed once (the Help menu shows them)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# (action id, shortcut, English label); labels are translated at display time (context "TranscriptEditor";
# QT_TRANSLATE_NOOP marks them for lupdate).
# None of these keys is used by the main window's own actions (Ctrl+Return starts the queue, Ctrl+Shift+O adds a
# folder): an ambiguous shortcut would do nothing at all.
SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("play", "Ctrl+Space", QT_TRANSLATE_NOOP("TranscriptEditor", "Play / pause")),
    ("back", "Alt+Left", QT_TRANSLATE_NOOP("TranscriptEditor", "Back 5 seconds")),
    ("forward", "Alt+Right", QT_TRANSLATE_NOOP("TranscriptEditor", "Forward 5 seconds")),
    ("loop", "Ctrl+L", QT_TRANSLATE_NOOP("TranscriptEditor", "Loop the current sentence")),
    ("play_row", "Ctrl+P", QT_TRANSLATE_NOOP("TranscriptEditor", "Play from the selected sentence")),
    ("slower", "Ctrl+[", QT_TRANSLATE_NOOP("TranscriptEditor", "Slower")),
    ("faster", "Ctrl+]", QT_TRANSLATE_NOOP("TranscriptEditor", "Faster")),
    ("edit", "F2", QT_TRANSLATE_NOOP("TranscriptEditor", "Edit the selected sentence")),
    ("split", "Ctrl+Shift+S", QT_TRANSLATE_NOOP("TranscriptEditor", "Split the sentence at the cursor")),
    ("join", "Ctrl+Shift+J", QT_TRANSLATE_NOOP("TranscriptEditor", "Join with the next sentence")),
    ("revert", "Ctrl+Shift+R", QT_TRANSLATE_NOOP("TranscriptEditor", "Revert the sentence to the recognised text")),
    ("original", "Ctrl+Shift+T", QT_TRANSLATE_NOOP("TranscriptEditor", "Show the recognised text")),
    ("glossary", "Ctrl+Shift+G", QT_TRANSLATE_NOOP("TranscriptEditor", "Undo the glossary replacement at the cursor")),
    ("undo", "Ctrl+Z", QT_TRANSLATE_NOOP("TranscriptEditor", "Undo")),
    ("redo", "Ctrl+Shift+Z", QT_TRANSLATE_NOOP("TranscriptEditor", "Redo")),
    ("find", "Ctrl+F", QT_TRANSLATE_NOOP("TranscriptEditor", "Find and replace")),
    ("replace", "Ctrl+H", QT_TRANSLATE_NOOP("TranscriptEditor", "Replace")),
    ("find_next", "F3", QT_TRANSLATE_NOOP("TranscriptEditor", "Next match")),
    ("find_prev", "Shift+F3", QT_TRANSLATE_NOOP("TranscriptEditor", "Previous match")),
)


# Embedded in the main window these work wherever the focus is (no other window action uses their keys).
WINDOW_WIDE = ("play", "back", "forward", "loop", "slower", "faster", "find", "replace", "find_next", "find_prev")

# What the mouse does on a sentence (as in oTranscribe and Descript: a click selects, playing is asked for).
MOUSE: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("TranscriptEditor", "Select a sentence (playback goes on where it is)"),
     QT_TRANSLATE_NOOP("TranscriptEditor", "Click")),
    (QT_TRANSLATE_NOOP("TranscriptEditor", "Play from a sentence"),
     QT_TRANSLATE_NOOP("TranscriptEditor", "Ctrl+click, or double-click its time")),
    (QT_TRANSLATE_NOOP("TranscriptEditor", "Correct a sentence"),
     QT_TRANSLATE_NOOP("TranscriptEditor", "Double-click its text")),
)


def help_list() -> list[tuple[str, str]]:
    """(translated action, shortcut) for the Help menu."""
    return [(QCoreApplication.translate("TranscriptEditor", label), keys) for _, keys, label in SHORTCUTS]


def mouse_help() -> list[tuple[str, str]]:
    """(translated action, translated mouse gesture) for the Help menu, after the keys."""
    return [(QCoreApplication.translate("TranscriptEditor", what), QCoreApplication.translate("TranscriptEditor", how))
            for what, how in MOUSE]
