"""Issue 17: Settings in a build without PyTorch (the CPU bundle) greys out what only torch runs, and says so."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop.settings.store import Key
from models import options


def _dialog(qtbot, settings, has_torch: bool):
    from desktop.settings.dialog import SettingsDialog

    dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: True, has_torch=lambda: has_torch)
    qtbot.addWidget(dlg)
    return dlg


def _disabled(combo) -> list[str]:
    model = combo.model()
    return [combo.itemData(i) for i in range(combo.count()) if not model.item(i).isEnabled()]


def test_torch_only_choices_are_greyed_and_labelled(qtbot, settings) -> None:
    dlg = _dialog(qtbot, settings, has_torch=False)
    # has_cuda says yes, but without torch there is no CUDA: FP16 is listed as what the full build adds
    assert _disabled(dlg.precision) == list(options.TORCH_ONLY_PRECISIONS)
    assert _disabled(dlg.backend) == list(options.TORCH_ONLY_BACKENDS)
    assert _disabled(dlg.punc) == list(options.TORCH_ONLY_PUNC)
    assert _disabled(dlg.device) == ["cuda"]
    fp32 = dlg.precision.findData("fp32")
    assert dlg.precision.itemText(fp32).endswith("(needs the full build)")
    assert "PyTorch" in dlg.precision.model().item(fp32).toolTip()
    assert dlg.precision.currentData() == "int8" and dlg.engine_problem.isHidden()  # defaults: nothing to say


def test_full_build_offers_everything(qtbot, settings) -> None:
    dlg = _dialog(qtbot, settings, has_torch=True)
    assert dlg.torch_only == [] and not any(_disabled(c) for c in (dlg.precision, dlg.backend, dlg.punc, dlg.device))
    assert dlg.precision.findData("fp16") >= 0


def test_a_torch_choice_saved_by_the_full_build_is_shown_with_what_runs_instead(qtbot, settings) -> None:
    settings.set_value(Key.PRECISION, "fp32")
    settings.set_value(Key.PUNC, "punc-large")
    dlg = _dialog(qtbot, settings, has_torch=False)
    assert dlg.precision.currentData() == "fp32"  # never changed silently
    text = dlg.engine_problem.text()
    assert not dlg.engine_problem.isHidden()
    assert "“FP32 (full precision)” needs the full build (with PyTorch): this build uses “INT8" in text
    assert "“Chinese + English (large)” needs the full build" in text


def test_seaco_hint_without_torch(qtbot, settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from models.runtime import torch_probe

    monkeypatch.setattr(torch_probe, "torch_available", lambda: False)
    dlg = _dialog(qtbot, settings, has_torch=False)
    dlg.text_tab.show_seaco_hint()
    assert "needs the full build" in dlg.text_tab.seaco_hint.text()


def test_model_manager_marks_the_pytorch_set(qtbot) -> None:
    from desktop.models_ui.set_chooser import SetChooser
    from models.core import registry

    specs = list(registry.MODELS.values())
    for has_torch, marked in ((False, True), (True, False)):
        chooser = SetChooser(registry.SETS, specs, lambda: "cpu", has_torch=lambda: has_torch)
        qtbot.addWidget(chooser)
        gpu = chooser.combo.itemText(chooser.combo.findData("gpu"))
        assert gpu.endswith("(needs the full build)") is marked, gpu
        assert chooser.current() == "cpu"
