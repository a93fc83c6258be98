"""kill -9 of a real process that edits: the edit survives; a burst of kills leaves the database consistent."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from models.jobs.edits import EditStore
from models.jobs.store import JobStore
from tests.editor.helpers import add, make_job

CHILD = Path(__file__).with_name("edit_child.py")


def _start(db: Path, job: int, mode: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(CHILD), str(db), str(job), mode], stdout=subprocess.PIPE, text=True)


def _seed(tmp_path: Path, n: int) -> tuple[Path, int]:
    db = tmp_path / "history.sqlite3"
    store = JobStore(db)
    jid = make_job(store, tmp_path)
    add(store, jid, 0, [f"第{i}句话，内容在这里。" for i in range(n)])
    store.close()
    return db, jid


def test_edit_survives_kill_one_second_later(tmp_path: Path) -> None:
    db, jid = _seed(tmp_path, 5)
    child = _start(db, jid, "once")
    assert child.stdout is not None and child.stdout.readline().strip() == "edited"
    time.sleep(1.0)  # the scenario: the app dies one second after the edit
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    store = JobStore(db)
    s = EditStore(store.db).sentences(jid)
    assert s[1].text == "这是杀掉之前的改动。" and s[1].original == "第1句话，内容在这里。"
    assert store.integrity_check() == "ok"
    store.close()


def test_twenty_kills_during_a_burst_of_edits(tmp_path: Path) -> None:
    db, jid = _seed(tmp_path, 60)
    for round_ in range(20):
        child = _start(db, jid, "burst")
        assert child.stdout is not None
        target = 3 + round_ % 7  # kill at a different point of the loop each time
        for _ in range(target):
            assert child.stdout.readline().strip()
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL
    store = JobStore(db)
    assert store.integrity_check() == "ok"
    assert store.db.query("PRAGMA foreign_key_check") == []
    # the FTS index agrees with its content table
    store.db.conn.execute("INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)")
    edits = EditStore(store.db)
    s = edits.sentences(jid)
    assert [x.pos for x in s] == list(range(len(s)))  # positions stay dense after splits/joins cut short
    assert any(x.edited for x in s)
    while edits.undo(jid):  # the whole log still applies backwards to the originals
        pass
    assert [x.text for x in edits.sentences(jid)] == [f"第{i}句话，内容在这里。" for i in range(60)]
    store.close()
