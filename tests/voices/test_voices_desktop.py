"""Known voices in the window: Remember this voice, a recognised name shown as matched (score in the tooltip,
undone with one click), corrections that teach a known voice (undoable), the Known voices manager.

Real JobStore, EditStore, editor, library and matching; each sentence's embeddings are synthetic windows of its
voice (a fixed direction per person), so which speaker is whom is under the test's control."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from desktop.editor import speakers
from desktop.editor.editor_widget import TranscriptEditor
from desktop.voices import editor_voices
from desktop.voices.manager import VoicesDialog
from models.jobs.edits import EditStore
from models.jobs.store import JobStore
from models.speakers.windows import SegmentEmbeddings
from models.voices.library import VoiceLibrary
from models.voices.matches import MatchBook
from models.voices.recognise import recognise
from tests.editor.helpers import make_job, sentence
from tests.jobhelp import store  # noqa: F401 (fixture)
from voices.vhelp import voice_rows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
DIM = 192
PEOPLE = np.linalg.qr(np.random.default_rng(5).standard_normal((DIM, 3)))[0].T  # A, B, C: orthogonal voices


def add_meeting(store: JobStore, folder: Path, name: str, who: list[int], voice_of: list[int]) -> int:
    """A job whose sentence i has label who[i], spoken by PEOPLE[voice_of[i]] (two 1.5 s windows each)."""
    jid = make_job(store, folder, name)
    segs = [replace(sentence(i, "今天开会讨论预算大家好没有意见", step_ms=4000), speaker=k) for i, k in enumerate(who)]
    emb = []
    for i, (s, v) in enumerate(zip(segs, voice_of)):
        times = np.array([[s.start_ms, s.start_ms + 1500], [s.end_ms - 1500, s.end_ms]], dtype=np.int64)
        emb.append((i, SegmentEmbeddings(s.start_ms, times, voice_rows(PEOPLE[v], 2, 0.05, 100 * i + v))))
    store.add_segments(jid, segs, len(segs), 0, emb)
    return jid


def editor(qtbot, store: JobStore, jid: int) -> TranscriptEditor:
    ed = TranscriptEditor(EditStore(store.db), jid, None, speakers=store)
    qtbot.addWidget(ed)
    return ed


def test_remember_then_recognised_and_undone_with_one_click(qtbot, store: JobStore, tmp_path: Path) -> None:
    j1 = add_meeting(store, tmp_path, "w1.wav", [0, 1, 0, 1], [0, 1, 0, 1])
    ed = editor(qtbot, store, j1)
    menu = ed.context_menu(0)
    assert "Remember this voice…" in [a.text() for a in menu.actions()]
    lesson = editor_voices.remember(ed, 0, name="张三")
    assert lesson is not None and lesson.before is None
    lib = VoiceLibrary.open_default()
    assert lib.names() == ["张三"] and lib.get("张三").meetings == (store.get(j1).uid,)
    assert store.speaker_names(j1) == {0: "张三"}  # the speaker takes the name too
    assert not ed.voice_bar.isHidden() and "张三" in ed.voice_bar.learnt.text()

    # next week: B speaks first, A second
    j2 = add_meeting(store, tmp_path, "w2.wav", [0, 1, 0, 1], [1, 0, 1, 0])
    found = recognise(store, j2, store.get(j2).uid, EditStore(store.db).segments(j2), lib)
    assert {k: m.name for k, m in found.items()} == {1: "张三"}
    ed.open_job(j2, None)
    assert [ed.model.name(k) for k in (0, 1)] == ["说话人1", "张三"]
    button = ed.voice_bar.buttons[1]
    assert button.text() == "张三 ✓" and f"{found[1].score:.2f}" in button.toolTip()
    button.click()  # one click: back to 说话人2, in the job history (so in every export)
    assert store.speaker_names(j2) == {} and MatchBook.open_default().of(store.get(j2).uid) == {}
    assert ed.model.name(1) == "说话人2" and 1 not in ed.voice_bar.buttons


def test_renaming_to_a_known_name_teaches_that_voice_and_undo_restores_it(qtbot, store: JobStore,
                                                                        tmp_path: Path) -> None:
    j1 = add_meeting(store, tmp_path, "w1.wav", [0, 1], [0, 1])
    ed = editor(qtbot, store, j1)
    editor_voices.remember(ed, 0, name="张三")
    before = VoiceLibrary.open_default().get("张三")
    j2 = add_meeting(store, tmp_path, "w2.wav", [0, 1, 0], [2, 0, 2])
    ed.open_job(j2, None)
    assert speakers.rename(ed, 1, "张三")
    after = VoiceLibrary.open_default().get("张三")
    assert after.meetings == (store.get(j1).uid, store.get(j2).uid)
    assert after.exemplars.shape[0] > before.exemplars.shape[0]
    assert float(after.centroid @ PEOPLE[0]) > 0.75 and abs(float(after.centroid @ PEOPLE[2])) < 0.2
    assert speakers.rename(ed, 0, "李四") and VoiceLibrary.open_default().get("李四") is None  # unknown: no voice
    ed.voice_bar.undo_learnt.click()
    again = VoiceLibrary.open_default().get("张三")
    np.testing.assert_array_equal(again.exemplars, before.exemplars)
    assert again.meetings == before.meetings

    # reassigning a sentence to the person named 张三 teaches with that sentence's speech
    speakers.reassign(ed, 1, rows=[2])
    taught = VoiceLibrary.open_default().get("张三")
    assert taught.exemplars.shape[0] == before.exemplars.shape[0] + 2
    last = taught.exemplars[-1]  # sentence 2 was C's voice: what the user said it is
    assert float(last @ PEOPLE[2]) > 0.7 and abs(float(last @ PEOPLE[0])) < 0.3


def test_voices_manager(qtbot, tmp_path: Path) -> None:
    lib = VoiceLibrary.open_default()
    lib.learn("老张", voice_rows(PEOPLE[0], 20, 0.05, 1), "m1")
    lib.learn("张三", voice_rows(PEOPLE[0], 20, 0.05, 2), "m2")
    lib.learn("李四", voice_rows(PEOPLE[1], 20, 0.05, 3), "m3")
    dlg = VoicesDialog()
    qtbot.addWidget(dlg)
    rows = [(dlg.tree.topLevelItem(i).text(0), dlg.tree.topLevelItem(i).text(1))
            for i in range(dlg.tree.topLevelItemCount())]
    assert rows == [("张三", "1"), ("李四", "1"), ("老张", "1")]
    dlg.tree.setCurrentItem(dlg.tree.findItems("老张", Qt.MatchFlag.MatchExactly)[0])
    assert dlg.merge("张三")
    assert VoiceLibrary.open_default().get("张三").meetings == ("m2", "m1")
    dlg.tree.setCurrentItem(dlg.tree.findItems("李四", Qt.MatchFlag.MatchExactly)[0])
    assert dlg.rename("李老师") and VoiceLibrary.open_default().names() == ["张三", "李老师"]
    dlg.tree.setCurrentItem(dlg.tree.findItems("李老师", Qt.MatchFlag.MatchExactly)[0])
    assert not dlg.rename("张三") and "already a voice called 张三" in dlg.last_error  # taken: refused
    assert dlg.export(tmp_path / "v.json") and dlg.delete(confirm=False)
    assert VoiceLibrary.open_default().names() == ["李老师"]  # the selected (first) one
    assert dlg.forget_all(confirm=False) and dlg.tree.topLevelItemCount() == 0
    assert not VoiceLibrary.default_path().exists()
    assert dlg.import_(tmp_path / "v.json") and dlg.tree.topLevelItemCount() == 2


def test_the_manager_on_a_damaged_library(qtbot) -> None:
    VoiceLibrary.default_path().write_text("garbage", "utf-8")
    dlg = VoicesDialog()
    qtbot.addWidget(dlg)
    assert "is damaged" in dlg.error.text() and not dlg.export_btn.isEnabled()
    assert dlg.forget_all(confirm=False) and len(VoiceLibrary.open_default()) == 0
