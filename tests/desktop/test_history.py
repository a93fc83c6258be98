"""Job history in the window (issue 7): the queue reloads from the store, interrupted files resume, crashes are
retried once, the history view reopens / re-exports / deletes, and one export batch never overwrites itself."""
from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.queue.model import JobStatus
from desktop.settings.store import Key
from models.jobs.store import JobState, JobStore
from models.core.transcript import Segment
from tests.desktop.fakes import TEXTS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

DEAD_OWNER = f"{socket.gethostname()}:999999999:1"  # a process that is gone: its running jobs were interrupted


@pytest.fixture
def store(tmp_path):
    s = JobStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


@pytest.fixture
def make_window(qtbot, settings, control):
    from desktop.window.main_window import MainWindow

    settings.set_value(Key.AUTO_START, False)
    made = []

    def make(jobs):
        w = MainWindow(settings, engine_factory=control.factory(), jobs=jobs)
        w.confirm_close = False
        qtbot.addWidget(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()
        assert not w.runner._thread.isRunning()


def fake_segment(i: int, batch_ms: int = 2000) -> Segment:
    """The segment the fake engine makes for batch i (so saved + resumed equals an uninterrupted run)."""
    text = TEXTS[i % len(TEXTS)]
    start, end = i * batch_ms, (i + 1) * batch_ms
    return Segment(start, end, text, tuple(text), tuple((start, end) for _ in text), vad_index=i)


def run_queue(qtbot, window, timeout=5000):
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=timeout) as stopped:
        window.start()
    return stopped.args[0]


