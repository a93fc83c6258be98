"""Child process for the kill tests: edits a job through models/jobs/edits.py, says so, then keeps going or waits.

    python edit_child.py DB JOB once        -> one edit, prints "edited", sleeps until killed
    python edit_child.py DB JOB burst       -> edits, splits, joins and undoes in a loop, printing each count
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.jobs.edits import EditStore  # noqa: E402
from models.jobs.store import JobStore  # noqa: E402


def main() -> None:
    db, job, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = JobStore(db)
    edits = EditStore(store.db)
    if mode == "once":
        edits.set_text(job, 1, "这是杀掉之前的改动。")
        print("edited", flush=True)
        time.sleep(600)
        return
    n = 0
    while True:
        k = n % 5
        if k == 0:
            edits.set_text(job, n % 20, f"第{n}次改动。", merge_key=f"burst-{n // 3}")
        elif k == 1 and len(edits.sentences(job, 3)[0].text) > 1:
            edits.split(job, 3, 1)
        elif k == 2:
            edits.join(job, 3)
        elif k == 3:
            edits.replace_many(job, [(i, f"替换{n}。") for i in range(0, 40, 4)])
        else:
            edits.undo(job)
        n += 1
        print(n, flush=True)


if __name__ == "__main__":
    main()
