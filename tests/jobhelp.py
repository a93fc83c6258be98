"""Shared by the job tests (test_jobs_*.py, test_faults.py, the CLI tests): a 2-minute cut of the long test file and its
uninterrupted transcript, a job store, a stand-in crash, and running `main.py`.

The cut and its transcript are cached in the session's base temp folder, so the reference is computed once per test
session.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf

from models.core.transcript import Transcript
from models.jobs.store import JobStore

REPO = Path(__file__).resolve().parents[1]
EXCERPT_S = 120  # ~20 VAD segments: enough for several interruptions, short enough for a 2-minute test budget
SETTINGS = {"device": "cpu", "precision": "int8", "punc": "punc", "models": {"asr": "a@1"}}


class Crash(Exception):
    """Stands in for a crash at a chosen moment (the real SIGKILL is in test_faults.py)."""


def crash_after(n_vad: int):
    def on_progress(p) -> None:
        if p.segments_done >= n_vad:
            raise Crash
    return on_progress


@pytest.fixture
def store(tmp_path: Path):
    """A fresh job history in the test's folder; import it into a test module to use it."""
    s = JobStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


def excerpt(long_audio: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.getbasetemp() / f"long{EXCERPT_S}.wav"
    if not out.exists():
        x, sr = sf.read(str(long_audio[0]), dtype="int16", frames=EXCERPT_S * 16000)
        tmp = out.with_suffix(".tmp.wav")
        sf.write(str(tmp), x, sr, subtype="PCM_16")
        os.replace(tmp, out)
    return out


def reference(engine, path: Path, tmp_path_factory: pytest.TempPathFactory) -> Transcript:
    """The uninterrupted transcript of `path` by the (FP32, CPU) tiny engine; cached per session."""
    cache = tmp_path_factory.getbasetemp() / f"{path.name}.reference.json"
    if cache.exists():
        return Transcript.from_dict(json.loads(cache.read_text("utf-8")))
    t = engine.transcribe(path)
    cache.write_text(json.dumps(t.to_dict(), ensure_ascii=False), "utf-8")
    return t


def cli_env(models: Path, home: Path) -> dict[str, str]:
    """Environment for a `main.py` subprocess: the fixture models and user folders under `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["MODELSCOPE_CACHE"] = str(models)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(home / var.lower())
    env["PYTHONUNBUFFERED"] = "1"
    return env


def cli(args: list[str], env: dict[str, str], **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(REPO / "main.py"), *args], env=env, cwd=str(REPO),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
