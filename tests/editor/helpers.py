"""A job history with a fake job and hand-made segments (no engine needed)."""
from __future__ import annotations

import os
from pathlib import Path

from models.core.transcript import Segment
from models.jobs.identity import FileIdentity
from models.jobs.store import JobStore


def make_job(store: JobStore, folder: Path, name: str = "meeting.wav") -> int:
    f = folder / name
    f.write_bytes(os.urandom(4096))
    with store.db.transaction() as c:
        return store.insert_row(c, FileIdentity.of(f), {})


def sentence(i: int, text: str = "今天开会，讨论预算。", step_ms: int = 2000) -> Segment:
    """text with one token per hanzi, 100 ms each, starting at i * step_ms."""
    t0 = i * step_ms
    hanzi = [ch for ch in text if ch.isalnum()]
    times = tuple((t0 + 100 * k, t0 + 100 * (k + 1)) for k in range(len(hanzi)))
    return Segment(t0, t0 + 100 * len(hanzi), text, tuple(hanzi), times, i)


def add(store: JobStore, job_id: int, first: int, texts: list[str]) -> None:
    store.add_segments(job_id, [sentence(first + k, t) for k, t in enumerate(texts)], first + len(texts), 0)
