"""About box: versions of the app and the stack, and where the log, settings and models live."""
from __future__ import annotations

import html
import platform
import sys
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.common.resources import app_icon

# Distribution names, read from package metadata: the About box must not import torch to show its version.
STACK = ("funasr", "torch", "torchaudio", "torchao", "modelscope", "numpy", "soundfile", "av", "sounddevice")


def app_version() -> str:
    try:
        return metadata.version("tingxie")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def versions() -> list[tuple[str, str]]:
    rows = [("Tingxie", app_version()), ("Python", platform.python_version()),
            ("PySide6 / Qt", f"{pyside_version} / {qVersion()}")]
    for dist in STACK:
        try:
            rows.append((dist, metadata.version(dist)))
        except metadata.PackageNotFoundError:
            rows.append((dist, "—"))
    return rows


def locations() -> list[tuple[str, str]]:
    from models.core import paths
    from models.core.logsetup import log_file

    return [("log", str(log_file())), ("settings", str(paths.config_dir() / "tingxie.ini")),
            ("models", str(paths.modelscope_cache())), ("data", str(paths.data_dir()))]


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Tingxie"))
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        names = {"log": self.tr("Log file"), "settings": self.tr("Settings"), "models": self.tr("Models"),
                 "data": self.tr("Data")}
        rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in versions())
        locs = "".join(f"<tr><td>{html.escape(names[k])}</td><td>{html.escape(v)}</td></tr>" for k, v in locations())
        blurb = self.tr("Offline Mandarin speech-to-text with FunASR Paraformer-large. "
                        "Your audio never leaves this computer.")
        versions_title, files_title = self.tr("Versions"), self.tr("Files")
        text = (f"<h2>听写 Tingxie {html.escape(app_version())}</h2>"
                f"<p>{html.escape(blurb)}</p>"
                f"<h4>{versions_title}</h4><table cellspacing=2>{rows}</table>"
                f"<h4>{files_title}</h4><table cellspacing=2>{locs}</table>"
                f"<p style='color:gray'>{html.escape(sys.platform)} · {html.escape(platform.machine())}</p>")
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setWordWrap(True)
        open_log = QPushButton(self.tr("Open log folder"))
        open_log.clicked.connect(self._open_log)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(open_log, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.adjustSize()

    def _open_log(self) -> None:
        from models.core.logsetup import log_file

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent)))
