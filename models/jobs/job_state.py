"""Undo entries that change more than sentence rows: speaker labels and the job's settings. No Qt.

Applying speakers or the text steps to a finished transcript is one step in the edit log (models/jobs/edits.py),
undone and redone like a text edit. Such an entry's steps are a JSON object instead of a list:

    {"rows": [[pos, rows before, rows after], ...],     # sentence rows, as an ordinary edit's steps
     "before": snapshot, "after": snapshot}             # what snapshot() saw before and after the change

A snapshot holds what the rows do not: each sentence's and each segment's speaker label, the speaker names, and
the job's settings (so the job's settings key says what its transcript now holds, and undo puts it back).
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

Snapshot = dict[str, Any]


def snapshot(c: sqlite3.Connection, job_id: int) -> Snapshot:
    """The job's labels, names and settings, inside the caller's transaction."""
    row = c.execute("SELECT settings, settings_key FROM jobs WHERE id = ?", (job_id,)).fetchone()
    return {
        "sentences": [int(r[0]) for r in c.execute("SELECT speaker FROM sentences WHERE job_id = ? ORDER BY pos",
                                                  (job_id,))],
        "segments": [int(r[0]) for r in c.execute("SELECT speaker FROM segments WHERE job_id = ? ORDER BY seq",
                                                 (job_id,))],
        "names": [[int(s), str(n)] for s, n in c.execute("SELECT speaker, name FROM speaker_names WHERE job_id = ? "
                                                        "ORDER BY speaker", (job_id,))],
        "settings": row[0] if row else "{}", "settings_key": row[1] if row else None,
    }


def restore(c: sqlite3.Connection, job_id: int, snap: Snapshot) -> bool:
    """Put a snapshot back (undo: the one from before; redo: the one from after). False, changing nothing, when
    the transcript no longer has the snapshot's sentences (the caller reports the conflict)."""
    poss = [r[0] for r in c.execute("SELECT pos FROM sentences WHERE job_id = ? ORDER BY pos", (job_id,))]
    seqs = [r[0] for r in c.execute("SELECT seq FROM segments WHERE job_id = ? ORDER BY seq", (job_id,))]
    if len(poss) != len(snap["sentences"]) or len(seqs) != len(snap["segments"]):
        return False
    c.executemany("UPDATE sentences SET speaker = ? WHERE job_id = ? AND pos = ?",
                  [(s, job_id, p) for s, p in zip(snap["sentences"], poss)])
    c.executemany("UPDATE segments SET speaker = ? WHERE job_id = ? AND seq = ?",
                  [(s, job_id, q) for s, q in zip(snap["segments"], seqs)])
    c.execute("DELETE FROM speaker_names WHERE job_id = ?", (job_id,))
    c.executemany("INSERT INTO speaker_names (job_id, speaker, name) VALUES (?, ?, ?)",
                  [(job_id, s, n) for s, n in snap["names"]])
    c.execute("UPDATE jobs SET settings = ?, settings_key = ? WHERE id = ?",
              (snap["settings"], snap["settings_key"], job_id))
    return True


def entry(rows: list[list[Any]], before: Snapshot, after: Snapshot) -> dict[str, Any]:
    return {"rows": rows, "before": before, "after": after}


def parse(steps_json: str) -> tuple[list[list[Any]], Snapshot | None, Snapshot | None]:
    """(row steps, snapshot before, snapshot after) of a stored entry; no snapshots for an ordinary edit."""
    steps = json.loads(steps_json)
    if isinstance(steps, dict):
        return steps["rows"], steps["before"], steps["after"]
    return steps, None, None
