"""Fault tests (issue 7, item 5): SIGKILL the CLI mid-file, again and again; the next run resumes, the final
transcript equals an uninterrupted run's, and the history database passes PRAGMA integrity_check every time."""
from __future__ import annotations

import json
import signal
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from jobhelp import cli, cli_env, reference
from models.export import formats as exporters
from models.core.transcript import Segment

KILLS = 3
JITTER_S = (0.0, 0.37, 0.11)
NEW_VAD_PER_RUN = 1  # each killed run first commits at least this many more VAD segments

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def _db_state(db: Path) -> tuple[int, str, list[Segment]] | None:
    """(vad_done, state, segments) of the one job, or None before the CLI has created it."""
    if not db.exists():
        return None
    try:
        with closing(sqlite3.connect(db, timeout=5)) as c:
            row = c.execute("SELECT id, vad_done, state FROM jobs ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                return None
            segs = [Segment(r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(tuple(t) for t in json.loads(r[5])),
                            r[0])
                    for r in c.execute("SELECT vad_index, start_ms, end_ms, text, tokens, token_ms FROM segments "
                                       "WHERE job_id = ? ORDER BY seq", (row[0],))]
            return row[1], row[2], segs
    except sqlite3.OperationalError:  # schema not created yet
        return None


def _integrity(db: Path) -> str:
    with closing(sqlite3.connect(db)) as c:
        return c.execute("PRAGMA integrity_check").fetchone()[0]


def test_sigkill_mid_file_then_resume(tiny_models: Path, tiny_engine, long_audio, tmp_path_factory,
                                      tmp_path: Path) -> None:
    # The whole 10-minute file (~100 VAD segments): the tiny model decodes a segment in milliseconds, so with a
    # short excerpt a run could finish inside the kill's jitter and there would be nothing left to interrupt.
    audio = long_audio[0]
    full = reference(tiny_engine, audio, tmp_path_factory)
    vad_total = max(s.vad_index for s in full.segments) + 1
    assert vad_total > (KILLS + 1) * NEW_VAD_PER_RUN
    env = cli_env(tiny_models, tmp_path / "home")
    db = tmp_path / "home" / "xdg_data_home" / "Tingxie" / "history.sqlite3"
    out = tmp_path / "out"
    args = ["transcribe", "-q", "--precision", "fp32", "--device", "cpu", "-f", "json", "-o", str(out), str(audio)]

    done_before = 0
    for kill in range(KILLS):
        t0 = time.monotonic()
        proc = cli(args, env)
        deadline = time.monotonic() + 120
        while True:
            st = _db_state(db)
            if st is not None and st[0] >= done_before + NEW_VAD_PER_RUN:
                break
            assert proc.poll() is None, f"the CLI ended before kill {kill + 1}: {proc.communicate()}"
            assert time.monotonic() < deadline, "no progress committed"
            time.sleep(0.05)
        time.sleep(JITTER_S[kill])  # land anywhere: mid-decode, mid-commit, right after a commit
        print(f"kill {kill + 1} at VAD segment {st[0]} of {vad_total}, {time.monotonic() - t0:.1f} s after start")
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        assert _integrity(db) == "ok"
        vad_done, state, segs = _db_state(db)
        assert state == "running"  # as the killed process left it
        assert done_before + NEW_VAD_PER_RUN <= vad_done < vad_total
        # nothing committed is lost or garbled: the stored sentences are a prefix of the uninterrupted run
        assert segs == [s for s in full.segments if s.vad_index < vad_done]
        assert not (out / f"{audio.stem}.json").exists()
        done_before = vad_done

    proc = cli(args, env)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert f"{audio.name}: resuming where it stopped, at " in stderr
    got = json.loads((out / f"{audio.stem}.json").read_text("utf-8"))
    assert got == json.loads(exporters.render(full, "json"))
    assert _integrity(db) == "ok"
    with closing(sqlite3.connect(db)) as c:
        assert c.execute("SELECT state, attempts FROM jobs").fetchall() == [("done", KILLS + 1)]
