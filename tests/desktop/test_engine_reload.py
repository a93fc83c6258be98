"""Engine (re)loads and what the window shows of them (issue 13 fixes 4, 5 and 6), with the fake engine."""
from __future__ import annotations

import threading

import pytest

from desktop.queue.model import JobStatus
from desktop.settings.store import Key

# The offscreen platform cannot raise windows or propagate size hints; it says so on every show().
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(qtbot, settings, control, tmp_path):
    from desktop.window.main_window import MainWindow
    from tests.desktop.fakes import FAKE_SPECS, FakeStore

    settings.set_value(Key.AUTO_START, False)
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS, load_on_start=False)
    w.confirm_close = False
    qtbot.addWidget(w)
    yield w
    w.close()


def test_changing_the_cpu_runtime_while_idle_reloads(qtbot, window, control):
    """Fix 4: the backend was missing from the window's hand-written list of engine keys."""
    from desktop.settings.dialog import SettingsDialog

    with qtbot.waitSignal(window.runner.engine_ready, timeout=5000):
        window.runner.load_engine()
    assert window.engine_status.runtime_label.text() == "CPU · INT8 · 2 threads"
    window.actions_.show_settings()
    dialog = window.findChild(SettingsDialog)
    dialog.backend.setCurrentIndex(dialog.backend.findData("onnx"))
    with qtbot.waitSignal(window.runner.engine_ready, timeout=5000):
        dialog.accept()
    assert [c.backend for c in control.built] == ["auto", "onnx"]
    assert window.engine_status.runtime_label.text() == "CPU · INT8 (ONNX Runtime) · 2 threads"


def test_load_warning_is_shown_once_per_load(qtbot, runner, control, settings, make_wav):
    """Fix 6: the warning of one load was re-emitted before every file (replacing the file's own notices)."""
    settings.set_value(Key.DEVICE, "cuda")  # the fake engine has no CUDA: it loads on the CPU with a warning
    ready: list[object] = []
    runner.engine_ready.connect(ready.append)
    runner.model.add_paths([make_wav("a.wav"), make_wav("b.wav"), make_wav("c.wav")])
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.start()
    assert [j.status for j in runner.model.jobs] == [JobStatus.DONE] * 3
    assert len(control.built) == 1
    assert len(ready) == 1 and ready[0].warnings


def test_speed_after_the_claim_reset_the_job(qtbot, runner, control, settings, make_wav):
    """Fix 5: the resume point was read before the claim; a claim that resets the job (other settings) left the
    speed at 0 and the ETA unknown until the file passed the old resume point."""
    control.hold, control.hold_from = threading.Event(), 1
    runner.model.add_paths([make_wav("a.wav", 8.0)])  # 4 batches of 2 s
    job = runner.model.jobs[0]
    with qtbot.waitSignal(runner.job_started, timeout=5000):
        runner.start()
    qtbot.waitUntil(lambda: job.done_s >= 2.0, timeout=5000)  # batch 0 is committed: resume point 2 s
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.cancel()
    assert job.status is JobStatus.CANCELLED
    control.hold = None

    settings.set_value(Key.PRECISION, "fp32")  # the saved text was made with INT8: the claim starts over
    seen: list[tuple[float, float]] = []
    runner.progress_changed.connect(lambda _id: seen.append((job.done_s, job.eta_s)))
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.start()
    assert job.status is JobStatus.DONE
    assert control.starts[-1] == ("a.wav", 0)  # really started over
    first_batch = [eta for done, eta in seen if done == pytest.approx(2.0)]
    assert first_batch and first_batch[0] >= 0  # an ETA from the first new batch on
