"""The settings dialog's "Watch folders" tab: folders whose new recordings are transcribed as they arrive.

Each folder has its own output place (next to the recording, or a folder), formats, speakers and glossary. The
list is kept in one setting (desktop/settings/watch_folders.py); "Start Tingxie at login" writes or removes an XDG
autostart entry when the dialog is accepted (desktop/window hooks settings_applied).
"""
from __future__ import annotations

from pathlib import Path

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QPushButton, QVBoxLayout, QWidget)

from desktop.settings.store import Key, Settings
from desktop.settings.watch_folders import WatchFolder, dump, load
from models.export.formats import FORMATS as EXPORT_FORMATS
from models.speakers.options import MAX_SPEAKERS


class WatchTab(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.folders: list[WatchFolder] = []
        self._current = -1
        outer = QVBoxLayout(self)
        outer.addWidget(QLabel(self.tr("New recordings in these folders are transcribed while Tingxie is open, "
                                       "each file once, when it is complete.")))
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._select)
        outer.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add folder…"))
        self.add_button.clicked.connect(self._ask_folder)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_current)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

        self.details = QWidget()
        form = QFormLayout(self.details)
        self.where = QComboBox()
        self.where.addItem(self.tr("Next to the recording"), "next")
        self.where.addItem(self.tr("In this folder:"), "folder")
        self.out_dir = QLineEdit()
        self.where.currentIndexChanged.connect(lambda _i: self.out_dir.setEnabled(self.where.currentData() == "folder"))
        out_row = QWidget()
        line = QHBoxLayout(out_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.where)
        line.addWidget(self.out_dir, 1)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(lambda: self._browse_into(self.out_dir, folder=True))
        line.addWidget(browse)
        form.addRow(self.tr("Transcripts:"), out_row)
        fmt_row = QWidget()
        line = QHBoxLayout(fmt_row)
        line.setContentsMargins(0, 0, 0, 0)
        self.formats = {f: QCheckBox(f.upper()) for f in EXPORT_FORMATS}
        for cb in self.formats.values():
            line.addWidget(cb)
        form.addRow(self.tr("Formats:"), fmt_row)
        self.speakers = QComboBox()
        self.speakers.addItem(self.tr("Off"), "off")
        self.speakers.addItem(self.tr("Automatic (find how many)"), "auto")
        for n in range(2, MAX_SPEAKERS + 1):
            self.speakers.addItem(self.tr("%n speakers", "", n), str(n))
        form.addRow(self.tr("Speakers:"), self.speakers)
        self.glossary = QLineEdit()
        self.glossary.setPlaceholderText(self.tr("None (the global glossary applies)"))
        g_row = QWidget()
        line = QHBoxLayout(g_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.glossary, 1)
        g_browse = QPushButton(self.tr("Browse…"))
        g_browse.clicked.connect(lambda: self._browse_into(self.glossary, folder=False))
        line.addWidget(g_browse)
        form.addRow(self.tr("Glossary:"), g_row)
        outer.addWidget(self.details)
        self.at_login = QCheckBox(self.tr("Start Tingxie at login (to watch these folders)"))
        outer.addWidget(self.at_login)

    # -- the list ------------------------------------------------------------------------------------------------
    def add_folder(self, folder: str) -> None:
        self._store_current()
        self.folders.append(WatchFolder(folder, formats=self.settings.export_formats()))
        self.list.addItem(folder)
        self.list.setCurrentRow(len(self.folders) - 1)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self._current = -1  # its editor contents belong to the row being removed
        del self.folders[row]
        self.list.takeItem(row)
        self._select(self.list.currentRow())

    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder to watch"), str(Path.home()))
        if folder:
            self.add_folder(folder)

    def _browse_into(self, edit: QLineEdit, folder: bool) -> None:
        start = edit.text() or str(Path.home())
        chosen = (QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), start) if folder else
                  QFileDialog.getOpenFileName(self, self.tr("Choose a glossary"), start)[0])
        if chosen:
            edit.setText(chosen)

    def _select(self, row: int) -> None:
        self._store_current()
        if not 0 <= row < len(self.folders):  # none, or a row the list reports while it is being removed
            row = -1
        self._current = row
        self.details.setEnabled(row >= 0)
        self.remove_button.setEnabled(row >= 0)
        if row < 0:
            return
        f = self.folders[row]
        self.where.setCurrentIndex(self.where.findData("folder" if f.out_dir else "next"))
        self.out_dir.setText(f.out_dir)
        self.out_dir.setEnabled(bool(f.out_dir))
        for fmt, cb in self.formats.items():
            cb.setChecked(fmt in f.formats)
        i = self.speakers.findData(f.speakers)
        self.speakers.setCurrentIndex(i if i >= 0 else 0)
        self.glossary.setText(f.glossary)

    def _store_current(self) -> None:
        """Keep what the editor shows in the folder it belongs to."""
        if not 0 <= self._current < len(self.folders):
            return
        f = self.folders[self._current]
        f.out_dir = self.out_dir.text().strip() if self.where.currentData() == "folder" else ""
        f.formats = [fmt for fmt, cb in self.formats.items() if cb.isChecked()] or ["txt"]
        f.speakers = str(self.speakers.currentData())
        f.glossary = self.glossary.text().strip()

    # -- the dialog's load / values ------------------------------------------------------------------------------
    def load(self) -> None:
        self._current = -1
        self.folders = load(self.settings)
        self.list.clear()
        self.list.addItems([f.folder for f in self.folders])
        self.at_login.setChecked(self.settings.value(Key.WATCH_AT_LOGIN))
        self.list.setCurrentRow(0 if self.folders else -1)
        self._select(self.list.currentRow())

    def values(self) -> dict[Key, object]:
        self._store_current()
        return {Key.WATCH_FOLDERS: dump(self.folders), Key.WATCH_AT_LOGIN: self.at_login.isChecked()}
