"""The job history database: connection, pragmas, versioned schema, transactions.

SQLite in WAL mode with `synchronous=FULL`: every committed transaction survives a SIGKILL or a power cut, and a
killed writer never leaves a half-written transaction behind. The schema version lives in `PRAGMA user_version`;
MIGRATIONS[n] upgrades version n to n + 1 inside one transaction, so a failed upgrade leaves the old version
intact. A database written by a newer Tingxie is refused (HistoryError), never rewritten.

Errors the user can act on (disk full, read-only, locked, not a database) become HistoryError with a message to
show; anything else is a bug and propagates as is.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from models.core.errors import TingxieError
from models.jobs import edits_schema, speakers_schema, summaries_schema

log = logging.getLogger(__name__)


class HistoryError(TingxieError):
    """The job history cannot be read or written (disk full, read-only, newer version, damaged)."""


# Each entry upgrades the schema by one version. Never edit a released entry: append a new one.
Migration = Sequence[str] | Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = [
    (  # 0 -> 1
        """CREATE TABLE jobs (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            uid          TEXT    NOT NULL UNIQUE,          -- stable id for the GUI queue
            path         BLOB    NOT NULL,                 -- os.fsencode() of the resolved path
            size         INTEGER NOT NULL,
            mtime_ns     INTEGER NOT NULL,
            head_sha256  TEXT    NOT NULL,                 -- sha256 of the first MiB
            settings_key TEXT,                             -- NULL until a run binds the engine settings
            settings     TEXT    NOT NULL DEFAULT '{}',    -- JSON, what settings_key hashes
            state        TEXT    NOT NULL DEFAULT 'queued'
                         CHECK (state IN ('queued', 'running', 'interrupted', 'failed', 'done')),
            error        TEXT    NOT NULL DEFAULT '',
            warnings     TEXT    NOT NULL DEFAULT '[]',    -- JSON list of messages seen while decoding
            duration_ms  INTEGER NOT NULL DEFAULT 0,
            vad_done     INTEGER NOT NULL DEFAULT 0,       -- VAD segments whose sentences are all committed
            resume_ms    INTEGER NOT NULL DEFAULT 0,       -- engine start_ms to continue after them
            attempts     INTEGER NOT NULL DEFAULT 0,
            owner        TEXT    NOT NULL DEFAULT '',      -- host:pid:start of the process running it
            queue_pos    INTEGER NOT NULL DEFAULT 0,
            model        TEXT    NOT NULL DEFAULT '',
            device       TEXT    NOT NULL DEFAULT '',
            precision    TEXT    NOT NULL DEFAULT '',
            language     TEXT    NOT NULL DEFAULT 'zh',
            created_at   REAL    NOT NULL,
            updated_at   REAL    NOT NULL,
            finished_at  REAL
        )""",
        "CREATE INDEX jobs_identity ON jobs (path, size, mtime_ns, head_sha256, settings_key)",
        "CREATE INDEX jobs_state ON jobs (state)",
        """CREATE TABLE segments (
            job_id    INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            seq       INTEGER NOT NULL,
            vad_index INTEGER NOT NULL,
            start_ms  INTEGER NOT NULL,
            end_ms    INTEGER NOT NULL,
            text      TEXT    NOT NULL,
            tokens    TEXT    NOT NULL,                    -- JSON list of str
            token_ms  TEXT    NOT NULL,                    -- JSON list of [start_ms, end_ms]
            PRIMARY KEY (job_id, seq)
        ) WITHOUT ROWID""",
    ),
    lambda c: _runtime_columns(c),  # 1 -> 2
    lambda c: edits_schema.migrate(c),  # 2 -> 3: editable sentences, undo log, search
    (  # 3 -> 4: per sentence, the speaker label and the glossary's replacements
        "ALTER TABLE segments ADD COLUMN speaker INTEGER NOT NULL DEFAULT -1",
        "ALTER TABLE segments ADD COLUMN replacements TEXT NOT NULL DEFAULT '[]'",  # JSON [[start, end, old]]
    ),
    lambda c: speakers_schema.migrate(c),  # 4 -> 5: speaker embeddings per VAD segment, names, sentences.speaker
    lambda c: summaries_schema.migrate(c),  # 5 -> 6: summary chunk replies and minutes per job
    (  # 6 -> 7: what the recogniser said before the text steps, so they can be applied again afterwards
        "ALTER TABLE segments ADD COLUMN recognised TEXT",  # JSON [text, tokens, token_ms]; NULL: same as text
    ),
    (  # 7 -> 8: a meeting recording's sentences know their channel (0 microphone, 1 system audio)
        "ALTER TABLE segments ADD COLUMN channel INTEGER NOT NULL DEFAULT -1",
    ),
]


def _runtime_columns(c: sqlite3.Connection) -> None:
    """1 -> 2: what ran is stored as data (device, device name, precision, backend, threads), not as a label.

    Rows written before kept the whole label ("CPU · INT8 (ONNX Runtime) · 2 threads") in `device`; it is split
    into the columns here, once, so nothing reads a label back later.
    """
    for ddl in ("ALTER TABLE jobs ADD COLUMN device_name TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE jobs ADD COLUMN backend TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE jobs ADD COLUMN threads INTEGER NOT NULL DEFAULT 0"):
        c.execute(ddl)
    for jid, label in c.execute("SELECT id, device FROM jobs WHERE device LIKE '%·%'").fetchall():
        parts = [p.strip() for p in label.split("·")]
        device = "cuda" if parts[0].upper() == "CUDA" else "cpu"
        name = parts[1] if device == "cuda" and len(parts) > 2 else ""
        threads = next((int(p.split()[0]) for p in parts if p.endswith(("thread", "threads")) and
                        p.split()[0].isdigit()), 0)
        backend = "onnx" if "ONNX" in label else "torch"
        c.execute("UPDATE jobs SET device = ?, device_name = ?, backend = ?, threads = ? WHERE id = ?",
                  (device, name, backend, threads, jid))


def schema_version() -> int:
    return len(MIGRATIONS)


def known_error(exc: sqlite3.Error, path: Path | str) -> HistoryError | None:
    """A HistoryError with a message for the user, or None when the error is a bug."""
    msg = str(exc).lower()
    where = f"the job history ({path})"
    if "disk is full" in msg or "disk full" in msg:
        return HistoryError(f"The disk is full: cannot save {where}. Free some space and try again.")
    if "readonly" in msg or "read-only" in msg:
        return HistoryError(f"Cannot write {where}: the file or its folder is read-only.")
    if "locked" in msg or "busy" in msg:
        return HistoryError(f"{where[0].upper()}{where[1:]} is locked by another program; try again in a moment.")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return HistoryError(f"{where[0].upper()}{where[1:]} is damaged ({exc}).")
    if "unable to open" in msg or "disk i/o" in msg or "access permission" in msg:
        return HistoryError(f"Cannot open {where}: {exc}.")
    return None


class Database:
    """One sqlite3 connection shared by threads (GUI + worker) behind a lock."""

    def __init__(self, path: Path | str, busy_timeout_s: float = 10.0) -> None:
        self.path = path
        try:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(path), timeout=busy_timeout_s, isolation_level=None,
                                        check_same_thread=False)
        except OSError as exc:
            raise HistoryError(f"Cannot open the job history ({path}): {exc.strerror or exc}.") from exc
        except sqlite3.Error as exc:
            raise known_error(exc, path) or HistoryError(f"Cannot open the job history ({path}): {exc}.") from exc
        self.lock = threading.RLock()
        try:
            self._setup(busy_timeout_s)
        except BaseException:
            self.conn.close()
            raise

    def _setup(self, busy_timeout_s: float) -> None:
        try:
            c = self.conn
            c.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() not in ("wal", "memory"):
                log.warning("job history %s: WAL not available here (journal mode %s)", self.path, mode)
            c.execute("PRAGMA synchronous = FULL")
            c.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise known_error(exc, self.path) or exc

    def _migrate(self) -> None:
        want = schema_version()
        have = self.version()
        if have > want:
            raise HistoryError(
                f"The job history {self.path} was written by a newer version of Tingxie (schema {have}; this "
                f"version knows {want}). Update Tingxie, or move that file away to start a new history.")
        if have == want:
            return
        with self.transaction(exclusive=True) as c:
            have = c.execute("PRAGMA user_version").fetchone()[0]  # another process may have upgraded meanwhile
            for version in range(have, want):
                step = MIGRATIONS[version]
                log.info("job history %s: migrating schema %d -> %d", self.path, version, version + 1)
                if callable(step):
                    step(c)
                else:
                    for sql in step:
                        c.execute(sql)
                c.execute(f"PRAGMA user_version = {version + 1}")

    def version(self) -> int:
        with self.lock:
            return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self, exclusive: bool = False) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE (or EXCLUSIVE) ... COMMIT; ROLLBACK on any exception. Known errors -> HistoryError."""
        with self.lock:
            c = self.conn
            try:
                c.execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE")
                yield c
                c.execute("COMMIT")
            except BaseException as exc:
                if c.in_transaction:
                    try:
                        c.execute("ROLLBACK")
                    except sqlite3.Error:  # the failure may have rolled back already
                        log.debug("rollback failed", exc_info=True)
                if isinstance(exc, sqlite3.Error):
                    known = known_error(exc, self.path)
                    if known is not None:
                        raise known from exc
                raise

    def query(self, sql: str, args: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self.lock:
            try:
                cur = self.conn.execute(sql, tuple(args))
                cur.row_factory = sqlite3.Row
                return cur.fetchall()
            except sqlite3.Error as exc:
                raise known_error(exc, self.path) or exc

    def integrity_check(self) -> str:
        """'ok', or SQLite's list of problems."""
        rows = self.query("PRAGMA integrity_check")
        return "\n".join(str(r[0]) for r in rows)

    def journal_mode(self) -> str:
        return str(self.query("PRAGMA journal_mode")[0][0])

    def close(self) -> None:
        with self.lock:
            self.conn.close()
