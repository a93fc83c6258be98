"""Unnamed speaker labels are written in the transcript's script: 說話人1 with --script traditional (the CLI's
path: JobRunner keeps the text steps' settings on the job; every export reads the transcript from the history)."""
from __future__ import annotations

from pathlib import Path

import pytest

from models.core.transcript import Segment
from models.export import formats as exporters
from models.jobs.identity import FileIdentity
from models.jobs.store import JobStore


@pytest.mark.parametrize("script, label", [("simplified", "说话人1"), ("traditional", "說話人1"),
                                           ("taiwan", "說話人1"), ("hongkong", "説話人1")])  # HK form of 說
def test_exports_label_speakers_in_the_jobs_script(tmp_path: Path, script: str, label: str) -> None:
    audio = tmp_path / "meeting.wav"
    audio.write_bytes(b"RIFF" + bytes(4092))
    store = JobStore(tmp_path / "history.sqlite3")
    settings = {"device": "cpu", "text": {"script": script, "itn": False}}
    with store.db.transaction() as c:
        jid = store.insert_row(c, FileIdentity.of(audio), settings)
    store.add_segments(jid, [Segment(0, 900, "開會。", vad_index=0, speaker=0),
                             Segment(1000, 1900, "好的。", vad_index=1, speaker=1)], 2, 1900)
    transcript = store.transcript(jid)
    assert transcript.speaker_name(0) == label
    store.rename_speaker(jid, 1, "张三")  # a name the user gave is kept as typed
    (tmp_path / "out").mkdir()
    written = exporters.write_all(store.transcript(jid), tmp_path / "out", ["txt"], stem="meeting")
    text = written[0].read_text("utf-8")
    assert label in text and "张三" in text
    if script != "simplified":
        assert "说话人" not in text
    store.close()
