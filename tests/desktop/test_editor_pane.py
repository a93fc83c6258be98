"""Issue 14 in the main window: the transcript editor is the centre (live sentences, corrections kept while the
file is transcribed), exports and Copy use the corrections, Find / Search all / shortcuts from the menus, glossary
replacements highlighted with a revert each, and a reset job's corrections kept in the history."""
from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.editor.sentence_model import TEXT
from desktop.queue.model import JobStatus
from desktop.settings.store import Key
from models.jobs.edits import EditStore
from models.jobs.kept_edits import KEPT_NOTE
from tests.desktop.fakes import FAKE_SPECS, TEXTS, FakeStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(qtbot, settings, control, tmp_path):
    from desktop.window.main_window import MainWindow
    from models.jobs.store import JobStore

    settings.set_value(Key.AUTO_START, False)
    settings.set_value(Key.EXPORT_FORMATS, ["txt", "srt", "json"])
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS, jobs=JobStore(tmp_path / "history.sqlite3"))
    w.confirm_close = False
    qtbot.addWidget(w)
    yield w
    w.close()


def run_all(qtbot, window) -> None:
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=10_000) as stopped:
        window.start()
    assert stopped.args == ["done"]


def test_live_sentences_and_an_edit_made_while_transcribing_is_kept(qtbot, window, control, make_wav):
    control.hold, control.hold_from = threading.Event(), 2  # batches 0 and 1 arrive, then the file waits
    window.add_paths([make_wav("talk.wav", 8.0)])
    window.start()
    pane = window.transcript
    qtbot.waitUntil(lambda: pane.segment_count() == 2, timeout=5000)  # committed at each progress, shown live
    assert pane.stack.currentWidget() is pane.editor
    pane.editor.save_text(0, "改过的第一句。")
    control.hold.set()
    qtbot.waitUntil(lambda: window.queue.jobs[0].status is JobStatus.DONE, timeout=10_000)
    assert pane.segment_count() == 4  # the next sentences still arrive
    assert [s.text for s in pane.editor.model.rows] == ["改过的第一句。", *TEXTS[1:4]]
    pane.copy_all()
    assert QGuiApplication.clipboard().text() == "改过的第一句。" + "".join(TEXTS[1:4])


def test_exports_use_the_corrections_and_json_keeps_the_originals(qtbot, window, make_wav, tmp_path):
    window.add_paths([make_wav("talk.wav", 4.0)])
    run_all(qtbot, window)
    window.select_row(0)
    window.transcript.editor.save_text(1, "第二句改好了。")
    out = tmp_path / "out"
    window.export_all_done(out)
    assert (out / "talk.txt").read_text("utf-8").splitlines() == [TEXTS[0], "第二句改好了。"]
    assert "第二句改好了。" in (out / "talk.srt").read_text("utf-8")
    data = json.loads((out / "talk.json").read_text("utf-8"))
    assert data["format"] == "tingxie-transcript"
    assert [(s["text"], s["original_text"], s["edited"]) for s in data["segments"]] == [
        (TEXTS[0], TEXTS[0], False), ("第二句改好了。", TEXTS[1], True)]


def test_auto_export_uses_the_corrections(qtbot, window, control, make_wav, tmp_path):
    window.settings.set_value(Key.EXPORT_AUTO, True)
    window.settings.set_value(Key.EXPORT_FOLDER, str(tmp_path / "auto"))
    control.hold, control.hold_from = threading.Event(), 1
    window.add_paths([make_wav("talk.wav", 4.0)])
    window.start()
    qtbot.waitUntil(lambda: window.transcript.segment_count() == 1, timeout=5000)
    window.transcript.editor.save_text(0, "边转写边改。")
    control.hold.set()
    qtbot.waitUntil(lambda: (tmp_path / "auto" / "talk.txt").exists(), timeout=10_000)
    assert (tmp_path / "auto" / "talk.txt").read_text("utf-8").splitlines() == ["边转写边改。", TEXTS[1]]


def test_find_search_all_and_shortcuts_from_the_menus(qtbot, window, make_wav):
    window.add_paths([make_wav("a.wav", 4.0), make_wav("b.wav", 6.0)])
    run_all(qtbot, window)
    window.select_row(0)
    edit = [a for a in window.menuBar().actions() if a.text().replace("&", "") == "Edit"][0].menu()
    by_text = {a.text(): a for a in edit.actions()}
    assert by_text["Find and replace"].shortcut().toString() == "Ctrl+F"
    by_text["Find and replace"].trigger()
    assert not window.transcript.editor.find_bar.isHidden()
    by_text["Search all transcripts…"].trigger()
    dlg = window.search.dialog
    assert dlg is not None and not dlg.isHidden()
    dlg.query.setText(TEXTS[2][:2])  # a 2-character query: only b.wav has a third sentence
    dlg.run()
    assert dlg.results.topLevelItemCount() == 1
    item = dlg.results.topLevelItem(0)
    played: list[int] = []
    window.transcript.editor.player.play_from = lambda ms: played.append(ms)  # no sound device needed here
    dlg.results.itemActivated.emit(item, 0)
    assert window.transcript.job_id == window.queue.jobs[1].id  # b.wav's transcript opened ...
    assert window.transcript.editor.view.currentIndex().row() == 2  # ... at the sentence ...
    assert played == [4000]  # ... and it plays from its start
    shortcuts = window.show_shortcuts()
    tree = shortcuts.findChild(type(dlg.results))
    listed = {tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())}
    assert {"Ctrl+Space", "Ctrl+F", "Ctrl+Shift+F", "Ctrl+E", "Ctrl+Shift+G"} <= listed
    playback = [a for a in window.menuBar().actions() if a.text().replace("&", "") == "Playback"][0].menu()
    assert [a.shortcut().toString() for a in playback.actions()][:2] == ["Ctrl+Space", "Ctrl+P"]


