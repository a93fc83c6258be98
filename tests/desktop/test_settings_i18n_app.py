"""Settings wrapper and dialog, translations, app fonts and the crash hook."""
from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from desktop.settings.store import Key, Settings, UiState, coerce
from models.options import EngineConfig



# The offscreen platform cannot raise windows or propagate size hints; it says so on every show().
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

def test_settings_live_in_config_dir_and_coerce(settings, isolated_user_dirs):
    assert str(settings.path).startswith(str(isolated_user_dirs))
    assert settings.value(Key.PRECISION) == "int8" and settings.value(Key.DEVICE) == "auto"
    assert settings.engine_config() == EngineConfig(device="auto", precision="int8", threads=0, punc="punc")
    # IniFormat hands back strings: the wrapper gives the default's type.
    settings._qs.setValue("engine/threads", "4")
    settings._qs.setValue("export/auto", "true")
    settings._qs.setValue("export/formats", "srt, vtt")
    assert settings.value(Key.THREADS) == 4
    assert settings.value(Key.EXPORT_AUTO) is True
    assert settings.value(Key.EXPORT_FORMATS) == ["srt", "vtt"]
    settings._qs.setValue("engine/threads", "many")
    assert settings.value(Key.THREADS) == 0  # garbage -> default, never an exception
    settings._qs.setValue("engine/device", "tpu")
    assert settings.engine_config().device == "auto"
    # A fresh wrapper reads what was written; plain "group/name" strings work like QSettings.
    settings.set_value(Key.PRECISION, "fp32")
    again = Settings()
    assert again.value("engine/precision") == "fp32"
    assert again.value(Key.RECORDER_FOLDER).endswith("recordings")
    assert again.value(Key.RECORDER_AUTO) is True and again.value(Key.RECORDER_DEVICE) == ""
    assert coerce(None, 3) == 3 and coerce(["a"], []) == ["a"]


def test_ui_state_is_separate(settings):
    state = UiState()
    state.set("last/add_folder", "/tmp/x")
    state.sync()
    assert UiState().text("last/add_folder") == "/tmp/x"
    assert state.path != settings.path
    prefs = settings.path.read_text(encoding="utf-8") if settings.path.exists() else ""
    assert "add_folder" not in prefs


def test_settings_dialog_round_trip(qtbot, settings):
    from desktop.settings.dialog import SettingsDialog

    dlg = SettingsDialog(settings, list_devices=lambda: [(0, "USB Mic"), (3, "Laptop Mic")])
    qtbot.addWidget(dlg)
    assert dlg.precision.currentData() == "int8"
    assert [dlg.rec_device.itemData(i) for i in range(dlg.rec_device.count())] == ["", "USB Mic", "Laptop Mic"]
    dlg.precision.setCurrentIndex(dlg.precision.findData("fp32"))
    dlg.device.setCurrentIndex(dlg.device.findData("cuda"))
    dlg.threads.setValue(3)
    dlg.formats["vtt"].setChecked(True)
    dlg.srt_chars.setValue(16)
    dlg.rec_device.setCurrentIndex(dlg.rec_device.findData("USB Mic"))
    dlg.language.setCurrentIndex(dlg.language.findData("en"))
    with qtbot.waitSignal(dlg.settings_applied) as applied:
        dlg.accept()
    changed = set(applied.args[0])
    assert {"engine/precision", "engine/device", "engine/threads", "export/formats", "ui/language"} <= changed
    assert "recorder/auto_transcribe" not in changed
    assert settings.engine_config() == EngineConfig(device="cuda", precision="fp32", threads=3, punc="punc")
    assert settings.value(Key.EXPORT_FORMATS) == ["txt", "srt", "vtt"]
    assert settings.value(Key.SRT_MAX_CHARS) == 16
    assert settings.value(Key.RECORDER_DEVICE) == "USB Mic"


