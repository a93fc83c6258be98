"""Issue 15: `transcribe --speakers 2`, SIGKILLed mid-file and run again, gives the same speaker labels as an
uninterrupted run: the killed run's embeddings were committed with their sentences and are not recomputed."""
from __future__ import annotations

import json
import signal
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from jobhelp import cli, cli_env
from speakers.spkhelp import two_voices

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def _vad_done(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(db, timeout=5)) as c:
            row = c.execute("SELECT vad_done FROM jobs ORDER BY id DESC LIMIT 1").fetchone()
            return row[0] if row else 0
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _embeddings(db: Path) -> list[tuple[int, bytes]]:
    with closing(sqlite3.connect(db)) as c:
        return [(i, bytes(d)) for i, d in c.execute("SELECT vad_index, data FROM speaker_embeddings ORDER BY vad_index")]


def test_sigkill_mid_file_resumes_with_the_same_speakers(tiny_models: Path, speech_clips: dict,
                                                         tmp_path: Path) -> None:
    audio = two_voices(speech_clips, tmp_path / "meeting.wav", turns=40)  # ~4 minutes, ~40 VAD segments
    args = ["transcribe", "-q", "--precision", "fp32", "--device", "cpu", "--speakers", "2", "-f", "json,txt"]

    ref_home, ref_out = tmp_path / "ref", tmp_path / "ref-out"
    proc = cli([*args, "-o", str(ref_out), str(audio)], cli_env(tiny_models, ref_home))
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    ref = json.loads((ref_out / "meeting.json").read_text("utf-8"))
    n_vad = max(s["vad_index"] for s in ref["segments"]) + 1
    assert all(s["spk"] in (0, 1) for s in ref["segments"])  # every sentence has one of the two labels

    home, out = tmp_path / "home", tmp_path / "out"
    env = cli_env(tiny_models, home)
    db = home / "xdg_data_home" / "Tingxie" / "history.sqlite3"
    proc = cli([*args, "-o", str(out), str(audio)], env)
    deadline = time.monotonic() + 300
    while _vad_done(db) < 3:
        assert proc.poll() is None, f"the CLI ended before the kill: {proc.communicate()}"
        assert time.monotonic() < deadline, "no progress committed"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    killed_at = _vad_done(db)
    assert 3 <= killed_at < n_vad
    stored = _embeddings(db)
    assert [i for i, _d in stored] == list(range(killed_at))  # committed with their sentences, nothing more

    proc = cli([*args, "-o", str(out), str(audio)], env)
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "resuming where it stopped" in err
    got = json.loads((out / "meeting.json").read_text("utf-8"))
    assert [s["spk"] for s in got["segments"]] == [s["spk"] for s in ref["segments"]]
    assert got["segments"] == ref["segments"]
    assert (out / "meeting.txt").read_text("utf-8") == (ref_out / "meeting.txt").read_text("utf-8")
    after = _embeddings(db)
    assert after[:killed_at] == stored  # the killed run's rows were kept, not recomputed
    assert after == _embeddings(ref_home / "xdg_data_home" / "Tingxie" / "history.sqlite3")
