"""Where resources/ lives (source tree or a PyInstaller bundle) and the app icon."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder/one-file builds
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> QIcon:
    icons = resources_dir() / "icons"
    icon = QIcon()
    for png in sorted(icons.glob("tingxie-*.png")):
        icon.addFile(str(png))
    if icon.isNull() and (icons / "tingxie.svg").exists():
        icon.addFile(str(icons / "tingxie.svg"))
    return icon
