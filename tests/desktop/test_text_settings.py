"""Issue 16 in the desktop app: the Text settings, the glossary dialog, and the worker handing TextOptions to
JobRunner (fake engine, real text steps)."""
from __future__ import annotations

import threading
from pathlib import Path

from desktop.queue.model import JobStatus
from desktop.settings.store import Key, Settings
from models import options
from models.core import paths
from models.text.glossary_files import FOLDER_GLOSSARY
from models.text.pipeline import TextOptions


# -- settings -----------------------------------------------------------------------------------------------------
def test_text_settings_defaults_and_round_trip(qtbot, settings, tmp_path: Path) -> None:
    from desktop.settings.dialog import SettingsDialog

    assert settings.value(Key.TEXT_ITN) is True
    assert settings.value(Key.TEXT_SCRIPT) == "simplified"
    assert settings.value(Key.GLOSSARY) == str(paths.config_dir() / "glossary.txt")

    dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: False)
    qtbot.addWidget(dlg)
    tab = dlg.text_tab
    assert [tab.script.itemData(i) for i in range(tab.script.count())] == list(options.SCRIPTS)
    assert all(tab.script.itemText(i) != code for i, code in enumerate(options.SCRIPTS))  # each has a label
    assert tab.itn.isChecked() and tab.script.currentData() == "simplified" and tab.glossary.text() == ""
    mine = tmp_path / "词表.txt"
    tab.itn.setChecked(False)
    tab.script.setCurrentIndex(tab.script.findData("taiwan"))
    tab.glossary.setText(str(mine))
    with qtbot.waitSignal(dlg.settings_applied) as blocker:
        dlg.accept()
    assert {"text/itn", "text/script", "text/glossary"} <= set(blocker.args[0])

    again = Settings(settings.path)  # what the next start reads
    assert (again.value(Key.TEXT_ITN), again.value(Key.TEXT_SCRIPT), again.value(Key.GLOSSARY)) == \
        (False, "taiwan", str(mine))
    dlg2 = SettingsDialog(again, list_devices=lambda: [], has_cuda=lambda: False)
    qtbot.addWidget(dlg2)
    assert not dlg2.text_tab.itn.isChecked() and dlg2.text_tab.script.currentData() == "taiwan"
    assert dlg2.text_tab.glossary.text() == str(mine)
    assert "text/script" not in dlg2.save()  # nothing changed: nothing reported


def test_text_options_per_file(settings, tmp_path: Path) -> None:
    g = tmp_path / "global.txt"
    settings.set_value(Key.GLOSSARY, str(g))
    settings.set_value(Key.TEXT_SCRIPT, "hongkong")
    audio = tmp_path / "talks" / "a.wav"
    audio.parent.mkdir()
    assert settings.text_options(audio) == TextOptions(glossary_paths=(), itn=True, script="hongkong")
    g.write_text("听写\n", encoding="utf-8")
    (audio.parent / FOLDER_GLOSSARY).write_text("达摩院\n", encoding="utf-8")
    assert settings.text_options(audio).glossary_paths == (str(g), str(audio.parent / FOLDER_GLOSSARY))
    settings.set_value(Key.TEXT_SCRIPT, "klingon")  # a hand-edited ini: the engine uses the default
    assert settings.text_options(audio).script == "simplified"


# -- glossary dialog ----------------------------------------------------------------------------------------------
def test_glossary_dialog_rejects_a_bad_regex_naming_the_line(qtbot, tmp_path: Path) -> None:
    from desktop.settings.glossary_dialog import GlossaryDialog

    path = tmp_path / "cfg" / "glossary.txt"
    dlg = GlossaryDialog(path)
    qtbot.addWidget(dlg)
    assert dlg.text() == ""  # no file yet: an empty editor, no error
    text = "Tingxie: 听写, 厅谢\n# comment\nre: 第(\\d+期 => 第\\1期\n达摩院\n"
    dlg.edit.setPlainText(text)
    with qtbot.assertNotEmitted(dlg.saved):
        assert dlg.save() is False
    assert not path.exists()  # nothing written
    assert dlg.text() == text  # nothing lost
    assert dlg.problem.property("ok") is False
    assert "Line 3" in dlg.problem.text() and "invalid regular expression" in dlg.problem.text()
    assert dlg.edit.textCursor().blockNumber() == 2  # the cursor is on the bad line

    fixed = text.replace("第(\\d+期", "第(\\d+)期")
    dlg.edit.setPlainText(fixed)
    assert dlg.check() is not None and dlg.problem.property("ok") is True
    assert "2 terms, 1 rules" in dlg.problem.text()
    with qtbot.waitSignal(dlg.saved) as blocker:
        assert dlg.save() is True
    assert blocker.args == [str(path)]
    assert path.read_text(encoding="utf-8") == fixed
    assert not list(path.parent.glob(".*.tmp"))  # written through a temp file, nothing left over

    dlg2 = GlossaryDialog(path)  # reopening shows the saved file
    qtbot.addWidget(dlg2)
    assert dlg2.text() == fixed and dlg2.problem.property("ok") is True


def test_glossary_dialog_keeps_a_non_utf8_file_visible(qtbot, tmp_path: Path) -> None:
    from desktop.settings.glossary_dialog import GlossaryDialog

    path = tmp_path / "glossary.txt"
    path.write_bytes("听写: 厅谢\n".encode("gb18030"))
    dlg = GlossaryDialog(path)
    qtbot.addWidget(dlg)
    assert dlg.problem.property("ok") is False and "UTF-8" in dlg.problem.text()


