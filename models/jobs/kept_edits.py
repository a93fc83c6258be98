"""A reset job's corrections are never lost: they move to a finished job of their own. No Qt.

JobStore.reset_rows deletes a job's segments when it is transcribed again (Retry of a finished file, other
settings, a file changed since it was queued); a trigger (edits_schema) then drops its sentences and undo log.
keep_aside runs first, in the same transaction, and moves segments, sentences and undo log to a copy of the job,
so the corrected transcript stays in the history (listed, searchable, exportable) and the re-run starts clean.
"""
from __future__ import annotations

import json
import time
import uuid
from typing import Any

KEPT_NOTE = "tingxie:kept-edits"  # first warning of a job that holds a reset job's corrections (see keep_aside)


def keep_aside(c: Any, job_id: int) -> int | None:
    """Before a job's segments are reset (transcribed again: Retry, other settings, a changed file), move its
    transcript, corrections and undo log to a new finished job in the history, so no correction is ever lost.

    Runs inside the caller's transaction (JobStore.reset_rows). Returns the new job's id, or None when the user
    made no correction (nothing to keep). The copy has no settings key, so it is never resumed or replayed; its
    first warning is KEPT_NOTE. No schema change: it is an ordinary job row.
    """
    if c.execute("SELECT 1 FROM edit_log WHERE job_id = ? AND undone = 0 LIMIT 1", (job_id,)).fetchone() is None:
        return None
    cols = [r[1] for r in c.execute("PRAGMA table_info(jobs)").fetchall() if r[1] != "id"]
    now = time.time()
    fixed = {"uid": uuid.uuid4().hex, "settings_key": None, "state": "done", "owner": "", "queue_pos": 0,
             "error": "", "finished_at": now, "updated_at": now,
             "warnings": json.dumps([KEPT_NOTE, "Your corrections, kept when this file was transcribed again."])}
    picks = ", ".join("?" if k in fixed else k for k in cols)
    args = [fixed[k] for k in cols if k in fixed]
    cur = c.execute(f"INSERT INTO jobs ({', '.join(cols)}) SELECT {picks} FROM jobs WHERE id = ?", (*args, job_id))
    new = int(cur.lastrowid)
    for table in ("segments", "sentences", "edit_log"):  # UPDATE fires no delete trigger: everything moves as is
        c.execute(f"UPDATE {table} SET job_id = ? WHERE job_id = ?", (new, job_id))
    return new
