"""Simplified Chinese for the UI's English source strings, one module per area of the UI, merged into ZH_CN.
update.py fills the .ts from this table.

Keep placeholders (%1, %2, %n, {0}) and accelerators (&) intact. Edit here or in Qt Linguist; update.py never
overwrites a translation already in the .ts that differs from this table unless --force is given. A string
shared by two areas ("Undo", "Delete") has one translation: keep the copies equal.
"""
from .editor import EDITOR
from .models import MODELS
from .recorder import RECORDER
from .settings import SETTINGS
from .summary import SUMMARY
from .voices import VOICES
from .window import WINDOW

ZH_CN: dict[str, str] = {**WINDOW, **MODELS, **EDITOR, **RECORDER, **SETTINGS, **SUMMARY, **VOICES}
