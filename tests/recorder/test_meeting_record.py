"""An online meeting on two channels: the microphone (the virtual microphone) on channel 1, what the computer
plays (the "speakers" null sink's monitor) on channel 2; kill -9 keeps both channels."""
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

from models.capture.capture import Recorder, find_unfinished, repair
from models.capture.files import RecorderError
from models.capture.loopback import SystemInput, find_system_input
from tests.recorder.conftest import TESTDATA
from tests.recorder.helpers import correlation

pytestmark = pytest.mark.mic
CHILD = Path(__file__).with_name("record_child.py")
VOICE_B = TESTDATA / "speech" / "funasr_asr_example_16k.wav"  # the local person, into the microphone


def _wait(cond, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def test_system_input_is_the_default_outputs_monitor(speakers):
    found = find_system_input()
    assert found.env == {"PULSE_SOURCE": "speakers.monitor"}
    assert found.device == "pulse"


def test_no_loopback_device_is_a_message_that_says_what_to_do(vmic):
    with pytest.raises(RecorderError, match="BlackHole"):
        find_system_input("darwin")  # the test machine lists no loopback input


def test_voice_from_the_speakers_on_channel_2_and_the_microphone_on_channel_1(speakers, vmic, speech_clip,
                                                                               tmp_path):
    a, a_rate = sf.read(speech_clip, dtype="float32")
    b, b_rate = sf.read(VOICE_B, dtype="float32")
    rec = Recorder()
    path = rec.start(vmic.device, tmp_path, source="both")
    _wait(lambda: rec.elapsed > 0.3)
    player = speakers.play(speech_clip)
    levels = [(0.0, 0.0), (0.0, 0.0)]
    while player.poll() is None:  # the loudest moment of each meter while A plays
        levels = [max(a, b, key=lambda lv: lv[1]) for a, b in zip(levels, rec.status().levels)]
        time.sleep(0.05)
    assert player.returncode == 0
    assert vmic.play(VOICE_B).wait(timeout=15) == 0
    time.sleep(0.3)
    rec.stop()
    info = sf.info(path)
    data, rate = sf.read(path, dtype="float32")
    assert (info.channels, info.subtype, rate) == (2, "PCM_16", rec.samplerate)
    mic, system = data[:, 0], data[:, 1]
    r_a, lag_a = correlation(system, rate, a, a_rate)
    r_b, lag_b = correlation(mic, rate, b, b_rate)
    print(f"\nA on channel 2: r={r_a:.3f} at {lag_a:.2f} s; B on channel 1: r={r_b:.3f} at {lag_b:.2f} s; "
          f"levels while A played {levels}; gaps {rec.gaps}")
    # The monitor of a second null sink loses blocks on this loaded 2-core machine (they are gaps, silence in the
    # file: measured r 0.74-0.93 for A, 0.99 for B), so A's bar is lower; a voice on the wrong channel gives r < 0.1.
    assert r_a >= 0.6 and r_b >= 0.9
    assert lag_b > lag_a + len(a) / a_rate - 0.2  # B was played after A ended
    # Neither voice leaks onto the other channel (no echo in this set-up).
    cut = int((lag_a + len(a) / a_rate) * rate)
    assert np.sqrt(np.mean(mic[:cut] ** 2)) < 0.01 < np.sqrt(np.mean(system[:cut] ** 2))
    assert np.sqrt(np.mean(system[cut + rate // 2:] ** 2)) < 0.01 < np.sqrt(np.mean(mic[cut:] ** 2))
    assert levels[1][1] > 0.05 and levels[0][1] < 0.01  # the meters: system audio playing, microphone quiet
    assert not find_unfinished(tmp_path)


def test_kill_9_keeps_both_channels_up_to_the_last_second(speakers, vmic, speech_clip, tmp_path):
    child = subprocess.Popen([sys.executable, str(CHILD), str(tmp_path), "--device", vmic.device or "",
                              "--source", "both"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=vmic.env)
    players: list[subprocess.Popen] = []
    try:
        for line in child.stdout:
            st = json.loads(line)
            if not players and st["elapsed"] >= 0.5:
                players = [speakers.play(speech_clip), vmic.play(VOICE_B)]
            if st["elapsed"] >= 3.0:
                break
        else:
            pytest.fail(f"recorder child ended: {child.stderr.read()}")
        os.kill(child.pid, signal.SIGKILL)
        killed_at = st["elapsed"]
        child.wait(timeout=5)
    finally:
        if child.poll() is None:
            child.kill()
        for p in players:
            p.kill()
            p.wait(timeout=5)
    path = Path(st["path"])
    assert find_unfinished(tmp_path) == [path]
    repair(path)
    data, rate = sf.read(path, dtype="float32")
    print(f"\nkilled at {killed_at:.2f} s: {len(data) / rate:.2f} s on {data.shape[1]} channels after repair")
    assert data.shape[1] == 2
    assert len(data) / rate >= killed_at - 1.0
    last = data[-rate:]
    assert np.sqrt(np.mean(last[:, 0] ** 2)) > 0.01  # both voices were playing: speech on both channels
    assert np.sqrt(np.mean(last[:, 1] ** 2)) > 0.01
    assert not find_unfinished(tmp_path)


def _record_meeting(speakers, vmic, speech_clip, folder: Path, *, echo: bool) -> tuple[Path, list, list]:
    """Voice A from the speakers, then voice B into the microphone; with echo, the microphone also hears the
    speakers (a PulseAudio loopback 12 dB down, 40 ms late). Returns the file and A's and B's spans in it (ms)."""
    loop = None
    if echo:
        loop = subprocess.run(["pactl", "load-module", "module-loopback", "source=speakers.monitor", "sink=vmic",
                               "latency_msec=40", "source_dont_move=true", "sink_dont_move=true"],
                              capture_output=True, text=True, check=True).stdout.strip()
        inputs = subprocess.run(["pactl", "list", "sink-inputs"], capture_output=True, text=True).stdout
        for block in inputs.split("Sink Input #")[1:]:
            if f"Owner Module: {loop}\n" in block:
                subprocess.run(["pactl", "set-sink-input-volume", block.split()[0], "-12dB"], check=True)
                break
        else:
            pytest.fail("the loopback's stream was not found")
    try:
        rec = Recorder()
        path = rec.start(vmic.device, folder, source="both")
        _wait(lambda: rec.elapsed > 0.3)
        spans = []
        for play, clip in ((speakers.play, speech_clip), (vmic.play, VOICE_B)):
            at = rec.elapsed
            assert play(clip).wait(timeout=15) == 0
            spans.append([int(at * 1000), int(rec.elapsed * 1000)])
            time.sleep(0.5)
        rec.stop()
    finally:
        if loop:
            subprocess.run(["pactl", "unload-module", loop], check=False)
    return path, spans[0], spans[1]


def _by_span(segments, span, slack: int = 400):
    """Recognised sentences starting in the span (not the markers of spans the recording lost: no tokens)."""
    return [s for s in segments if s.tokens and span[0] - slack <= s.start_ms <= span[1] + slack]


def test_a_recorded_meeting_labels_the_remote_voice_and_the_local_one(speakers, vmic, speech_clip, tiny_engine,
                                                                      tmp_path):
    path, a_span, b_span = _record_meeting(speakers, vmic, speech_clip, tmp_path, echo=False)
    t = tiny_engine.transcribe(path)
    from_a, from_b = _by_span(t.segments, a_span), _by_span(t.segments, b_span)
    labels = [t.label(s) for s in from_a + from_b]
    print(f"\nA {a_span}: {[t.label(s) for s in from_a]}; B {b_span}: {[t.label(s) for s in from_b]}")
    assert from_a and from_b
    right = sum(t.label(s) == "对方" for s in from_a) + sum(t.label(s) == "我" for s in from_b)
    assert right / len(labels) >= 0.95


def test_echo_of_the_speakers_in_the_microphone_gives_no_sentence_twice(speakers, vmic, speech_clip, tiny_engine,
                                                                        tmp_path):
    path, a_span, _b_span = _record_meeting(speakers, vmic, speech_clip, tmp_path, echo=True)
    data, rate = sf.read(path, dtype="float32")
    a0, a1 = a_span[0] * rate // 1000, a_span[1] * rate // 1000
    heard = np.sqrt(np.mean(data[a0:a1, 0] ** 2)) / np.sqrt(np.mean(data[a0:a1, 1] ** 2))
    assert 0.15 < heard < 0.4  # the microphone did hear the speakers, 12 dB down
    t = tiny_engine.transcribe(path)
    from_a = _by_span(t.segments, a_span)
    print(f"\nA {a_span}: {[(s.start_ms, t.label(s)) for s in from_a]}")
    assert from_a and all(s.channel == 1 for s in from_a)


def test_two_streams_of_the_same_sound_line_up(speakers, vmic, speech_clip, tmp_path, monkeypatch):
    """Both inputs record the speakers' monitor: two PortAudio streams, two clocks, one sound. The channels must
    match within 5 ms (median of 2 s windows; every window within 20 ms) (measured: 0-0.5 ms, also with two busy threads; without the clock alignment the
    streams' different start makes it 12 ms here)."""
    monkeypatch.setenv("PULSE_SOURCE", "speakers.monitor")  # the microphone's stream opens it too
    rec = Recorder()
    path = rec.start(vmic.device, tmp_path, source="both",
                     system=SystemInput("pulse", "speakers.monitor", {"PULSE_SOURCE": "speakers.monitor"}))
    _wait(lambda: rec.elapsed > 0.3)
    for _ in range(2):
        assert speakers.play(speech_clip).wait(timeout=15) == 0
    time.sleep(0.3)
    rec.stop()
    data, rate = sf.read(path, dtype="float32")
    lags = []
    for a in range(0, len(data) - 2 * rate, 2 * rate):
        m, s = data[a:a + 2 * rate, 0], data[a:a + 2 * rate, 1]
        if m.std() < 0.01:
            continue
        xc = np.correlate(m[rate // 4:-rate // 4], s, "valid")
        lags.append((int(np.argmax(xc)) - rate // 4) / rate * 1000)
    print(f"\nlag per 2 s window (ms): {[round(x, 1) for x in lags]}")
    assert len(lags) >= 3
    # Typically within 5 ms (without the alignment: 12 ms in every window); a window under heavy load may catch a
    # glitch of the PulseAudio rig itself, so the bar is the median, and every window within the 20 ms target.
    assert float(np.median(np.abs(lags))) < 5.0 and max(abs(x) for x in lags) < 20.0