def test_no_shortcut_is_ambiguous(window):
    """Two enabled actions with one key in one window: Qt runs neither. Every key must be unique."""
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for a in window.findChildren(QAction):
        for key in a.shortcuts():
            k = key.toString()
            assert k not in seen, f"{k}: {seen[k]} and {a.text()}"
            seen[k] = a.text()


def test_glossary_replacements_highlighted_counted_and_reverted(qtbot, window, make_wav):
    from models.core.transcript import Segment

    path = make_wav("gloss.wav", 2.0)
    job = window.jobs.enqueue(path)
    text = "王总说预算由王总定。"
    window.jobs.add_segments(job.id, [Segment(0, 1800, text, tuple(text), tuple((0, 1800) for _ in text), 0,
                                              replacements=((0, 2, "王中"), (6, 8, "王中")))], 1, 1800)
    window.history.open_job(job.uid)
    ed = window.transcript.editor
    assert [tuple(r) for r in ed.model.replacements(0)] == [(0, 2, "王中"), (6, 8, "王中")]
    assert window.transcript.glossary_label.text() == "Glossary: 2 replacement(s)"
    tip = ed.model.data(ed.model.index(0, TEXT), Qt.ItemDataRole.ToolTipRole)
    assert "王中" in tip
    ed.grab()  # the delegate paints the highlighted row without error
    menu = ed.context_menu(0)
    reverts = [a for a in menu.actions() if a.text().startswith("Undo glossary")]
    assert [a.text() for a in reverts] == ["Undo glossary: 王总 → 王中"] * 2
    reverts[1].trigger()
    assert ed.model.rows[0].text == "王总说预算由王中定。"
    assert [tuple(r) for r in ed.model.replacements(0)] == [(0, 2, "王中")]  # that one is not highlighted now
    assert window.transcript.glossary_label.text() == "Glossary: 1 replacement(s)"
    ed.undo_stack.undo()  # an ordinary edit: undo puts the glossary's word back
    assert ed.model.rows[0].text == text and len(ed.model.replacements(0)) == 2
    ed.save_text(0, "刚才王总说预算由王总定。")  # an edit before the span moves it
    assert [tuple(r) for r in ed.model.replacements(0)] == [(2, 4, "王中"), (8, 10, "王中")]
    ed.view.setCurrentIndex(ed.model.index(0, TEXT))
    ed.actions_by_id["glossary"].trigger()  # the keyboard way: the first replacement in the sentence
    assert ed.model.rows[0].text == "刚才王中说预算由王总定。"


def test_a_retried_job_keeps_its_corrections_in_the_history(qtbot, window, make_wav, monkeypatch):
    window.add_paths([make_wav("talk.wav", 4.0)])
    run_all(qtbot, window)
    window.select_row(0)
    window.transcript.editor.save_text(0, "这句话我改过。")
    monkeypatch.setattr(window, "confirm", lambda _title, _text: True)  # "Transcribe again?" answered yes
    window.retry_selected()  # a finished file starts over: its segments are reset
    run_all(qtbot, window)
    # the new run, with the correction carried over to the sentence at the same time
    assert [s.text for s in window.transcript.editor.model.rows] == ["这句话我改过。", TEXTS[1]]
    kept = [j for j in window.jobs.list_jobs(["done"]) if j.warnings[:1] == (KEPT_NOTE,)]
    assert len(kept) == 1 and kept[0].path.name == "talk.wav"
    assert [s.text for s in EditStore(window.jobs.db).sentences(kept[0].id)] == ["这句话我改过。", TEXTS[1]]
    assert len(EditStore(window.jobs.db).history(kept[0].id)) == 1  # with its undo log
    dlg = window.show_history()
    assert kept[0].uid in dlg.uids()
    assert window.jobs.integrity_check() == "ok"


def test_delete_in_the_editor_never_removes_a_queue_file(qtbot, window, make_wav):
    """Delete / Ctrl+Up / Ctrl+Down belong to the queue only while it has focus; in the editor they edit text."""
    window.add_paths([make_wav("a.wav", 2.0), make_wav("b.wav", 2.0)])
    run_all(qtbot, window)
    window.select_row(0)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    editor_view = window.transcript.editor.view
    editor_view.setFocus()
    qtbot.waitUntil(editor_view.hasFocus, timeout=2000)
    qtbot.keyClick(editor_view, Qt.Key.Key_Delete)
    qtbot.keyClick(editor_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [j.path.name for j in window.queue.jobs] == ["a.wav", "b.wav"]
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=2000)
    window.select_row(0)
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [j.path.name for j in window.queue.jobs] == ["b.wav", "a.wav"]  # on the queue the keys still work