def assert_whole(history, job, seconds: float) -> None:
    """The job's transcript (in the history, its one copy) is what one uninterrupted fake run gives: batches
    0..n-1, once each, in order."""
    n = int(seconds // 2)
    segments = history.transcript(job.id).segments
    assert [s.vad_index for s in segments] == list(range(n))
    assert list(segments) == [fake_segment(i) for i in range(n)]


def test_queue_reloads_from_store_and_offers_resume(qtbot, store, make_window, make_wav, control, tmp_path):
    a, b = make_wav("a.wav", 4.0), make_wav("b.wav", 10.0)
    store.enqueue(a, uid="row-a")
    job_b = store.enqueue(b, uid="row-b")
    store.add_segments(job_b.id, [fake_segment(0), fake_segment(1)], vad_done=2, resume_ms=4000)
    with store.db.transaction() as c:  # as a crashed Tingxie left it
        c.execute("UPDATE jobs SET state = 'running', owner = ?, duration_ms = 10000 WHERE id = ?",
                  (DEAD_OWNER, job_b.id))
    store.close()

    jobs = JobStore(tmp_path / "history.sqlite3")  # the next start
    assert [j.uid for j in jobs.recovered] == ["row-b"]
    w = make_window(jobs)
    rows = w.queue.jobs
    assert [(j.id, j.path.name, j.status) for j in rows] == [("row-a", "a.wav", JobStatus.QUEUED),
                                                            ("row-b", "b.wav", JobStatus.INTERRUPTED)]
    interrupted = rows[1]
    assert interrupted.duration_s == 10.0 and interrupted.fraction == pytest.approx(0.4)
    assert [s.text for s in jobs.segments(interrupted.id)] == list(TEXTS[:2])
    assert w.transcript.job_id == "row-b" and w.transcript.plain_text() == "".join(TEXTS[:2])  # shown at once
    assert w.notice.level == "info" and not w.notice.action.isHidden() and w.notice._action_id == "resume"
    assert w.actions_.start.isEnabled()
    qtbot.waitUntil(lambda: rows[0].duration_s is not None, timeout=5000)  # the never-started one is probed

    with qtbot.waitSignal(w.runner.queue_stopped, timeout=5000) as stopped:
        w.notice.action.click()  # "Resume 1 interrupted job"
    assert stopped.args == ["done"]
    assert [j.status for j in w.queue.jobs] == [JobStatus.DONE, JobStatus.DONE]
    assert ("b.wav", 4000) in control.starts  # continued after the saved part, not from the start
    assert_whole(jobs, interrupted, 10.0)
    assert [j.state for j in jobs.list_jobs()] == [JobState.DONE, JobState.DONE]
    jobs.close()


def test_cancelled_job_continues_where_it_stopped(qtbot, store, make_window, make_wav, control, monkeypatch):
    w = make_window(store)
    control.hold, control.hold_from = threading.Event(), 2  # batches 0 and 1 run, batch 2 waits
    w.add_paths([make_wav("talk.wav", 10.0)])
    job = w.queue.jobs[0]
    with qtbot.waitSignal(w.runner.job_started, timeout=5000):
        w.start()
    qtbot.waitUntil(lambda: len(store.segments(job.id)) == 2 and job.done_s == 4.0, timeout=5000)
    with qtbot.waitSignal(w.runner.queue_stopped, timeout=5000) as stopped:
        w.actions_.cancel.trigger()
    assert stopped.args == ["cancelled"] and job.status is JobStatus.CANCELLED
    saved = store.get(job.id)
    assert saved.state is JobState.INTERRUPTED and (saved.vad_done, saved.resume_ms) == (2, 4000)
    assert w.actions_.start.isEnabled()

    # Removing a partly transcribed row asks first; "No" keeps it.
    asked: list[str] = []
    monkeypatch.setattr(w, "confirm", lambda title, text: asked.append(text) or False)
    w.select_row(0)
    w.actions_.remove.trigger()
    assert asked and w.queue.jobs == [job]

    control.hold.set()
    notices: list[str] = []
    w.runner.job_notice.connect(lambda _id, msg: notices.append(msg))
    assert run_queue(qtbot, w) == "done"
    assert control.starts == [("talk.wav", 0), ("talk.wav", 4000)]
    assert any("resuming" in m for m in notices)
    assert job.status is JobStatus.DONE
    assert_whole(store, job, 10.0)
    assert w.transcript.plain_text() == store.transcript(job.id).text  # saved part replayed, then the rest
    assert store.get(job.id).state is JobState.DONE


def test_crash_is_retried_once_then_fails_and_queue_goes_on(qtbot, store, make_window, make_wav, control):
    w = make_window(store)
    control.crash_plan = {"flaky": [2], "bad": [1, 1]}
    w.add_paths([make_wav("flaky.wav", 8.0), make_wav("bad.wav", 6.0), make_wav("fine.wav", 2.0)])
    assert run_queue(qtbot, w) == "done"
    flaky, bad, fine = w.queue.jobs
    assert control.starts == [("flaky.wav", 0), ("flaky.wav", 4000),  # crashed at batch 2, resumed after batch 1
                              ("bad.wav", 0), ("bad.wav", 2000),  # crashed twice: failed
                              ("fine.wav", 0)]
    assert flaky.status is JobStatus.DONE
    assert_whole(store, flaky, 8.0)
    assert bad.status is JobStatus.FAILED and "RuntimeError" in bad.error
    assert store.get(bad.id).state is JobState.FAILED
    assert fine.status is JobStatus.DONE


@pytest.mark.qt_no_exception_capture  # the dying worker's exception reaches sys.excepthook, as in the app
def test_worker_thread_death_is_detected_and_the_job_restarted(qtbot, store, make_window, make_wav, control):
    w = make_window(store)
    control.die_at = {"doomed": 2}
    w.add_paths([make_wav("doomed.wav", 8.0), make_wav("next.wav", 2.0)])
    old_thread = w.runner._thread
    assert run_queue(qtbot, w) == "done"
    assert w.runner._thread is not old_thread and w.runner._thread.isRunning()
    assert control.starts == [("doomed.wav", 0), ("doomed.wav", 4000), ("next.wav", 0)]
    assert len(control.built) == 2  # the new worker loaded its own engine
    doomed, nxt = w.queue.jobs
    assert doomed.status is JobStatus.DONE and nxt.status is JobStatus.DONE
    assert_whole(store, doomed, 8.0)


def test_history_view_open_export_delete(qtbot, store, make_window, make_wav, settings, tmp_path, monkeypatch):
    from subtitles import check_cues, cue_text, parse_srt, parse_vtt

    settings.set_value(Key.EXPORT_FORMATS, ["txt", "srt", "vtt", "json"])
    w = make_window(store)
    w.add_paths([make_wav("first.wav", 4.0), make_wav("second.wav", 6.0)])
    assert run_queue(qtbot, w) == "done"
    first, second = w.queue.jobs
    with store.db.transaction() as c:  # make the finish times distinct (the sort is by time)
        c.execute("UPDATE jobs SET finished_at = finished_at - 60 WHERE uid = ?", (first.id,))
    w.view.selectAll()
    w.actions_.remove.trigger()  # done rows leave the queue but stay in the history
    assert w.queue.jobs == []

    w.actions_.history.trigger()
    dlg = w.history.dialog
    assert dlg.isVisible() and not dlg.isModal()
    assert dlg.uids() == [second.id, first.id]  # newest first
    assert dlg.proxy.index(0, 0).data() == "second.wav" and dlg.proxy.index(0, 1).data() == "0:06"
    assert "CPU · INT8" in dlg.proxy.index(0, 3).data()
    dlg.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert dlg.uids() == [first.id, second.id]

    dlg.select([first.id])
    dlg.open_button.click()
    assert w.transcript.job_id == first.id and w.transcript.plain_text() == "".join(TEXTS[:2])
    assert w.actions_.export.isEnabled()  # the reopened transcript can be exported from the pane as well

    dlg.select([first.id, second.id])
    out = tmp_path / "again"
    out.mkdir()
    written = dlg.export_selected(out)
    assert len(written) == 8 and "8" in dlg.status.text()
    srt = parse_srt((out / "second.srt").read_text(encoding="utf-8"))
    check_cues(srt, duration_ms=6000)
    assert cue_text(srt) == "".join(TEXTS[:3])
    check_cues(parse_vtt((out / "first.vtt").read_text(encoding="utf-8")), duration_ms=4000)
    data = json.loads((out / "first.json").read_text(encoding="utf-8"))
    assert data["text"] == "".join(TEXTS[:2]) and len(data["segments"]) == 2
    assert (out / "first.txt").read_text(encoding="utf-8").splitlines() == list(TEXTS[:2])

    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or next(answers))
    dlg.select([first.id])
    assert dlg.delete_selected() == [] and len(dlg.uids()) == 2  # "No"
    with qtbot.waitSignal(dlg.deleted) as deleted:
        dlg.delete_button.click()  # "Yes"
    assert deleted.args == [[first.id]] and len(asked) == 2
    assert dlg.uids() == [second.id]
    assert [j.uid for j in store.list_jobs()] == [second.id]
    assert w.transcript.job_id is None  # the deleted transcript left the pane
    assert (out / "first.txt").exists()  # exported files are never deleted