def test_engine_choices_are_models_options(qtbot, settings, caplog):
    """The dialog builds its choices from models/options.py, and a stored value is checked once, there."""
    from desktop.settings.dialog import SettingsDialog
    from models import options

    dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: True, has_torch=lambda: True)
    qtbot.addWidget(dlg)

    def data(combo) -> tuple:
        return tuple(combo.itemData(i) for i in range(combo.count()))

    assert (data(dlg.precision), data(dlg.device), data(dlg.backend), data(dlg.punc)) == (
        options.PRECISIONS, options.DEVICES, options.BACKENDS, options.PUNCS)
    assert tuple(dlg.formats) == options.FORMATS
    settings._qs.setValue("engine/punc", "punc-xl")
    settings._qs.setValue("engine/threads", "-3")
    with caplog.at_level(logging.WARNING, "tingxie.settings"):
        config = settings.engine_config()
    assert config.punc == options.DEFAULT_PUNC and config.threads == 0
    assert any("punc-xl" in r.getMessage() for r in caplog.records)


def test_fp16_is_offered_with_cuda(qtbot, settings):
    """Issue 13 fix 9: README says FP16 can be chosen in Settings; the dialog offered INT8/FP32 only."""
    from desktop.settings.dialog import SettingsDialog

    dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: True)
    qtbot.addWidget(dlg)
    offered = [dlg.precision.itemData(i) for i in range(dlg.precision.count())]
    assert offered == ["int8", "fp32", "fp16"]
    dlg.precision.setCurrentIndex(dlg.precision.findData("fp16"))
    dlg.accept()
    assert settings.value(Key.PRECISION) == "fp16" and settings.engine_config().precision == "fp16"

    without = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: False)
    qtbot.addWidget(without)
    assert without.precision.currentData() == "fp16"  # kept, and the user is told FP32 runs here
    assert not without.engine_problem.isHidden() and "FP32" in without.engine_problem.text()
    without.accept()
    assert settings.value(Key.PRECISION) == "fp16"


def test_unknown_stored_values_are_kept_and_reported(qtbot, settings, caplog):
    """Issue 13 fix 9: anything not offered was silently turned into the first entry (INT8)."""
    from desktop.settings.dialog import SettingsDialog

    settings.set_value(Key.PRECISION, "bf16")
    with caplog.at_level(logging.WARNING, logger="tingxie.settings"):
        dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: False)
    qtbot.addWidget(dlg)
    assert dlg.precision.currentData() == "bf16"
    assert "bf16" in dlg.engine_problem.text() and "INT8" in dlg.engine_problem.text()
    assert "bf16" in caplog.text
    with qtbot.waitSignal(dlg.settings_applied) as applied:
        dlg.accept()
    assert "engine/precision" not in applied.args[0]
    assert settings.value(Key.PRECISION) == "bf16"  # the ini keeps the user's value
    assert settings.engine_config().precision == "int8"  # only the engine falls back


def test_settings_dialog_without_microphones(qtbot, settings):
    from models.capture.capture import RecorderError
    from desktop.settings.dialog import SettingsDialog

    def broken():
        raise RecorderError("PortAudio is not available")

    settings.set_value(Key.RECORDER_DEVICE, "Old Mic")
    dlg = SettingsDialog(settings, list_devices=broken)
    qtbot.addWidget(dlg)
    assert "PortAudio" in dlg.rec_device_error.text() and not dlg.rec_device_error.isHidden()
    assert dlg.rec_device.currentData() == "Old Mic"  # kept, shown as not connected
    dlg.accept()
    assert settings.value(Key.RECORDER_DEVICE) == "Old Mic"


def test_engine_settings_change_reloads_when_idle(qtbot, settings, control):
    from desktop.window.main_window import MainWindow

    w = MainWindow(settings, engine_factory=control.factory())
    w.confirm_close = False
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: len(control.built) == 1 and w.runner.runtime_info is not None, timeout=5000)
    settings.set_value(Key.PRECISION, "fp32")
    with qtbot.waitSignal(w.runner.engine_ready, timeout=5000) as ready:
        w.apply_settings({"engine/precision"})
    assert ready.args[0].precision == "fp32" and control.closed == 1
    w.apply_settings({"ui/language"})
    assert "restart" in w.notice.text() or "next time" in w.notice.text()
    w.close()


@pytest.fixture
def restore_language(qapp):
    yield
    from desktop.common import i18n

    i18n.install(qapp, "en")


