"""A summary stopped half-way (an error, Cancel, kill -9) asks only for the chunks not yet done when run again."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from models.summary.cache import SidecarCache
from models.summary.errors import EndpointRefused
from models.summary.options import SummaryOptions
from models.summary.run import Summarizer
from tests.summary.conftest import meeting
from tests.summary.fakellm import FakeLLM

REPO = Path(__file__).resolve().parents[2]


def user_texts(chats: list[dict]) -> list[str]:
    return [c["messages"][1]["content"] for c in chats]


def test_job_history_keeps_chunks_across_a_failure(llm: FakeLLM, tmp_path: Path) -> None:
    from models.jobs.store import JobStore
    from models.jobs.summaries import JobSummaryCache, load_minutes, save_minutes

    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF" + b"\0" * 100)
    jobs = JobStore(tmp_path / "history.sqlite3")
    job = jobs.enqueue(audio)
    t = meeting(hours=0.5)
    opts = SummaryOptions(endpoint=llm.url, model="fake-model", context_tokens=2048)
    llm.fail[4] = ("status", 500, "out of memory")
    with pytest.raises(EndpointRefused, match="out of memory"):
        Summarizer(opts, JobSummaryCache(jobs.db, job.id)).run(t)
    assert JobSummaryCache(jobs.db, job.id).count() == 4
    assert load_minutes(jobs.db, job.id) is None
    first = user_texts(llm.chats)
    llm.fail.clear()
    jobs.close()
    jobs = JobStore(tmp_path / "history.sqlite3")  # as after a restart
    minutes = Summarizer(opts, JobSummaryCache(jobs.db, job.id)).run(t)
    again = user_texts(llm.chats[5:])
    assert not set(first[:4]) & set(again)  # the four finished chunks were not asked again
    assert again[0] == first[4]  # the failed one was
    save_minutes(jobs.db, job.id, minutes)
    assert load_minutes(jobs.db, job.id) == minutes


def test_kill_9_mid_summary_then_resume(llm: FakeLLM, tmp_path: Path) -> None:
    src = tmp_path / "meeting.json"
    src.write_text(json.dumps(meeting(hours=0.5).to_dict(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "minutes.md"
    cmd = [sys.executable, str(REPO / "main.py"), "summarize", str(src), "--endpoint", llm.url, "--context", "2048",
           "-o", str(out), "-q"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    llm.fail[3] = ("stall",)
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert llm.wait_for_chats(4, timeout=120), "the child never reached the 4th request"
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    sidecar = tmp_path / ".minutes.md.summary-cache.json"
    assert not out.exists()
    assert len(SidecarCache(sidecar).items) == 3
    first = user_texts(llm.chats)
    llm.fail.clear()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    again = user_texts(llm.chats[4:])
    assert not set(first[:3]) & set(again)
    assert again.count(first[3]) == 1
    assert out.exists() and not sidecar.exists()
    assert "## 待办事项" in out.read_text(encoding="utf-8")
