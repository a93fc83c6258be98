"""`batch --speakers N` (issue 15): every sentence of every file gets a label, the speaker option is part of the
batch settings (a rerun with other speakers redoes the files), and the Ray workers' path (run_file without the
job history: the engine clusters itself) labels too."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from batch.conftest import cli
from models.batch.manifest import DONE, read_rows
from models.batch.work import Task, run_file
from models.speakers.options import SpeakerOptions
from speakers.spkhelp import two_voices

ARGS = ["--precision", "fp32", "--device", "cpu", "--threads", "1", "--format", "json", "-q"]


def test_local_batch_with_speakers(tiny_models: Path, speech_clips: dict, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELSCOPE_CACHE", str(tiny_models))
    monkeypatch.setitem(sys.modules, "ray", None)
    inputs = tmp_path / "in"
    inputs.mkdir()
    two_voices(speech_clips, inputs / "a.wav", turns=4)
    two_voices(speech_clips, inputs / "b.wav", turns=3)
    out = tmp_path / "out"
    assert cli(["batch", str(inputs), "-o", str(out), "--speakers", "2", *ARGS]) == 0
    for name in ("a", "b"):
        segs = json.loads((out / f"{name}.json").read_text("utf-8"))["segments"]
        assert segs and all(s["spk"] in (0, 1) for s in segs)
    rows = read_rows(out)
    assert all(r.status == DONE and r.settings["speakers"]["n"] == 2 for r in rows)
    assert cli(["batch", str(inputs), "-o", str(out), *ARGS]) == 0  # speakers off: other settings, done again
    assert all("spk" not in s for s in json.loads((out / "a.json").read_text("utf-8"))["segments"])
    assert all("speakers" not in r.settings for r in read_rows(out))


def test_run_file_without_history_labels_speakers(tiny_engine, speech_clips: dict, tmp_path: Path) -> None:
    audio = two_voices(speech_clips, tmp_path / "m.wav", turns=3)
    task = Task(0, str(audio), "m", None, None, 0.0)
    res = run_file(tiny_engine, task, tmp_path, ["json"], "w0", None, SpeakerOptions.parse("2"))
    assert res.ok, res.error
    segs = json.loads(Path(res.staged[0]).read_text("utf-8"))["segments"]
    assert segs and all(s["spk"] in (0, 1) for s in segs)
