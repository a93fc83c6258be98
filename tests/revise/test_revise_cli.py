"""`main.py transcribe --speakers N` on a file the history holds as finished (speakers off): only the speaker step
runs on the saved transcript, the corrections stay, nothing is recognised again, and the CLI says so."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.jobs.edits import EditStore
from models.jobs.store import JobStore
from speakers.spkhelp import two_voices


def test_cli_adds_speakers_to_a_finished_transcript(tiny_models: Path, speech_clips: dict, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from models.asr.engine import Engine
    from models.cli.main import main

    monkeypatch.setenv("MODELSCOPE_CACHE", str(tiny_models))
    audio = two_voices(speech_clips, tmp_path / "meeting.wav", turns=5)
    out = tmp_path / "out"
    base = ["transcribe", "-q", "--precision", "fp32", "--device", "cpu", "-f", "json", "-o", str(out)]
    assert main([*base, str(audio)]) == 0
    store = JobStore.open_default()
    job = store.list_jobs()[0]
    edits = EditStore(store.db)
    n = edits.count(job.id)
    fixes = {p: f"改过的第{p}句。" for p in (0, n // 2, n - 1)}
    for p, t in fixes.items():
        edits.set_text(job.id, p, t)
    texts = [s.text for s in edits.sentences(job.id)]
    store.close()
    capsys.readouterr()

    def refuse(*_a, **_k):
        raise AssertionError("the recogniser was called")

    monkeypatch.setattr(Engine, "transcribe", refuse)
    monkeypatch.setattr(Engine, "_run_asr", refuse)
    assert main([*base, "--speakers", "2", str(audio)]) == 0
    assert "adding speakers to the saved transcript" in capsys.readouterr().err

    saved = json.loads((out / "meeting.json").read_text("utf-8"))
    assert [s["text"] for s in saved["segments"]] == texts  # the corrections, in the export too
    assert saved["segments"] and all(s.get("spk") in (0, 1) for s in saved["segments"])
    store = JobStore.open_default()
    assert [j.id for j in store.list_jobs()] == [job.id]  # the same job, not a new one
    assert [s.text for s in EditStore(store.db).sentences(job.id)] == texts
    assert store.get(job.id).settings["speakers"]["mode"] == "fixed"
    store.close()

    # the same request again: the saved transcript with its speakers, nothing added or recognised
    assert main([*base, "--speakers", "2", str(audio)]) == 0
    assert "adding speakers" not in capsys.readouterr().err
