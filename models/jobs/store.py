"""Job history storage: nothing a user gives Tingxie is lost. Used by the CLI and the GUI; no Qt.

    jobs = JobStore.open_default()                 # <data dir>/history.sqlite3; jobs left running -> interrupted
    transcript = JobRunner(jobs).run(engine, path, ...)   # models/jobs/runner.py: claim, resume, commit

A job is one file transcribed with one set of settings. Its identity is the resolved path, size, mtime_ns and
the sha256 of the first MiB, plus a key of the engine settings that change the text (device, precision,
punctuation model, model ids and weight files): a changed file or other settings never resume an old job.
The Job record and its row mapping live in models/jobs/job.py (Job, JobState, transcript_of re-exported here).
"""
from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from models.core import paths
from models.core.errors import Cancelled
from models.jobs import speakers as spk
from models.jobs.db import Database, HistoryError, schema_version
from models.jobs.job import SELECT_JOBS, Job, JobState, job_from_row, transcript_of
from models.jobs.kept_edits import keep_aside
from models.jobs.identity import FileIdentity, engine_settings, owner_alive, settings_key
from models.core.transcript import Segment, Transcript
from models.options import CHANNEL_LABELS
from models.speakers.windows import SegmentEmbeddings

log = logging.getLogger(__name__)

DB_NAME = "history.sqlite3"


