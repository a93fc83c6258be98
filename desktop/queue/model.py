"""The file queue: Job dataclasses behind a QAbstractTableModel (file, duration, status, progress, device, speakers).

Rows are kept in step with the job history (models/jobs/store.py) by desktop/queue/history.py through the jobs_added /
jobs_moved / jobs_removed signals; this module itself knows nothing about the store.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.queue.speaker_choice import choice_text, found_text
from models.core.textfmt import clock
from models.speakers.options import SpeakerOptions


translate = QCoreApplication.translate


class JobStatus(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"  # by Cancel in this session: Start continues it where it stopped
    INTERRUPTED = "interrupted"  # left unfinished by an earlier session (quit or crash): Start continues it


# Rows Start picks up, in queue order. Cancelled and interrupted rows resume from their last finished segment.
PENDING = (JobStatus.QUEUED, JobStatus.CANCELLED, JobStatus.INTERRUPTED)


def status_text(status: JobStatus) -> str:
    return {
        JobStatus.QUEUED: translate("QueueModel", "Queued"),
        JobStatus.RUNNING: translate("QueueModel", "Transcribing"),
        JobStatus.DONE: translate("QueueModel", "Done"),
        JobStatus.FAILED: translate("QueueModel", "Failed"),
        JobStatus.CANCELLED: translate("QueueModel", "Cancelled"),
        JobStatus.INTERRUPTED: translate("QueueModel", "Interrupted"),
    }[status]


@dataclass
class Job:
    path: Path
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    duration_s: float | None = None  # None until probed
    status: JobStatus = JobStatus.QUEUED
    done_s: float = 0.0
    eta_s: float = -1.0
    runtime: str = ""  # RuntimeInfo.label() of the engine that ran it
    error: str = ""
    exported: list[Path] = field(default_factory=list)
    export_error: str = ""
    restart: bool = False  # the next run forgets saved segments (Retry of a finished file)
    speakers: SpeakerOptions | None = None  # this file's diarization choice; None: Settings → Speakers
    text: Any = None  # this file's TextOptions (a watch folder's glossary); None: Settings → Text
    found_speakers: int | None = None  # speakers in its finished transcript (0: none, speakers were off)

    @property
    def fraction(self) -> float:
        if self.status is JobStatus.DONE:
            return 1.0
        total = self.duration_s or 0.0
        return min(1.0, self.done_s / total) if total > 0 else 0.0

    def reset(self) -> None:
        self.status = JobStatus.QUEUED
        self.done_s, self.eta_s = 0.0, -1.0
        self.error = self.export_error = ""
        self.exported = []
        self.found_speakers = None


class Column:
    FILE, DURATION, STATUS, PROGRESS, DEVICE, SPEAKERS = range(6)
    COUNT = 6


# Rows whose speaker choice can still change (a running or finished file keeps the one it ran with).
CHOOSABLE = (*PENDING, JobStatus.FAILED)


ProgressRole = Qt.ItemDataRole.UserRole + 1  # float 0..1 for the progress delegate
JobRole = Qt.ItemDataRole.UserRole + 2


class QueueModel(QAbstractTableModel):
    """Rows are Jobs in queue order; the controller mutates jobs through update()/set_status()."""

    jobs_added = Signal(list)  # list[Job] added by add_paths (not by restore)
    jobs_moved = Signal()  # the row order changed
    jobs_removed = Signal(list)  # list[Job] removed by remove_rows
    speakers_changed = Signal(list)  # list[Job] whose speaker choice set_speakers changed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._jobs: list[Job] = []
        self.speakers_default: Callable[[], SpeakerOptions] | None = None  # shown for rows without a choice

    # -- Qt model -----------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else Column.COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = [
            translate("QueueModel", "File"),
            translate("QueueModel", "Duration"),
            translate("QueueModel", "Status"),
            translate("QueueModel", "Progress"),
            translate("QueueModel", "Device / precision"),
            translate("QueueModel", "Speakers"),
        ]
        return names[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._jobs):
            return None
        job = self._jobs[index.row()]
        col = index.column()
        if role == JobRole:
            return job
        if role == ProgressRole:
            return job.fraction
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Column.FILE:
                return job.path.name
            if col == Column.DURATION:
                return clock(job.duration_s) if job.duration_s is not None else "…"
            if col == Column.STATUS:
                text = status_text(job.status)
                if job.status is JobStatus.FAILED and job.error:
                    text = f"{text}: {job.error}"
                elif job.export_error:
                    text = text + " · " + translate("QueueModel", "export failed")
                return text
            if col == Column.PROGRESS:
                if job.status is JobStatus.RUNNING and job.eta_s >= 0:
                    eta = translate("QueueModel", "ETA %1").replace("%1", clock(job.eta_s))
                    return f"{job.fraction:.0%} · {eta}"
                return f"{job.fraction:.0%}"
            if col == Column.DEVICE:
                return job.runtime
            if col == Column.SPEAKERS:
                if job.status is JobStatus.DONE and job.found_speakers is not None:  # what it ran with, not Settings
                    return found_text(job.found_speakers)
                return choice_text(job.speakers if job.speakers is not None else self._default_speakers())
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Column.FILE:
                return str(job.path)
            if col == Column.STATUS:
                lines = [status_text(job.status)]
                if job.error:
                    lines.append(job.error)
                if job.export_error:
                    lines.append(translate("QueueModel", "Export failed: %1").replace("%1", job.export_error))
                if job.status in (JobStatus.CANCELLED, JobStatus.INTERRUPTED) and job.done_s > 0:
                    lines.append(translate("QueueModel", "Start continues it from %1").replace("%1", clock(job.done_s)))
                if job.exported:
                    names = ", ".join(p.name for p in job.exported)
                    lines.append(translate("QueueModel", "Exported: %1").replace("%1", names))
                return "\n".join(lines)
            if col == Column.SPEAKERS:
                if job.status is JobStatus.DONE and job.found_speakers is not None:
                    return translate("QueueModel", "Speakers in the finished transcript")
                if job.speakers is None:
                    return translate("QueueModel", "From Settings (Speakers); right-click ▸ Speakers to choose "
                                                   "for this file")
                return translate("QueueModel", "Chosen for this file; right-click ▸ Speakers to change")
        if role == Qt.ItemDataRole.ForegroundRole and col == Column.STATUS and job.status is JobStatus.FAILED:
            from PySide6.QtGui import QColor

            return QColor("#c0392b")
        if role == Qt.ItemDataRole.ForegroundRole and col == Column.SPEAKERS and job.speakers is None \
                and not (job.status is JobStatus.DONE and job.found_speakers is not None):
            from PySide6.QtGui import QColor

            return QColor("#808080")  # the settings' default, not this file's own choice
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (Column.DURATION, Column.PROGRESS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- queue operations ---------------------------------------------------------------------------------------
    @property
    def jobs(self) -> list[Job]:
        return list(self._jobs)

    def _default_speakers(self) -> SpeakerOptions | None:
        return self.speakers_default() if self.speakers_default is not None else None

    def add_paths(self, paths: list[Path], speakers: SpeakerOptions | None = None) -> list[Job]:
        """Append files not already waiting or running; returns the new jobs. speakers: their own choice."""
        active = {j.path.resolve() for j in self._jobs if j.status in (*PENDING, JobStatus.RUNNING)}
        new: list[Job] = []
        for p in paths:
            rp = Path(p).resolve()
            if rp in active:
                continue
            active.add(rp)
            new.append(Job(rp, speakers=speakers))
        if new:
            first = len(self._jobs)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._jobs.extend(new)
            self.endInsertRows()
            self.jobs_added.emit(new)
        return new

    def restore(self, jobs: list[Job]) -> None:
        """Append rows reloaded from the job history (no jobs_added: they are in the store already)."""
        if jobs:
            first = len(self._jobs)
            self.beginInsertRows(QModelIndex(), first, first + len(jobs) - 1)
            self._jobs.extend(jobs)
            self.endInsertRows()

    def job(self, job_id: str) -> Job | None:
        return next((j for j in self._jobs if j.id == job_id), None)

    def row_of(self, job_id: str) -> int:
        return next((i for i, j in enumerate(self._jobs) if j.id == job_id), -1)

    def job_at(self, row: int) -> Job | None:
        return self._jobs[row] if 0 <= row < len(self._jobs) else None

    def next_queued(self) -> Job | None:
        """The first row Start would run: queued, cancelled or interrupted (the last two resume)."""
        return next((j for j in self._jobs if j.status in PENDING), None)

    def queued_seconds(self) -> float:
        return sum(max(0.0, (j.duration_s or 0.0) - j.done_s) for j in self._jobs if j.status in PENDING)

    def changed(self, job_id: str, columns: tuple[int, ...] | None = None) -> None:
        row = self.row_of(job_id)
        if row < 0:
            return
        first, last = (min(columns), max(columns)) if columns else (0, Column.COUNT - 1)
        self.dataChanged.emit(self.index(row, first), self.index(row, last))

    def remove_rows(self, rows: list[int]) -> list[Job]:
        """Remove rows that are not running (the running job is cancelled first, never removed under the worker)."""
        removed: list[Job] = []
        for row in sorted(set(rows), reverse=True):
            job = self.job_at(row)
            if job is None or job.status is JobStatus.RUNNING:
                continue
            self.beginRemoveRows(QModelIndex(), row, row)
            removed.append(self._jobs.pop(row))
            self.endRemoveRows()
        if removed:
            self.jobs_removed.emit(removed)
        return removed

    def set_speakers(self, rows: list[int], choice: SpeakerOptions | None) -> list[Job]:
        """Give rows that have not run to the end their own speaker choice (None: the settings'); returns the rows
        changed (speakers_changed is emitted for them)."""
        changed: list[Job] = []
        for row in rows:
            job = self.job_at(row)
            if job is None or job.status not in CHOOSABLE or job.speakers == choice:
                continue
            job.speakers = choice
            self.changed(job.id, (Column.SPEAKERS,))
            changed.append(job)
        if changed:
            self.speakers_changed.emit(changed)
        return changed

    def move(self, row: int, delta: int) -> int:
        """Move a row up (-1) or down (+1); returns its new row."""
        dest = row + delta
        if not (0 <= row < len(self._jobs)) or not (0 <= dest < len(self._jobs)) or delta == 0:
            return row
        # beginMoveRows wants the destination as "insert before", which is one past dest when moving down.
        qt_dest = dest + 1 if delta > 0 else dest
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), qt_dest)
        self._jobs.insert(dest, self._jobs.pop(row))
        self.endMoveRows()
        self.jobs_moved.emit()
        return dest

    def retry(self, rows: list[int]) -> int:
        """Put failed/cancelled/interrupted rows back in the queue (they resume), and done ones (they start over)."""
        n = 0
        for row in rows:
            job = self.job_at(row)
            if job is None or job.status not in (JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.INTERRUPTED,
                                                 JobStatus.DONE):
                continue
            if job.status is JobStatus.DONE:
                job.reset()
                job.restart = True
            else:  # the text so far stays shown; the run replays the saved part and goes on
                job.status, job.error, job.export_error, job.eta_s = JobStatus.QUEUED, "", "", -1.0
            self.changed(job.id)
            n += 1
        return n
