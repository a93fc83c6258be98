"""Model manager against a fake store (same API as models.store.manager.ModelStore): download with progress, cancel and
resume, offline message, import, verify/repair; the window reloads the engine when models become ready."""
from __future__ import annotations

import pytest

from desktop.models_ui.model_manager import ModelManagerDialog, SpeedMeter
from desktop.queue.worker import ModelState
from tests.desktop.fakes import FAKE_SPECS, FakeSpec, FakeStore, missing_models_error


# The offscreen platform cannot raise windows or propagate size hints; it says so on every show().
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SPECS = [FakeSpec("asr", "asr", "iic/fake-paraformer", "v2.0.4", "Paraformer-large", size_mb=0.5),
         *FAKE_SPECS[1:]]


@pytest.fixture
def store(tmp_path):
    return FakeStore(tmp_path / "hub", chunk_s=0.01)


@pytest.fixture
def dialog(qtbot, store):
    dlg = ModelManagerDialog(lambda: store, SPECS)
    qtbot.addWidget(dlg)
    yield dlg
    dlg.shutdown()


def states(dlg):
    return [dlg.state_of(s.key) for s in SPECS]


def test_lists_models_with_size_and_state(dialog):
    assert dialog.table.rowCount() == 3
    assert dialog.table.item(0, 0).text() == "Paraformer-large"
    assert dialog.table.item(0, 1).text() == "0.5 MB"
    assert states(dialog) == ["MISSING"] * 3
    assert not dialog.isModal()


def test_download_shows_byte_progress_and_speed(qtbot, dialog, store):
    dialog.table.selectRow(0)
    labels: list[str] = []
    dialog.timer.timeout.connect(lambda: labels.append(dialog.progress_label.text()))
    with qtbot.waitSignal(dialog.op_completed, timeout=10_000) as done:
        dialog.download_button.click()
        assert dialog.cancel_button.isEnabled() and not dialog.download_button.isEnabled()
    assert done.args == ["asr", "download", ""]
    assert any("KB / 512.0 KB" in t for t in labels), labels
    assert any("/s" in t for t in labels), labels
    assert dialog.state_of("asr") == "READY"
    assert dialog.progress.isHidden()


def test_cancel_then_resume(qtbot, dialog, store):
    dialog.table.selectRow(0)
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog.op is not None and dialog.op.done_bytes > 0, timeout=5000)
    with qtbot.waitSignal(dialog.op_completed, timeout=5000) as done:
        dialog.cancel_button.click()
    assert done.args[2] == "cancelled"
    assert dialog.state_of("asr") == "PARTIAL"
    partial = (store.model_dir(SPECS[0]) / "model.pt").stat().st_size
    assert 0 < partial < 512 * 1024
    assert dialog.download_button.text() == "Resume download"

    first_progress: list[int] = []
    store.chunk_s = 0.0
    original = store.download

    def spy(spec, on_progress=None, cancel=None):
        return original(spec, lambda d, t: (first_progress.append(d), on_progress(d, t)), cancel)

    store.download = spy
    with qtbot.waitSignal(dialog.models_changed, timeout=5000):
        dialog.download_button.click()
    assert first_progress[0] > partial  # resumed, not restarted
    assert dialog.state_of("asr") == "READY"


def test_offline_download_says_how_to_import(qtbot, dialog, store):
    store.offline = True
    dialog.table.selectRow(1)
    with qtbot.waitSignal(dialog.op_completed, timeout=5000) as done:
        dialog.download_button.click()
    assert done.args[2]
    text = dialog.message.text()
    assert "Import folder" in text and "USB" in text
    assert dialog.state_of("vad") == "MISSING"


def test_download_all_missing_then_import_and_repair(qtbot, dialog, store, tmp_path):
    store.chunk_s = 0.0
    with qtbot.waitSignal(dialog.models_changed, timeout=10_000):
        dialog.download_all_button.click()
    assert states(dialog) == ["READY"] * 3

    # A damaged file: Verify reports it, Repair downloads it again.
    bad = store.model_dir(SPECS[2]) / "model.pt"
    bad.write_bytes(b"X" * bad.stat().st_size)
    dialog.refresh()
    dialog.table.selectRow(2)
    assert dialog.state_of("punc") == "BROKEN" and dialog.repair_button.isEnabled()
    with qtbot.waitSignal(dialog.ops_finished, timeout=5000):
        dialog.verify_button.click()  # the whole set: one line per model
    assert "checksum" in dialog.message.text() and "Paraformer-large: all files are fine." in dialog.message.text()
    with qtbot.waitSignal(dialog.models_changed, timeout=5000):
        dialog.repair_button.click()
    assert dialog.state_of("punc") == "READY"

    # Import a folder copied from elsewhere.
    src = tmp_path / "usb" / "vad"
    src.mkdir(parents=True)
    (src / "model.pt").write_bytes(b"\0" * int(0.1 * 1024 * 1024))
    (store.model_dir(SPECS[1]) / "model.pt").unlink()
    dialog.refresh()
    with qtbot.waitSignal(dialog.models_changed, timeout=5000):
        dialog.import_folder("vad", src)
    assert dialog.state_of("vad") == "READY"
    assert "import:vad" in store.calls


def test_window_reloads_engine_when_models_arrive(qtbot, settings, control, tmp_path):
    from desktop.window.main_window import MainWindow

    control.load_error = missing_models_error()
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS)
    w.confirm_close = False
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.runner.model_state == ModelState.MISSING, timeout=5000)
    manager = w.show_model_manager()
    control.load_error = None
    with qtbot.waitSignal(w.runner.engine_ready, timeout=5000):
        manager.models_changed.emit()
    assert w.runner.model_state == ModelState.READY
    assert w.notice.isHidden()
    w.close()


def test_speed_meter_rolling_average():
    now = [0.0]
    meter = SpeedMeter(window_s=2.0, clock_fn=lambda: now[0])
    for t, done in ((0, 0), (1, 1000), (2, 2000), (3, 5000)):
        now[0] = t
        meter.add(done)
    assert meter.speed() == pytest.approx(2000.0)  # last 2 s: 1000 -> 5000
