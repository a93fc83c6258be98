"""Summary settings: endpoint, model (listed from the endpoint), API key, context length, the template files."""
from __future__ import annotations

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from desktop.settings.store import Key, Settings
from models.summary.locality import is_local
from models.summary.options import MIN_CONTEXT_TOKENS, SummaryOptions


class SummarySettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Summary settings"))
        self.endpoint = QLineEdit(settings.value(Key.SUMMARY_ENDPOINT))
        self.endpoint.setPlaceholderText(settings.default(Key.SUMMARY_ENDPOINT))
        self.endpoint.textChanged.connect(self._where)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setCurrentText(settings.value(Key.SUMMARY_MODEL))
        self.model.lineEdit().setPlaceholderText(self.tr("the first model the endpoint lists"))
        self.list_button = QPushButton(self.tr("List models"))
        self.list_button.clicked.connect(self.list_models)
        self.key = QLineEdit(settings.value(Key.SUMMARY_API_KEY))
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("none (local servers need none)"))
        self.context = QSpinBox()
        self.context.setRange(0, 1_048_576)
        self.context.setSingleStep(1024)
        self.context.setSpecialValueText(self.tr("as the endpoint reports (else 4096)"))
        self.context.setValue(settings.value(Key.SUMMARY_CONTEXT))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.templates_button = QPushButton(self.tr("Edit templates…"))
        self.templates_button.setToolTip(self.tr("Open the folder of prompt templates (a copy of each built-in one "
                                                 "is made there for you to edit)"))
        self.templates_button.clicked.connect(self.open_templates)

        model_row = QHBoxLayout()
        model_row.addWidget(self.model, 1)
        model_row.addWidget(self.list_button)
        form = QFormLayout()
        form.addRow(self.tr("Endpoint (OpenAI-compatible)"), self.endpoint)
        form.addRow(self.tr("Model"), model_row)
        form.addRow(self.tr("API key"), self.key)
        form.addRow(self.tr("Context length (tokens)"), self.context)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.templates_button)
        layout.addWidget(buttons)
        self._where()

    def _where(self) -> None:
        url = self.endpoint.text().strip() or self.settings.default(Key.SUMMARY_ENDPOINT)
        self.note.setText(self.tr("This server is on this computer: the transcript stays here.") if is_local(url)
                          else self.tr("This server is not on this computer: the transcript will leave it (you "
                                       "will be asked once before anything is sent)."))

    def list_models(self) -> None:
        from models.summary.client import ChatClient
        from models.summary.errors import SummaryError

        opts = SummaryOptions(endpoint=self.endpoint.text().strip() or self.settings.default(Key.SUMMARY_ENDPOINT),
                              api_key=self.key.text().strip(), connect_timeout_s=3, read_timeout_s=10)
        if not is_local(opts.endpoint):  # a listing sends no transcript; still, ask before contacting a server
            from models.summary import consent

            if not consent.allowed(opts.endpoint):
                self.note.setText(self.tr("Save first; the server is contacted after you agree."))
                return
        client = ChatClient(opts)
        try:
            names = client.models()
        except SummaryError as exc:
            self.note.setText(str(exc))
            return
        finally:
            client.close()
        current = self.model.currentText()
        self.model.clear()
        self.model.addItems(names)
        self.model.setCurrentText(current or (names[0] if names else ""))
        self.note.setText(self.tr("%n model(s) available.", "", len(names)))

    def open_templates(self) -> None:
        from models.summary import templates
        from models.summary.options import LANGUAGES, TEMPLATES

        for name in TEMPLATES:
            for lang in LANGUAGES:
                templates.user_copy(name, lang)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(templates.folder())))

    def accept(self) -> None:
        ctx = self.context.value()
        self.settings.set_value(Key.SUMMARY_ENDPOINT, self.endpoint.text().strip())
        self.settings.set_value(Key.SUMMARY_MODEL, self.model.currentText().strip())
        self.settings.set_value(Key.SUMMARY_API_KEY, self.key.text().strip())
        self.settings.set_value(Key.SUMMARY_CONTEXT, 0 if ctx == 0 else max(MIN_CONTEXT_TOKENS, ctx))
        super().accept()
