"""Issue 15: speaker names live in the job database: an interrupted job resumed (more segments committed, then
clustering's labels at the end) keeps the names the user gave, and so do reopening and the edited transcript."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from models.jobs.edits import EditStore, edited_transcript
from models.jobs.store import JobState, JobStore
from tests.editor.helpers import make_job, sentence


def test_names_survive_interruption_resume_and_final_labels(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    store = JobStore(db)
    jid = make_job(store, tmp_path)
    first = [replace(sentence(i), speaker=i % 2) for i in range(3)]
    store.add_segments(jid, first, 3, first[-1].end_ms)
    store.rename_speaker(jid, 0, "张三")
    store.rename_speaker(jid, 1, "李四")
    store.mark_interrupted(jid)
    store.close()

    store = JobStore(db)  # the app restarts; the job resumes where it stopped
    assert store.get(jid).state is JobState.INTERRUPTED
    rest = [replace(sentence(i), speaker=-1) for i in range(3, 6)]
    store.add_segments(jid, rest, 6, rest[-1].end_ms)
    everything = store.segments(jid)
    store.set_speaker_labels(jid, [replace(s, speaker=i % 2) for i, s in enumerate(everything)])
    assert store.speaker_names(jid) == {0: "张三", 1: "李四"}
    t = edited_transcript(store, jid)
    assert [t.speaker_name(s.speaker) for s in t.segments] == ["张三", "李四"] * 3
    assert [s.speaker for s in EditStore(store.db).sentences(jid)] == [0, 1] * 3
    store.close()
