"""The editor widget offscreen: inline edits are saved, undo survives reopening, find/replace, highlight follows."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.editor.editor_widget import TranscriptEditor
from desktop.editor.find_bar import find_all
from desktop.editor.sentence_model import TEXT
from desktop.editor.shortcuts import help_list
from models.jobs.edits import EditStore
from models.jobs.store import JobStore
from tests.editor.helpers import add, make_job

TEXTS = ["今天开会，讨论预算。", "预算要减少一半。", "大家有什么意见？", "没有意见。"]


@pytest.fixture
def job(tmp_path: Path):
    store = JobStore(tmp_path / "history.sqlite3")
    jid = make_job(store, tmp_path)
    add(store, jid, 0, TEXTS)
    yield store, jid
    store.close()


def test_edit_undo_redo_and_reopen(qtbot, job) -> None:
    store, jid = job
    ed = TranscriptEditor(EditStore(store.db), jid, None)
    qtbot.addWidget(ed)
    assert ed.model.setData(ed.model.index(1, TEXT), "预算保持不变。")
    assert EditStore(store.db).sentences(jid)[1].text == "预算保持不变。"  # on disk at once
    assert ed.model.data(ed.model.index(1, TEXT)) == "预算保持不变。"
    ed.view.setCurrentIndex(ed.model.index(2, TEXT))
    ed.join(2)
    assert ed.model.rowCount() == 3 and ed.undo_stack.count() == 2
    ed.actions_by_id["undo"].trigger()
    assert ed.model.rowCount() == 4
    ed.actions_by_id["original"].trigger()
    assert ed.model.data(ed.model.index(1, TEXT)) == TEXTS[1]  # show original
    ed.close()

    again = TranscriptEditor(EditStore(store.db), jid, None)  # reopened: the redo side is still there
    qtbot.addWidget(again)
    assert again.undo_stack.count() == 2 and again.undo_stack.index() == 1
    again.undo_stack.redo()
    assert again.model.rowCount() == 3
    again.undo_stack.undo()
    again.undo_stack.undo()
    assert [s.text for s in again.model.rows] == TEXTS


def test_typing_autosaves_within_a_second(qtbot, job) -> None:
    store, jid = job
    ed = TranscriptEditor(EditStore(store.db), jid, None)
    qtbot.addWidget(ed)
    ed.show()
    ed.view.setCurrentIndex(ed.model.index(0, TEXT))
    ed.view.edit(ed.model.index(0, TEXT))
    assert ed.line_edit is not None
    ed.line_edit.selectAll()
    for ch in "改好的句子":  # Chinese arrives from the input method as committed strings
        ev = QInputMethodEvent()
        ev.setCommitString(ch)
        QApplication.sendEvent(ed.line_edit, ev)
    t0 = time.monotonic()
    reader = EditStore(JobStore(store.path).db)  # another connection sees what is committed
    qtbot.waitUntil(lambda: reader.sentences(jid)[0].text == "改好的句子", timeout=2000)
    assert time.monotonic() - t0 < 1.0
    assert len(reader.history(jid)) == 1  # pauses while typing merge into one undo step


def test_find_replace_and_replace_all(qtbot, job) -> None:
    store, jid = job
    ed = TranscriptEditor(EditStore(store.db), jid, None)
    qtbot.addWidget(ed)
    ed.actions_by_id["find"].trigger()
    ed.find_bar.query.setText("预算")
    assert find_all([s.text for s in ed.model.rows], "预算") == [(0, 7), (1, 0)]
    assert len(ed.find_bar.matches) == 2
    with qtbot.waitSignal(ed.find_bar.match_chosen) as sig:
        ed.find_bar.step(1)
    assert sig.args == [0, 7, 2] and ed.view.currentIndex().row() == 0
    ed.find_bar.step(1)
    assert ed.view.currentIndex().row() == 1 and ed.find_bar.count.text()
    ed.find_bar.replacement.setText("经费")
    ed.find_bar.replace.click()
    assert ed.model.rows[1].text == "经费要减少一半。" and ed.model.rows[0].text == TEXTS[0]
    ed.find_bar.query.setText("意见")
    ed.find_bar.replacement.setText("想法")
    ed.find_bar.replace_all.click()
    assert [s.text for s in ed.model.rows][2:] == ["大家有什么想法？", "没有想法。"]
    assert ed.undo_stack.count() == 2  # replace all is one step
    ed.undo_stack.undo()
    assert [s.text for s in ed.model.rows][2:] == TEXTS[2:]


def test_highlight_follows_position_and_new_sentences_arrive(qtbot, job) -> None:
    store, jid = job
    ed = TranscriptEditor(EditStore(store.db), jid, None)
    qtbot.addWidget(ed)
    ed.model.setData(ed.model.index(0, TEXT), "改过。")
    for ms, row in ((0, 0), (1999, 0), (2000, 1), (4500, 2), (7000, 3)):
        ed.follow(ms)
        assert ed.model.current == row
        assert ed.model.data(ed.model.index(row, TEXT), Qt.ItemDataRole.BackgroundRole) is not None
    add(store, jid, 4, ["新来的一句。"])  # the worker keeps committing
    ed.sentences_arrived()
    assert ed.model.rowCount() == 5 and ed.model.rows[0].text == "改过。"
    ed.follow(8100)
    assert ed.model.current == 4


def test_help_lists_every_action_with_a_shortcut(qtbot, job) -> None:
    store, jid = job
    ed = TranscriptEditor(EditStore(store.db), jid, None)
    qtbot.addWidget(ed)
    pairs = help_list()
    assert {k for _, k in pairs} == {a.shortcut().toString() for a in ed.actions_by_id.values()}
    assert ("Play / pause", "Ctrl+Space") in pairs


def test_painting_highlighted_rows_for_long_does_not_exhaust_none(qtbot, job) -> None:
    """PySide6 6.12 void methods drop a reference to None per call; desktop.common.qtfix makes None immortal on 3.11.
    Without it this loop (the delegate paints each highlighted row with ~8 void calls) aborts the interpreter."""
    import sys

    store, jid = job
    with store.db.transaction() as c:
        c.execute("UPDATE segments SET replacements = '[[0, 2, \"今日\"]]' WHERE job_id = ?", (jid,))
    ed = TranscriptEditor(EditStore(store.db), jid, None)
    qtbot.addWidget(ed)
    ed.resize(500, 300)
    ed.show()
    assert len(ed.model.replacements(0)) == 1
    before = sys.getrefcount(None)
    for _ in range(1500):  # ~4 highlighted rows x 8 void calls x 1500 paints >> None's ~4,500 references
        ed.view.viewport().repaint()
    assert sys.getrefcount(None) > 10_000 and before > 10_000
