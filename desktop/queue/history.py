"""Keeps the queue rows and the job history (models/jobs/store.py JobStore) in step (never lose work).

A queue row's id is its job's uid. At start the queue is rebuilt from the store's queued, interrupted and failed
jobs with their saved text; rows added later are enqueued, reorders and removals are written through. Finished jobs
stay in the history when their row is removed (the history view lists and deletes them). Everything here runs in
the GUI thread and touches the database once per user action, never per progress tick.
"""
from __future__ import annotations

import logging
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Slot

from desktop.queue.model import Job, JobStatus, QueueModel
from desktop.queue.speaker_choice import save_choice, stored_choice, with_choice
from models.core.errors import TingxieError
from models.jobs.store import JobState, JobStore
from models.options import runtime_label

log = logging.getLogger("tingxie.history")

_ROW_STATUS = {JobState.QUEUED: JobStatus.QUEUED, JobState.INTERRUPTED: JobStatus.INTERRUPTED,
               JobState.FAILED: JobStatus.FAILED}


def row_from_job(job: Any) -> Job:
    """A queue row for a stored job (queued, interrupted or failed); its text stays in the history."""
    return Job(path=job.path, id=job.uid, duration_s=job.duration_ms / 1000 if job.duration_ms else None,
               status=_ROW_STATUS.get(job.state, JobStatus.INTERRUPTED), done_s=job.resume_ms / 1000,
               error=job.error, runtime=stored_runtime(job), speakers=stored_choice(job.settings))


def stored_runtime(job: Any) -> str:
    """The runtime label of a stored job, formatted from its data: what ran it once it has run, else what its
    settings asked for (never parsed back from a label)."""
    if job.device:
        return str(job.runtime)
    settings = job.settings or {}
    return runtime_label(str(settings.get("device", "")), "", str(settings.get("precision", "")),
                         str(settings.get("backend", "torch")))


class QueueHistory(QObject):
    """Writes queue edits through to the JobStore and rebuilds the queue from it."""

    def __init__(self, model: QueueModel, jobs: JobStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.jobs = jobs
        self.problem: str = getattr(jobs, "problem", "")  # the history is not saved this session (why)
        self.recovered: list[str] = [j.uid for j in getattr(jobs, "recovered", [])]  # left running by a crash
        self.load()
        model.jobs_added.connect(self._on_added)
        model.jobs_moved.connect(self._on_moved)
        model.jobs_removed.connect(self._on_removed)
        model.speakers_changed.connect(self._on_speakers)

    def load(self) -> list[Job]:
        """Append the store's unfinished jobs (queue order); returns the new rows."""
        known = {j.id for j in self.model.jobs}
        rows: list[Job] = []
        try:
            for job in self.jobs.list_jobs([JobState.QUEUED, JobState.INTERRUPTED, JobState.FAILED]):
                if job.uid in known:
                    continue
                rows.append(row_from_job(job))
        except TingxieError as exc:
            log.warning("cannot reload the queue from the job history: %s", exc)
            self.problem = self.problem or str(exc)
        self.model.restore(rows)
        if rows:
            log.info("queue: %d job(s) reloaded from the history", len(rows))
        return rows

    def interrupted(self) -> list[Job]:
        """Rows left part-done by an earlier session (crash or quit), as loaded."""
        return [j for j in self.model.jobs if j.status is JobStatus.INTERRUPTED]

    # -- write-through ------------------------------------------------------------------------------------------
    @Slot(list)
    def _on_added(self, rows: list[Job]) -> None:
        for row in rows:
            error = self._enqueue(row)
            if error:
                row.status, row.error = JobStatus.FAILED, error
                self.model.changed(row.id)

    def _enqueue(self, row: Job) -> str:
        try:
            self.jobs.enqueue(row.path, uid=row.id,
                              settings=with_choice(None, row.speakers) if row.speakers is not None else None)
        except TingxieError as exc:  # AudioError (unreadable file) or HistoryError (disk full, ...)
            log.warning("cannot add %s to the job history: %s", row.path, exc)
            return str(exc)
        return ""

    def ensure(self, row: Job) -> str:
        """Before a run: the row's job is in the store (added again if it was deleted or never added).
        Returns an error message for the row, or ""."""
        try:
            self.jobs.get(row.id)
            return ""
        except TingxieError:
            pass
        error = self._enqueue(row)
        if not error:
            self._on_moved()
        return error

    @Slot()
    def _on_moved(self) -> None:
        try:
            self.jobs.reorder([j.id for j in self.model.jobs])
        except TingxieError as exc:
            log.warning("cannot save the queue order: %s", exc)

    @Slot(list)
    def _on_removed(self, rows: list[Job]) -> None:
        for row in rows:
            if row.status is JobStatus.DONE:
                continue  # only hidden from the queue: the transcript stays in the history
            try:
                self.jobs.delete(row.id)
            except TingxieError as exc:
                log.info("job %s not deleted from the history: %s", row.id, exc)

    @Slot(list)
    def _on_speakers(self, rows: list[Job]) -> None:
        for row in rows:
            save_choice(self.jobs, row.id, row.speakers)

    def mark_interrupted(self, uid: str) -> None:
        self._mark(uid, self.jobs.mark_interrupted)

    def mark_failed(self, uid: str, message: str) -> None:
        self._mark(uid, lambda jid: self.jobs.mark_failed(jid, message))

    def _mark(self, uid: str, fn: Any) -> None:
        try:
            fn(self.jobs.get(uid).id)
        except TingxieError as exc:
            log.warning("cannot record the state of job %s: %s", uid, exc)
