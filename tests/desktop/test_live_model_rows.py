"""The model manager offers the live captions model beside the set it belongs to (registry.OPTIONAL): the CPU set
lists the streaming model's ONNX export, the GPU / PyTorch set its PyTorch folder, never both (fake store)."""
from __future__ import annotations

import pytest

from desktop.models_ui.model_manager import ModelManagerDialog
from tests.desktop.fakes import FAKE_SPECS, FakeSpec, FakeStore
from tests.desktop.test_model_sets import ONNX_SPECS, SETS, rows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LIVE = FakeSpec("live", "live", "iic/fake-paraformer-online", "v2.0.4", "Live captions", size_mb=0.1)
LIVE_ONNX = FakeSpec("live-onnx", "live", "iic/fake-paraformer-online-onnx", "v2.0.5", "Live captions ONNX",
                     ("model_quant.onnx", "decoder_quant.onnx"), size_mb=0.1, runtime="onnx")


@pytest.mark.parametrize("machine", ["cpu", "gpu"])
def test_each_set_offers_its_own_live_model(qtbot, tmp_path, machine):
    dlg = ModelManagerDialog(lambda: FakeStore(tmp_path / "hub"), [*FAKE_SPECS, *ONNX_SPECS, LIVE, LIVE_ONNX],
                             sets=SETS, machine_set=lambda: machine)
    qtbot.addWidget(dlg)
    mine, other = ("Live captions ONNX", "Live captions")
    if machine == "gpu":
        mine, other = other, mine
    assert f"{mine} (optional)" in rows(dlg) and f"{other} (optional)" not in rows(dlg)
    dlg.chooser.select("gpu" if machine == "cpu" else "cpu")
    assert f"{other} (optional)" in rows(dlg) and f"{mine} (optional)" not in rows(dlg)
