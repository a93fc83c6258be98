"""Job history store: schema, migrations, WAL, a damaged or newer database, identity rules, jobs left running."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from jobhelp import SETTINGS, store  # noqa: F401 (store is a fixture)
from models.core.errors import AudioError
from models.core.transcript import Segment
from models.jobs import db as jobdb
from models.jobs.runner import JobRunner
from models.jobs.store import FileIdentity, HistoryError, JobState, JobStore, engine_settings, settings_key


@pytest.fixture
def wav(tmp_path: Path) -> Path:
    p = tmp_path / "a.wav"
    sf.write(p, np.zeros(16000, np.int16), 16000)
    return p



# ------------------------------------------------------------------------------------------------ database
def test_schema_wal_and_integrity(store: JobStore) -> None:
    assert store.db.version() == jobdb.schema_version() >= 1
    assert store.db.journal_mode() == "wal"
    assert store.db.query("PRAGMA foreign_keys")[0][0] == 1
    assert int(store.db.query("PRAGMA busy_timeout")[0][0]) >= 5000
    tables = {r[0] for r in store.db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"jobs", "segments"} <= tables
    assert store.integrity_check() == "ok"


def test_default_location_follows_xdg(isolated_user_dirs: Path) -> None:
    s = JobStore.open_default()
    assert s.persistent and s.problem == ""
    assert Path(s.path) == isolated_user_dirs / "XDG_DATA_HOME" / "Tingxie" / "history.sqlite3"
    s.close()


def test_newer_schema_is_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "history.sqlite3"
    JobStore(path).close()
    with closing(sqlite3.connect(path)) as c:
        c.execute("PRAGMA user_version = 99")
        c.commit()
    with pytest.raises(HistoryError, match=r"newer version of Tingxie \(schema 99"):
        JobStore(path)
    with closing(sqlite3.connect(path)) as c:  # refused, not rewritten
        assert c.execute("PRAGMA user_version").fetchone()[0] == 99
    # the default store falls back to memory with a warning, so the CLI still transcribes
    os.makedirs(JobStore.default_path().parent, exist_ok=True)
    os.replace(path, JobStore.default_path())
    s = JobStore.open_default()
    assert not s.persistent and "newer version" in s.problem
    assert "newer version" in caplog.text


def test_migration_upgrades_and_a_failed_one_rolls_back(tmp_path: Path, monkeypatch, wav: Path) -> None:
    path = tmp_path / "history.sqlite3"
    s = JobStore(path)
    job = s.find_or_create(wav, SETTINGS)
    s.close()
    broken = list(jobdb.MIGRATIONS) + [("ALTER TABLE jobs ADD COLUMN note TEXT", "THIS IS NOT SQL")]
    monkeypatch.setattr(jobdb, "MIGRATIONS", broken)
    with pytest.raises(sqlite3.OperationalError):
        JobStore(path)
    with closing(sqlite3.connect(path)) as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == len(broken) - 1
        assert "note" not in [r[1] for r in c.execute("PRAGMA table_info(jobs)")]
    good = list(broken[:-1]) + [("ALTER TABLE jobs ADD COLUMN note TEXT DEFAULT 'x'",)]
    monkeypatch.setattr(jobdb, "MIGRATIONS", good)
    s = JobStore(path)
    assert s.db.version() == len(good)
    assert s.get(job.id).path == wav.resolve()
    assert s.db.query("SELECT note FROM jobs")[0][0] == "x"
    s.close()


def test_damaged_history_is_moved_aside(isolated_user_dirs: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = JobStore.default_path()
    path.write_bytes(b"this is not a database" * 100)
    s = JobStore.open_default()
    assert s.persistent and s.list_jobs() == []
    kept = list(path.parent.glob("history.sqlite3.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not")
    assert "damaged" in caplog.text


def test_transaction_rolls_back_on_error(store: JobStore, wav: Path) -> None:
    with pytest.raises(ZeroDivisionError):
        with store.db.transaction() as c:
            c.execute("INSERT INTO jobs (uid, path, size, mtime_ns, head_sha256, created_at, updated_at) "
                      "VALUES ('u', x'00', 1, 1, 'h', 0, 0)")
            1 / 0
    assert store.list_jobs() == []


def test_disk_full_is_a_clear_error(store: JobStore, wav: Path) -> None:
    job = store.find_or_create(wav, SETTINGS)
    pages = store.db.query("PRAGMA page_count")[0][0]
    store.db.query(f"PRAGMA max_page_count = {pages}")
    seg = Segment(0, 10, "字" * 5000, ("字",) * 5000, ((0, 10),) * 5000, 0)
    with pytest.raises(HistoryError, match="disk is full"):
        store.add_segments(job.id, [seg], 1, 10)
    assert store.get(job.id).segment_count == 0  # rolled back


# ------------------------------------------------------------------------------------------------ identity
def test_identity_rules(store: JobStore, wav: Path, tmp_path: Path) -> None:
    a = store.find_or_create(wav, SETTINGS)
    assert store.find_or_create(wav, SETTINGS).id == a.id
    link = tmp_path / "link.wav"
    link.symlink_to(wav)
    assert store.find_or_create(link, SETTINGS).id == a.id  # the resolved path counts
    other = dict(SETTINGS, precision="fp32")
    assert settings_key(other) != settings_key(SETTINGS)
    assert store.find_or_create(wav, other).id != a.id
    copy = tmp_path / "copy.wav"
    copy.write_bytes(wav.read_bytes())
    assert store.find_or_create(copy, SETTINGS).id != a.id
    # same size and mtime, other content in the first MiB: a different file
    st = wav.stat()
    data = bytearray(wav.read_bytes())
    data[-1] ^= 1
    wav.write_bytes(bytes(data))
    os.utime(wav, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert FileIdentity.of(wav).size == a.size and FileIdentity.of(wav).mtime_ns == a.mtime_ns
    b = store.find_or_create(wav, SETTINGS)
    assert b.id != a.id
    os.utime(wav, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # touched: a different file too
    assert store.find_or_create(wav, SETTINGS).id not in (a.id, b.id)


def test_odd_file_names_round_trip(store: JobStore, tmp_path: Path) -> None:
    for name in ("录音 文件 #1 (测试).wav", os.fsdecode(b"bad\xffname.wav")):
        p = tmp_path / name
        with open(p, "wb") as f:  # soundfile cannot encode a non-UTF-8 name itself
            sf.write(f, np.zeros(1600, np.int16), 16000, format="WAV")
        job = store.find_or_create(p, SETTINGS)
        assert store.get(job.id).path == p.resolve()
        assert store.get(job.uid).id == job.id


def test_engine_settings(tiny_engine) -> None:
    s = engine_settings(tiny_engine)
    assert s["device"] == "cpu" and s["precision"] == "fp32" and s["punc"] == "punc"
    assert set(s["models"]) == {"asr", "vad", "punc"}
    assert s["models"]["asr"].startswith("iic/speech_paraformer-large-vad-punc")


def test_missing_file_records_nothing(store: JobStore, tmp_path: Path, tiny_engine) -> None:
    with pytest.raises(AudioError, match="File not found"):
        JobRunner(store).run(tiny_engine, tmp_path / "nope.wav")
    assert store.list_jobs() == []


# -------------------------------------------------------------------------------- old and abandoned jobs
def test_running_jobs_become_interrupted_at_start(tmp_path: Path, wav: Path, tiny_engine) -> None:
    path = tmp_path / "history.sqlite3"
    s = JobStore(path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        a = s.find_or_create(wav, SETTINGS)
        b = s.find_or_create(wav, dict(SETTINGS, punc="none"))
        from models.jobs import identity as jobident

        host = jobident.OWNER.split(":")[0]
        with s.db.transaction() as c:
            c.execute("UPDATE jobs SET state = 'running', owner = ? WHERE id = ?",
                      (f"{host}:{dead.stdout.strip()}:1", a.id))
            c.execute("UPDATE jobs SET state = 'running', owner = ? WHERE id = ?",
                      (f"{host}:{alive.pid}:{jobident.proc_start(alive.pid)}", b.id))
        s.close()
        s = JobStore(path)
        assert [j.id for j in s.recovered] == [a.id]
        assert s.get(a.id).state is JobState.INTERRUPTED
        assert s.get(b.id).state is JobState.RUNNING  # its process is still alive
        with pytest.raises(HistoryError, match="being transcribed"):
            s.delete(b.id)
    finally:
        alive.kill()
        alive.wait()
    assert JobStore(path).get(b.id).state is JobState.INTERRUPTED
    s.close()



def test_old_history_keeps_working_and_labels_become_data(tmp_path: Path, monkeypatch) -> None:
    """A history written by the previous layout (schema 1, whole runtime label in `device`) opens, and what ran
    becomes data that the label is formatted from again."""
    path = tmp_path / "history.sqlite3"
    monkeypatch.setattr(jobdb, "MIGRATIONS", jobdb.MIGRATIONS[:1])
    db = jobdb.Database(path)
    labels = {"CPU · INT8 (ONNX Runtime) · 2 threads": ("cpu", "", "int8", "onnx", 2),
              "CUDA · NVIDIA GeForce RTX 4090 · FP16": ("cuda", "NVIDIA GeForce RTX 4090", "fp16", "torch", 0),
              "CPU · FP32 · 1 thread": ("cpu", "", "fp32", "torch", 1)}
    with db.transaction() as c:
        for i, (label, (_d, _n, precision, _b, _t)) in enumerate(labels.items()):
            c.execute("INSERT INTO jobs (uid, path, size, mtime_ns, head_sha256, state, device, precision, created_at,"
                      " updated_at) VALUES (?, ?, 1, 1, 'x', 'done', ?, ?, 0, 0)",
                      (f"u{i}", f"/a/{i}.wav".encode(), label, precision))
    db.close()
    monkeypatch.undo()
    new = JobStore(path)
    assert new.db.version() == jobdb.schema_version()
    for i, (label, (device, name, _p, backend, threads)) in enumerate(labels.items()):
        job = new.get(f"u{i}")
        assert (job.device, job.device_name, job.backend, job.threads) == (device, name, backend, threads)
        assert job.runtime == label  # formatted from data, equal to what the old row said
    new.close()
