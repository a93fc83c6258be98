"""Job history with resume (issue 7): nothing a user gives Tingxie is lost. Used by the CLI and the GUI; no Qt.

    jobs = JobStore.open_default()                 # <data dir>/history.sqlite3; jobs left running -> interrupted
    transcript = jobs.run(engine, path, on_progress=..., on_segment=..., cancel=..., restart=False)

A job is one file transcribed with one set of settings. Its identity is the resolved path, size, mtime_ns and
the sha256 of the first MiB, plus a key of the engine settings that change the text (device, precision,
punctuation model, model ids and weight files): a changed file or other settings never resume an old job.

Checkpoints. The engine decodes one VAD segment at a time; one VAD segment gives several sentence Segments
(same vad_index), then one on_progress call with segments_done = index + 1 and done_s = that segment's end.
`run` buffers the sentences and, at that progress call, commits them together with (vad_done, resume_ms) in one
transaction. A crash therefore loses at most the VAD segment being decoded. On resume the engine is asked to skip
audio up to resume_ms; sentences of already committed VAD segments that it decodes again anyway (resume_ms is
clamped to the header duration) are dropped by vad_index, so stored + new equals an uninterrupted run.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from models.core import paths
from models.core.errors import AudioError, Cancelled, TingxieError
from models.jobs.db import Database, HistoryError, schema_version
from models.jobs.identity import OWNER, FileIdentity, engine_settings, owner_alive, settings_key
from models.core.transcript import Segment, Transcript

log = logging.getLogger(__name__)

DB_NAME = "history.sqlite3"


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
    device: str
    precision: str
    created_at: float
    updated_at: float
    finished_at: float | None
    segment_count: int = 0

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


class _WarningTap(logging.Handler):
    """Collect the warnings models.* logs in this thread while a file is transcribed (truncated file, ...)."""

    def __init__(self, on_notice: Callable[[str], None] | None) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.on_notice = on_notice
        self.messages: list[str] = []
        self._busy = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or self._busy:
            return
        msg = record.getMessage()
        if msg in self.messages:
            return
        self.messages.append(msg)
        if self.on_notice:
            self._busy = True
            try:
                self.on_notice(msg)
            finally:
                self._busy = False


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
        rows = self.db.query(f"{_SELECT} WHERE j.{col} = ?", (job,))
        if not rows:
            raise HistoryError(f"Job {job} is not in the history (it was deleted).")
        return _job(rows[0])

    def list_jobs(self, states: Iterable[JobState | str] | None = None) -> list[Job]:
        """Newest first; queued ones in queue order."""
        where, args = "", []
        if states is not None:
            st = [JobState(s).value for s in states]
            where = f" WHERE j.state IN ({','.join('?' * len(st))})"
            args = st
        rows = self.db.query(f"{_SELECT}{where} ORDER BY j.queue_pos, j.id DESC", args)
        return [_job(r) for r in rows]

    def segments(self, job: int | str) -> list[Segment]:
        jid = self.get(job).id if isinstance(job, str) else job
        rows = self.db.query("SELECT vad_index, start_ms, end_ms, text, tokens, token_ms FROM segments "
                             "WHERE job_id = ? ORDER BY seq", (jid,))
        return [Segment(r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(tuple(t) for t in json.loads(r[5])), r[0])
                for r in rows]

    def transcript(self, job: int | str) -> Transcript:
        """The stored transcript (partial unless the job is done), ready to re-export."""
        j = self.get(job)
        return Transcript(source=str(j.path), duration_ms=j.duration_ms, segments=self.segments(j.id),
                          model=j.model, device=j.device, precision=j.precision)

    # -- writing
    def enqueue(self, path: str | Path, uid: str | None = None, settings: dict | None = None) -> Job:
        """Record a file added to the queue (raises AudioError if it cannot be read). Settings bind at run."""
        ident = FileIdentity.of(path)
        with self.db.transaction() as c:
            pos = c.execute("SELECT COALESCE(MAX(queue_pos), 0) + 1 FROM jobs").fetchone()[0]
            jid = self._insert(c, ident, settings, uid, pos)
        return self.get(jid)

    def find_or_create(self, path: str | Path, settings: dict) -> Job:
        """The job for this file + settings: a done one, else the one with most progress, else a new one."""
        ident = FileIdentity.of(path)
        with self.db.transaction() as c:
            jid = self._find(c, ident, settings_key(settings))
            if jid is None:
                jid = self._insert(c, ident, settings)
        return self.get(jid)

    def add_segments(self, job_id: int, segments: Sequence[Segment], vad_done: int, resume_ms: int) -> None:
        """Commit finished sentences and the checkpoint after them in one transaction."""
        with self.db.transaction() as c:
            if c.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone() is None:
                raise Cancelled("the job was deleted from the history")
            seq = c.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM segments WHERE job_id = ?", (job_id,)).fetchone()[0]
            c.executemany("INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
                (job_id, seq + i, s.vad_index, s.start_ms, s.end_ms, s.text, json.dumps(list(s.tokens), ensure_ascii=False),
                 json.dumps([list(t) for t in s.token_ms])) for i, s in enumerate(segments)])
            c.execute("UPDATE jobs SET vad_done = ?, resume_ms = ?, updated_at = ? WHERE id = ?",
                      (vad_done, resume_ms, time.time(), job_id))

    def mark_done(self, job_id: int, transcript: Transcript, warnings: Sequence[str] = ()) -> None:
        self._set(job_id, state=JobState.DONE.value, error="", duration_ms=transcript.duration_ms,
                  model=transcript.model, device=transcript.device, precision=transcript.precision,
                  warnings=json.dumps(list(warnings), ensure_ascii=False), finished_at=time.time(), owner="")

    def mark_failed(self, job_id: int, message: str, warnings: Sequence[str] = ()) -> None:
        self._set(job_id, state=JobState.FAILED.value, error=message, owner="", finished_at=time.time(),
                  warnings=json.dumps(list(warnings), ensure_ascii=False))

    def mark_interrupted(self, job_id: int) -> None:
        self._set(job_id, state=JobState.INTERRUPTED.value, owner="")

    def reset(self, job_id: int) -> None:
        """Forget the job's segments: it starts over on its next run."""
        with self.db.transaction() as c:
            self._reset(c, job_id)

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

    # -- running
    def run(self, engine: Any, path: str | Path, on_progress: Callable[[Any], None] | None = None,
            on_segment: Callable[[Segment], None] | None = None, cancel: threading.Event | None = None,
            restart: bool = False, job_id: int | str | None = None,
            on_notice: Callable[[str], None] | None = None) -> Transcript:
        """Transcribe `path` through the history: resume its job if one matches, commit as it goes.

        on_segment sees every sentence of the final transcript in order, the stored ones first (replayed at once).
        job_id: run that queued job (GUI); a file changed since it was queued, or other settings, start over
        with a notice. restart: forget stored segments first. Raises AudioError, Cancelled, HistoryError.
        """
        notices: list[str] = []

        def notice(msg: str, keep: bool = True) -> None:
            """Tell the user (log -> CLI console; on_notice -> GUI); keep: also record it on the job."""
            log.warning(msg)
            if keep:
                notices.append(msg)
            if on_notice:
                on_notice(msg)

        settings = engine_settings(engine)
        job = self._claim(path, settings, restart, job_id, notice)
        try:
            stored = self.segments(job.id) if job.vad_done or job.state is JobState.DONE else []
            if job.state is JobState.DONE:  # claimed a finished job: nothing to compute
                notice(f"{job.name}: already transcribed with these settings; using the saved transcript", False)
                return self._replay(job, path, stored, on_segment, on_progress)
            if job.vad_done:
                notice(f"{job.name}: resuming where it stopped, at {_clock(job.resume_ms)} "
                       f"({len(stored)} sentences already done)", False)
            for s in stored:
                if on_segment:
                    on_segment(s)
            transcript, new = self._transcribe(engine, job, path, on_segment, on_progress, cancel, notices, on_notice)
            self._check_unchanged(job, path)
            transcript = dataclasses.replace(transcript, segments=stored + new)
            self.mark_done(job.id, transcript, notices)
            return transcript
        except (Cancelled, KeyboardInterrupt):
            self._safely(self.mark_interrupted, job.id)
            raise
        except TingxieError as exc:
            self._safely(self.mark_failed, job.id, str(exc), notices)
            raise
        except BaseException as exc:
            self._safely(self.mark_failed, job.id, f"internal error: {type(exc).__name__}: {exc}", notices)
            raise

    def _transcribe(self, engine: Any, job: Job, path: str | Path, on_segment: Callable | None,
                    on_progress: Callable | None, cancel: threading.Event | None, notices: list[str],
                    on_notice: Callable[[str], None] | None) -> tuple[Transcript, list[Segment]]:
        first_new = job.vad_done
        vad_done = job.vad_done
        buffered: list[Segment] = []
        new: list[Segment] = []

        def seg_cb(s: Segment) -> None:
            if 0 <= s.vad_index < first_new:  # decoded again although committed (see module docstring)
                return
            buffered.append(s)
            if on_segment:
                on_segment(s)

        def prog_cb(p: Any) -> None:
            nonlocal vad_done
            if p.stage != "done" and p.segments_done > vad_done:
                ready = [s for s in buffered if s.vad_index < p.segments_done]
                self.add_segments(job.id, ready, p.segments_done, round(p.done_s * 1000))
                new.extend(ready)
                del buffered[:len(ready)]
                vad_done = p.segments_done
            if on_progress:
                on_progress(p)

        tap = _WarningTap(on_notice)
        logging.getLogger("models").addHandler(tap)
        try:
            result = engine.transcribe(path, on_segment=seg_cb, on_progress=prog_cb, cancel=cancel,
                                       start_ms=job.resume_ms)
        finally:
            logging.getLogger("models").removeHandler(tap)
            notices.extend(m for m in tap.messages if m not in notices)
        if buffered:  # defensive: the engine reports progress after every VAD segment
            self.add_segments(job.id, buffered, max(vad_done, buffered[-1].vad_index + 1), job.resume_ms)
            new.extend(buffered)
        return result, new

    def _replay(self, job: Job, path: str | Path, stored: list[Segment], on_segment: Callable | None,
                on_progress: Callable | None) -> Transcript:
        from models.asr.engine import Progress

        for s in stored:
            if on_segment:
                on_segment(s)
        total = job.duration_ms / 1000
        if on_progress:
            on_progress(Progress(total, total, job.vad_done, job.vad_done, "done"))
        self._set(job.id, state=JobState.DONE.value, owner="")
        return Transcript(source=str(path), duration_ms=job.duration_ms, segments=stored, model=job.model,
                          device=job.device, precision=job.precision)

    def _claim(self, path: str | Path, settings: dict, restart: bool, job_id: int | str | None,
               notice: Callable[[str], None]) -> Job:
        """Pick (or make) the job for this run and mark it running by this process, in one transaction."""
        key = settings_key(settings)
        queued = self.get(job_id) if job_id is not None else None
        try:
            ident = FileIdentity.of(path)
        except AudioError as exc:
            if queued is not None:
                msg = f"{exc}. It was moved or deleted after it was added to the queue."
                self.mark_failed(queued.id, msg)
                raise AudioError(msg) from None
            raise
        from models.audio import decode as audio

        info = audio.probe(path)  # bad input fails here with its own message, before a job is recorded
        with self.db.transaction() as c:
            if queued is not None:
                jid = queued.id
                j = self.get(jid)
                if j.settings_key is not None and j.settings_key != key and j.vad_done and not restart:
                    notice(f"{ident.path.name}: the settings changed since this job started; starting over")
                    self._reset(c, jid)
                if not ident.same_file(j.identity):
                    if j.vad_done and not restart:
                        notice(f"{ident.path.name} changed after it was added to the queue; transcribing the new "
                               "version from the start")
                        self._reset(c, jid)
                    c.execute("UPDATE jobs SET path = ?, size = ?, mtime_ns = ?, head_sha256 = ? WHERE id = ?",
                              (os.fsencode(ident.path), ident.size, ident.mtime_ns, ident.head_sha256, jid))
                c.execute("UPDATE jobs SET settings_key = ?, settings = ? WHERE id = ?", (key, json.dumps(settings), jid))
            else:
                jid = self._find(c, ident, key)
                if jid is None:
                    jid = self._insert(c, ident, settings)
            j = self.get(jid)
            if j.state is JobState.RUNNING and j.owner != OWNER and owner_alive(j.owner):
                raise HistoryError(f"{ident.path.name} is already being transcribed by another Tingxie "
                                   f"(process {j.owner.split(':')[1]}).")
            if restart:
                self._reset(c, jid)
            state = JobState.DONE.value if j.state is JobState.DONE and not restart else JobState.RUNNING.value
            c.execute("UPDATE jobs SET state = ?, owner = ?, attempts = attempts + 1, error = '', updated_at = ?, "
                      "duration_ms = CASE WHEN state = 'done' THEN duration_ms ELSE ? END WHERE id = ?",
                      (state, OWNER, time.time(), info.duration_ms, jid))
        return self.get(jid)

    def _check_unchanged(self, job: Job, path: str | Path) -> None:
        try:
            st = Path(path).stat()
        except OSError:
            log.warning("%s was removed while it was transcribed (all of it had been read)", path)
            return
        if (st.st_size, st.st_mtime_ns) != (job.size, job.mtime_ns):
            raise AudioError(f"{Path(path).name} was modified while it was being transcribed, so the transcript may "
                             "not match it. Transcribe it again.")

    # -- helpers
    def _find(self, c: Any, ident: FileIdentity, key: str) -> int | None:
        row = c.execute(
            "SELECT id FROM jobs WHERE path = ? AND size = ? AND mtime_ns = ? AND head_sha256 = ? AND settings_key = ? "
            "ORDER BY state = 'done' DESC, vad_done DESC, id DESC LIMIT 1",
            (os.fsencode(ident.path), ident.size, ident.mtime_ns, ident.head_sha256, key)).fetchone()
        return None if row is None else int(row[0])

    def _insert(self, c: Any, ident: FileIdentity, settings: dict | None, uid: str | None = None, pos: int = 0) -> int:
        now = time.time()
        cur = c.execute(
            "INSERT INTO jobs (uid, path, size, mtime_ns, head_sha256, settings_key, settings, queue_pos, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (uid or uuid.uuid4().hex, os.fsencode(ident.path), ident.size, ident.mtime_ns, ident.head_sha256,
             settings_key(settings) if settings is not None else None, json.dumps(settings or {}), pos, now, now))
        return int(cur.lastrowid)

    @staticmethod
    def _reset(c: Any, job_id: int) -> None:
        c.execute("DELETE FROM segments WHERE job_id = ?", (job_id,))
        c.execute("UPDATE jobs SET vad_done = 0, resume_ms = 0, error = '', warnings = '[]', finished_at = NULL, "
                  "state = CASE WHEN state = 'done' THEN 'interrupted' ELSE state END WHERE id = ?", (job_id,))

    def _set(self, job_id: int, **cols: object) -> None:
        cols["updated_at"] = time.time()
        with self.db.transaction() as c:
            c.execute(f"UPDATE jobs SET {', '.join(f'{k} = ?' for k in cols)} WHERE id = ?", (*cols.values(), job_id))

    @staticmethod
    def _safely(fn: Callable, *args: object) -> None:
        try:
            fn(*args)
        except Exception:  # the disk may be full: the original error matters more
            log.exception("could not record the job's state")


def _clock(ms: int) -> str:
    s = ms // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


_SELECT = ("SELECT j.*, (SELECT COUNT(*) FROM segments s WHERE s.job_id = j.id) AS segment_count FROM jobs j")


def _job(r: Any) -> Job:
    return Job(
        id=r["id"], uid=r["uid"], path=Path(os.fsdecode(bytes(r["path"]))), size=r["size"], mtime_ns=r["mtime_ns"],
        head_sha256=r["head_sha256"], settings_key=r["settings_key"], settings=json.loads(r["settings"]),
        state=JobState(r["state"]), error=r["error"], warnings=tuple(json.loads(r["warnings"])),
        duration_ms=r["duration_ms"], vad_done=r["vad_done"], resume_ms=r["resume_ms"], attempts=r["attempts"],
        owner=r["owner"], queue_pos=r["queue_pos"], model=r["model"], device=r["device"], precision=r["precision"],
        created_at=r["created_at"], updated_at=r["updated_at"], finished_at=r["finished_at"],
        segment_count=r["segment_count"])


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
           "schema_version"]
