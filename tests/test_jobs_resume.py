"""Resuming through JobRunner: interrupted runs equal uninterrupted ones, cancel, reuse, restart, queued files
that change or vanish, finished jobs replayed or started over."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from jobhelp import Crash, crash_after, excerpt, reference, store  # noqa: F401 (store is a fixture)
from models.core.errors import AudioError, Cancelled
from models.core.transcript import Segment
from models.export import formats as exporters
from models.jobs.runner import JobRunner
from models.jobs.store import HistoryError, JobState, JobStore, engine_settings


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


# -------------------------------------------------------------------------------- finished jobs with no sentences
def test_finished_silent_job_starts_over_when_its_file_changes(store: JobStore, tiny_engine, cut: Path,
                                                                 tmp_path: Path) -> None:
    """A done job with no sentences (silence) was replayed, empty, after its file changed."""
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
    """The other trigger: other engine settings must not replay a silent job's saved (empty) transcript."""
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
