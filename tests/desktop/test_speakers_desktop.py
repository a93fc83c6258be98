"""Issue 15 in the desktop app: the Speakers settings, a per-file choice in the queue that reaches JobRunner.run,
recordings defaulting to automatic, a readable failure without the CAM++ model, and exports with renamed speakers
(fake engine with two fixed embedding directions; real JobRunner, JobStore, clustering and exporters)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.queue.model import Column, JobStatus
from desktop.settings.store import Key, Settings
from models.export.formats import FORMATS
from models.jobs.runner import JobRunner
from models.jobs.store import JobState
from models.speakers.options import MAX_SPEAKERS, SpeakerOptions

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


# -- settings -----------------------------------------------------------------------------------------------------
def test_speaker_settings_defaults_and_round_trip(qtbot, settings, tmp_path: Path) -> None:
    from desktop.settings.dialog import SettingsDialog
    from tests.desktop.fakes import FakeStore

    assert settings.speaker_options() == SpeakerOptions(mode="off")  # files: off
    assert settings.speaker_options(is_recording=True).mode == "auto"  # a recording defaults to auto

    dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: False,
                         model_store=FakeStore(tmp_path / "hub"))
    qtbot.addWidget(dlg)
    tab = dlg.speakers_tab
    assert dlg.tabs.indexOf(tab) >= 0 and tab.mode.currentData() == "off"
    assert not tab.count.isEnabled() and not tab.bounds.isEnabled()
    assert tab.count.maximum() == MAX_SPEAKERS
    assert "Models" in tab.model_line.text()  # CAM++ is not in the (fake) model cache
    tab.mode.setCurrentIndex(tab.mode.findData("fixed"))
    assert tab.count.isEnabled() and not tab.bounds.isEnabled()
    tab.count.setValue(3)
    with qtbot.waitSignal(dlg.settings_applied) as blocker:
        dlg.accept()
    assert "speakers/mode" in blocker.args[0]
    again = Settings(settings.path)  # what the next start reads
    assert again.speaker_options() == SpeakerOptions(mode="fixed", n=3, min_n=1, max_n=8)
    assert again.speaker_options(is_recording=True).n == 3  # a chosen count holds for recordings too

    dlg = SettingsDialog(again, list_devices=lambda: [], has_cuda=lambda: False,
                         model_store=FakeStore(tmp_path / "hub"))
    qtbot.addWidget(dlg)
    tab = dlg.speakers_tab
    assert tab.mode.currentData() == "fixed" and tab.count.value() == 3
    tab.mode.setCurrentIndex(tab.mode.findData("auto"))
    tab.max_n.setValue(5)
    tab.min_n.setValue(2)
    tab.min_n.setValue(7)  # raising the minimum past the maximum raises the maximum
    assert tab.max_n.value() == 7
    tab.min_n.setValue(2)
    tab.max_n.setValue(4)
    tab.recordings.setChecked(False)
    dlg.accept()
    again = Settings(settings.path)
    assert again.speaker_options() == SpeakerOptions(mode="auto", min_n=2, max_n=4)
    again.set_value(Key.SPEAKERS, "off")
    assert again.speaker_options(is_recording=True).mode == "off"  # recordings follow files when unticked


def test_speaker_settings_survive_a_hand_edited_ini(settings) -> None:
    settings.set_value(Key.SPEAKERS, "fixed")
    settings.set_value(Key.SPEAKERS_N, 99)
    settings.set_value(Key.SPEAKERS_MIN, 6)
    settings.set_value(Key.SPEAKERS_MAX, 3)
    assert settings.speaker_options() == SpeakerOptions(mode="fixed", n=MAX_SPEAKERS, min_n=6, max_n=MAX_SPEAKERS)
    settings.set_value(Key.SPEAKERS, "sometimes")
    assert settings.speaker_options().mode == "off"


def test_export_formats_come_from_the_exporters(qtbot, settings, tmp_path: Path) -> None:
    from desktop.settings.dialog import SettingsDialog
    from tests.desktop.fakes import FakeStore

    dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: False,
                         model_store=FakeStore(tmp_path / "hub"))
    qtbot.addWidget(dlg)
    assert list(dlg.formats) == list(FORMATS) and {"md", "docx"} <= set(dlg.formats)
    dlg.formats["docx"].setChecked(True)
    dlg.formats["md"].setChecked(True)
    dlg.accept()
    assert {"md", "docx"} <= set(Settings(settings.path).export_formats())


# -- queue --------------------------------------------------------------------------------------------------------
def test_per_file_choice_reaches_the_job_runner(qtbot, runner, control, settings, make_wav, monkeypatch) -> None:
    seen: list[object] = []
    real_run = JobRunner.run

    def spy(self, *args, **kw):  # noqa: ANN001
        seen.append(kw.get("speakers"))
        return real_run(self, *args, **kw)

    monkeypatch.setattr(JobRunner, "run", spy)
    settings.set_value(Key.SPEAKERS, "auto")
    a, b, c = make_wav("a.wav", 8.0), make_wav("b.wav", 2.0), make_wav("c.wav", 2.0)
    runner.model.add_paths([a, b, c])
    assert runner.model.set_speakers([0], SpeakerOptions.parse("2")) == [runner.model.jobs[0]]
    runner.model.set_speakers([1], SpeakerOptions(mode="off"))
    shown = runner.model.index(0, Column.SPEAKERS)
    assert runner.model.data(shown) == "2 speaker(s)" and runner.model.data(runner.model.index(2, Column.SPEAKERS)) \
        == "Automatic"  # the settings' default, shown for the row without a choice
    with qtbot.waitSignal(runner.queue_stopped, timeout=10000):
        runner.start()
    assert [j.status for j in runner.model.jobs] == [JobStatus.DONE] * 3
    assert seen == [SpeakerOptions.parse("2"), None, SpeakerOptions(mode="auto")]  # off is no diarization
    assert control.speakers[0] == SpeakerOptions.parse("2") and control.speakers[1] is None
    first = runner.model.jobs[0]
    assert {s.speaker for s in runner.jobs.segments(first.id)} == {0, 1}  # the fake's two directions, clustered
    stored = runner.jobs.get(first.id)
    assert stored.settings["speakers"]["n"] == 2 and stored.settings["queue_speakers"]["n"] == 2


def test_choice_is_kept_with_the_queued_job(qtbot, settings, control, make_wav) -> None:
    from desktop.queue.model import QueueModel
    from desktop.queue.runner import QueueRunner
    from models.jobs.store import JobStore

    jobs = JobStore(":memory:")
    model = QueueModel()
    r = QueueRunner(model, settings, control.factory(), jobs=jobs)
    model.add_paths([make_wav("a.wav"), make_wav("b.wav")])
    model.set_speakers([0, 1], SpeakerOptions.parse("3"))
    model.set_speakers([1], None)
    assert r.shutdown(5000)

    again = QueueModel()  # the next session rebuilds the queue from the history
    r2 = QueueRunner(again, settings, control.factory(), jobs=jobs)
    assert [j.speakers for j in again.jobs] == [SpeakerOptions.parse("3"), None]
    assert r2.shutdown(5000)


def test_speaker_menu_sets_the_selected_queued_rows(qtbot, settings, make_wav) -> None:
    from desktop.queue.model import QueueModel
    from desktop.window.speaker_menu import SpeakerMenu

    model = QueueModel()
    model.add_paths([make_wav("a.wav"), make_wav("b.wav"), make_wav("c.wav")])
    model.jobs[2].status = JobStatus.DONE
    selected = [0, 2]
    menu = SpeakerMenu(model, lambda: selected, settings)
    menu.refresh()
    assert menu.entries["default"].isChecked() and menu.menuAction().isEnabled()
    menu.entries["4"].trigger()
    assert [j.speakers for j in model.jobs] == [SpeakerOptions.parse("4"), None, None]  # a done row keeps its own
    menu.refresh()
    assert menu.entries["4"].isChecked()
    assert menu.choose("other", other_n=9) == 1 and model.jobs[0].speakers.n == 9
    menu.refresh()
    assert menu.entries["other"].isChecked() and "9" in menu.other.text()
    menu.entries["off"].trigger()
    assert model.jobs[0].speakers == SpeakerOptions(mode="off")
    menu.entries["default"].trigger()
    assert model.jobs[0].speakers is None
    selected[:] = [2]
    menu.refresh()
    assert not menu.menuAction().isEnabled()


def test_recording_defaults_to_automatic(qtbot, settings, control, make_wav, tmp_path) -> None:
    from desktop.window.main_window import MainWindow
    from tests.desktop.fakes import FAKE_SPECS, FakeStore

    settings.set_value(Key.AUTO_START, False)
    settings.set_value(Key.RECORDER_AUTO, False)
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS, load_on_start=False)
    w.confirm_close = False
    qtbot.addWidget(w)
    w.add_paths([make_wav("file.wav")])
    w.on_recording_finished(str(make_wav("rec.wav")))
    file_row, rec_row = w.queue.jobs
    assert file_row.speakers is None and rec_row.speakers == SpeakerOptions(mode="auto")
    assert w.runner.jobs.get(rec_row.id).settings["queue_speakers"]["mode"] == "auto"
    assert w.actions_.speakers in w.view.actions()  # the queue's context menu has Speakers ▸
    w.close()


def test_missing_speaker_model_fails_the_file_readably(qtbot, runner, control, settings, make_wav) -> None:
    control.spk_missing = True
    needed: list[tuple] = []
    runner.model_needed.connect(lambda *a: needed.append(a))
    runner.model.add_paths([make_wav("a.wav"), make_wav("b.wav")])
    runner.model.set_speakers([0], SpeakerOptions(mode="auto"))
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.start()
    failed, ok = runner.model.jobs
    assert failed.status is JobStatus.FAILED and ok.status is JobStatus.DONE  # the queue went on
    assert "speaker model" in failed.error and "Models" in failed.error and "python main.py" not in failed.error
    assert needed == [(failed.id, "spk", failed.error)]
    stored = runner.jobs.get(failed.id)
    assert stored.state is JobState.FAILED and stored.error == failed.error  # the history says so too
    assert stored.settings["queue_speakers"]["mode"] == "auto"  # the choice is not lost

    control.spk_missing = False  # the model was downloaded: Retry runs it with speakers
    runner.model.retry([0])
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.start()
    assert failed.status is JobStatus.DONE and control.speakers[-1] == SpeakerOptions(mode="auto")


def test_window_offers_the_model_manager_when_the_speaker_model_is_missing(qtbot, settings, control, make_wav,
                                                                          tmp_path) -> None:
    from desktop.window.main_window import MainWindow
    from tests.desktop.fakes import FAKE_SPECS, FakeStore

    control.spk_missing = True
    settings.set_value(Key.AUTO_START, False)
    settings.set_value(Key.SPEAKERS, "auto")
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS)
    w.confirm_close = False
    qtbot.addWidget(w)
    w.add_paths([make_wav("a.wav")])
    with qtbot.waitSignal(w.runner.queue_stopped, timeout=5000):
        w.start()
    assert w.notice.level == "error" and w.notice.action_id == "models" and "speaker model" in w.notice.text()
    w.close()


# -- exports ------------------------------------------------------------------------------------------------------
def test_export_uses_renamed_speakers(qtbot, runner, settings, make_wav, tmp_path) -> None:
    from desktop.window import export as exporting

    settings.set_value(Key.SPEAKERS, "fixed")
    settings.set_value(Key.SPEAKERS_N, 2)
    runner.model.add_paths([make_wav("meeting.wav", 8.0)])
    with qtbot.waitSignal(runner.queue_stopped, timeout=5000):
        runner.start()
    row = runner.model.jobs[0]
    assert row.status is JobStatus.DONE
    jid = runner.jobs.get(row.id).id
    first = runner.jobs.segments(jid)[0].speaker
    runner.jobs.rename_speaker(jid, first, "张三")
    settings.set_value(Key.EXPORT_FORMATS, ["txt", "vtt", "json", "md", "docx"])
    out = tmp_path / "out"
    result = exporting.export_jobs([row], settings, out, runner.jobs)
    assert not result.failed and sorted(p.suffix for p in result.written) == [".docx", ".json", ".md", ".txt", ".vtt"]
    assert "张三：" in (out / "meeting.txt").read_text(encoding="utf-8")
    assert "<v 张三>" in (out / "meeting.vtt").read_text(encoding="utf-8")
    assert "张三" in (out / "meeting.md").read_text(encoding="utf-8")
    names = {s.get("speaker") for s in json.loads((out / "meeting.json").read_text("utf-8"))["segments"]}
    assert "张三" in names
    import docx

    assert any("张三" in p.text for p in docx.Document(str(out / "meeting.docx")).paragraphs)


# -- model hints --------------------------------------------------------------------------------------------------
class _Store:
    """A model cache where the models named in `ready` are installed (ModelStore.status's .ready / .path)."""

    def __init__(self, root: Path, *ready: str) -> None:
        self.root, self.ready = root, set(ready)

    def status(self, spec):  # noqa: ANN001, ANN201
        from types import SimpleNamespace

        return SimpleNamespace(ready=spec.key in self.ready, path=self.root / spec.key)


def test_seaco_hint_and_speaker_model_line(qtbot, settings, tmp_path: Path) -> None:
    from desktop.settings.dialog import SettingsDialog

    glossary = tmp_path / "glossary.txt"
    glossary.write_text("听写\n", encoding="utf-8")
    settings.set_value(Key.GLOSSARY, str(glossary))

    dialogs = []

    def tabs(store):  # noqa: ANN001, ANN202
        dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: False, model_store=store)
        qtbot.addWidget(dlg)
        dialogs.append(dlg)
        return dlg.text_tab, dlg.speakers_tab

    text, spk = tabs(_Store(tmp_path))
    assert "Install the SeACo-Paraformer model" in text.seaco_hint.text()
    assert "need the speaker model" in spk.model_line.text()
    text, spk = tabs(_Store(tmp_path, "asr-seaco", "spk"))
    assert text.seaco_hint.text().startswith("Glossary terms also bias recognition")
    assert "is installed" in spk.model_line.text()
    glossary.write_text("# nothing yet\n", encoding="utf-8")
    text.show_seaco_hint()
    assert text.seaco_hint.text().startswith("SeACo-Paraformer is installed")
