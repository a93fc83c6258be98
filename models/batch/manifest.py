"""The batch manifest: one row per input file in the output folder, so a rerun skips what is done.

File: <output dir>/tingxie-batch.jsonl, JSON Lines. Only the batch driver writes it (workers return results), so
there is one writer. Each change appends the file's whole row as one line (one os.write on an O_APPEND fd, then
fsync); the last row of a path wins. A torn last line (power cut mid-write) is ignored when read. At the start and
end of a run the file is rewritten compactly through atomic_write (temp file + rename).

A row is `done` only after all its outputs are in place (see commit.py). A rerun skips a done row whose file
(size, mtime, hash of the first MiB) and settings are unchanged and whose outputs all exist; failed, interrupted
(`running` left by a crash) and changed files are transcribed again.

The desktop app reads it with read_rows(); nothing here imports Qt or Ray.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from models.core.atomic import atomic_write

MANIFEST_NAME = "tingxie-batch.jsonl"
PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"


@dataclass
class Row:
    path: str  # as the user gave it
    key: str  # real path: what identifies the file across runs
    out: str  # output stem relative to the output folder ("2019/talk")
    size: int | None = None
    mtime_ns: int | None = None
    head_sha256: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    settings_key: str = ""
    status: str = PENDING
    outputs: list[str] = field(default_factory=list)  # relative to the output folder
    error: str = ""
    worker: str = ""
    runtime: str = ""  # "CPU · INT8 (ONNX Runtime) · 1 thread" of the worker that did it
    audio_s: float = 0.0
    attempts: int = 0
    started_at: float = 0.0
    finished_at: float = 0.0
    elapsed_s: float = 0.0  # transcription + export time on the worker

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Row":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def same_file(self, size: int | None, mtime_ns: int | None, head_sha256: str) -> bool:
        return (self.size, self.mtime_ns, self.head_sha256) == (size, mtime_ns, head_sha256) and size is not None


class Manifest:
    """The rows of one output folder, in memory, with every change appended to disk."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / MANIFEST_NAME
        self.rows: dict[str, Row] = {r.key: r for r in read_rows(self.out_dir)}

    def get(self, key: str) -> Row | None:
        return self.rows.get(key)

    def put(self, row: Row) -> None:
        """Record a row's new state: in memory and appended to the file (durable when this returns)."""
        self.rows[row.key] = row
        line = (json.dumps(asdict(row), ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)  # one write of a whole line: a crash leaves at most a torn last line
            os.fsync(fd)
        finally:
            os.close(fd)

    def compact(self) -> None:
        """Rewrite the file with one line per file (atomically)."""
        data = "".join(json.dumps(asdict(r), ensure_ascii=False, sort_keys=True) + "\n" for r in self.rows.values())
        atomic_write(self.path, data.encode("utf-8"))

    def skip_reason(self, key: str, size: int | None, mtime_ns: int | None, head: str, settings_key: str,
                    failed_too: bool = False) -> str:
        """Why this file needs no work ("" = it must be transcribed). failed_too: a file that failed with these
        settings is not tried again until it changes (watch folders: no retry loop on a bad file)."""
        row = self.rows.get(key)
        if row is None or row.settings_key != settings_key or not row.same_file(size, mtime_ns, head):
            return ""
        if failed_too and row.status == FAILED:
            return f"failed before ({row.error}); change the file to try again"
        if row.status != DONE:
            return ""
        if not all((self.out_dir / o).is_file() for o in row.outputs):
            return ""  # someone deleted an output: make it again
        return "already done with these settings"


def read_rows(out_dir: str | Path) -> list[Row]:
    """The manifest's rows (last state of each file, in first-seen order); [] when there is none.

    For the desktop app's read-only list too: Row.outputs are relative to out_dir.
    """
    path = Path(out_dir) / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    rows: dict[str, Row] = {}
    for line in text.splitlines():
        try:
            d = json.loads(line)
            row = Row.from_dict(d)
        except (ValueError, TypeError):
            continue  # a torn last line after a crash
        rows[row.key] = row
    return list(rows.values())


def now() -> float:
    return time.time()
