"""The main window's part in changing finished transcripts without losing a correction.

- Speakers on a finished file (the queue's Speakers submenu): the worker runs only the speaker step on the saved
  audio and stored segments (QueueRunner.add_speakers); the transcript gets labels as one undo step.
- "Apply text settings to this transcript" (Edit menu, and offered after Settings change glossary, numbers or
  script): the text steps run again on the recognised sentences in a thread; a dialog lists what would change,
  the user's corrections apart (they change only when asked); one undo step.
- Retry of a finished file asks first and says what happens to the corrections; when the new transcript is
  done they are carried over by time, and the ones that could not be are listed in a dialog.

It gets the window (queue, runner, job store, transcript pane, notices) and owns nothing else.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction

from desktop.queue.model import Column, Job, JobStatus
from desktop.queue.speaker_choice import save_choice
from desktop.settings.store import Key
from desktop.window.revise_dialogs import CarriedDialog, TextStepsDialog
from models.core.errors import TingxieError
from models.speakers.options import SpeakerOptions

log = logging.getLogger("tingxie.window")

TEXT_KEYS = {str(Key.TEXT_ITN), str(Key.TEXT_SCRIPT), str(Key.GLOSSARY)}
APPLY_TEXT = "apply-text"  # the notice bar's action id


class WindowRevise(QObject):
    _planned = Signal(str, object, str)  # job uid, TextPlan (None on failure), error message

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.w = window
        self.pending_speakers: dict[str, SpeakerOptions] = {}
        self.carry_pending: set[str] = set()  # finished jobs queued again: carry their corrections when done
        self.text_dialog: TextStepsDialog | None = None
        self.carry_dialog: CarriedDialog | None = None
        self.planning: threading.Thread | None = None
        r = window.runner
        r.speakers_applied.connect(self._on_speakers_applied)
        r.speakers_failed.connect(self._on_speakers_failed)
        r.job_finished.connect(self._on_job_finished)  # connected before the window's: carry, then export
        self._planned.connect(self._on_planned)
        self.apply_text_action = QAction(self.tr("Apply text settings to this transcript…"), window)
        self.apply_text_action.setStatusTip(self.tr("Apply the glossary, numbers and script settings to the "
                                                    "transcript shown, without transcribing it again"))
        self.apply_text_action.triggered.connect(self.apply_text_steps)

    def add_to_menu(self, menu: Any, before: QAction | None) -> None:
        menu.insertAction(before, self.apply_text_action)

    def update(self) -> None:
        self.apply_text_action.setEnabled(self._shown_done() is not None and self.planning is None)

    # -- speakers -----------------------------------------------------------------------------------------------
    def speakers(self, jobs: list[Job], options: SpeakerOptions) -> None:
        """Give finished rows speakers (or take them away) without transcribing them again."""
        for job in jobs:
            if job.id in self.pending_speakers:
                continue
            self.pending_speakers[job.id] = options
            self.w.runner.add_speakers(job.id, options)
            self.w.show_status(self.tr("Finding the speakers in %1 (the transcript and your corrections stay as "
                                       "they are)…").replace("%1", job.path.name), 0)

    @Slot(str, object)
    def _on_speakers_applied(self, job_id: str, result: Any) -> None:
        options = self.pending_speakers.pop(job_id, None)
        job = self.w.queue.job(job_id)
        if job is not None and options is not None:
            job.speakers = options
            save_choice(self.w.jobs, job_id, options)
            self.w.queue.changed(job_id, (Column.SPEAKERS,))
        self._refresh_if_shown(job_id)
        name = job.path.name if job is not None else ""
        text = self.tr("%1: %n speaker(s). Undo with Ctrl+Z.", "", result.speakers) if result.speakers else \
            self.tr("%1: speakers removed. Undo with Ctrl+Z.")
        self.w.show_status(text.replace("%1", name), 8000)

    @Slot(str, str)
    def _on_speakers_failed(self, job_id: str, message: str) -> None:
        self.pending_speakers.pop(job_id, None)
        self.w.show_status("", 1)
        self.w.show_notice(self.tr("Speakers could not be added: %1").replace("%1", message), "error")

    # -- text steps ---------------------------------------------------------------------------------------------
    def _shown_done(self) -> Any:
        job = self.w.shown_job()
        return job if job is not None and job.status is JobStatus.DONE and self.w.transcript.store_id else None

    def settings_changed(self, changed: set[str]) -> None:
        if changed & TEXT_KEYS and self._shown_done() is not None:
            self.w.show_notice(self.tr("The text settings changed. They apply to files transcribed from now on; "
                                       "the open transcript can take them too."), "info",
                               self.tr("Apply to this transcript"), APPLY_TEXT)

    def apply_text_steps(self) -> None:
        """Work out what the current text settings change in the transcript shown (in a thread), then ask."""
        job = self._shown_done()
        if job is None or self.planning is not None:
            return
        from models.revise.text import plan

        options = self.w.settings.text_options(job.path)
        store_id = self.w.transcript.store_id

        def work() -> None:
            try:
                self._planned.emit(job.id, plan(self.w.jobs, store_id, options), "")
            except Exception as exc:  # noqa: BLE001 - reported in the window, never lost in a thread
                log.exception("planning the text steps failed")
                self._planned.emit(job.id, None, str(exc))

        self.planning = threading.Thread(target=work, name="tingxie-text-plan", daemon=True)
        self.planning.start()
        self.update()

    @Slot(str, object, str)
    def _on_planned(self, job_id: str, plan: Any, error: str) -> None:
        self.planning = None
        self.update()
        if plan is None:
            self.w.show_notice(self.tr("The text settings could not be applied: %1").replace("%1", error), "error")
            return
        if not plan.changed and not plan.corrections:
            self.w.show_status(self.tr("Nothing to change: the transcript already follows the text settings."), 6000)
            return
        job = self.w.queue.job(job_id) or self.w.history.opened(job_id)
        self.text_dialog = TextStepsDialog(plan, job.path.name if job is not None else "", self.w)
        self.text_dialog.accepted.connect(lambda: self._apply_plan(job_id, plan))
        self.text_dialog.open()

    def _apply_plan(self, job_id: str, plan: Any) -> None:
        from models.revise.text import apply

        dialog = self.text_dialog
        try:
            n = apply(self.w.jobs, self.w.jobs.get(job_id).id, plan,
                      corrections=dialog is not None and dialog.with_corrections)
        except TingxieError as exc:
            self.w.show_notice(str(exc), "error")
            return
        self._refresh_if_shown(job_id)
        self.w.show_status(self.tr("%n sentence(s) changed. Undo with Ctrl+Z.", "", n), 8000)

    # -- transcribing again -------------------------------------------------------------------------------------
    def confirm_retry(self, jobs: list[Job]) -> bool:
        """Ask before a finished file is transcribed again; remember it, to carry its corrections over after."""
        done = [j for j in jobs if j.status is JobStatus.DONE]
        if not done:
            return True
        corrected = sum(self._corrections(j) for j in done)
        text = self.tr("%n finished file(s) will be transcribed again from the start, with the current model and "
                       "precision.", "", len(done))
        if corrected:
            text += " " + self.tr("Your %1 correction(s) are carried over to the new sentences where the times "
                                  "match; any that cannot be are listed when it is done. The transcript as it is now "
                                  "stays in History.").replace("%1", str(corrected))
        if not self.w.confirm(self.tr("Transcribe again?"), text):
            return False
        self.carry_pending.update(j.id for j in done)
        return True

    def _corrections(self, job: Job) -> int:
        from models.jobs.edits import EditStore

        try:
            return sum(s.edited for s in EditStore(self.w.jobs.db).sentences(self.w.jobs.get(job.id).id))
        except TingxieError:
            return 0

    @Slot(str)
    def _on_job_finished(self, job_id: str) -> None:
        if job_id not in self.carry_pending:
            return
        self.carry_pending.discard(job_id)
        from models.revise.carry import carry_corrections

        try:
            report = carry_corrections(self.w.jobs, self.w.jobs.get(job_id).id)
        except TingxieError as exc:
            self.w.show_notice(str(exc), "error")
            return
        self._refresh_if_shown(job_id)
        if report.carried:
            self.w.show_status(self.tr("%n correction(s) carried over to the new transcript.", "",
                                       len(report.carried)), 8000)
        if report.left:
            job = self.w.queue.job(job_id)
            self.carry_dialog = CarriedDialog(report, job.path.name if job is not None else "", self.w)
            self.carry_dialog.open()

    def _refresh_if_shown(self, job_id: str) -> None:
        if self.w.transcript.job_id == job_id:
            self.w.transcript.editor.refresh()
