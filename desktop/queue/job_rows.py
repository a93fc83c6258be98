"""What the worker's reports do to a job's row in the queue model: status, progress, ETA; and the queue's ETA.

The runner calls these from its GUI-thread slots and then emits its own signals. They only change Job rows and
tell the model which row changed, so the dispatching (what runs next) stays in the runner.
"""
from __future__ import annotations

from typing import Any

from desktop.queue.model import Column, Job, JobStatus, QueueModel


def mark_unrunnable(model: QueueModel, job: Job, error: str) -> None:
    """A queued job that cannot be dispatched (its job history entry is gone): fail its row."""
    job.status, job.error = JobStatus.FAILED, error
    model.changed(job.id)


def mark_started(model: QueueModel, job_id: str, runtime_info: Any) -> bool:
    """The worker began the job. False when the row is gone (nothing to report)."""
    job = model.job(job_id)
    if job is None:
        return False
    job.reset()  # the run replays the saved segments first
    job.restart = False
    job.status = JobStatus.RUNNING
    job.runtime = runtime_info.label() if runtime_info is not None else ""
    model.changed(job_id)
    return True


def record_progress(model: QueueModel, job_id: str, progress: Any, eta_s: float) -> bool:
    """Audio done (and the total, once known) and the file's ETA. False when the row is gone."""
    job = model.job(job_id)
    if job is None:
        return False
    job.done_s = float(progress.done_s)
    if progress.total_s:
        job.duration_s = float(progress.total_s)
    job.eta_s = eta_s
    model.changed(job_id, (Column.DURATION, Column.PROGRESS))
    return True


def mark_done(model: QueueModel, job_id: str, transcript: Any) -> None:
    job = model.job(job_id)
    if job is not None:
        job.status = JobStatus.DONE
        job.done_s = job.duration_s or transcript.duration_ms / 1000
        job.eta_s = -1.0
        model.changed(job_id)


def mark_failed(model: QueueModel, job_id: str, message: str) -> None:
    job = model.job(job_id)
    if job is not None:
        job.status = JobStatus.FAILED
        job.error = message
        job.eta_s = -1.0
        model.changed(job_id)


def mark_cancelled(model: QueueModel, job_id: str) -> None:
    job = model.job(job_id)
    if job is not None:
        job.status = JobStatus.CANCELLED
        job.eta_s = -1.0
        model.changed(job_id)


def queue_eta(model: QueueModel, current_id: str | None, speed: float) -> float:
    """Seconds until the queue is done at this speed (audio s per wall s), -1 when unknown."""
    if speed <= 0:
        return -1.0
    remaining = model.queued_seconds()
    job = model.job(current_id) if current_id else None
    if job is not None and job.duration_s:
        remaining += max(0.0, job.duration_s - job.done_s)
    return remaining / speed
