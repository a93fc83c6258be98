"""Watch folders in the desktop app: the setting survives a restart, the login entry, and the service that hands
taken files to the queue and commits the queue's result through the manifest."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from batch.watchhelp import StepClock
from desktop.settings.store import Key, Settings
from desktop.watch import autostart
from desktop.settings.watch_folders import WatchFolder, load
from models.batch.manifest import DONE, FAILED, read_rows
from models.core.transcript import Segment, Transcript


def test_watch_folders_setting_survives_a_restart(qtbot, settings: Settings, tmp_path: Path) -> None:
    from desktop.settings.dialog import SettingsDialog

    phone, recorder, out, gloss = (tmp_path / n for n in ("phone", "recorder", "out", "terms.txt"))
    dlg = SettingsDialog(settings, list_devices=lambda: [])
    qtbot.addWidget(dlg)
    tab = dlg.watch_tab
    tab.add_folder(str(phone))
    tab.where.setCurrentIndex(tab.where.findData("folder"))
    tab.out_dir.setText(str(out))
    for fmt, cb in tab.formats.items():
        cb.setChecked(fmt in ("srt", "json"))
    tab.speakers.setCurrentIndex(tab.speakers.findData("3"))
    tab.glossary.setText(str(gloss))
    tab.add_folder(str(recorder))  # next to the recording, the app's formats
    tab.at_login.setChecked(True)
    dlg.accept()

    again = Settings(settings.path)  # a new start reads the same ini
    assert load(again) == [WatchFolder(str(phone), str(out), ["srt", "json"], "3", str(gloss)),
                           WatchFolder(str(recorder), "", settings.export_formats(), "off", "")]
    assert again.value(Key.WATCH_AT_LOGIN) is True
    dlg2 = SettingsDialog(again, list_devices=lambda: [])
    qtbot.addWidget(dlg2)
    assert [dlg2.watch_tab.list.item(i).text() for i in range(dlg2.watch_tab.list.count())] == [str(phone), str(recorder)]
    assert dlg2.watch_tab.out_dir.text() == str(out) and dlg2.watch_tab.speakers.currentData() == "3"
    dlg2.watch_tab.remove_current()
    dlg2.accept()
    assert [f.folder for f in load(Settings(settings.path))] == [str(recorder)]


def test_a_damaged_setting_reads_as_no_folders(settings: Settings) -> None:
    settings.set_value(Key.WATCH_FOLDERS, "{not json")
    assert load(settings) == []


def test_login_entry_is_written_and_removed(isolated_user_dirs: Path) -> None:
    path = autostart.set_enabled(True, ["/opt/my python/bin/python3", "/src/tingxie/main.py"])
    assert path == Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "tingxie.desktop"
    text = path.read_text("utf-8")
    assert 'Exec="/opt/my python/bin/python3" /src/tingxie/main.py\n' in text and "[Desktop Entry]" in text
    assert autostart.is_enabled()
    autostart.set_enabled(False)
    assert not path.exists() and not autostart.is_enabled()
    assert autostart.launcher()[-1].endswith("main.py")


def _transcript(path: str) -> Transcript:
    return Transcript(path, 1500, [Segment(0, 1500, "你好")])


@pytest.fixture
def watched(qtbot, settings: Settings, tmp_path: Path, tiny_models: Path, monkeypatch: pytest.MonkeyPatch):
    from desktop.settings.watch_folders import dump
    from desktop.watch.service import WatchService

    monkeypatch.setenv("MODELSCOPE_CACHE", str(tiny_models))  # the settings key names the model files
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    settings.set_value(Key.WATCH_FOLDERS, dump([WatchFolder(str(folder), str(out), ["txt"])]))
    added: list[tuple[Path, str]] = []

    def add_job(path: Path, speakers: object, text: object) -> str:
        added.append((path, f"job{len(added)}"))
        return added[-1][1]

    clock = StepClock()
    service = WatchService(settings, add_job, settle_s=2.0, clock=clock)
    assert service.start()
    yield service, folder, out, added, clock
    service.stop()


def _tick_until(qtbot, service, clock: StepClock, check) -> None:
    def step() -> bool:
        clock.advance(1.0)
        service.tick()
        return check()
    qtbot.waitUntil(step, timeout=30_000)


def test_taken_files_go_to_the_queue_and_their_transcripts_are_committed(qtbot, watched) -> None:
    service, folder, out, added, clock = watched
    (folder / "memo.m4a").write_bytes(os.urandom(4000))
    (folder / "bad.wav").write_bytes(os.urandom(4000))
    _tick_until(qtbot, service, clock, lambda: len(added) == 2)
    ids = {p.name: j for p, j in added}
    with qtbot.waitSignal(service.file_done) as done:
        service.job_finished(ids["memo.m4a"], _transcript(str(folder / "memo.m4a")))
    assert done.args[1] == [str(out / "memo.txt")] and (out / "memo.txt").read_text("utf-8").strip()
    with qtbot.waitSignal(service.file_failed):
        service.job_failed(ids["bad.wav"], "not an audio file")
    for _ in range(10):  # more ticks: nothing is added again
        clock.advance(5)
        service.tick()
    assert len(added) == 2
    rows = {Path(r.path).name: r for r in read_rows(out)}
    assert rows["memo.m4a"].status == DONE and rows["bad.wav"].status == FAILED
    assert rows["bad.wav"].error == "not an audio file"


def test_a_restart_takes_what_the_queue_never_finished(qtbot, watched, settings: Settings) -> None:
    service, folder, out, added, clock = watched
    (folder / "a.wav").write_bytes(os.urandom(3000))
    _tick_until(qtbot, service, clock, lambda: len(added) == 1)
    service.stop()  # the window closed while a.wav was queued
    assert read_rows(out)[0].status != DONE
    assert service.start()
    _tick_until(qtbot, service, clock, lambda: len(added) == 2)
    assert [p.name for p, _j in added] == ["a.wav", "a.wav"]
