"""A job's record: its state, the Job row as the code sees it, and the mapping from a `jobs` row. No Qt.

Split from models/jobs/store.py (which re-exports Job, JobState and transcript_of): the store reads and writes
rows, this module says what a row means.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from models.core.transcript import Segment, Transcript
from models.jobs import speakers as spk
from models.jobs.identity import FileIdentity
from models.options import runtime_label


class JobState(str, Enum):
    QUEUED = "queued"
    RUNNING = "running"
    INTERRUPTED = "interrupted"  # cancelled, or its process died: resumable
    FAILED = "failed"
    DONE = "done"


@dataclass(frozen=True)
class Job:
    id: int
    uid: str
    path: Path
    size: int
    mtime_ns: int
    head_sha256: str
    settings_key: str | None
    settings: dict
    state: JobState
    error: str
    warnings: tuple[str, ...]
    duration_ms: int
    vad_done: int
    resume_ms: int
    attempts: int
    owner: str
    queue_pos: int
    model: str
    device: str  # "cpu" | "cuda" once it ran; "" before
    precision: str
    created_at: float
    updated_at: float
    finished_at: float | None
    segment_count: int = 0
    device_name: str = ""
    backend: str = ""
    threads: int = 0

    @property
    def runtime(self) -> str:
        """What ran it, formatted from the row's data ("CPU · INT8 · 2 threads")."""
        return runtime_label(self.device, self.device_name, self.precision, self.backend, self.threads)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def identity(self) -> FileIdentity:
        return FileIdentity(self.path, self.size, self.mtime_ns, self.head_sha256)

    @property
    def fraction(self) -> float:
        if self.state is JobState.DONE:
            return 1.0
        return min(1.0, self.resume_ms / self.duration_ms) if self.duration_ms > 0 else 0.0

    @property
    def resumable(self) -> bool:
        return self.state in (JobState.INTERRUPTED, JobState.FAILED, JobState.QUEUED) and self.vad_done > 0


# The columns job_from_row reads: the job row plus how many segments it has committed.
SELECT_JOBS = ("SELECT j.*, (SELECT COUNT(*) FROM segments s WHERE s.job_id = j.id) AS segment_count FROM jobs j")


def job_from_row(r: Any) -> Job:
    return Job(
        id=r["id"], uid=r["uid"], path=Path(os.fsdecode(bytes(r["path"]))), size=r["size"], mtime_ns=r["mtime_ns"],
        head_sha256=r["head_sha256"], settings_key=r["settings_key"], settings=json.loads(r["settings"]),
        state=JobState(r["state"]), error=r["error"], warnings=tuple(json.loads(r["warnings"])),
        duration_ms=r["duration_ms"], vad_done=r["vad_done"], resume_ms=r["resume_ms"], attempts=r["attempts"],
        owner=r["owner"], queue_pos=r["queue_pos"], model=r["model"], device=r["device"], precision=r["precision"],
        created_at=r["created_at"], updated_at=r["updated_at"], finished_at=r["finished_at"],
        segment_count=r["segment_count"], device_name=r["device_name"], backend=r["backend"], threads=r["threads"])


def transcript_of(job: Job, segments: list[Segment], speakers: dict[int, str] | None = None) -> Transcript:
    return Transcript(source=str(job.path), duration_ms=job.duration_ms, segments=segments, model=job.model,
                      device=job.device, precision=job.precision, device_name=job.device_name,
                      backend=job.backend, threads=job.threads, speakers=dict(speakers or {}),
                      speaker_prefix=spk.prefix_of(job.settings))


__all__ = ["Job", "JobState", "SELECT_JOBS", "job_from_row", "transcript_of"]
