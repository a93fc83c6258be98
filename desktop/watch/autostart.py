"""Start Tingxie at login (so its watch folders are watched): an XDG autostart entry the user can see and remove,
<config home>/autostart/tingxie.desktop. The launcher command is the one packaging/install-desktop.sh writes:
"PYTHON MAIN_PY" from a checkout, the program itself in a bundle. No Qt; Linux (freedesktop) only.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ENTRY_NAME = "tingxie.desktop"
MAIN_PY = Path(__file__).resolve().parents[2] / "main.py"


def entry_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart" / ENTRY_NAME


def exec_arg(s: str) -> str:
    """One argument of an Exec line, quoted when needed (the desktop entry spec's "Exec key"), as
    install-desktop.sh's exec_arg does."""
    s = s.replace("%", "%%")
    if re.fullmatch(r"[A-Za-z0-9_/.+,:=@%-]+", s):
        return s
    for ch in ("\\", '"', "`", "$"):
        s = s.replace(ch, "\\" + ch)
    return '"' + s.replace("\\", "\\\\") + '"'


def launcher() -> list[str]:
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the program is the launcher
        return [sys.executable]
    return [sys.executable, str(MAIN_PY)]


def entry_text(command: list[str]) -> str:
    return "\n".join([
        "[Desktop Entry]", "Type=Application", "Name=Tingxie", "Name[zh_CN]=听写",
        "Comment=Watch folders and transcribe new recordings", "Comment[zh_CN]=监视文件夹并转写新的录音",
        "Exec=" + " ".join(exec_arg(a) for a in command), "Icon=tingxie", "Terminal=false",
        "X-GNOME-Autostart-enabled=true", "",
    ])


def is_enabled() -> bool:
    return entry_path().is_file()


def set_enabled(on: bool, command: list[str] | None = None) -> Path:
    """Write or remove the entry; returns its path. Raises OSError (read-only config folder)."""
    path = entry_path()
    if on:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(entry_text(command or launcher()), encoding="utf-8")
        os.replace(tmp, path)
    else:
        path.unlink(missing_ok=True)
    return path
