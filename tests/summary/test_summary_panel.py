"""The Summary panel (pytest-qt, offscreen): streams, saves with the job, Cancel keeps finished chunks, citations
play, a remote endpoint is asked about once."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

import desktop.common.qtfix  # noqa: E402,F401
from tests.summary.conftest import meeting  # noqa: E402
from tests.summary.fakellm import FakeLLM  # noqa: E402


@pytest.fixture
def job(tmp_path: Path) -> tuple[Any, int]:
    from models.jobs.edits import EditStore
    from models.jobs.store import JobStore

    audio = tmp_path / "weekly.wav"
    audio.write_bytes(b"RIFF" + b"\0" * 100)
    jobs = JobStore(tmp_path / "history.sqlite3")
    j = jobs.enqueue(audio)
    t = meeting(hours=0.3)
    jobs.add_segments(j.id, t.segments, vad_done=1, resume_ms=t.duration_ms)
    jobs.rename_speaker(j.id, 0, "张三")
    EditStore(jobs.db).set_text(j.id, 0, "我改过的第一句，由赵六负责。")  # a correction the model must see
    yield jobs, j.id
    jobs.close()


@pytest.fixture
def panel(qtbot: Any, llm: FakeLLM, job: tuple[Any, int]) -> Any:
    from desktop.editor.summary_panel import SummaryPanel
    from desktop.settings.store import Key, Settings

    settings = Settings()
    settings.set_value(Key.SUMMARY_ENDPOINT, llm.url)
    settings.set_value(Key.SUMMARY_CONTEXT, 2048)
    p = SummaryPanel(job[0], settings)
    qtbot.addWidget(p)
    p.show_job(job[1])
    return p


def test_streams_saves_and_citations_play(qtbot: Any, panel: Any, llm: FakeLLM, job: tuple[Any, int]) -> None:
    from models.jobs.summaries import load_minutes

    arrived: list[str] = []
    assert panel.start()
    panel.run.text_arrived.connect(arrived.append)
    with qtbot.waitSignal(panel.minutes_saved, timeout=60_000):
        pass
    assert arrived and not panel.cancel_button.isEnabled() and panel.start_button.isEnabled()
    assert "我改过的第一句" in llm.chats[0]["messages"][1]["content"] and "张三：" in llm.chats[0]["messages"][1]["content"]
    minutes = load_minutes(job[0].db, job[1])
    assert minutes is not None and minutes.actions
    html = panel.view.toHtml()
    assert 'href="t:' in html
    starts = {s.start_ms // 1000 * 1000 for s in meeting(hours=0.3).segments}
    ms = minutes.decisions[0].cites_ms[0]
    assert ms in starts
    from PySide6.QtCore import QUrl

    with qtbot.waitSignal(panel.seek_requested) as blocker:
        panel.view.anchorClicked.emit(QUrl(f"t:{ms}"))
    assert blocker.args == [ms]
    panel.show_job(job[1])  # reopened: the saved minutes are shown
    assert "待办事项" in panel.view.toPlainText()


def test_cancel_then_continue(qtbot: Any, panel: Any, llm: FakeLLM) -> None:
    llm.fail[2] = ("stall",)
    assert panel.start()
    assert llm.wait_for_chats(3)
    run = panel.run
    panel.cancel()
    assert panel.run is None and panel.start_button.isEnabled()
    assert run.wait(30)
    done = [c["messages"][1]["content"] for c in llm.chats[:2]]
    llm.fail.clear()
    n = len(llm.chats)
    assert panel.start()
    with qtbot.waitSignal(panel.minutes_saved, timeout=60_000):
        pass
    again = [c["messages"][1]["content"] for c in llm.chats[n:]]
    assert not set(done) & set(again)


def test_error_is_shown_and_nothing_saved(qtbot: Any, panel: Any, llm: FakeLLM, job: tuple[Any, int]) -> None:
    from models.jobs.summaries import load_minutes

    llm.fail_all = ("status", 404, 'model "x" not found, try pulling it first')
    assert panel.start()
    qtbot.waitUntil(lambda: panel.run is None, timeout=30_000)
    assert "ollama pull" in panel.status.text()
    assert load_minutes(job[0].db, job[1]) is None


def test_remote_endpoint_is_asked_once(panel: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: (asked.append(a[2]), answers.pop(0))[1])
    url = "http://192.0.2.7:8080/v1"
    assert not panel.confirm_endpoint(url)
    assert panel.confirm_endpoint(url)
    assert panel.confirm_endpoint(url) and panel.confirm_endpoint("http://192.0.2.7:8080/other")
    assert len(asked) == 2 and "not on this computer" in asked[0]
    assert panel.confirm_endpoint("http://localhost:1234/v1")  # local: never asked


def test_pane_plays_a_clicked_citation(qtbot: Any, job: tuple[Any, int], monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.settings.store import Settings
    from desktop.window.transcript_pane import TranscriptPane

    pane = TranscriptPane(job[0], settings=Settings())
    qtbot.addWidget(pane)
    played: list[int] = []
    monkeypatch.setattr(pane.editor.player, "play_from", played.append)
    pane.summary = pane.summary  # the panel exists beside the editor
    assert pane.summary is not None and not pane.summary.isVisibleTo(pane)
    pane.summary_button.setChecked(True)
    assert pane.summary.isVisibleTo(pane)
    pane.summary.seek_requested.emit(12_000)
    assert played == [12_000]


def test_export_from_the_window_carries_the_saved_minutes(job: tuple[Any, int], tmp_path: Path) -> None:
    from desktop.settings.store import Key, Settings
    from desktop.window.export import export_job, saved_minutes
    from models.jobs.summaries import save_minutes
    from models.summary.minutes import parse

    jobs, sid = job
    uid = jobs.get(sid).uid

    class Row:  # the queue row: only its id and path are read
        id = uid
        path = tmp_path / "weekly.wav"

    assert saved_minutes(sid, jobs) is None
    save_minutes(jobs.db, sid, parse("## 摘要\n已定 [00:00:00]\n## 决定\n- 上线\n## 待办事项\n- 负责人：张三｜截止：周五｜发布\n"))
    out = tmp_path / "out"
    settings = Settings()
    settings.set_value(Key.EXPORT_FORMATS, ["md", "txt"])
    written = export_job(Row(), out / "weekly", settings, jobs)
    md = (out / "weekly.md").read_text(encoding="utf-8")
    assert "## 待办事项" in md and "| 发布 | 张三 | 周五 |" in md and "我改过的第一句" in md
    assert "待办" not in (out / "weekly.txt").read_text(encoding="utf-8") and len(written) == 2
