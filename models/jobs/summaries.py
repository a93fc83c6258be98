"""Summaries in the job history: each finished request's reply (so a crash or Cancel never asks for it again) and
the job's minutes. No Qt.

    cache = JobSummaryCache(jobs.db, job_id)       # a models.summary.cache.ChunkCache for Summarizer
    save_minutes(jobs.db, job_id, minutes)          # one transaction; replaces the job's previous minutes
    minutes = load_minutes(jobs.db, job_id)         # None when the job has none

The tables: models/jobs/summaries_schema.py.
"""
from __future__ import annotations

import json
import time
from typing import Any

from models.jobs.db import Database
from models.summary.minutes import Minutes


class JobSummaryCache:
    def __init__(self, db: Database, job_id: int) -> None:
        self.db = db
        self.job_id = job_id

    def get(self, key: str) -> str | None:
        rows = self.db.query("SELECT text FROM summary_chunks WHERE job_id = ? AND key = ?", (self.job_id, key))
        return str(rows[0][0]) if rows else None

    def put(self, key: str, text: str) -> None:
        with self.db.transaction() as c:
            c.execute("INSERT OR REPLACE INTO summary_chunks (job_id, key, text, at) VALUES (?, ?, ?, ?)",
                      (self.job_id, key, text, time.time()))

    def count(self) -> int:
        return int(self.db.query("SELECT COUNT(*) FROM summary_chunks WHERE job_id = ?", (self.job_id,))[0][0])


def save_minutes(db: Database, job_id: int, minutes: Minutes) -> None:
    with db.transaction() as c:
        c.execute("INSERT OR REPLACE INTO summaries (job_id, data, at) VALUES (?, ?, ?)",
                  (job_id, json.dumps(minutes.to_dict(), ensure_ascii=False), time.time()))


def load_minutes(db: Database, job_id: int) -> Minutes | None:
    rows = db.query("SELECT data FROM summaries WHERE job_id = ?", (job_id,))
    if not rows:
        return None
    data: dict[str, Any] = json.loads(rows[0][0])
    return Minutes.from_dict(data)
