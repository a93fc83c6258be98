"""A read-only view of one batch transcript: its JSON export (timed sentences), else its TXT export as written."""
from __future__ import annotations

import html
import json
from pathlib import Path

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPushButton, QTextBrowser, QVBoxLayout,
                               QWidget)

from models.core.textfmt import clock, timestamp
from models.core.transcript import Transcript


def read_transcript(path: Path) -> Transcript:
    """A Tingxie JSON export back as a Transcript. Raises OSError, ValueError (bad JSON), KeyError/TypeError."""
    return Transcript.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


class TranscriptDialog(QDialog):
    """Shows a transcript (sentences with their start times, speaker names when there are any) or plain text."""

    def __init__(self, title: str, transcript: Transcript | None = None, text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transcript = transcript
        self.setWindowTitle(title)
        self.resize(720, 560)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: palette(mid);")
        self.view = QTextBrowser()
        self.view.setReadOnly(True)
        self.view.setOpenLinks(False)
        if transcript is not None:
            self.view.setHtml(self._html(transcript))
            parts = [self.tr("%n sentence(s)", "", len(transcript.segments)), clock(transcript.duration_ms / 1000)]
            if transcript.runtime:
                parts.append(transcript.runtime)
            self.info.setText(" · ".join(parts))
        else:
            self.view.setPlainText(text)
            self.info.setText(self.tr("Plain text export (this batch wrote no JSON with timestamps)"))
        copy = QPushButton(self.tr("Copy all text"))
        copy.clicked.connect(self.copy_all)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def plain_text(self) -> str:
        return self.view.toPlainText()

    def copy_all(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.transcript.text if self.transcript is not None
                                            else self.plain_text())

    @staticmethod
    def _html(t: Transcript) -> str:
        rows = []
        for s in t.segments:
            who = f"<b>{html.escape(t.speaker_name(s.speaker))}</b>：" if s.speaker >= 0 else ""
            rows.append(f'<p><span style="color:gray">[{timestamp(s.start_ms)[:-4]}]</span> {who}'
                        f"{html.escape(s.text)}</p>")
        return "".join(rows)