# ---------------------------------------------------------------------------------------------------- the store
class JobStore:
    """Jobs and their committed segments. Thread-safe (one connection behind a lock)."""

    def __init__(self, path: str | Path = ":memory:", busy_timeout_s: float = 10.0) -> None:
        self.path = path
        self.db = Database(path, busy_timeout_s)
        self.problem = ""  # why open_default fell back to a history that is not saved
        self.recovered: list[Job] = self.recover_interrupted()

    @classmethod
    def default_path(cls) -> Path:
        return paths.data_dir() / DB_NAME

    @classmethod
    def open_default(cls, fallback: bool = True) -> "JobStore":
        """The user's history. With fallback, a history that cannot be used (newer schema, read-only, damaged)
        gives a warning and an in-memory store instead of an error, so transcription still works."""
        try:
            path = cls.default_path()
            return cls(path)
        except OSError as exc:  # the data folder cannot be created
            if not fallback:
                raise HistoryError(f"Cannot create the job history folder: {exc}") from exc
            log.warning("Cannot create the job history folder (%s); job history is off for this session.", exc)
            store = cls(":memory:")
            store.problem = f"Cannot create the job history folder: {exc}"
            return store
        except HistoryError as exc:
            if "damaged" in str(exc) and _move_aside(path):
                log.warning("%s It was moved aside; starting a new history.", exc)
                try:
                    return cls(path)
                except HistoryError as exc2:
                    exc = exc2
            if not fallback:
                raise
            log.warning("%s Job history is off for this session (nothing can be resumed later).", exc)
            store = cls(":memory:")
            store.problem = str(exc)
            return store

    @property
    def persistent(self) -> bool:
        return str(self.path) != ":memory:"

    def close(self) -> None:
        self.db.close()

    def integrity_check(self) -> str:
        return self.db.integrity_check()

    # -- reading
    def get(self, job: int | str) -> Job:
        col = "uid" if isinstance(job, str) else "id"
        rows = self.db.query(f"{SELECT_JOBS} WHERE j.{col} = ?", (job,))
        if not rows:
            raise HistoryError(f"Job {job} is not in the history (it was deleted).")
        return job_from_row(rows[0])

    def list_jobs(self, states: Iterable[JobState | str] | None = None) -> list[Job]:
        """Newest first; queued ones in queue order."""
        where, args = "", []
        if states is not None:
            st = [JobState(s).value for s in states]
            where = f" WHERE j.state IN ({','.join('?' * len(st))})"
            args = st
        rows = self.db.query(f"{SELECT_JOBS}{where} ORDER BY j.queue_pos, j.id DESC", args)
        return [job_from_row(r) for r in rows]

    def segments(self, job: int | str) -> list[Segment]:
        jid = self.get(job).id if isinstance(job, str) else job
        rows = self.db.query("SELECT vad_index, start_ms, end_ms, text, tokens, token_ms, speaker, replacements, "
                             "channel FROM segments WHERE job_id = ? ORDER BY seq", (jid,))
        return [Segment(r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(tuple(t) for t in json.loads(r[5])), r[0],
                        r[6], tuple(tuple(x) for x in json.loads(r[7])), channel=r[8])
                for r in rows]

    def transcript(self, job: int | str) -> Transcript:
        """The stored transcript (partial unless the job is done), ready to re-export."""
        j = self.get(job)
        return transcript_of(j, self.segments(j.id), self.speaker_names(j.id))

    # -- speakers (models/jobs/speakers.py)
    def speaker_embeddings(self, job_id: int) -> list[SegmentEmbeddings]:
        """Every stored VAD segment's speaker embeddings, in VAD order."""
        return [rec for _i, rec in spk.load_embeddings(self.db, job_id)]

    def set_speaker_labels(self, job_id: int, segments: Sequence[Segment]) -> None:
        """Clustering's labels (each Segment's .speaker; all the job's segments in order) into the history."""
        spk.set_labels(self.db, job_id, segments)

    def speaker_names(self, job: int | str) -> dict[int, str]:
        """{label: name} the user gave (Transcript.speakers)."""
        return spk.names(self.db, self.get(job).id if isinstance(job, str) else job)

    def speaker_prefix(self, job: int | str) -> str:
        """The unnamed-speaker label (说话人, or 說話人 for a job written in Traditional script)."""
        return spk.prefix_of(self.get(job).settings)

    def speaker_labels(self, job_id: int) -> list[int]:
        """The labels the job's (editable) sentences use now."""
        return spk.labels(self.db, job_id)

    def name_channels(self, job_id: int, segments: Sequence[Segment]) -> None:
        """A meeting recording's speakers take their channel's name ("我", "对方") unless the user named them."""
        spk.name_channels(self.db, job_id, segments, CHANNEL_LABELS[1], CHANNEL_LABELS[0])

    def rename_speaker(self, job_id: int, speaker: int, name: str) -> None:
        """Name label `speaker` for the whole transcript ("" = back to 说话人N)."""
        spk.rename(self.db, job_id, speaker, name)

    def merge_speakers(self, job_id: int, source: int, target: int) -> int:
        """Every sentence of speaker `source` becomes `target`'s; returns how many changed."""
        return spk.merge(self.db, job_id, source, target)

    def reassign_speaker(self, job_id: int, pos: int, speaker: int) -> None:
        """Sentence `pos` (models.jobs.edits position) to `speaker`."""
        spk.reassign(self.db, job_id, pos, speaker)

    # -- writing
    def enqueue(self, path: str | Path, uid: str | None = None, settings: dict | None = None) -> Job:
        """Record a file added to the queue (raises AudioError if it cannot be read). Settings bind at run."""
        ident = FileIdentity.of(path)
        with self.db.transaction() as c:
            pos = c.execute("SELECT COALESCE(MAX(queue_pos), 0) + 1 FROM jobs").fetchone()[0]
            jid = self.insert_row(c, ident, settings, uid, pos)
        return self.get(jid)

    def find_or_create(self, path: str | Path, settings: dict) -> Job:
        """The job for this file + settings: a done one, else the one with most progress, else a new one."""
        ident = FileIdentity.of(path)
        with self.db.transaction() as c:
            jid = self.find_row(c, ident, settings_key(settings))
            if jid is None:
                jid = self.insert_row(c, ident, settings)
        return self.get(jid)

    def add_segments(self, job_id: int, segments: Sequence[Segment], vad_done: int, resume_ms: int,
                     embeddings: Sequence[tuple[int, SegmentEmbeddings]] = ()) -> None:
        """Commit finished sentences, their VAD segments' speaker embeddings and the checkpoint after them in one
        transaction."""
        with self.db.transaction() as c:
            if c.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone() is None:
                raise Cancelled("the job was deleted from the history")
            seq = c.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM segments WHERE job_id = ?", (job_id,)).fetchone()[0]
            c.executemany(
                "INSERT INTO segments (job_id, seq, vad_index, start_ms, end_ms, text, tokens, token_ms, speaker, "
                "replacements, recognised, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                    (job_id, seq + i, s.vad_index, s.start_ms, s.end_ms, s.text,
                     json.dumps(list(s.tokens), ensure_ascii=False), json.dumps([list(t) for t in s.token_ms]),
                     s.speaker, json.dumps([list(r) for r in s.replacements], ensure_ascii=False),
                     None if s.recognised is None else json.dumps(s.recognised, ensure_ascii=False), s.channel)
                    for i, s in enumerate(segments)])
            if embeddings:
                spk.save_embeddings(c, job_id, embeddings)
            c.execute("UPDATE jobs SET vad_done = ?, resume_ms = ?, updated_at = ? WHERE id = ?",
                      (vad_done, resume_ms, time.time(), job_id))

    def mark_done(self, job_id: int, transcript: Transcript, warnings: Sequence[str] = ()) -> None:
        self.update(job_id, state=JobState.DONE.value, error="", duration_ms=transcript.duration_ms,
                  model=transcript.model, device=transcript.device, precision=transcript.precision,
                  device_name=transcript.device_name, backend=transcript.backend, threads=transcript.threads,
                  warnings=json.dumps(list(warnings), ensure_ascii=False), finished_at=time.time(), owner="")

    def mark_failed(self, job_id: int, message: str, warnings: Sequence[str] = ()) -> None:
        self.update(job_id, state=JobState.FAILED.value, error=message, owner="", finished_at=time.time(),
                  warnings=json.dumps(list(warnings), ensure_ascii=False))

    def mark_interrupted(self, job_id: int) -> None:
        self.update(job_id, state=JobState.INTERRUPTED.value, owner="")

    def reset(self, job_id: int) -> None:
        """Forget the job's segments: it starts over on its next run."""
        with self.db.transaction() as c:
            self.reset_rows(c, job_id)

    def delete(self, job: int | str) -> None:
        j = self.get(job)
        if j.state is JobState.RUNNING and owner_alive(j.owner):
            raise HistoryError(f"{j.name} is being transcribed; cancel it before deleting it.")
        with self.db.transaction() as c:
            c.execute("DELETE FROM jobs WHERE id = ?", (j.id,))

    def reorder(self, jobs: Sequence[int | str]) -> None:
        """Set the queue order (GUI drag or move up/down)."""
        with self.db.transaction() as c:
            for pos, j in enumerate(jobs, 1):
                c.execute(f"UPDATE jobs SET queue_pos = ? WHERE {'uid' if isinstance(j, str) else 'id'} = ?", (pos, j))

    def recover_interrupted(self) -> list[Job]:
        """Jobs left 'running' by a process that is gone become 'interrupted' (resumable). Returns them."""
        stale = [j for j in self.list_jobs([JobState.RUNNING]) if not owner_alive(j.owner)]
        if stale:
            with self.db.transaction() as c:
                for j in stale:
                    c.execute("UPDATE jobs SET state = 'interrupted', owner = '' WHERE id = ? AND state = 'running' "
                              "AND owner = ?", (j.id, j.owner))
            log.info("job history: %d interrupted job(s) can be resumed", len(stale))
        return [self.get(j.id) for j in stale]

    # -- helpers
    def find_row(self, c: Any, ident: FileIdentity, key: str) -> int | None:
        row = c.execute(
            "SELECT id FROM jobs WHERE path = ? AND size = ? AND mtime_ns = ? AND head_sha256 = ? AND settings_key = ? "
            "ORDER BY state = 'done' DESC, vad_done DESC, id DESC LIMIT 1",
            (os.fsencode(ident.path), ident.size, ident.mtime_ns, ident.head_sha256, key)).fetchone()
        return None if row is None else int(row[0])

    def insert_row(self, c: Any, ident: FileIdentity, settings: dict | None, uid: str | None = None, pos: int = 0) -> int:
        now = time.time()
        cur = c.execute(
            "INSERT INTO jobs (uid, path, size, mtime_ns, head_sha256, settings_key, settings, queue_pos, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (uid or uuid.uuid4().hex, os.fsencode(ident.path), ident.size, ident.mtime_ns, ident.head_sha256,
             settings_key(settings) if settings is not None else None, json.dumps(settings or {}), pos, now, now))
        return int(cur.lastrowid)

    @staticmethod
    def reset_rows(c: Any, job_id: int) -> None:
        kept = keep_aside(c, job_id)  # the user's corrections move to a job of their own first
        if kept is not None:
            log.info("job %d is transcribed again; its corrections are kept in job %d", job_id, kept)
        c.execute("DELETE FROM segments WHERE job_id = ?", (job_id,))
        spk.reset(c, job_id)
        c.execute("UPDATE jobs SET vad_done = 0, resume_ms = 0, error = '', warnings = '[]', finished_at = NULL, "
                  "state = CASE WHEN state = 'done' THEN 'interrupted' ELSE state END WHERE id = ?", (job_id,))

    def update(self, job_id: int, **cols: object) -> None:
        cols["updated_at"] = time.time()
        with self.db.transaction() as c:
            c.execute(f"UPDATE jobs SET {', '.join(f'{k} = ?' for k in cols)} WHERE id = ?", (*cols.values(), job_id))

    @staticmethod
    def safely(fn: Callable, *args: object) -> None:
        try:
            fn(*args)
        except Exception:  # the disk may be full: the original error matters more
            log.exception("could not record the job's state")


def _move_aside(path: Path) -> bool:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        for suffix in ("", "-wal", "-shm"):
            p = Path(f"{path}{suffix}")
            if p.exists():
                os.replace(p, Path(f"{path}.damaged-{stamp}{suffix}"))
        return True
    except OSError:
        log.exception("could not move the damaged history %s aside", path)
        return False


__all__ = ["JobStore", "Job", "JobState", "FileIdentity", "HistoryError", "engine_settings", "settings_key",
           "schema_version", "transcript_of"]