def test_edit_glossary_button_opens_the_settings_file(qtbot, settings, tmp_path: Path) -> None:
    from desktop.settings.dialog import SettingsDialog

    dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: False)
    qtbot.addWidget(dlg)
    dlg.text_tab.edit_glossary.click()
    editor = dlg.text_tab.glossary_dialog
    assert editor is not None and editor.path == paths.config_dir() / "glossary.txt"
    dlg.text_tab.glossary.setText(str(tmp_path / "other.txt"))
    dlg.text_tab.edit_glossary.click()
    assert dlg.text_tab.glossary_dialog.path == tmp_path / "other.txt"


# -- worker -> JobRunner ------------------------------------------------------------------------------------------
def _glossary(settings: Settings, tmp_path: Path, text: str) -> Path:
    g = tmp_path / "global-glossary.txt"
    g.write_text(text, encoding="utf-8")
    settings.set_value(Key.GLOSSARY, str(g))
    return g


def test_worker_hands_text_options_to_the_runner(qtbot, runner, control, settings, make_wav, tmp_path) -> None:
    g = _glossary(settings, tmp_path, "听写: 欢迎\n")
    settings.set_value(Key.TEXT_ITN, False)
    settings.set_value(Key.TEXT_SCRIPT, "traditional")
    wav = make_wav("a.wav", 2.0)
    (wav.parent / FOLDER_GLOSSARY).write_text("达摩苑: 达摩院\n", encoding="utf-8")
    runner.model.add_paths([wav])
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.start()
    job = runner.model.jobs[0]
    assert job.status is JobStatus.DONE
    steps = control.texts[0]
    assert steps.options == TextOptions(glossary_paths=(str(g), str(wav.parent / FOLDER_GLOSSARY)), itn=False,
                                        script="traditional")
    # The fake said "欢迎大家来体验达摩院推出的语音识别模型。": both glossaries applied, then the script.
    first = runner.jobs.segments(job.id)[0]
    assert first.text == "聽寫大家來體驗達摩苑推出的語音識別模型。"
    assert [r[2] for r in first.replacements] == ["欢迎", "达摩院"]
    stored = runner.jobs.list_jobs()[0]
    assert stored.settings["text"]["script"] == "traditional" and stored.settings["text"]["itn"] is False


def test_changed_text_setting_starts_an_interrupted_file_over(qtbot, runner, control, settings, make_wav) -> None:
    control.hold, control.hold_from = threading.Event(), 1  # batch 0 is committed, batch 1 waits
    runner.model.add_paths([make_wav("a.wav", 6.0)])
    with qtbot.waitSignal(runner.segment_added, timeout=5000):
        runner.start()
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.cancel()
    control.hold.set()
    settings.set_value(Key.TEXT_SCRIPT, "taiwan")
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        with qtbot.waitSignal(runner.job_notice, timeout=5000,
                              check_params_cb=lambda _id, msg: "settings changed" in msg):
            runner.start()
    assert [s for _n, s in control.starts] == [0, 0]  # started over, not resumed at 2 s
    assert runner.model.jobs[0].status is JobStatus.DONE


def test_edited_glossary_is_reloaded_for_the_next_file(qtbot, runner, control, settings, make_wav,
                                                      tmp_path) -> None:
    g = _glossary(settings, tmp_path, "听写: 欢迎\n")
    control.hold, control.hold_from = threading.Event(), 0
    a, b = make_wav("a.wav", 2.0), make_wav("b.wav", 2.0)
    runner.model.add_paths([a, b])
    notices: list[str] = []
    runner.job_notice.connect(lambda _id, msg: notices.append(msg))
    with qtbot.waitSignal(runner.job_started, timeout=5000):
        runner.start()
    # job_started comes before the worker reads the glossary: edit it only once a.wav is inside the engine
    qtbot.waitUntil(lambda: [n for n, _ms in control.starts] == ["a.wav"], timeout=5000)
    g.write_text("Tingxie: 欢迎, 大家\n", encoding="utf-8")  # edited while a.wav is transcribed
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        control.hold.set()
    first, second = runner.model.jobs
    assert runner.jobs.segments(first.id)[0].text.startswith("听写大家")
    assert runner.jobs.segments(second.id)[0].text.startswith("TingxieTingxie")
    reloaded = [m for m in notices if "reloaded" in m]
    assert len(reloaded) == 1 and str(g) in reloaded[0] and "1 terms" in reloaded[0]


def test_bad_glossary_is_named_and_transcription_goes_on(qtbot, runner, control, settings, make_wav,
                                                        tmp_path) -> None:
    g = _glossary(settings, tmp_path, "听写: 欢迎\nre: ([ => x\n")
    runner.model.add_paths([make_wav("a.wav", 2.0)])
    notices: list[str] = []
    runner.job_notice.connect(lambda _id, msg: notices.append(msg))
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.start()
    job = runner.model.jobs[0]
    # the unreadable line 2 is skipped alone: line 1 still turns 欢迎 into 听写
    assert job.status is JobStatus.DONE
    assert runner.jobs.segments(job.id)[0].text.startswith("听写")
    bad = [m for m in notices if f"{g}:2" in m]
    assert len(bad) == 1 and "that line is skipped" in bad[0]