def test_chinese_is_default_and_english_available(qapp, restore_language, settings):
    from desktop.common import i18n

    assert i18n.install(qapp, settings.value(Key.LANGUAGE)) == "zh_CN"
    assert QCoreApplication.translate("MainActions", "Start") == "开始"
    assert QCoreApplication.translate("QueueModel", "Queued") == "排队中"
    assert QCoreApplication.translate("FileIntake", "Added %n file(s)", "", 3) == "已添加 3 个文件"
    assert i18n.install(qapp, "en") == "en"
    assert QCoreApplication.translate("MainActions", "Start") == "Start"
    assert i18n.normalize("zh_TW") == "zh_CN" and i18n.normalize("fr") == "zh_CN"


def test_translations_are_complete():
    import xml.etree.ElementTree as ET

    from desktop.common.resources import resources_dir

    ts = ET.parse(resources_dir() / "translations" / "tingxie_zh_CN.ts")
    unfinished = [m.findtext("source") for m in ts.getroot().iter("message")
                  if (m.find("translation").get("type") or "") == "unfinished"]
    assert unfinished == []
    assert (resources_dir() / "translations" / "tingxie_zh_CN.qm").stat().st_size > 1000


def test_translation_areas_agree_on_shared_strings():
    """The table is split by area of the UI; a string two areas share ("Undo") must not get two translations, or
    the merge would silently keep whichever area comes last."""
    import importlib.util

    from desktop.common.resources import resources_dir

    pkg = resources_dir() / "translations" / "zh_CN"
    spec = importlib.util.spec_from_file_location("zh_CN", pkg / "__init__.py", submodule_search_locations=[str(pkg)])
    table = importlib.util.module_from_spec(spec)
    sys.modules["zh_CN"] = table
    try:
        spec.loader.exec_module(table)
    finally:
        del sys.modules["zh_CN"]
    areas = [getattr(table, n) for n in ("WINDOW", "MODELS", "EDITOR", "RECORDER", "SETTINGS", "SUMMARY", "VOICES")]
    assert sum(map(len, areas)) > len(table.ZH_CN)  # some strings really are shared
    clashes = {s: {a[s] for a in areas if s in a} for s in table.ZH_CN}
    assert {s: v for s, v in clashes.items() if len(v) > 1} == {}


def test_app_font_prefers_chinese_families(qapp):
    from desktop.app.app import CJK_FAMILIES, apply_fonts

    before = qapp.font()
    try:
        font = apply_fonts(qapp)
        assert font.families()[:len(CJK_FAMILIES)] == CJK_FAMILIES
        assert qapp.font().families()[0] == "Noto Sans CJK SC"
    finally:
        qapp.setFont(before)


def test_excepthook_logs_and_shows_dialog_with_log_path(qtbot, monkeypatch, tmp_path, caplog):
    from desktop.app.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    import threading

    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    log_path = tmp_path / "tingxie.log"
    bridge = install_excepthook(log_path)
    with caplog.at_level(logging.CRITICAL, logger="tingxie.app"):
        try:
            raise ValueError("boom")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    assert "boom" in caplog.text
    qtbot.waitUntil(lambda: bridge._box is not None and bridge._box.isVisible(), timeout=2000)
    box = bridge._box
    assert str(log_path) in box.informativeText() and "ValueError: boom" in box.informativeText()
    assert not box.isModal()
    # An exception on another thread reaches the same dialog (queued into the GUI thread).
    t = threading.Thread(target=lambda: (_ for _ in ()).throw(RuntimeError("in thread")))
    t.start()
    t.join()
    qtbot.waitUntil(lambda: "in thread" in box.informativeText(), timeout=2000)
    assert bridge._box is box and "(2 errors so far)" in box.informativeText()  # one dialog, errors counted
    assert box.icon() is QMessageBox.Icon.Critical
    box.close()


def test_about_box_shows_versions_and_log_location(qtbot):
    from desktop.window.about import AboutDialog
    from models.core.logsetup import log_file

    dlg = AboutDialog()
    qtbot.addWidget(dlg)
    text = dlg.label.text()
    assert "PySide6" in text and "torch" in text and "funasr" in text
    assert str(log_file()) in text


def test_split_argv_accepts_full_argv_or_arguments_only(monkeypatch):
    from desktop.app.app import split_argv

    monkeypatch.setattr(sys, "argv", ["main.py", "a.wav"])
    assert split_argv(["main.py", "a.wav"]) == (["main.py", "a.wav"], ["a.wav"])
    assert split_argv(["a.wav"]) == (["main.py", "a.wav"], ["a.wav"])
    assert split_argv([]) == (["main.py"], [])
