"""`main.py live` on the virtual microphone: final sentences printed while the meeting plays, Ctrl+C (SIGINT)
finishes and exports, kill -9 keeps the recording and every sentence shown, and the next run resumes the rest."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from tests.live.conftest import make_meeting

REPO = Path(__file__).resolve().parents[2]


def _start(vmic, tiny_models: Path, out: Path, *extra: str) -> subprocess.Popen:
    """The CLI in a subprocess; its stdout goes to <out>.stdout (read with _stdout), its stderr to <out>.stderr."""
    env = {**os.environ, **{k: v for k, v in vmic.env.items() if k in ("XDG_RUNTIME_DIR",)},
           "MODELSCOPE_CACHE": str(tiny_models), "PYTHONUNBUFFERED": "1"}
    args = [sys.executable, str(REPO / "main.py"), "live", "-o", str(out), "--precision", "fp32", "-f", "json,txt"]
    if vmic.device:
        args += ["--input", vmic.device]
    out.mkdir(parents=True, exist_ok=True)
    log = open(out.with_suffix(".stdout"), "a", encoding="utf-8")
    err = open(out.with_suffix(".stderr"), "w", encoding="utf-8")
    return subprocess.Popen(args + list(extra), env=env, stdout=log, stderr=err, text=True)


def _stdout(out: Path) -> list[str]:
    return out.with_suffix(".stdout").read_text(encoding="utf-8").splitlines()


def _stderr(out: Path) -> str:
    return out.with_suffix(".stderr").read_text(encoding="utf-8")


def _wait_line(proc: subprocess.Popen, out: Path, pattern: str, timeout: float, stream=_stdout) -> None:
    """Returns once a line of stdout (or the stream given) contains pattern; fails on timeout or exit."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        got = stream(out)
        if pattern in (got if isinstance(got, str) else "\n".join(got)):
            return
        time.sleep(0.2)
    raise AssertionError(f"no {pattern!r} in {stream(out)}; exit {proc.poll()}; stderr: {_stderr(out)}")


def _wait_recording(proc: subprocess.Popen, out: Path) -> None:
    """Until the CLI says it records: the engine loads first, however long this machine takes."""
    _wait_line(proc, out, "(Ctrl+C stops)", 180, _stderr)


def _stop(proc: subprocess.Popen, out: Path, timeout: float = 60) -> str:
    """SIGINT, then the exit; returns stderr."""
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=timeout)
    return _stderr(out)


def test_live_prints_final_sentences_and_sigint_exports(vmic, tiny_models: Path, speech_clips: dict,
                                                        tmp_path: Path) -> None:
    wav, audio = make_meeting(speech_clips, tmp_path / "meeting.wav")
    out = tmp_path / "out"
    proc = _start(vmic, tiny_models, out)
    try:
        _wait_recording(proc, out)
        player = vmic.play(wav)
        _wait_line(proc, out, "[0:", 60)  # a final sentence with its time, while the meeting plays
        assert player.poll() is None, "the sentence should appear while the audio is still playing"
        player.wait(60)
        time.sleep(2.5)
        err = _stop(proc, out)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    recs = sorted(out.glob("*.wav"))
    assert len(recs) == 1
    assert sf.info(str(recs[0])).duration >= audio.size / 16000 - 0.5
    data = json.loads(recs[0].with_suffix(".json").read_text(encoding="utf-8"))
    printed = [ln for ln in _stdout(out) if ln.startswith("[")]
    assert len(data["segments"]) == len(printed) >= 2
    assert "finished" in err and recs[0].with_suffix(".txt").exists()


def test_kill_9_keeps_the_recording_and_the_sentences_and_resumes_the_rest(vmic, tiny_models: Path,
                                                                           speech_clips: dict, tmp_path: Path) -> None:
    wav, audio = make_meeting(speech_clips, tmp_path / "meeting.wav")
    out = tmp_path / "out"
    proc = _start(vmic, tiny_models, out)
    try:
        _wait_recording(proc, out)
        player = vmic.play(wav)
        _wait_line(proc, out, "[0:", 60)
        time.sleep(1.0)
        proc.kill()  # SIGKILL: nothing of Tingxie runs after this
        proc.wait(10)
        shown = [ln for ln in _stdout(out) if ln.startswith("[")]
        player.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
    recs = sorted(out.glob("*.wav"))
    from models.capture.files import marker_path

    assert len(recs) == 1 and marker_path(recs[0]).exists()  # left unfinished
    # The next run repairs the recording and binds its live transcript; transcribing the file resumes.
    again = _start(vmic, tiny_models, out)
    try:
        _wait_recording(again, out)
        err = _stop(again, out)
    finally:
        if again.poll() is None:
            again.kill()
    assert "recovered" in err and "resumes at" in err, err
    frames = sf.info(str(recs[0])).frames
    assert frames / sf.info(str(recs[0])).samplerate > 1.0  # the audio up to the kill is in the file
    env = {**os.environ, "MODELSCOPE_CACHE": str(tiny_models)}
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "transcribe", str(recs[0]), "-o", str(tmp_path / "t"),
                        "--precision", "fp32", "-f", "json"], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "resuming where it stopped" in r.stderr
    data = json.loads((tmp_path / "t" / recs[0].with_suffix(".json").name).read_text(encoding="utf-8"))
    texts = [s["text"] for s in data["segments"]]
    assert [ln.split("] ", 1)[1] for ln in shown] == texts[:len(shown)]
    assert np.all(np.diff([s["start_ms"] for s in data["segments"]]) >= 0)


def test_live_source_both_records_the_meeting_on_two_channels(vmic, speakers, tiny_models: Path, speech_clip: Path,
                                                              tmp_path: Path) -> None:
    from models.audio.layout import layout

    out = tmp_path / "out"
    proc = _start(vmic, tiny_models, out, "--source", "both")
    try:
        _wait_recording(proc, out)
        assert speakers.play(speech_clip).wait(30) == 0
        time.sleep(1.0)
        err = _stop(proc, out)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "speakers.monitor" in err
    recs = sorted(out.glob("*.wav"))
    assert len(recs) == 1 and sf.info(str(recs[0])).channels == 2
    assert layout(recs[0]) == ("mic", "system")
    data, _rate = sf.read(str(recs[0]), dtype="float32")
    assert data[:, 1].std() > 0.01 > data[:, 0].std()  # the meeting's sound on channel 2, a silent microphone
