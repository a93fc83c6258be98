"""What a new user tripped over in the window: Follow keeps the newest sentence in view, Ctrl+H is Replace (History
moved), the Speakers column says what a finished file has, a file queued again is asked about, and the player
shows the opened file's length at once (fake engine; real queue, job history and editor)."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QAction, QKeySequence

from desktop.editor import speakers as speaker_actions
from desktop.queue.model import Column, JobStatus
from desktop.settings.store import Key
from tests.desktop.fakes import FAKE_SPECS, FakeStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(qtbot, settings, control, tmp_path):
    from desktop.window.main_window import MainWindow
    from models.jobs.store import JobStore

    settings.set_value(Key.AUTO_START, False)
    settings.set_value(Key.EXPORT_FORMATS, ["txt"])
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS, jobs=JobStore(tmp_path / "history.sqlite3"))
    w.confirm_close = False
    qtbot.addWidget(w)
    yield w
    w.close()


def run_all(qtbot, window) -> None:
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=20_000) as stopped:
        window.start()
    assert stopped.args == ["done"]


def speakers_cell(window, row: int = 0) -> str:
    return window.queue.data(window.queue.index(row, Column.SPEAKERS))


def test_follow_scrolls_to_new_sentences_while_transcribing(qtbot, window, control, make_wav) -> None:
    window.resize(900, 520)
    window.show()
    qtbot.waitExposed(window)
    assert window.transcript.follow.isChecked()
    control.batch_audio_s = 1.0  # a sentence a second: 40 rows, far more than the editor shows
    control.hold, control.hold_from = threading.Event(), 40
    window.add_paths([make_wav("long.wav", 41.0)])
    window.start()
    view = window.transcript.editor.view
    qtbot.waitUntil(lambda: window.transcript.segment_count() == 40, timeout=10_000)
    qtbot.wait(50)
    last = view.visualRect(window.transcript.editor.model.index(39, 0))
    assert view.viewport().rect().contains(last.center()), "the newest sentence is off-screen"
    assert view.rowAt(2) > 0  # scrolled: the first sentence is out of view
    control.hold.set()
    qtbot.waitUntil(lambda: window.queue.jobs[0].status is JobStatus.DONE, timeout=10_000)


def test_ctrl_h_is_replace_and_history_has_its_own_key(qtbot, window) -> None:
    owners = [a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence("Ctrl+H")]
    assert owners == [window.transcript.editor.actions_by_id["replace"]]  # one owner: no ambiguous shortcut
    assert window.actions_.history.shortcut() == QKeySequence("Ctrl+Shift+H")
    assert "Ctrl+Shift+H" in window.actions_.history.toolTip()


def test_speakers_column_says_what_a_finished_file_has(qtbot, window, make_wav) -> None:
    window.settings.set_value(Key.SPEAKERS, "off")
    window.add_paths([make_wav("quiet.wav", 4.0)])
    run_all(qtbot, window)
    window.settings.set_value(Key.SPEAKERS, "auto")  # Settings changed afterwards: the file still ran without
    assert speakers_cell(window) == "Off"

    window.settings.set_value(Key.SPEAKERS, "fixed")
    window.settings.set_value(Key.SPEAKERS_N, 2)
    window.add_paths([make_wav("meeting.wav", 8.0)])
    run_all(qtbot, window)
    assert speakers_cell(window, 1) == "2 speaker(s)"
    window.select_row(1)
    editor = window.transcript.editor
    qtbot.waitUntil(lambda: editor.model.rowCount() == 4)
    speaker_actions.reassign(editor, speaker_actions.new_label(editor), rows=[0])  # "New speaker"
    assert speakers_cell(window, 1) == "3 speaker(s)"  # updated at once, not stale


def test_queueing_a_finished_file_again_asks(qtbot, window, make_wav) -> None:
    wav = make_wav("talk.wav", 2.0)
    window.add_paths([wav])
    run_all(qtbot, window)
    asked: list[list[str]] = []
    answer = [False]
    window.intake.ask_again = lambda paths: asked.append([p.name for p in paths]) or answer[0]
    window.add_paths([wav])
    assert asked == [["talk.wav"]] and len(window.queue.jobs) == 1  # Skip
    answer[0] = True
    window.add_paths([wav, make_wav("other.wav", 2.0)])
    assert asked[-1] == ["talk.wav"] and [j.path.name for j in window.queue.jobs] == ["talk.wav", "talk.wav",
                                                                                      "other.wav"]
    window.add_paths([wav])  # waiting already: never added twice, nothing to ask
    assert len(asked) == 2 and len(window.queue.jobs) == 3


def test_player_shows_the_opened_files_length_at_once(qtbot, window, make_wav) -> None:
    window.add_paths([make_wav("short.wav", 3.0), make_wav("long.wav", 75.0)])
    run_all(qtbot, window)
    transport = window.transcript.editor.transport
    window.select_row(0)
    assert transport.time.text() == "00:00 / 00:03"
    window.select_row(1)  # no event loop turn, no playback: the header's length
    assert transport.time.text() == "00:00 / 01:15"
    assert transport.seek.maximum() == 75_000


def test_speaker_labels_follow_the_traditional_script(qtbot, window, make_wav, tmp_path) -> None:
    window.settings.set_value(Key.TEXT_SCRIPT, "traditional")
    window.settings.set_value(Key.SPEAKERS, "fixed")
    window.settings.set_value(Key.SPEAKERS_N, 2)
    window.add_paths([make_wav("meeting.wav", 8.0)])
    run_all(qtbot, window)
    window.select_row(0)
    model = window.transcript.editor.model
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    assert {model.name(k) for k in model.labels()} == {"說話人1", "說話人2"}  # the window, as the text
    out = tmp_path / "out"
    window.export_all_done(out)
    text = (out / "meeting.txt").read_text("utf-8")
    assert "說話人1" in text and "说话人" not in text


def test_export_offers_a_choice_of_formats_and_the_automatic_export_keeps_settings(qtbot, window, make_wav,
                                                                                    tmp_path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    out = tmp_path / "out"
    window.settings.set_value(Key.EXPORT_FOLDER, str(out))
    window.settings.set_value(Key.EXPORT_FORMATS, ["txt"])
    window.add_paths([make_wav("talk.wav", 2.0)])
    run_all(qtbot, window)
    window.select_row(0)
    seen: list[set[str]] = []

    def answer(pick: set[str] | None) -> None:
        dlg = QApplication.activeModalWidget()
        seen.append({f for f, cb in dlg.boxes.items() if cb.isChecked()})
        if pick is None:
            dlg.reject()
            return
        for f, cb in dlg.boxes.items():
            cb.setChecked(f in pick)
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, lambda: answer({"vtt", "json"}))
    window.actions_.export.trigger()
    assert seen == [{"txt"}]  # preset from Settings
    assert sorted(p.name for p in out.iterdir()) == ["talk.json", "talk.vtt"]
    QTimer.singleShot(0, lambda: answer(None))
    window.actions_.export.trigger()
    assert seen[1] == {"vtt", "json"}  # the last choice is remembered; Cancel writes nothing more
    assert len(list(out.iterdir())) == 2

    window.settings.set_value(Key.EXPORT_AUTO, True)
    window.add_paths([make_wav("next.wav", 2.0)])
    run_all(qtbot, window)
    assert sorted(p.name for p in out.iterdir()) == ["next.txt", "talk.json", "talk.vtt"]  # Settings' formats
