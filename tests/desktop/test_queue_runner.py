"""The queue runner + worker thread with the fake engine: order, cancel, pause-after-current, errors, reload."""
from __future__ import annotations

import threading

from desktop.queue.model import JobStatus
from desktop.settings.store import Key
from desktop.queue.worker import ModelState


def statuses(runner):
    return [j.status for j in runner.model.jobs]


def test_runs_queue_in_order(qtbot, runner, control, make_wav):
    paths = [make_wav(f"{n}.wav", 3.0) for n in ("a", "b", "c")]
    runner.model.add_paths(paths)
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000) as blocker:
        runner.start()
    assert blocker.args == ["done"]
    assert statuses(runner) == [JobStatus.DONE] * 3
    assert control.transcribed == ["a.wav", "b.wav", "c.wav"]
    assert len(control.built) == 1  # loaded once, kept warm between files
    job = runner.model.jobs[0]
    assert len(runner.jobs.transcript(job.id).segments) == 2  # in the history, the one copy
    assert job.runtime.startswith("CPU · INT8")


def test_error_marks_row_failed_and_queue_goes_on(qtbot, runner, control, make_wav):
    runner.model.add_paths([make_wav("broken.wav"), make_wav("crash.wav"), make_wav("ok.wav")])
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.start()
    jobs = runner.model.jobs
    assert [j.status for j in jobs] == [JobStatus.FAILED, JobStatus.FAILED, JobStatus.DONE]
    assert "broken.wav" in jobs[0].error
    assert "RuntimeError" in jobs[1].error


def test_cancel_stops_within_a_batch(qtbot, runner, control, make_wav):
    control.hold = threading.Event()  # the first batch waits until released: cancel lands mid-file
    runner.model.add_paths([make_wav("a.wav", 10.0), make_wav("b.wav")])
    with qtbot.waitSignal(runner.job_started, timeout=5000):
        runner.start()
    with qtbot.waitSignal(runner.queue_stopped, timeout=2000) as blocker:
        runner.cancel()
    assert blocker.args == ["cancelled"]
    assert statuses(runner) == [JobStatus.CANCELLED, JobStatus.QUEUED]
    assert control.transcribed == ["a.wav"]


def test_pause_after_current(qtbot, runner, control, make_wav):
    control.hold = threading.Event()
    runner.model.add_paths([make_wav("a.wav"), make_wav("b.wav"), make_wav("c.wav")])
    with qtbot.waitSignal(runner.job_started, timeout=5000):
        runner.start()
    runner.pause_after_current()
    assert runner.pausing
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000) as blocker:
        control.hold.set()
    assert blocker.args == ["paused"]
    assert statuses(runner) == [JobStatus.DONE, JobStatus.QUEUED, JobStatus.QUEUED]
    # Start again: the rest runs on the same warm engine.
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.start()
    assert statuses(runner) == [JobStatus.DONE] * 3
    assert len(control.built) == 1


def test_settings_change_reloads_between_files(qtbot, runner, control, settings, make_wav):
    control.hold = threading.Event()
    runner.model.add_paths([make_wav("a.wav"), make_wav("b.wav")])
    with qtbot.waitSignal(runner.job_started, timeout=5000):
        runner.start()
    settings.set_value(Key.PRECISION, "fp32")  # mid-file: takes effect for the next file
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        control.hold.set()
    assert [s.precision for s in control.built] == ["int8", "fp32"]
    assert control.closed == 1
    assert "FP32" in runner.model.jobs[1].runtime and "INT8" in runner.model.jobs[0].runtime


def test_missing_models_stop_queue_and_keep_jobs(qtbot, runner, control, make_wav):
    from tests.desktop.fakes import missing_models_error

    control.load_error = missing_models_error()
    runner.model.add_paths([make_wav("a.wav")])
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000) as blocker:
        runner.start()
    assert blocker.args == ["no-engine"]
    assert runner.model_state == ModelState.MISSING
    assert statuses(runner) == [JobStatus.QUEUED]


def test_emit_does_not_leak_bool_references():
    """PySide6 6.12 + Python 3.11: emit() dropped a reference to True per call (desktop/common/qtfix.py)."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(object)

    e = Emitter()
    before = sys.getrefcount(True)
    for _ in range(500):
        e.fired.emit(1)
    assert sys.getrefcount(True) - before >= 0
