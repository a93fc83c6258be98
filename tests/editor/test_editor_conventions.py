"""Editor conventions a new user expects: a click selects a sentence without playing it (Ctrl+click or a
double-click on its time plays), Find highlights the matched characters rather than the whole row, Ctrl+H is Replace."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette

from desktop.editor.editor_widget import TranscriptEditor
from desktop.editor.sentence_model import TEXT, TIME
from desktop.editor.shortcuts import help_list
from models.jobs.edits import EditStore
from models.jobs.store import JobStore
from tests.editor.helpers import add, make_job

TEXTS = ["今天开会，讨论预算。", "预算要减少一半，大家看看怎么办。", "大家有什么意见？", "没有意见。"]


@pytest.fixture
def editor(qtbot, tmp_path: Path):
    store = JobStore(tmp_path / "history.sqlite3")
    jid = make_job(store, tmp_path)
    add(store, jid, 0, TEXTS)
    ed = TranscriptEditor(EditStore(store.db), jid, None)
    qtbot.addWidget(ed)
    ed.resize(700, 300)
    ed.show()
    qtbot.waitExposed(ed)
    yield ed
    store.close()


def test_a_click_selects_without_playing_ctrl_click_and_time_double_click_play(qtbot, editor) -> None:
    ed = editor
    played: list[int] = []
    ed.sentence_activated.connect(played.append)
    text_cell = ed.view.visualRect(ed.model.index(2, TEXT)).center()
    qtbot.mouseClick(ed.view.viewport(), Qt.MouseButton.LeftButton, pos=text_cell)
    assert ed.view.currentIndex().row() == 2 and ed.view.selectionModel().isRowSelected(2)
    assert played == []  # selecting is not playing
    qtbot.mouseClick(ed.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     ed.view.visualRect(ed.model.index(1, TEXT)).center())
    assert played == [1]
    time_cell, vp = ed.view.visualRect(ed.model.index(3, TIME)).center(), ed.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=time_cell)  # a double-click starts with a click
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=time_cell)
    assert played == [1]
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=time_cell)
    assert played == [1, 3]
    assert ed.line_edit is None  # a double-click on the time plays; it does not open the text for editing
    from desktop.editor.shortcuts import mouse_help

    gestures = dict(mouse_help())
    assert gestures["Play from a sentence"].startswith("Ctrl+click")


def _highlight_columns(ed: TranscriptEditor, row: int) -> int:
    """How many pixel columns of the row's text cell show the selection colour."""
    img = ed.view.viewport().grab().toImage()
    rect = ed.view.visualRect(ed.model.index(row, TEXT))
    colour = ed.view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    y = rect.top() + 2  # above the glyphs, inside the highlight
    return sum(1 for x in range(rect.left(), rect.right()) if img.pixelColor(x, y).rgb() == colour.rgb())


def test_find_highlights_the_matched_characters_not_the_row(qtbot, editor) -> None:
    ed = editor
    ed.actions_by_id["find"].trigger()
    ed.find_bar.query.setText("减少")
    ed.find_bar.step(1)
    assert ed.view.currentIndex().row() == 1
    qtbot.wait(50)
    width = ed.view.fontMetrics().horizontalAdvance("减少")
    cell = ed.view.visualRect(ed.model.index(1, TEXT)).width()
    lit = _highlight_columns(ed, 1)
    assert width * 0.6 <= lit <= width * 1.4, (lit, width, cell)  # about the two characters, far less than the cell
    assert _highlight_columns(ed, 0) == 0
    ed.find_bar.closed.emit()
    qtbot.wait(20)
    assert _highlight_columns(ed, 1) < width * 0.6  # closing Find takes the highlight away


def test_ctrl_h_is_replace(qtbot, editor) -> None:
    ed = editor
    by_key = {a.shortcut().toString(): aid for aid, a in ed.actions_by_id.items()}
    assert by_key["Ctrl+H"] == "replace"
    assert ("Replace", "Ctrl+H") in help_list()
    ed.find_bar.query.setText("意见")
    ed.actions_by_id["replace"].trigger()
    assert ed.find_bar.isVisible()
    qtbot.waitUntil(lambda: ed.find_bar.replacement.hasFocus(), timeout=2000)
    assert QKeySequence("Ctrl+H") != QKeySequence("Ctrl+Shift+H")