def test_export_batch_with_the_same_name_writes_both(qtbot, store, make_window, make_wav, tmp_path, settings):
    settings.set_value(Key.EXPORT_FORMATS, ["txt", "srt"])
    w = make_window(store)
    a = make_wav("talk.wav", 2.0, folder=tmp_path / "monday")
    b = make_wav("talk.wav", 4.0, folder=tmp_path / "tuesday")
    w.add_paths([a, b])
    assert run_queue(qtbot, w) == "done"
    out = tmp_path / "out"
    written = w.export_all_done(out)
    # models/export/names.py, as the CLI: both want "talk", so both use their full name, then a number
    assert sorted(p.name for p in written) == ["talk.wav.srt", "talk.wav.txt", "talk.wav~2.srt", "talk.wav~2.txt"]
    assert len((out / "talk.wav.txt").read_text(encoding="utf-8").splitlines()) == 1
    assert len((out / "talk.wav~2.txt").read_text(encoding="utf-8").splitlines()) == 2
    # Next to their audio (different folders) nothing collides: the plain names.
    assert {p.name for p in w.export_all_done()} == {"talk.txt", "talk.srt"}


def test_export_reads_the_history_and_nothing_else(qtbot, store, make_window, make_wav, tmp_path, settings):
    """The history is the one copy of a transcript: the user's corrections are exported, and a transcript the
    history no longer has is an export error, not a stale copy from the queue row."""
    from models.jobs.edits import EditStore

    settings.set_value(Key.EXPORT_FORMATS, ["txt"])
    w = make_window(store)
    w.add_paths([make_wav("a.wav", 4.0), make_wav("b.wav", 4.0)])
    assert run_queue(qtbot, w) == "done"
    a, b = w.queue.jobs
    EditStore(store.db).set_text(store.get(a.id).id, 0, "改过的句子。")
    store.delete(b.id)  # e.g. deleted in the history view while its row stayed in the queue
    written = w.export_all_done(tmp_path / "out")
    assert [p.name for p in written] == ["a.txt"]
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8").splitlines()[0] == "改过的句子。"
    assert "not in the job history" in b.export_error and not (tmp_path / "out" / "b.txt").exists()


def test_unusable_history_is_said_without_a_dialog(qtbot, make_window):
    jobs = JobStore(":memory:")
    jobs.problem = "The job history /x/history.sqlite3 was written by a newer version of Tingxie."
    w = make_window(jobs)
    assert w.notice.level == "warning" and "newer version" in w.notice.text()
    assert not any(isinstance(c, QMessageBox) and c.isVisible() for c in w.children())


def test_app_opens_the_users_history_and_falls_back_when_it_cannot(isolated_user_dirs, monkeypatch, tmp_path):
    from desktop.app.app import open_job_history

    jobs = open_job_history()
    assert jobs.persistent and not jobs.problem
    assert str(jobs.path).startswith(str(isolated_user_dirs))  # the user's data folder (isolated here)
    jobs.close()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # the data folder cannot be created
    jobs = open_job_history()
    assert not jobs.persistent and jobs.problem
    jobs.close()
