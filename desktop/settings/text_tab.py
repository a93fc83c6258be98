"""The settings dialog's "Text" tab: numbers as digits, output script, the global glossary file.

The script is the transcript's, not the UI's: a Traditional transcript under a Simplified UI is fine. A line under
the glossary says whether its terms also bias recognition (models.asr.seaco.hotwords_active: SeACo-Paraformer
installed and the glossary has hanzi terms) or only correct the text afterwards.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QWidget)

from models import options
from models.text.glossary_files import FOLDER_GLOSSARY
from desktop.settings.store import Key, Settings


class TextTab(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None, *, model_store: Any = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._model_store = model_store  # models.store.manager.ModelStore (tests pass one); None: the user's
        self.glossary_dialog: QWidget | None = None  # the open glossary editor (tests and screenshots reach it)
        form = QFormLayout(self)
        self.itn = QCheckBox(self.tr("Write numbers as digits (二零二五年三月 → 2025年3月, 百分之三十 → 30%)"))
        self.itn.setToolTip(self.tr("Idioms and names keep their characters (一心一意, 三国)"))
        form.addRow(self.tr("Numbers:"), self.itn)
        self.script = QComboBox()
        for code in options.SCRIPTS:
            self.script.addItem(self.script_label(code), code)
        self.script.setToolTip(self.tr("The script of transcripts and exports; the interface language does not "
                                       "change it"))
        form.addRow(self.tr("Script:"), self.script)

        self.glossary = QLineEdit()
        self.glossary.setPlaceholderText(str(settings.default(Key.GLOSSARY)))
        self.glossary.setClearButtonEnabled(True)
        self.glossary.setToolTip(self.tr("Empty: the default file in Tingxie's settings folder"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.edit_glossary = QPushButton(self.tr("Edit glossary…"))
        self.edit_glossary.clicked.connect(self.open_glossary)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.glossary, 1)
        line.addWidget(browse)
        line.addWidget(self.edit_glossary)
        form.addRow(self.tr("Glossary file:"), row)
        note = QLabel(self.tr("Names, product words and jargon the recogniser gets wrong. A file named %1 in an "
                              "audio file's folder is used too, after this one. An edited glossary applies from "
                              "the next file.").replace("%1", FOLDER_GLOSSARY))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        form.addRow(note)
        self.seaco_hint = QLabel()
        self.seaco_hint.setWordWrap(True)
        form.addRow(self.seaco_hint)
        self.glossary.editingFinished.connect(self.show_seaco_hint)

    def script_label(self, code: str) -> str:
        labels = {"simplified": self.tr("Simplified Chinese"),
                  "traditional": self.tr("Traditional Chinese"),
                  "taiwan": self.tr("Traditional Chinese (Taiwan, with Taiwan phrasing)"),
                  "hongkong": self.tr("Traditional Chinese (Hong Kong)")}
        return labels.get(code, code)

    # -- glossary -----------------------------------------------------------------------------------------------
    def glossary_path(self) -> Path:
        """The file the glossary field names (the default when empty)."""
        return Path(self.glossary.text().strip() or str(self.settings.default(Key.GLOSSARY))).expanduser()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Choose a glossary file"), str(self.glossary_path()),
                                              self.tr("Text files (*.txt);;All files (*)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.glossary.setText(path)

    def open_glossary(self) -> QWidget:
        from desktop.settings.glossary_dialog import GlossaryDialog

        dialog = GlossaryDialog(self.glossary_path(), self)
        self.glossary_dialog = dialog
        dialog.finished.connect(lambda _result: self.show_seaco_hint())
        dialog.open()
        return dialog

    def show_seaco_hint(self) -> None:
        """Whether the glossary's terms bias recognition, from the model cache and the glossary file."""
        from models.asr.seaco import hotwords_active, installed_folder
        from models.runtime.torch_probe import torch_available
        from models.store.manager import ModelStore
        from models.text.glossary import load_all

        store = self._model_store or ModelStore()
        path = self.glossary_path()
        glossary, _errors = load_all([path] if path.is_file() else [])
        try:
            active, installed = hotwords_active(store, glossary), installed_folder(store) is not None
        except Exception:  # noqa: BLE001 - a hint only: an unreadable model cache reads as "not installed"
            active = installed = False
        if not torch_available():  # the CPU bundle: SeACo-Paraformer runs on PyTorch only
            active = False
            text = self.tr("Biasing recognition towards glossary terms (SeACo-Paraformer) needs the full build, "
                           "which includes PyTorch; this build corrects the text after recognition.")
        elif active:
            text = self.tr("Glossary terms also bias recognition (the SeACo-Paraformer model is installed).")
        elif installed:
            text = self.tr("SeACo-Paraformer is installed: Chinese terms in the glossary will bias recognition "
                           "towards them.")
        else:
            text = self.tr("Install the SeACo-Paraformer model (Models…) to bias recognition towards glossary "
                           "terms; without it the glossary corrects the text after recognition.")
        self.seaco_hint.setText(text)
        self.seaco_hint.setStyleSheet("" if active else "color: palette(mid);")

    # -- load / save --------------------------------------------------------------------------------------------
    def load(self) -> None:
        s = self.settings
        self.itn.setChecked(s.value(Key.TEXT_ITN))
        value = str(s.value(Key.TEXT_SCRIPT))
        if self.script.findData(value) < 0:  # a hand-edited ini: shown as is, never changed silently
            self.script.addItem(self.tr("%1 (unknown)").replace("%1", value), value)
        self.script.setCurrentIndex(self.script.findData(value))
        glossary = s.value(Key.GLOSSARY)
        self.glossary.setText("" if glossary == s.default(Key.GLOSSARY) else glossary)
        self.show_seaco_hint()

    def values(self) -> dict[Key, object]:
        return {Key.TEXT_ITN: self.itn.isChecked(), Key.TEXT_SCRIPT: self.script.currentData(),
                Key.GLOSSARY: str(self.glossary_path())}
