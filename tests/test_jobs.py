"""Job history (issue 7): schema, migrations, WAL, identity rules, resume equality, interrupted jobs."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from jobhelp import excerpt, reference
from models.export import formats as exporters
from models.jobs import db as jobdb
from models.core.errors import AudioError, Cancelled
from models.jobs.runner import JobRunner
from models.jobs.store import FileIdentity, HistoryError, JobState, JobStore, engine_settings, settings_key
from models.core.transcript import Segment

SETTINGS = {"device": "cpu", "precision": "int8", "punc": "punc", "models": {"asr": "a@1"}}


class Crash(Exception):
    """Stands in for a crash at a chosen moment (the real SIGKILL is in test_faults.py)."""


@pytest.fixture
def store(tmp_path: Path):
    s = JobStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


@pytest.fixture
def wav(tmp_path: Path) -> Path:
    p = tmp_path / "a.wav"
    sf.write(p, np.zeros(16000, np.int16), 16000)
    return p


@pytest.fixture(scope="module")
def cut(long_audio, tmp_path_factory) -> Path:
    return excerpt(long_audio, tmp_path_factory)


@pytest.fixture(scope="module")
def full(tiny_engine, cut, tmp_path_factory):
    return reference(tiny_engine, cut, tmp_path_factory)


@pytest.fixture(scope="module")
def short(tiny_engine, cut, tmp_path_factory):
    """A 40 s file and its uninterrupted transcript, for the tests that need less than `cut`."""
    p = tmp_path_factory.mktemp("short") / "short40.wav"
    x, sr = sf.read(cut, dtype="int16", frames=40 * 16000)
    sf.write(p, x, sr)
    return p, tiny_engine.transcribe(p)


def crash_after(n_vad: int):
    def on_progress(p) -> None:
        if p.segments_done >= n_vad:
            raise Crash
    return on_progress


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


# ------------------------------------------------------------------------------------------------ resume
def test_resume_equals_uninterrupted(store: JobStore, tiny_engine, cut: Path, full) -> None:
    vad_total = max(s.vad_index for s in full.segments) + 1
    stops = [3, vad_total // 2, vad_total - 2]
    for n in stops:
        with pytest.raises(Crash):
            JobRunner(store).run(tiny_engine, cut, on_progress=crash_after(n))
        job = store.list_jobs()[0]
        assert job.vad_done == n and job.state is JobState.FAILED
        done = [s for s in full.segments if s.vad_index < n]
        assert store.segments(job.id) == done  # committed exactly the finished VAD segments
        assert 0 < job.resume_ms < full.duration_ms
    seen: list[Segment] = []
    notices: list[str] = []
    t = JobRunner(store).run(tiny_engine, cut, on_segment=seen.append, on_notice=notices.append)
    assert len(notices) == 1 and "resuming where it stopped, at " in notices[0], notices
    assert t.segments == full.segments and seen == full.segments
    assert t == full
    job = store.list_jobs()[0]
    assert job.state is JobState.DONE and job.attempts == len(stops) + 1 and len(store.list_jobs()) == 1
    assert store.transcript(job.id).segments == full.segments
    assert store.integrity_check() == "ok"


def test_resume_from_an_early_checkpoint_drops_repeats(store: JobStore, tiny_engine, short) -> None:
    """resume_ms before the end of the committed VAD segments (header duration clamp): no duplicates."""
    cut, full = short
    with pytest.raises(Crash):
        JobRunner(store).run(tiny_engine, cut, on_progress=crash_after(4))
    job = store.list_jobs()[0]
    with store.db.transaction() as c:
        c.execute("UPDATE jobs SET resume_ms = ? WHERE id = ?", (job.resume_ms // 3, job.id))
    assert JobRunner(store).run(tiny_engine, cut) == full


def test_cancel_marks_interrupted_and_resumes(store: JobStore, tiny_engine, short) -> None:
    cut, full = short
    cancel = threading.Event()

    def on_progress(p) -> None:
        if p.segments_done >= 3:
            cancel.set()

    with pytest.raises(Cancelled):
        JobRunner(store).run(tiny_engine, cut, on_progress=on_progress, cancel=cancel)
    job = store.list_jobs()[0]
    assert job.state is JobState.INTERRUPTED and job.resumable and job.owner == ""
    assert JobRunner(store).run(tiny_engine, cut) == full


def test_done_job_is_reused(store: JobStore, tiny_engine, cut: Path, full, monkeypatch) -> None:
    job = store.find_or_create(cut, engine_settings(tiny_engine))
    store.add_segments(job.id, full.segments, 99, full.duration_ms)
    store.mark_done(job.id, full)
    calls = []
    real = tiny_engine.transcribe
    monkeypatch.setattr(tiny_engine, "transcribe", lambda *a, **k: calls.append(1) or real(*a, **k))
    progress, notices = [], []
    assert JobRunner(store).run(tiny_engine, cut, on_progress=progress.append, on_notice=notices.append) == full
    assert notices == [f"{cut.name}: already transcribed with these settings; using the saved transcript"]
    assert calls == [] and progress[-1].stage == "done"
    assert store.get(job.id).state is JobState.DONE


def test_restart_starts_over(store: JobStore, tiny_engine, short) -> None:
    cut, full = short
    with pytest.raises(Crash):
        JobRunner(store).run(tiny_engine, cut, on_progress=crash_after(3))
    seen_progress = []
    t = JobRunner(store).run(tiny_engine, cut, restart=True, on_progress=seen_progress.append)
    assert t == full
    assert seen_progress[0].segments_done <= 1  # nothing was skipped
    assert len(store.list_jobs()) == 1


def test_changed_file_does_not_resume_old_job(store: JobStore, tiny_engine, cut: Path, tmp_path: Path) -> None:
    p = tmp_path / "clip.wav"
    x, sr = sf.read(cut, dtype="int16", frames=40 * 16000)
    sf.write(p, x, sr)
    with pytest.raises(Crash):
        JobRunner(store).run(tiny_engine, p, on_progress=crash_after(2))
    old = store.list_jobs()[0]
    sf.write(p, x[: 30 * 16000], sr)  # the user replaced the file
    t = JobRunner(store).run(tiny_engine, p)
    assert t.duration_ms == 30000
    jobs = store.list_jobs()
    assert len(jobs) == 2 and jobs[0].state is JobState.DONE and jobs[1].id == old.id
    assert store.get(old.id).segment_count == old.segment_count  # the old job keeps what it had


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


# ------------------------------------------------------------------------------------------------ GUI queue
def test_queue_deleted_or_changed_file(store: JobStore, tiny_engine, cut: Path, tmp_path: Path) -> None:
    p = tmp_path / "q.wav"
    x, sr = sf.read(cut, dtype="int16", frames=30 * 16000)
    sf.write(p, x, sr)
    gone = tmp_path / "gone.wav"
    sf.write(gone, x[:16000], sr)
    j1 = store.enqueue(p, uid="row-1")
    j2 = store.enqueue(gone, uid="row-2")
    assert [j.uid for j in store.list_jobs([JobState.QUEUED])] == ["row-1", "row-2"]
    store.reorder(["row-2", "row-1"])
    assert [j.uid for j in store.list_jobs([JobState.QUEUED])] == ["row-2", "row-1"]
    gone.unlink()
    with pytest.raises(AudioError, match="moved or deleted after it was added to the queue"):
        JobRunner(store).run(tiny_engine, gone, job_id="row-2")
    assert store.get(j2.id).state is JobState.FAILED
    # interrupted, then the file changes while it waits in the queue: a notice, and a fresh start
    with pytest.raises(Crash):
        JobRunner(store).run(tiny_engine, p, job_id=j1.id, on_progress=crash_after(2))
    sf.write(p, x[: 20 * 16000], sr)
    notices: list[str] = []
    t = JobRunner(store).run(tiny_engine, p, job_id="row-1", on_notice=notices.append)
    assert any("changed after it was added to the queue" in n for n in notices), notices
    assert t.duration_ms == 20000 and store.get(j1.id).state is JobState.DONE
    assert store.get(j1.id).warnings == tuple(notices)


def test_file_modified_during_run(store: JobStore, tiny_engine, cut: Path, tmp_path: Path) -> None:
    p = tmp_path / "m.wav"
    x, sr = sf.read(cut, dtype="int16", frames=30 * 16000)
    sf.write(p, x, sr)

    def on_progress(pr) -> None:
        if pr.segments_done == 2:
            os.utime(p)

    with pytest.raises(AudioError, match="modified while it was being transcribed"):
        JobRunner(store).run(tiny_engine, p, on_progress=on_progress)
    assert store.list_jobs()[0].state is JobState.FAILED


def test_history_view_api(store: JobStore, tiny_engine, short, tmp_path: Path) -> None:
    cut, full = short
    JobRunner(store).run(tiny_engine, cut)
    job = store.list_jobs([JobState.DONE])[0]
    assert job.fraction == 1.0 and job.segment_count == len(full.segments)
    assert job.device == full.device and job.precision == "fp32"
    t = store.transcript(job.uid)
    (path,) = exporters.write_all(t, tmp_path, ["json"], stem="again")
    assert json.loads(path.read_text("utf-8"))["segments"] == full.to_dict()["segments"]
    store.delete(job.id)
    assert store.list_jobs() == []
    assert store.db.query("SELECT COUNT(*) FROM segments")[0][0] == 0
    with pytest.raises(HistoryError, match="not in the history"):
        store.get(job.id)


# ------------------------------------------------------------------------------------------------ issue 13 fixes
def test_finished_silent_job_starts_over_when_its_file_changes(store: JobStore, tiny_engine, cut: Path,
                                                                 tmp_path: Path) -> None:
    """Fix 8: a done job with no sentences (silence) was replayed, empty, after its file changed."""
    p = tmp_path / "later.wav"
    sf.write(p, np.zeros(5 * 16000, np.int16), 16000)
    job = store.enqueue(p, uid="row-silent")
    first = JobRunner(store).run(tiny_engine, p, job_id=job.id)
    assert first.segments == [] and store.get(job.id).state is JobState.DONE
    x, sr = sf.read(cut, dtype="int16", frames=20 * 16000)
    sf.write(p, x, sr)  # the user recorded over it
    notices: list[str] = []
    again = JobRunner(store).run(tiny_engine, p, job_id=job.id, on_notice=notices.append)
    assert again.segments, "the old empty transcript was replayed"
    assert [s.text for s in again.segments] == [s.text for s in tiny_engine.transcribe(p).segments]
    assert any("changed after it was added to the queue" in n for n in notices), notices


def test_finished_silent_job_starts_over_when_settings_change(store: JobStore, tiny_engine, tmp_path: Path,
                                                                monkeypatch) -> None:
    """Fix 8, the other trigger: other engine settings must not replay a silent job's saved (empty) transcript."""
    from models.jobs import runner as runner_mod

    p = tmp_path / "quiet.wav"
    sf.write(p, np.zeros(5 * 16000, np.int16), 16000)
    job = store.enqueue(p, uid="row-quiet")
    JobRunner(store).run(tiny_engine, p, job_id=job.id)
    other = {**engine_settings(tiny_engine), "punc": "punc-large"}
    monkeypatch.setattr(runner_mod, "engine_settings", lambda _e, _text=None, _speakers=None: other)
    calls: list[int] = []
    real = tiny_engine.transcribe
    monkeypatch.setattr(tiny_engine, "transcribe", lambda *a, **k: calls.append(1) or real(*a, **k))
    notices: list[str] = []
    JobRunner(store).run(tiny_engine, p, job_id=job.id, on_notice=notices.append)
    assert calls == [1], "the engine did not run again"
    assert any("settings changed" in n for n in notices), notices


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
