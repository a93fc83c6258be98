"""Recording from the PulseAudio virtual microphone (issue 5)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from models.capture.capture import Recorder, State, find_unfinished, repair
from tests.recorder.helpers import correlation

pytestmark = pytest.mark.mic
CHILD = Path(__file__).with_name("record_child.py")


def _wait(cond, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def test_records_clip_at_native_rate_with_exact_duration(vmic, speech_clip, tmp_path):
    source, src_rate = sf.read(speech_clip, dtype="float32")
    rec = Recorder()
    path = rec.start(vmic.device, tmp_path)
    t0 = time.monotonic()
    _wait(lambda: rec.elapsed > 0.05)  # first callback: the stream is live
    player = vmic.play(speech_clip)
    assert player.wait(timeout=15) == 0, player.stderr.read()
    levels = rec.level
    time.sleep(0.2)
    t1 = time.monotonic()
    assert rec.stop() == path
    info = sf.info(path)
    data, rate = sf.read(path, dtype="float32")
    assert (info.channels, info.subtype, rate) == (1, "PCM_16", rec.samplerate)
    assert abs(info.duration - (t1 - t0)) <= 0.2, (info.duration, t1 - t0)
    r, lag = correlation(data, rate, source, src_rate)
    rms_rec, rms_src = float(np.sqrt(np.mean(data**2))), float(np.sqrt(np.mean(source**2)))
    print(f"\nrecorded {info.duration:.3f} s for {t1 - t0:.3f} s at {rate} Hz; r={r:.3f} lag={lag:.3f} s; "
          f"rms {rms_rec:.3f} (source {rms_src:.3f}); dropped {rec.dropped_blocks}; level {levels}")
    assert r >= 0.9
    assert rec.dropped_blocks == 0
    assert not find_unfinished(tmp_path)
    assert rec.state is State.IDLE


def test_stop_right_after_record_gives_valid_short_file(vmic, tmp_path):
    rec = Recorder()
    path = rec.start(vmic.device, tmp_path)
    rec.stop()
    data, rate = sf.read(path, dtype="int16")
    assert rate == rec.samplerate and data.ndim == 1 and len(data) / rate < 0.2
    assert not find_unfinished(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no marker left


def test_pause_excludes_audio_and_resume_continues(vmic, tmp_path):
    rec = Recorder()
    path = rec.start(vmic.device, tmp_path)
    t0 = time.monotonic()
    time.sleep(0.6)
    rec.pause()
    t1 = time.monotonic()
    assert rec.status().state is State.PAUSED
    time.sleep(0.6)
    rec.resume()
    t2 = time.monotonic()
    time.sleep(0.6)
    t3 = time.monotonic()
    rec.stop()
    expect = (t1 - t0) + (t3 - t2)
    assert abs(sf.info(path).duration - expect) <= 0.2, (sf.info(path).duration, expect)
    assert rec.dropped_blocks == 0 and rec.lost_seconds == 0.0  # the pause is not lost input (issue 13 fix 3)


def test_silence_and_clipping_are_reported(vmic, tmp_path):
    loud = tmp_path / "square.wav"
    t = np.arange(16000) / 16000
    sf.write(loud, np.sign(np.sin(2 * np.pi * 200 * t)).astype("float32"), 16000, subtype="PCM_16")
    rec = Recorder()
    rec.start(vmic.device, tmp_path / "rec")
    _wait(lambda: rec.status().silent_s >= 0.5)  # the null sink carries digital silence
    assert not rec.status().clipping
    vmic.play(loud).wait(timeout=10)
    _wait(lambda: rec.status().clipping)
    st = rec.status()
    assert st.silent_s < 0.5 and st.peak >= 0.99
    rec.stop()


def test_kill_9_leaves_a_playable_file_up_to_the_last_second(vmic, speech_clip, tmp_path):
    child = subprocess.Popen([sys.executable, str(CHILD), str(tmp_path), "--device", vmic.device or ""],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=vmic.env)
    player = None
    try:
        for line in child.stdout:
            st = json.loads(line)
            if player is None and st["elapsed"] >= 0.5:
                player = vmic.play(speech_clip)
            if st["elapsed"] >= 2.5:
                break
        else:
            pytest.fail(f"recorder child ended: {child.stderr.read()}")
        os.kill(child.pid, signal.SIGKILL)
        killed_at = st["elapsed"]
        child.wait(timeout=5)
    finally:
        if child.poll() is None:
            child.kill()
        if player is not None:
            player.kill()
            player.wait(timeout=5)
    path = Path(st["path"])
    before = sf.info(path).duration  # readable as is: the header is patched on every flush
    assert find_unfinished(tmp_path) == [path]
    assert repair(path) == path
    data, rate = sf.read(path, dtype="float32")
    after = len(data) / rate
    print(f"\nkilled at {killed_at:.2f} s of audio: file held {before:.2f} s before repair, {after:.2f} s after")
    assert before >= killed_at - 1.0
    assert after >= killed_at - 1.0
    last = data[-rate:]
    assert np.sqrt(np.mean(last**2)) > 0.01  # the clip was playing: the last second holds speech
    assert not find_unfinished(tmp_path)
    assert repair(path) == path and len(sf.read(path)[0]) == len(data)  # idempotent
