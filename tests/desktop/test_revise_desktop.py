"""Finished transcripts in the window: speakers from the queue's Speakers submenu (worker thread, no second
recognition), text settings applied to the open transcript with the corrections listed apart, and Retry that asks
first and carries the corrections over by time (fake engine; real runner, job history, clustering and dialogs)."""
from __future__ import annotations

import pytest

from desktop.editor.sentence_model import SPEAKER
from desktop.queue.model import JobStatus
from desktop.settings.store import Key
from desktop.window.window_revise import APPLY_TEXT
from models.jobs.edits import EditStore
from tests.desktop.fakes import TEXTS, FakeStore
from tests.desktop.test_main_window import FAKE_SPECS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(qtbot, settings, control, tmp_path):
    from desktop.window.main_window import MainWindow
    from models.jobs.store import JobStore

    settings.set_value(Key.AUTO_START, False)
    settings.set_value(Key.TEXT_ITN, False)
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS, jobs=JobStore(tmp_path / "history.sqlite3"))
    w.confirm_close = False
    qtbot.addWidget(w)
    yield w
    w.close()


def _finished(qtbot, window, make_wav, seconds: float = 16.0):
    """One file transcribed (8 sentences), selected and shown, with three sentences corrected."""
    window.add_paths([make_wav("meeting.wav", seconds)])
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=10000):
        window.start()
    job = window.queue.jobs[0]
    assert job.status is JobStatus.DONE
    window.select_row(0)
    editor = window.transcript.editor
    fixes = {0: "第一句改过了。", 3: "第四句改过了。", 6: "第七句改过了。"}
    for pos, text in fixes.items():
        editor.save_text(pos, text)
    return job, editor, fixes


def test_speakers_on_a_finished_file_keep_corrections_without_transcribing(qtbot, window, control,
                                                                          make_wav) -> None:
    job, editor, fixes = _finished(qtbot, window, make_wav)
    texts = [s.text for s in editor.model.rows]
    menu = window.actions_.speakers_menu
    menu.refresh()
    assert menu.menuAction().isEnabled()  # a finished file's Speakers submenu is not greyed out any more
    transcribed = list(control.transcribed)
    with qtbot.waitSignal(window.runner.speakers_applied, timeout=10000):
        menu.choose("2")
    assert control.transcribed == transcribed  # the recogniser never ran again
    assert len(control.embedded) == 8  # CAM++ on each stored segment, in the worker
    rows = editor.model.rows
    assert [s.text for s in rows] == texts and all(rows[p].text == t for p, t in fixes.items())
    assert [s.speaker for s in rows] == [i % 2 for i in range(8)]  # the fake's two voices, alternating
    assert not editor.view.isColumnHidden(SPEAKER)  # the Speaker column appears
    assert job.speakers is not None and job.speakers.n == 2  # the row shows the choice
    assert editor.undo_stack.undoText() == "Speakers"
    editor.undo_stack.undo()  # one step: the labels go, the corrections stay
    assert all(s.speaker == -1 for s in editor.model.rows) and [s.text for s in editor.model.rows] == texts
    editor.undo_stack.redo()
    assert {s.speaker for s in editor.model.rows} == {0, 1}


def test_text_settings_applied_to_the_open_transcript(qtbot, window, settings, make_wav, tmp_path) -> None:
    job, editor, fixes = _finished(qtbot, window, make_wav)
    before = [s.text for s in editor.model.rows]
    glossary = tmp_path / "glossary.txt"
    glossary.write_text("房 => 住房\n改过 => 修改过\n", "utf-8")
    settings.set_value(Key.GLOSSARY, str(glossary))
    window.apply_settings({str(Key.GLOSSARY)})
    assert window.notice.text() and window.notice.action_id == APPLY_TEXT  # offered for the open transcript
    window.notice.action.click()
    qtbot.waitUntil(lambda: window.revise.text_dialog is not None, timeout=5000)
    dialog = window.revise.text_dialog
    changed = {c.pos for c in dialog.plan.changed}
    assert changed == {p for p, t in enumerate(before) if "房" in t and p not in fixes} and changed
    assert {c.pos for c in dialog.plan.corrections} == set(fixes)  # listed, not applied unless ticked
    assert dialog.corrections_table.rowCount() == 3 and not dialog.with_corrections
    dialog.accept()
    after = [s.text for s in editor.model.rows]
    assert all(after[p] == before[p].replace("房", "住房") for p in changed)
    assert all(after[p] == before[p] for p in range(len(before)) if p not in changed)
    assert editor.undo_stack.undoText() == "Text settings"
    editor.undo_stack.undo()
    assert [s.text for s in editor.model.rows] == before


def test_retry_asks_and_carries_corrections_over(qtbot, window, control, make_wav, monkeypatch) -> None:
    job, editor, fixes = _finished(qtbot, window, make_wav)
    editor.edits.split(editor.job_id, 1, 4)  # a sentence cut in two and both pieces corrected: cannot be carried
    editor.refresh()
    editor.save_text(1, "前半，")
    editor.save_text(2, "后半。")
    fixes = {(p + 1 if p > 1 else p): t for p, t in fixes.items()}
    asked: list[str] = []
    monkeypatch.setattr(window, "confirm", lambda title, text: asked.append(text) or False)
    window.retry_selected()
    assert asked and "carried over" in asked[0] and job.status is JobStatus.DONE  # said no: nothing happens
    monkeypatch.setattr(window, "confirm", lambda title, text: asked.append(text) or True)
    window.retry_selected()
    assert job.status is JobStatus.QUEUED
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=10000):
        window.start()
    qtbot.waitUntil(lambda: window.revise.carry_dialog is not None, timeout=5000)
    rows = EditStore(window.jobs.db).sentences(window.jobs.get(job.id).id)
    assert len(rows) == 8 and [s.text for s in rows if s.edited] == [fixes[0], fixes[4], fixes[7]]
    dialog = window.revise.carry_dialog
    assert dialog.isVisible() and dialog.table.rowCount() == 2
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["前半，", "后半。"]
    assert [s.text for s in editor.model.rows][1] == TEXTS[1]


def test_a_finished_job_reaches_the_watch_folders_with_its_transcript(qtbot, window, make_wav,
                                                                      monkeypatch) -> None:
    """The window's watch wiring read a transcript the queue row never had (an error dialog after every file)."""
    from desktop.watch.window_watch import WindowWatch

    watch = WindowWatch(window)
    got: list[tuple[str, object]] = []
    monkeypatch.setattr(watch.service, "job_finished", lambda job_id, t: got.append((job_id, t)))
    a, b = make_wav("a.wav", 4.0), make_wav("b.wav", 4.0)
    jobs = window.add_paths([a, b])
    watch.service.pending[jobs[1].id] = object()  # b.wav was taken from a watch folder
    with qtbot.waitSignal(window.runner.queue_stopped, timeout=10000):
        window.start()
    assert [j for j, _t in got] == [jobs[1].id]
    assert [s.text for s in got[0][1].segments] == list(TEXTS[:2])
    watch.service.stop()
