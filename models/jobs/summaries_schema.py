"""Schema 5 -> 6: summaries in the job history (models/jobs/summaries.py reads and writes them).

- `summary_chunks`: each finished summary request's reply, keyed by the request, so a crash or Cancel never asks
  the model for it again and an edit to the transcript makes only the chunks it touched be asked again.
- `summaries`: the job's minutes (JSON of models.summary.minutes.Minutes).
Rows go with their job (ON DELETE CASCADE).
"""
from __future__ import annotations

import sqlite3

DDL = (
    """CREATE TABLE summary_chunks (
        job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        key    TEXT    NOT NULL,                    -- models.summary.cache.request_key of the request
        text   TEXT    NOT NULL,                    -- the reply, citations cleaned
        at     REAL    NOT NULL,
        PRIMARY KEY (job_id, key)
    ) WITHOUT ROWID""",
    """CREATE TABLE summaries (
        job_id INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
        data   TEXT    NOT NULL,                    -- JSON of models.summary.minutes.Minutes
        at     REAL    NOT NULL
    )""",
)


def migrate(c: sqlite3.Connection) -> None:
    for sql in DDL:
        c.execute(sql)
