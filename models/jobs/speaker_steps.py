"""Speaker changes as steps of the edit log (models/jobs/edits.py), so Undo and Redo take them back. No Qt.

    with db.transaction() as c:
        n = log_merge(c, job_id, source=2, target=0)   # every sentence of 2 becomes 0's: one undo step
    EditStore(db).undo(job_id)                          # 2's sentences and names come back

A text step's JSON is a list of row changes; a speaker step's is an object, so the log tells them apart:
{"speakers": [[pos, label before, label after], ...], "names": [{label: name} before, {label: name} after]}
("names" covers only the labels the step touched). Only the labels and names it lists change, so undoing a merge
never undoes a text edit, and a text step never touches a speaker.
"""
from __future__ import annotations

import json
import time
from typing import Any


def log_merge(c: Any, job_id: int, source: int, target: int) -> int:
    """Inside the caller's transaction: every sentence of `source` becomes `target`'s (target keeps its name, or
    takes source's when it has none), recorded as one undo step labelled "merge". Returns the sentences changed."""
    rows = [int(r[0]) for r in c.execute("SELECT pos FROM sentences WHERE job_id = ? AND speaker = ? ORDER BY pos",
                                         (job_id, source))]
    if not rows:
        return 0
    before = _names(c, job_id, (source, target))
    after = {target: before.get(target) or before.get(source)} if before.get(target) or before.get(source) else {}
    step = {"speakers": [[pos, source, target] for pos in rows],
            "names": [{str(k): v for k, v in before.items()}, {str(k): v for k, v in after.items()}],
            "labels": [source, target]}
    apply(c, job_id, step, forward=True)
    c.execute("DELETE FROM edit_log WHERE job_id = ? AND undone = 1", (job_id,))  # a new step drops the redo side
    last = c.execute("SELECT MAX(n) FROM edit_log WHERE job_id = ?", (job_id,)).fetchone()[0]
    c.execute("INSERT INTO edit_log (job_id, n, label, steps, merge_key, at) VALUES (?, ?, 'merge', ?, '', ?)",
              (job_id, (last or 0) + 1, json.dumps(step, ensure_ascii=False), time.time()))
    return len(rows)


def apply(c: Any, job_id: int, step: dict, forward: bool) -> None:
    """Redo (forward) or undo a speaker step inside the caller's transaction."""
    c.executemany("UPDATE sentences SET speaker = ? WHERE job_id = ? AND pos = ?",
                  [(after if forward else before, job_id, pos) for pos, before, after in step["speakers"]])
    names = step["names"][1 if forward else 0]
    c.executemany("DELETE FROM speaker_names WHERE job_id = ? AND speaker = ?",
                  [(job_id, int(k)) for k in step.get("labels", ())])
    c.executemany("INSERT INTO speaker_names (job_id, speaker, name) VALUES (?, ?, ?)",
                  [(job_id, int(k), v) for k, v in names.items()])


def _names(c: Any, job_id: int, labels: tuple[int, ...]) -> dict[int, str]:
    marks = ", ".join("?" * len(labels))
    return {int(k): str(v) for k, v in c.execute(
        f"SELECT speaker, name FROM speaker_names WHERE job_id = ? AND speaker IN ({marks})", (job_id, *labels))}
