"""File → Open batch results… (issue 18): a batch output folder's manifest, read-only, and its transcripts.

The manifest is written by models.batch.manifest itself and the transcript by models.export (no Ray, no engine)."""
from __future__ import annotations

from pathlib import Path

import pytest

from models.batch.manifest import DONE, FAILED, PENDING, RUNNING, Manifest, Row
from models.core.transcript import Segment, Transcript
from models.export.formats import write


def _seg(start: int, end: int, text: str, speaker: int = -1) -> Segment:
    return Segment(start, end, text, tuple(text), tuple((start, end) for _ in text), vad_index=0, speaker=speaker)


@pytest.fixture
def batch_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "2025").mkdir(parents=True)
    t = Transcript(source="/in/2025/周一例会.wav", duration_ms=65_000,
                   segments=[_seg(0, 3200, "大家好，今天开会。", 0), _seg(3500, 9000, "好的，我们开始吧。", 1)],
                   speakers={0: "主持人"}, device="cpu", precision="int8", backend="onnx", threads=2)
    write(t, out / "2025" / "周一例会.json", "json")
    write(t, out / "2025" / "周一例会.txt", "txt")
    (out / "lecture.txt").write_text("只有文本的转写。\n", encoding="utf-8")
    m = Manifest(out)
    m.put(Row(path="/in/2025/周一例会.wav", key="/in/2025/周一例会.wav", out="2025/周一例会", status=DONE,
              outputs=["2025/周一例会.json", "2025/周一例会.txt"], audio_s=65.0))
    m.put(Row(path="/in/lecture.wav", key="/in/lecture.wav", out="lecture", status=DONE, outputs=["lecture.txt"],
              audio_s=3725.0))
    m.put(Row(path="/in/notes.mp3", key="/in/notes.mp3", out="notes", status=FAILED,
              error="Cannot read notes.mp3: not an audio file.\nTraceback ..."))
    m.put(Row(path="/in/gone.wav", key="/in/gone.wav", out="gone", status=DONE, outputs=["gone.json"],
              audio_s=5.0))  # its output was deleted since
    m.put(Row(path="/in/b.wav", key="/in/b.wav", out="b", status=RUNNING))
    m.put(Row(path="/in/c.wav", key="/in/c.wav", out="c", status=PENDING))
    return out


def _table(dlg) -> list[list[str]]:
    p = dlg.proxy
    return [[p.index(r, c).data() or "" for c in range(p.columnCount())] for r in range(p.rowCount())]


def test_lists_the_manifest_read_only(qtbot, batch_dir: Path) -> None:
    from desktop.batch.viewer import BatchResultsDialog

    before = (batch_dir / "tingxie-batch.jsonl").read_bytes()
    dlg = BatchResultsDialog(batch_dir)
    qtbot.addWidget(dlg)
    rows = _table(dlg)
    assert [r[:3] for r in rows] == [["周一例会.wav", "Done", "1:05"], ["lecture.wav", "Done", "1:02:05"],
                                     ["notes.mp3", "Failed", ""], ["gone.wav", "Done", "0:05"],
                                     ["b.wav", "Running or interrupted", ""], ["c.wav", "Waiting", ""]]
    assert rows[0][3] == "2025/周一例会.json, 2025/周一例会.txt"
    assert rows[2][4] == "Cannot read notes.mp3: not an audio file."  # first line; the whole error in the tooltip
    assert "6 files: 3 done, 1 failed, 2 not done" in dlg.summary.text()
    assert not dlg.table.editTriggers() & dlg.table.EditTrigger.AllEditTriggers
    assert (batch_dir / "tingxie-batch.jsonl").read_bytes() == before  # never written


def test_open_transcript_of_a_done_row(qtbot, batch_dir: Path) -> None:
    from desktop.batch.viewer import BatchResultsDialog

    dlg = BatchResultsDialog(batch_dir)
    qtbot.addWidget(dlg)
    assert dlg.select_file("notes.mp3") and not dlg.open_button.isEnabled()
    assert dlg.open_transcript() is None
    assert dlg.select_file("gone.wav") and not dlg.open_button.isEnabled()  # its JSON is gone
    assert dlg.select_file("周一例会.wav") and dlg.open_button.isEnabled()
    shown = dlg.open_transcript()
    assert shown is not None and shown.isVisible()
    qtbot.addWidget(shown)
    assert [s.text for s in shown.transcript.segments] == ["大家好，今天开会。", "好的，我们开始吧。"]
    assert shown.transcript.segments[1].start_ms == 3500 and shown.transcript.speakers[0] == "主持人"
    text = shown.plain_text()
    assert "[00:00:03] 说话人2：好的，我们开始吧。" in text and "主持人" in text
    assert shown.view.isReadOnly()

    assert dlg.select_file("lecture.wav")
    plain = dlg.open_transcript()  # no JSON in this batch: the TXT export as written
    assert plain is not None and plain.transcript is None
    qtbot.addWidget(plain)
    assert plain.plain_text().strip() == "只有文本的转写。"


def test_bad_json_is_reported_not_raised(qtbot, batch_dir: Path) -> None:
    from desktop.batch.viewer import BatchResultsDialog

    (batch_dir / "2025" / "周一例会.json").write_text("{torn", encoding="utf-8")
    dlg = BatchResultsDialog(batch_dir)
    qtbot.addWidget(dlg)
    dlg.select_file("周一例会.wav")
    assert dlg.open_transcript() is None
    assert not dlg.problem.isHidden() and "周一例会.json" in dlg.problem.text()


def test_folder_without_manifest(qtbot, tmp_path: Path) -> None:
    from desktop.batch.viewer import BatchResultsDialog

    dlg = BatchResultsDialog(tmp_path)
    qtbot.addWidget(dlg)
    assert dlg.proxy.rowCount() == 0 and "tingxie-batch.jsonl" in dlg.summary.text()
    assert not dlg.open_button.isEnabled()


def test_file_menu_opens_batch_results(qtbot, settings, control, tmp_path: Path, batch_dir: Path,
                                       monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop.batch.viewer import BatchResultsDialog
    from desktop.settings.store import Key
    from desktop.window.main_window import MainWindow
    from tests.desktop.fakes import FAKE_SPECS, FakeStore

    settings.set_value(Key.AUTO_START, False)
    w = MainWindow(settings, engine_factory=control.factory(), store_factory=lambda: FakeStore(tmp_path / "hub"),
                   model_specs=FAKE_SPECS, load_on_start=False)
    w.confirm_close = False
    qtbot.addWidget(w)
    file_menu = w.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "Open batch results…")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(batch_dir))
    action.trigger()
    dialogs = [d for d in w.findChildren(BatchResultsDialog)]
    assert len(dialogs) == 1 and dialogs[0].out_dir == batch_dir and dialogs[0].proxy.rowCount() == 6
    assert w.ui_state.text("last/batch_folder") == str(batch_dir)
    dialogs[0].close()
    w.runner.shutdown(5000)
