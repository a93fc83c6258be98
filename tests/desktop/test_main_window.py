"""The main window with the fake engine: drag-and-drop, a full run with live text and exports, cancel,
pause-after-current, failures, the event loop staying responsive, status bar, recorder hook."""
from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.queue.model import JobStatus
from desktop.settings.store import Key
from desktop.queue.worker import ModelState
from tests.desktop.fakes import FAKE_SPECS, FakeStore, missing_models_error



# The offscreen platform cannot raise windows or propagate size hints; it says so on every show().
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

@pytest.fixture
def window(qtbot, settings, control, tmp_path):
    from desktop.window.main_window import MainWindow

    settings.set_value(Key.AUTO_START, False)
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS)
    w.confirm_close = False
    qtbot.addWidget(w)
    yield w
    w.close()
    assert not w.runner._thread.isRunning()


def drop(target, paths: list[Path]) -> None:
    """Simulate a drag from a file manager: enter, move, drop (QPointF constructors, sent to `target`)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(target.width() / 2, target.height() / 2)
    action = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, action, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(target, QDragMoveEvent(pos, action, mime, buttons, mods))
    event = QDropEvent(pos, action, mime, buttons, mods)
    QApplication.sendEvent(target, event)
    assert event.isAccepted()


def wait_ready(qtbot, window):
    qtbot.waitUntil(lambda: window.runner.model_state == ModelState.READY, timeout=5000)


def test_drop_files_and_folder_adds_rows_and_rejects_txt(qtbot, window, make_wav, tmp_path):
    a, b = make_wav("a.wav", 2.0), make_wav("b.wav", 3.0)
    folder = tmp_path / "more"
    make_wav("c.wav", 1.0, folder=folder)
    make_wav("d.wav", 1.0, folder=folder / "sub")
    (folder / "cover.jpg").write_bytes(b"\xff\xd8")  # non-audio inside a dropped folder: skipped quietly
    notes = tmp_path / "notes.txt"
    notes.write_text("not audio", encoding="utf-8")

    drop(window.view.viewport(), [a, b, folder, notes])
    assert [j.path.name for j in window.queue.jobs] == ["a.wav", "b.wav", "c.wav", "d.wav"]
    assert all(j.status is JobStatus.QUEUED for j in window.queue.jobs)
    assert "notes.txt" in window.notice.text() and window.notice.level == "warning"
    qtbot.waitUntil(lambda: all(j.duration_s is not None for j in window.queue.jobs), timeout=5000)
    assert window.queue.jobs[1].duration_s == pytest.approx(3.0, abs=0.01)

    drop(window, [a])  # the window itself is a drop target too; a file already waiting is not added twice
    assert len(window.queue.jobs) == 4
    assert window.runner.running is False  # auto-start is off in this fixture


def test_full_run_fills_transcript_and_exports_parse(qtbot, window, settings, make_wav, tmp_path):
    settings.set_value(Key.EXPORT_FORMATS, ["txt", "srt", "vtt", "json"])
    paths = [make_wav(f"clip{i}.wav", 5.0) for i in range(3)]
    window.add_paths(paths)
    segments_seen: list[str] = []
    window.runner.segment_added.connect(lambda job_id, seg: segments_seen.append(job_id))
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=10_000) as stopped:
        window.start()
    assert stopped.args == ["done"]
    assert [j.status for j in window.queue.jobs] == [JobStatus.DONE] * 3
    assert len(segments_seen) == 9  # 3 files x 3 batches, arriving live
    last = window.queue.jobs[-1]
    assert window.transcript.job_id == last.id  # "follow" switched the pane to each running file
    assert window.transcript.segment_count() == 3
    from desktop.editor.sentence_model import TIME
    model = window.transcript.editor.model
    assert model.data(model.index(1, TIME)) == "00:02"  # the editor shows each sentence with its start time
    assert window.transcript.plain_text() == window.jobs.transcript(last.id).text
    assert all(j.runtime == "CPU · INT8 · 2 threads" for j in window.queue.jobs)
    assert window.engine_status.runtime_label.text() == "CPU · INT8 · 2 threads"

    out = tmp_path / "exports"
    written = window.export_all_done(out)
    assert len(written) == 12
    stem = out / "clip0"
    txt = stem.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    assert txt == [s.text for s in window.jobs.transcript(window.queue.jobs[0].id).segments]
    srt = stem.with_suffix(".srt").read_text(encoding="utf-8")
    cues = re.findall(r"(\d+)\n(\d\d:\d\d:\d\d,\d\d\d) --> (\d\d:\d\d:\d\d,\d\d\d)\n", srt)
    assert cues and cues[0][0] == "1" and cues[0][1] == "00:00:00,000"
    vtt = stem.with_suffix(".vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT") and "-->" in vtt
    data = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    assert data["text"] == window.jobs.transcript(window.queue.jobs[0].id).text and len(data["segments"]) == 3

    # Default export folder: next to the audio.
    window.export_jobs([window.queue.jobs[1]])
    assert (paths[1].parent / "clip1.txt").exists() and (paths[1].parent / "clip1.srt").exists()


def test_event_loop_keeps_running_during_transcription(qtbot, window, control, make_wav):
    """While the engine is busy inside a file, the window still handles events and a Cancel click stops it.
    Untimed: the engine is held mid-file until the test lets it go (a watchdog lets go after 20 s, so a frozen
    window fails the test instead of hanging it)."""
    control.hold, control.hold_from = threading.Event(), 1
    watchdog = threading.Timer(20.0, control.hold.set)
    watchdog.start()
    try:
        window.add_paths([make_wav("long.wav", 20.0)])
        wait_ready(qtbot, window)
        with qtbot.waitSignal(window.runner.segment_added, timeout=10_000):
            window.start()
        handled: list[bool] = []  # the engine is now held inside its second batch, in the worker thread
        QTimer.singleShot(0, lambda: handled.append(not control.hold.is_set()))
        qtbot.waitUntil(lambda: bool(handled), timeout=10_000)
        assert handled == [True], "the event loop only ran after the engine let go"
        with qtbot.waitSignal(window.runner.queue_stopped, timeout=10_000) as stopped:
            window.actions_.cancel.trigger()
        assert stopped.args == ["cancelled"] and not control.hold.is_set()
        assert window.queue.jobs[0].status is JobStatus.CANCELLED
    finally:
        watchdog.cancel()
        control.hold.set()


def test_engine_error_marks_row_failed_and_next_file_runs(qtbot, window, make_wav):
    window.add_paths([make_wav("broken.wav"), make_wav("fine.wav")])
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=5000):
        window.start()
    failed, ok = window.queue.jobs
    assert failed.status is JobStatus.FAILED and "broken.wav" in failed.error
    assert ok.status is JobStatus.DONE
    index = window.queue.index(0, 2)
    assert failed.error in index.data()
    assert failed.error in index.data(Qt.ItemDataRole.ToolTipRole)


def test_cancel_and_pause_after_current_from_the_window(qtbot, window, control, make_wav):
    control.hold = threading.Event()
    window.add_paths([make_wav("a.wav", 6.0), make_wav("b.wav"), make_wav("c.wav")])
    with qtbot.waitSignal(window.runner.job_started, timeout=5000):
        window.actions_.start.trigger()
    assert window.actions_.cancel.isEnabled() and not window.actions_.start.isEnabled()
    window.actions_.pause.trigger()
    assert window.actions_.pause.text() != "" and window.runner.pausing
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=5000) as stopped:
        control.hold.set()
    assert stopped.args == ["paused"]
    assert [j.status for j in window.queue.jobs] == [JobStatus.DONE, JobStatus.QUEUED, JobStatus.QUEUED]

    control.hold.clear()
    with qtbot.waitSignal(window.runner.job_started, timeout=5000):
        window.actions_.start.trigger()
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=2000) as stopped:
        window.actions_.cancel.trigger()
    assert stopped.args == ["cancelled"]
    assert [j.status for j in window.queue.jobs] == [JobStatus.DONE, JobStatus.CANCELLED, JobStatus.QUEUED]

    # Retry puts the cancelled file back; the queue finishes.
    control.hold.set()
    window.select_row(1)
    window.actions_.retry.trigger()
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=5000):
        window.actions_.start.trigger()
    assert [j.status for j in window.queue.jobs] == [JobStatus.DONE] * 3


def test_queue_edit_remove_and_reorder(qtbot, window, make_wav):
    window.add_paths([make_wav(f"{n}.wav", 1.0) for n in "abc"])
    window.select_row(2)
    window.actions_.move_up.trigger()
    assert [j.path.stem for j in window.queue.jobs] == ["a", "c", "b"]
    window.select_row(0)
    window.actions_.move_down.trigger()
    assert [j.path.stem for j in window.queue.jobs] == ["c", "a", "b"]
    window.select_row(1)
    window.actions_.remove.trigger()
    assert [j.path.stem for j in window.queue.jobs] == ["c", "b"]


def test_recorder_panel_feeds_the_queue(qtbot, window, settings, make_wav):
    assert window.recorder_panel is not None  # desktop/recorder/panel.py is there: it sits in a dock
    settings.set_value(Key.RECORDER_AUTO, True)
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=5000):
        window.recorder_panel.recording_finished.emit(str(make_wav("rec.wav", 2.0)))
    assert window.queue.jobs[0].status is JobStatus.DONE
    settings.set_value(Key.RECORDER_AUTO, False)
    window.recorder_panel.recording_finished.emit(str(make_wav("rec2.wav", 2.0)))
    assert window.queue.jobs[1].status is JobStatus.QUEUED and not window.runner.running


def test_cuda_requested_but_unavailable_is_shown(qtbot, window, settings):
    settings.set_value(Key.DEVICE, "cuda")
    with qtbot.waitSignal(window.runner.engine_ready, timeout=5000):
        window.runner.load_engine()
    said = "CUDA was requested but is not available; running on the CPU."
    assert not window.engine_status.warning_label.isHidden()
    assert window.engine_status.warning_label.text() == f"⚠ {said}"
    assert window.notice.text() == said and window.notice.level == "warning"
    assert window.engine_status.runtime_label.text() == "CPU · INT8 · 2 threads"  # what really runs


def test_missing_models_open_the_model_manager_without_blocking(qtbot, settings, control, tmp_path):
    from desktop.window.main_window import MainWindow

    control.load_error = missing_models_error()
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS)
    w.confirm_close = False
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.engine.model_manager is not None and w.engine.model_manager.isVisible(), timeout=5000)
    assert not w.engine.model_manager.isModal()
    assert w.runner.model_state == ModelState.MISSING
    assert w.notice.level == "warning" and not w.notice.isHidden()
    assert w.engine_status.model_label.text() == "Models missing"
    assert w.engine_status.runtime_label.text() == ""  # nothing runs
    w.close()


def test_export_failure_keeps_transcript(qtbot, window, settings, make_wav, tmp_path):
    window.add_paths([make_wav("a.wav")])
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=5000):
        window.start()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert window.export_all_done(blocker / "sub") == []
    job = window.queue.jobs[0]
    assert job.export_error and window.jobs.transcript(job.id).segments and job.status is JobStatus.DONE
    assert window.notice.level == "error"
    assert window.export_all_done(tmp_path / "ok")  # and a good folder still works afterwards
    assert not job.export_error


def test_geometry_is_remembered(qtbot, settings, control, tmp_path):
    from desktop.window.main_window import MainWindow

    w = MainWindow(settings, engine_factory=control.factory(), load_on_start=False)
    w.confirm_close = False
    qtbot.addWidget(w)
    w.resize(700, 500)  # the offscreen screen is 800x600: stay inside it
    w.close()
    w2 = MainWindow(settings, engine_factory=control.factory(), load_on_start=False)
    w2.confirm_close = False
    qtbot.addWidget(w2)
    assert (w2.width(), w2.height()) == (700, 500)
    w2.close()


def test_removing_the_running_file_cancels_it_and_the_queue_goes_on(qtbot, window, control, make_wav):
    control.hold = threading.Event()
    window.add_paths([make_wav("a.wav", 6.0), make_wav("b.wav")])
    with qtbot.waitSignal(window.runner.job_started, timeout=5000):
        window.start()
    window.select_row(0)
    with qtbot.waitSignal(window.runner.job_started, timeout=5000):
        window.actions_.remove.trigger()  # a is cancelled within a batch, removed, and b starts
    assert [j.path.name for j in window.queue.jobs] == ["b.wav"]
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=5000):
        control.hold.set()
    assert window.queue.jobs[0].status is JobStatus.DONE
