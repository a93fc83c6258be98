"""Issue 17: the model manager offers the two sets ("CPU (ONNX, smaller)", "GPU / PyTorch"), preselects the one
models.store.sets picks for this computer, and downloads / imports / verifies / repairs per set (fake store)."""
from __future__ import annotations

import json

import pytest

from desktop.models_ui.model_manager import ModelManagerDialog
from tests.desktop.fakes import FAKE_SPECS, FakeSpec, FakeStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ONNX_SPECS = [
    FakeSpec("asr-onnx", "asr", "iic/fake-paraformer-onnx", "v2.0.5", "Paraformer ONNX", ("model_quant.onnx",),
             size_mb=0.1, runtime="onnx"),
    FakeSpec("vad-onnx", "vad", "iic/fake-fsmn-vad-onnx", "v2.0.5", "FSMN-VAD ONNX", ("model.onnx",), size_mb=0.1,
             runtime="onnx"),
    FakeSpec("punc-onnx", "punc", "iic/fake-ct-punc-onnx", "v2.0.5", "CT-punc ONNX", ("model.onnx",), size_mb=0.1,
             runtime="onnx"),
]
EXTRA = FakeSpec("spk", "spk", "iic/fake-campplus", "v2.0.2", "CAM++", size_mb=0.1)
SPECS = [*FAKE_SPECS, *ONNX_SPECS, EXTRA]
SETS = {"cpu": ("asr-onnx", "vad-onnx", "punc-onnx"), "gpu": ("asr", "vad", "punc")}


@pytest.fixture
def store(tmp_path):
    return FakeStore(tmp_path / "hub")


def make(qtbot, store, machine: str) -> ModelManagerDialog:
    dlg = ModelManagerDialog(lambda: store, SPECS, sets=SETS, machine_set=lambda: machine)
    qtbot.addWidget(dlg)
    return dlg


def rows(dlg: ModelManagerDialog) -> list[str]:
    return [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]


@pytest.mark.parametrize("machine", ["cpu", "gpu"])
def test_preselects_the_machines_set(qtbot, store, machine):
    dlg = make(qtbot, store, machine)
    assert dlg.chooser.current() == machine
    assert [dlg.chooser.combo.itemData(i) for i in range(dlg.chooser.combo.count())] == ["cpu", "gpu"]
    recommended = dlg.chooser.combo.currentText()
    assert recommended.startswith("CPU (ONNX, smaller)" if machine == "cpu" else "GPU / PyTorch")
    assert "recommended" in recommended
    other = dlg.chooser.combo.itemText(1 if machine == "cpu" else 0)
    assert "recommended" not in other
    shown = [s.title for s in SPECS if s.key in SETS[machine]] + ["CAM++ (optional)"]
    assert rows(dlg) == shown
    assert dlg.chooser.info.text() == ("about 0.3 MB to download" if machine == "cpu" else
                                       "about 0.4 MB to download") + " (optional models: about 0.1 MB more)"


def test_switching_the_set_lists_its_models(qtbot, store):
    dlg = make(qtbot, store, "cpu")
    dlg.chooser.select("gpu")
    assert rows(dlg) == ["Paraformer-large", "FSMN-VAD", "CT-Transformer punctuation", "CAM++ (optional)"]


def test_download_set_fetches_only_that_set(qtbot, store):
    dlg = make(qtbot, store, "cpu")
    with qtbot.waitSignal(dlg.models_changed, timeout=10_000):
        dlg.download_all_button.click()
    assert store.calls == ["download:asr-onnx", "download:vad-onnx", "download:punc-onnx"]
    assert all(dlg.state_of(k) == "READY" for k in SETS["cpu"])
    assert all(dlg.state_of(k) == "MISSING" for k in (*SETS["gpu"], "spk"))
    dlg.download_all_button.click()
    assert dlg.message.text() == "All models of this set are installed."
    assert dlg.verify_button.isEnabled() and not dlg.repair_button.isEnabled()
    dlg.chooser.select("gpu")
    assert dlg.download_all_button.isEnabled() and not dlg.repair_button.isEnabled()
    assert not dlg.verify_button.isEnabled()  # nothing of the GPU set installed


def test_verify_and_repair_the_set(qtbot, store):
    dlg = make(qtbot, store, "cpu")
    with qtbot.waitSignal(dlg.models_changed, timeout=10_000):
        dlg.download_all_button.click()
    for spec in ONNX_SPECS[1:]:  # two damaged models
        bad = store.model_dir(spec) / "model.pt"
        bad.write_bytes(b"X" * bad.stat().st_size)
    dlg.refresh()
    assert dlg.repair_button.isEnabled()
    store.calls.clear()
    with qtbot.waitSignal(dlg.ops_finished, timeout=5000) as done:
        dlg.verify_button.click()
    assert done.args == ["verify"]
    assert store.calls == ["verify:asr-onnx", "verify:vad-onnx", "verify:punc-onnx"]
    lines = dlg.message.text().splitlines()
    assert lines[0] == "Paraformer ONNX: all files are fine."
    assert "checksum" in lines[1] and "checksum" in lines[2]

    dlg.chooser.select("gpu")
    assert not dlg.repair_button.isEnabled()  # the damage is in the other set
    dlg.chooser.select("cpu")
    store.calls.clear()
    with qtbot.waitSignal(dlg.models_changed, timeout=5000):
        dlg.repair_button.click()
    assert [c for c in store.calls if c.startswith("repair:")] == ["repair:vad-onnx", "repair:punc-onnx"]
    assert all(dlg.state_of(k) == "READY" for k in SETS["cpu"])
    assert not dlg.repair_button.isEnabled()


def test_import_a_folder_of_model_folders_switches_to_their_set(qtbot, store, tmp_path):
    usb = tmp_path / "usb"
    for spec in ONNX_SPECS[:2]:
        d = usb / spec.model_id.split("/")[1]
        d.mkdir(parents=True)
        (d / "configuration.json").write_text(json.dumps({"model_name_in_hub": {"ms": spec.model_id}}))
        (d / "model.pt").write_bytes(b"\0" * int(spec.size_mb * 1024 * 1024))
    (usb / "notes").mkdir()
    dlg = make(qtbot, store, "gpu")
    with qtbot.waitSignal(dlg.models_changed, timeout=5000):
        dlg.import_folder(None, usb)
    assert sorted(store.calls) == ["import:asr-onnx", "import:vad-onnx"]
    assert dlg.chooser.current() == "cpu"
    assert [dlg.state_of(k) for k in SETS["cpu"]] == ["READY", "READY", "MISSING"]
    assert len(dlg.message.text().splitlines()) == 2

    dlg.import_folder(None, usb / "notes")
    assert dlg.message.text().startswith("No Tingxie model found in")


def test_offline_stops_the_set_download(qtbot, store):
    store.offline = True
    dlg = make(qtbot, store, "cpu")
    with qtbot.waitSignal(dlg.ops_finished, timeout=5000):
        dlg.download_all_button.click()
    assert store.calls == ["download:asr-onnx"]  # not the same error three times
    assert "Import folder" in dlg.message.text()
