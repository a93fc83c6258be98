"""The Summary panel beside the transcript editor: minutes from the user's own language model.

Text streams in while the model writes; Cancel works at any time (chunks already done are kept in the job history
and not asked again); citations ("[00:12:30]") are links that play that moment. An endpoint that is not on this
computer is used only after the user agreed, once per endpoint (models.summary.consent).
"""
from __future__ import annotations

import html
import logging
import re
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTextBrowser, QVBoxLayout,
                               QWidget)

from desktop.editor.summary_worker import SummaryRun
from desktop.settings.store import Key, Settings
from models.summary import consent
from models.summary import templates as summary_templates

log = logging.getLogger("tingxie.summary")
_CITE = re.compile(r"\[(\d{2}):(\d{2}):(\d{2})\]")
_HEAD = re.compile(r"^\s*#{1,3}\s*(.+)$")


def minutes_html(text: str) -> str:
    """Markdown-ish minutes as HTML: headings, lines, and citations as links "t:<ms>"."""
    out: list[str] = []
    for line in text.splitlines():
        m = _HEAD.match(line)
        body = html.escape(m.group(1) if m else line)
        body = _CITE.sub(lambda c: f'<a href="t:{(int(c[1]) * 3600 + int(c[2]) * 60 + int(c[3])) * 1000}">'
                                   f"{c[1]}:{c[2]}:{c[3]}</a>", body)
        out.append(f"<h3>{body}</h3>" if m else f"{body}<br>")
    return "".join(out)


class SummaryPanel(QWidget):
    seek_requested = Signal(int)  # ms: a citation was clicked
    minutes_saved = Signal(int)  # the job history id whose minutes were saved

    def __init__(self, jobs: Any, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs  # models.jobs.store.JobStore
        self.settings = settings
        self.store_id: int | None = None
        self.run: SummaryRun | None = None
        self._text = ""

        self.template = QComboBox()
        for name in summary_templates.names():
            self.template.addItem(self._template_title(name), name)
        self.template.setToolTip(self.tr("What kind of recording this is: the prompts differ"))
        i = self.template.findData(settings.value(Key.SUMMARY_TEMPLATE))
        self.template.setCurrentIndex(max(0, i))
        self.start_button = QPushButton(self.tr("Summarise"))
        self.start_button.setToolTip(self.tr("Summary, decisions and action items from your own language model"))
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.settings_button = QPushButton(self.tr("Model…"))
        self.settings_button.setToolTip(self.tr("Endpoint, model, API key and context length"))
        self.settings_button.clicked.connect(self.edit_settings)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._anchor)

        row = QHBoxLayout()
        row.addWidget(self.template, 1)
        row.addWidget(self.start_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.settings_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self._buttons()

    def _template_title(self, name: str) -> str:
        titles = {"minutes": self.tr("Meeting minutes"), "interview": self.tr("Interview"),
                  "lecture": self.tr("Lecture notes")}
        return titles.get(name, name)

    # -- content
    def show_job(self, store_id: int | None) -> None:
        """Show this job's saved minutes (none: empty); a run for another job is cancelled."""
        if self.run is not None:
            self.cancel()
        self.store_id = store_id
        self._text = ""
        minutes = None
        if store_id is not None:
            from models.jobs.summaries import load_minutes

            try:
                minutes = load_minutes(self.jobs.db, store_id)
            except Exception as exc:  # noqa: BLE001 - a history problem must not block the transcript
                log.info("no minutes for job %s: %s", store_id, exc)
        self._show(minutes.text if minutes else "")
        self.status.setText("" if minutes else self.tr("No summary yet."))
        self._buttons()

    def _show(self, text: str) -> None:
        self._text = text
        self.view.setHtml(minutes_html(text))

    def _buttons(self) -> None:
        running = self.run is not None
        self.start_button.setEnabled(not running and self.store_id is not None)
        self.cancel_button.setEnabled(running)
        self.template.setEnabled(not running)

    def _anchor(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("t:") and s[2:].isdigit():
            self.seek_requested.emit(int(s[2:]))

    # -- running
    def start(self) -> bool:
        """Ask the model; False when nothing started (no transcript, or the user kept the transcript home)."""
        if self.store_id is None or self.run is not None:
            return False
        from dataclasses import replace

        from models.jobs.edits import edited_transcript
        from models.jobs.summaries import JobSummaryCache

        self.settings.set_value(Key.SUMMARY_TEMPLATE, self.template.currentData())
        opts = replace(self.settings.summary_options(), template=str(self.template.currentData()))
        if not self.confirm_endpoint(opts.endpoint):
            return False
        transcript = edited_transcript(self.jobs, self.store_id)  # with the user's corrections and names
        self.run = SummaryRun(opts, transcript, JobSummaryCache(self.jobs.db, self.store_id), self)
        self.run.step_started.connect(self._step)
        self.run.text_arrived.connect(self._arrived)
        self.run.finished.connect(self._finished)
        self.run.failed.connect(self._failed)
        self.run.cancelled.connect(self._cancelled)
        self.status.setText(self.tr("Asking %1…").replace("%1", opts.endpoint))
        self._buttons()
        self.run.start()
        return True

    def confirm_endpoint(self, endpoint: str) -> bool:
        if consent.allowed(endpoint):
            return True
        answer = QMessageBox.warning(
            self, self.tr("The transcript leaves this computer"),
            self.tr("%1 is not on this computer: the transcript, with speaker names, will be sent over the network "
                    "to be summarised. Send it? You will not be asked again for this server.").replace("%1", endpoint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        consent.allow(endpoint)
        return True

    def cancel(self) -> None:
        if self.run is not None:
            run, self.run = self.run, None
            run.cancel()
            for sig in (run.step_started, run.text_arrived, run.finished, run.failed, run.cancelled):
                sig.disconnect()
            self.status.setText(self.tr("Cancelled. The parts already summarised are kept: Summarise continues "
                                        "from there."))
            self._buttons()

    def _step(self, step: int, steps: int, cached: bool) -> None:
        note = self.tr(" (kept from before)") if cached else ""
        self.status.setText(self.tr("Part %1 of %2").replace("%1", str(step)).replace("%2", str(steps)) + note)
        self._show("")

    def _arrived(self, text: str) -> None:
        self._show(self._text + text)

    def _finished(self, minutes: Any) -> None:
        from models.jobs.summaries import save_minutes

        store_id, self.run = self.store_id, None
        self._show(minutes.text)
        try:
            if store_id is not None:
                save_minutes(self.jobs.db, store_id, minutes)
                self.minutes_saved.emit(store_id)
            self.status.setText(self.tr("%1 decision(s), %2 action item(s). Click a time to hear it.")
                                .replace("%1", str(len(minutes.decisions))).replace("%2", str(len(minutes.actions))))
        except Exception as exc:  # noqa: BLE001 - shown, never raised into Qt
            self.status.setText(self.tr("The summary could not be saved: %1").replace("%1", str(exc)))
        self._buttons()

    def _failed(self, message: str) -> None:
        self.run = None
        self.status.setText(message)
        self._buttons()

    def _cancelled(self) -> None:
        self.run = None
        self._buttons()

    def edit_settings(self) -> None:
        from desktop.settings.summary_dialog import SummarySettingsDialog

        SummarySettingsDialog(self.settings, self).exec()
