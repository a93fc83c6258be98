"""Issue 15 in the editor: a Speaker column (names, a colour per speaker, hidden without speakers), rename once for
the whole transcript, merge two speakers, reassign a sentence; names kept in the job database across reopening."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QIcon
from PySide6.QtWidgets import QInputDialog, QMenu

from desktop.editor import speakers
from desktop.editor.editor_widget import TranscriptEditor
from desktop.editor.sentence_model import SPEAKER, TEXT, TIME
from models.core.transcript import Transcript
from models.jobs.edits import EditStore, edited_transcript
from models.jobs.store import JobStore
from tests.editor.helpers import make_job, sentence

TEXTS = ["今天开会，讨论预算。", "预算要减少一半。", "大家有什么意见？", "没有意见。", "那就这样定了。"]
WHO = [0, 1, 0, 2, 1]


def add_with_speakers(store: JobStore, jid: int, who: list[int]) -> None:
    segs = [replace(sentence(i, t), speaker=k) for i, (t, k) in enumerate(zip(TEXTS, who))]
    store.add_segments(jid, segs, len(segs), 0)


@pytest.fixture
def job(tmp_path: Path):
    store = JobStore(tmp_path / "history.sqlite3")
    jid = make_job(store, tmp_path)
    add_with_speakers(store, jid, WHO)
    store.rename_speaker(jid, 1, "李四")
    yield store, jid
    store.close()


def editor(qtbot, store: JobStore, jid: int) -> TranscriptEditor:
    ed = TranscriptEditor(EditStore(store.db), jid, None, speakers=store)
    qtbot.addWidget(ed)
    return ed


def shown_names(ed: TranscriptEditor) -> list[str]:
    return [ed.model.data(ed.model.index(r, SPEAKER)) for r in range(ed.model.rowCount())]


def test_column_shows_names_between_time_and_text(qtbot, job) -> None:
    store, jid = job
    ed = editor(qtbot, store, jid)
    default = Transcript(source="", duration_ms=0).speaker_name  # the one default name (说话人N), as exports
    assert shown_names(ed) == [default(0), "李四", default(0), default(2), "李四"]
    assert default(0) == "说话人1"
    assert not ed.view.isColumnHidden(SPEAKER)
    hh = ed.view.horizontalHeader()
    assert [hh.logicalIndex(v) for v in range(3)] == [TIME, SPEAKER, TEXT]
    assert ed.model.headerData(SPEAKER, Qt.Orientation.Horizontal) == "Speaker"
    assert isinstance(ed.model.data(ed.model.index(0, SPEAKER), Qt.ItemDataRole.DecorationRole), QIcon)
    assert ed.model.data(ed.model.index(0, TEXT)) == TEXTS[0]  # the other columns are unchanged


def test_column_hidden_without_speakers_and_shown_when_another_job_has_them(qtbot, job, tmp_path: Path) -> None:
    store, jid = job
    plain = make_job(store, tmp_path, "plain.wav")
    store.add_segments(plain, [sentence(i, t) for i, t in enumerate(TEXTS)], len(TEXTS), 0)
    ed = editor(qtbot, store, plain)
    assert ed.view.isColumnHidden(SPEAKER)
    assert ed.model.data(ed.model.index(0, SPEAKER)) is None
    menu = ed.context_menu(0)
    assert "Speaker" not in [a.text() for a in menu.actions()]
    ed.open_job(jid, None)
    assert not ed.view.isColumnHidden(SPEAKER)
    assert ed.view.horizontalHeader().visualIndex(SPEAKER) == 1
    ed.open_job(plain, None)
    assert ed.view.isColumnHidden(SPEAKER)


def test_colours_differ_between_speakers_and_stay_per_speaker(qtbot, job) -> None:
    store, jid = job
    ed = editor(qtbot, store, jid)

    def bg(row: int) -> str:
        brush = ed.model.data(ed.model.index(row, SPEAKER), Qt.ItemDataRole.BackgroundRole)
        assert isinstance(brush, QBrush)
        return brush.color().name(brush.color().NameFormat.HexArgb)

    assert bg(0) == bg(2)  # same speaker, same colour
    assert len({bg(0), bg(1), bg(3)}) == 3  # three speakers, three colours
    assert len({speakers.chip(k).pixmap(12).toImage().pixelColor(6, 6).name() for k in (0, 1, 2)}) == 3


def test_rename_changes_every_row_of_that_speaker_and_is_saved(qtbot, job, monkeypatch) -> None:
    store, jid = job
    ed = editor(qtbot, store, jid)
    asked: list[str] = []

    def fake_get_text(parent, title, label, echo, text):
        asked.append(text)
        return "张三", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake_get_text))
    ed._double_clicked(ed.model.index(2, SPEAKER))  # double-click a 说话人1 cell
    assert asked == ["说话人1"]
    assert shown_names(ed) == ["张三", "李四", "张三", "说话人3", "李四"]
    assert store.speaker_names(jid) == {0: "张三", 1: "李四"}
    assert edited_transcript(store, jid).speaker_name(0) == "张三"  # what the exports write
    # from the menu, without a dialog answer: nothing changes
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a: ("", False)))
    rename = next(a for a in ed.context_menu(1).actions() if a.text().startswith("Rename speaker"))
    assert "李四" in rename.text()
    rename.trigger()
    assert store.speaker_names(jid)[1] == "李四"


def test_merge_two_speakers(qtbot, job) -> None:
    store, jid = job
    ed = editor(qtbot, store, jid)
    menu = ed.context_menu(3)  # 说话人3
    into = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text().startswith("Merge"))
    assert isinstance(into, QMenu)
    assert [a.text() for a in into.actions()] == ["说话人1", "李四"]
    into.actions()[1].trigger()  # 说话人3 into 李四
    assert [s.speaker for s in ed.model.rows] == [0, 1, 0, 1, 1]
    assert shown_names(ed) == ["说话人1", "李四", "说话人1", "李四", "李四"]
    assert store.speaker_labels(jid) == [0, 1]
    assert speakers.merge(ed, 1, 0) == 3
    assert set(shown_names(ed)) == {"李四"}  # the target had no name: it takes the merged speaker's
    assert store.speaker_names(jid) == {0: "李四"}


def test_reassign_one_sentence_and_a_new_speaker(qtbot, job) -> None:
    store, jid = job
    ed = editor(qtbot, store, jid)
    ed.view.setCurrentIndex(ed.model.index(0, TEXT))
    to = next(a.menu() for a in ed.context_menu(0).actions() if a.text() == "Speaker")
    labels = [a.text() for a in to.actions() if not a.isSeparator()]
    assert labels == ["说话人1", "李四", "说话人3", "New speaker"]
    assert [a.isChecked() for a in to.actions()[:3]] == [True, False, False]
    to.actions()[1].trigger()  # sentence 0 -> 李四
    assert [s.speaker for s in ed.model.rows] == [1, 1, 0, 2, 1]
    assert shown_names(ed)[0] == "李四"
    assert [s.speaker for s in EditStore(store.db).segments(jid)] == [1, 1, 0, 2, 1]
    ed.view.setCurrentIndex(ed.model.index(4, TEXT))
    new = next(a.menu() for a in ed.context_menu(4).actions() if a.text() == "Speaker").actions()[-1]
    new.trigger()
    assert ed.model.rows[4].speaker == 3 and shown_names(ed)[4] == "说话人4"
    assert [s.speaker for s in ed.model.rows[:4]] == [1, 1, 0, 2]


def test_new_speaker_does_not_reuse_a_named_label_without_sentences(qtbot, job) -> None:
    store, jid = job
    store.rename_speaker(jid, 5, "王五")  # a name left from a speaker whose sentences all went elsewhere
    ed = editor(qtbot, store, jid)
    assert speakers.new_label(ed) == 6


def test_names_are_kept_when_the_editor_is_reopened(qtbot, job, tmp_path: Path) -> None:
    store, jid = job
    ed = editor(qtbot, store, jid)
    speakers.rename(ed, 0, "张三")
    speakers.reassign(ed, 2, rows=[1])
    ed.close()
    store.close()
    again = JobStore(tmp_path / "history.sqlite3")
    try:
        ed2 = editor(qtbot, again, jid)
        assert shown_names(ed2) == ["张三", "说话人3", "张三", "说话人3", "李四"]
        assert again.speaker_names(jid) == {0: "张三", 1: "李四"}
    finally:
        again.close()


def test_labels_from_the_end_of_a_live_run_appear_when_the_job_is_over(qtbot, tmp_path: Path) -> None:
    store = JobStore(tmp_path / "live.sqlite3")
    jid = make_job(store, tmp_path)
    add_with_speakers(store, jid, [-1] * len(TEXTS))  # while transcribing: no labels yet (clustering is at the end)
    ed = editor(qtbot, store, jid)
    assert ed.view.isColumnHidden(SPEAKER)
    store.set_speaker_labels(jid, [replace(s, speaker=k) for s, k in zip(store.segments(jid), WHO)])
    ed.sentences_arrived()  # the window calls it when the job is over
    assert not ed.view.isColumnHidden(SPEAKER)
    assert shown_names(ed) == ["说话人1", "说话人2", "说话人1", "说话人3", "说话人2"]
    store.close()


def test_a_merge_is_one_undoable_step(qtbot, job) -> None:
    store, jid = job
    ed = editor(qtbot, store, jid)
    before_labels, before_names = [s.speaker for s in ed.model.rows], store.speaker_names(jid)
    ed.save_text(0, "先改一句。")  # a text edit before the merge stays when the merge is undone
    assert speakers.merge(ed, 1, 0) == 2
    assert store.speaker_labels(jid) == [0, 2] and store.speaker_names(jid) == {0: "李四"}
    assert ed.undo_stack.undoText() == "Merge speakers"
    ed.actions_by_id["undo"].trigger()
    assert [s.speaker for s in ed.model.rows] == before_labels and store.speaker_names(jid) == before_names
    assert ed.model.rows[0].text == "先改一句。"
    assert set(shown_names(ed)) == {"说话人1", "李四", "说话人3"}
    ed.actions_by_id["redo"].trigger()
    assert store.speaker_labels(jid) == [0, 2] and store.speaker_names(jid) == {0: "李四"}
    ed.close()
    again = editor(qtbot, store, jid)  # the step survives reopening, like text edits
    again.undo_stack.undo()
    assert [s.speaker for s in again.model.rows] == before_labels
    again.undo_stack.undo()
    assert again.model.rows[0].text != "先改一句。"
