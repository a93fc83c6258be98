"""The centre of the window: the transcript editor for the file selected in the queue or opened from
the history, live while it is transcribed, with the player on the file's audio.

One TranscriptEditor (one player, one set of actions that the menus show) switches between transcripts. Sentences
come from the JobStore's own database (EditStore): the worker commits a VAD segment's sentences at its progress
callback, so the window calls sentences_arrived() on progress and when the job is over. A queue row that is not
in the job history (it could not be recorded) shows the placeholder.
"""
from __future__ import annotations

import logging
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QSplitter, QStackedWidget, QToolButton, QVBoxLayout,
                               QWidget)

from desktop.editor.editor_widget import TranscriptEditor
from desktop.editor.summary_panel import SummaryPanel
from desktop.queue.model import Job, JobStatus, status_text
from models.jobs.edits import EditStore

log = logging.getLogger("tingxie.window")


class TranscriptPane(QWidget):
    """Shows one job's sentences in the editor. `follow` makes it switch to whichever job starts running."""

    export_requested = Signal()
    copied = Signal(int)  # characters copied

    def __init__(self, jobs: Any, parent: QWidget | None = None, settings: Any = None) -> None:
        super().__init__(parent)
        self.jobs = jobs  # models.jobs.store.JobStore
        self.job_id: str | None = None  # the queue row / history uid shown
        self.store_id: int | None = None  # its id in the job history
        self._exportable = False

        self.title = QLabel(self.tr("Transcript"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.follow = QCheckBox(self.tr("Follow"))
        self.follow.setChecked(True)
        self.follow.setToolTip(self.tr("Show the file being transcribed as soon as it starts, and keep its newest "
                                       "sentence in view"))
        self.copy_button = QToolButton()
        self.copy_button.setText(self.tr("Copy all"))
        self.copy_button.setToolTip(self.tr("Copy the whole transcript text, with your corrections, to the "
                                            "clipboard (Ctrl+Shift+C)"))
        self.copy_button.clicked.connect(self.copy_all)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setToolTip(self.tr("Write this transcript, with your corrections, in the formats you "
                                              "choose (Ctrl+E)"))
        self.export_button.clicked.connect(self.export_requested)

        self.editor = TranscriptEditor(EditStore(jobs.db), None, None, self, speakers=jobs)  # JobStore: names
        self.editor.set_window_wide()
        self.editor.changed.connect(self._on_changed)
        body = self.editor.view.font()
        body.setPointSizeF(body.pointSizeF() * 1.1)
        self.editor.view.setFont(body)
        self.editor.view.verticalHeader().setDefaultSectionSize(self.editor.view.fontMetrics().height() + 10)
        self.empty_text = self.tr("Drop audio or video files onto this window, or use Add files…, then press "
                                  "Start. The text appears here as it is recognised; Ctrl+click a sentence (or double-click "
                                  "its time) to hear it, double-click its text (or F2) to correct it.")
        self.placeholder = QLabel(self.empty_text)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #7f8c8d;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.editor)
        self.glossary_label = QLabel()  # the main window puts it into its status bar
        self.glossary_label.setToolTip(self.tr("Words the glossary replaced in this transcript (highlighted); "
                                               "right-click one to put the recognised words back"))

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.follow)
        head.addWidget(self.copy_button)
        head.addWidget(self.export_button)
        body_split = QSplitter(Qt.Orientation.Horizontal)
        body_split.addWidget(self.stack)
        self.summary: SummaryPanel | None = None
        if settings is not None:  # the Summary panel beside the editor, shown with the Summary button
            self.summary = SummaryPanel(jobs, settings)
            self.summary.seek_requested.connect(self.editor.player.play_from)
            self.summary.setVisible(False)
            body_split.addWidget(self.summary)
            self.summary_button = QToolButton()
            self.summary_button.setText(self.tr("Summary"))
            self.summary_button.setCheckable(True)
            self.summary_button.setToolTip(self.tr("Summary, decisions and action items from your own language "
                                                   "model"))
            self.summary_button.toggled.connect(self.summary.setVisible)
            head.addWidget(self.summary_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(body_split, 1)
        self._update_buttons()

    # -- content ------------------------------------------------------------------------------------------------
    def show_job(self, job: Job | None) -> None:
        """Show this job's transcript (re-read from the history: a retried job starts from an empty pane)."""
        self.job_id = job.id if job else None
        self.store_id = None
        if job is not None:
            try:
                self.store_id = self.jobs.get(job.id).id
            except Exception as exc:  # noqa: BLE001 - not in the history (could not be recorded): nothing to edit
                log.info("no stored transcript for %s: %s", job.path, exc)
        if job is None:
            self.title.setText(self.tr("Transcript"))
            self.title.setToolTip("")
        else:
            self.set_title(job)
        self.editor.open_job(self.store_id, job.path if job is not None and self.store_id is not None else None)
        if self.summary is not None:
            self.summary.show_job(self.store_id)
        self._exportable = job is not None and job.status is JobStatus.DONE
        self._on_changed()

    def set_title(self, job: Job) -> None:
        text = f"{job.path.name} — {status_text(job.status)}"
        if job.status is JobStatus.FAILED and job.error:
            text += f": {job.error}"
        self.title.setText(text)
        self.title.setToolTip(str(job.path))

    def sentences_arrived(self, job_id: str) -> None:
        """The worker committed sentences of job_id (progress, or the job is over)."""
        if job_id == self.job_id and self.store_id is not None:
            self.editor.sentences_arrived()
            ed = self.editor
            # Follow: the newest sentence stays in view, unless the user is listening or typing somewhere
            if self.follow.isChecked() and not ed.player.playing and ed.line_edit is None:
                ed.view.scrollToBottom()

    def open_at(self, row: int, play: bool = True) -> None:
        """Show sentence `row` of the shown transcript (a search hit) and play it."""
        self.editor.setFocus()
        self.editor.open_at(row, play)
        self.editor.view.setFocus()

    def segment_count(self) -> int:
        return self.editor.model.rowCount()

    def plain_text(self) -> str:
        """The transcript as reading text, with the user's corrections: sentences joined, no timestamps."""
        return "".join(s.text for s in self.editor.model.rows)

    def copy_all(self) -> None:
        text = self.plain_text()
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(len(text))

    def set_exportable(self, exportable: bool) -> None:
        """Export needs the finished transcript; copying works on the text so far."""
        self._exportable = exportable
        self._update_buttons()

    def _on_changed(self) -> None:
        has = self.editor.model.rowCount() > 0
        self.stack.setCurrentWidget(self.editor if has else self.placeholder)
        if not has:
            self.placeholder.setText(self.empty_text if self.job_id is None else self.tr(
                "No text yet: it appears here sentence by sentence while the file is transcribed."))
        n = self.editor.model.replacement_count() if has else 0
        self.glossary_label.setText(self.tr("Glossary: %n replacement(s)", "", n) if n else "")
        self.glossary_label.setVisible(bool(n))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_text = self.editor.model.rowCount() > 0
        self.copy_button.setEnabled(has_text)
        self.export_button.setEnabled(has_text and self._exportable)
