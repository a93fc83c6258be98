"""Two-channel recording with fake streams (the test delivers the blocks): pause/resume keep the channels together,
a loss on one input leaves the other's audio, a system audio device that goes away is reported."""
from __future__ import annotations

import numpy as np
import soundfile as sf

from models.capture.capture import Recorder, State
from models.capture.loopback import SystemInput
from tests.recorder.fake_stream import BLOCK, RATE, fake_stream  # noqa: F401 (fixture)

SYSTEM = SystemInput(device=1, name="Fake speakers monitor")


def _both(streams, n: int, mic: float = 0.25, system: float = 0.5) -> None:
    for _ in range(n):
        streams[0].feed(mic)
        streams[1].feed(system)


def test_pause_and_resume_keep_both_channels_together(fake_stream, tmp_path):
    rec = Recorder()
    path = rec.start(None, tmp_path, source="both", system=SYSTEM)
    mic, system = fake_stream
    _both(fake_stream, 40)  # 2 s
    rec.pause()
    for s in fake_stream:  # the clocks run on during the pause: PortAudio keeps calling back
        s.adc += 1.0
    _both(fake_stream, 20, mic=0.9, system=0.9)  # captured while paused: not recorded
    rec.resume()
    _both(fake_stream, 40, mic=0.125, system=0.75)
    assert rec.state is State.RECORDING
    rec.stop()
    data, rate = sf.read(path, dtype="float32")
    assert rate == RATE and data.shape == (80 * BLOCK, 2)
    assert not np.any(np.isclose(data, 0.9, atol=1e-3))  # nothing of the pause
    first, second = data[:40 * BLOCK], data[40 * BLOCK:]
    assert np.allclose(first[:, 0], 0.25, atol=1e-3) and np.allclose(second[:, 0], 0.125, atol=1e-3)
    # Channel 2 changes level where channel 1 does: together across the pause (within a block).
    edge = int(np.argmax(np.isclose(data[:, 1], 0.75, atol=1e-3)))
    assert abs(edge - 40 * BLOCK) <= BLOCK, edge
    assert np.allclose(second[BLOCK:, 1], 0.75, atol=1e-3)


def test_a_hole_in_the_microphone_keeps_the_system_audio(fake_stream, tmp_path):
    rec = Recorder()
    path = rec.start(None, tmp_path, source="both", system=SYSTEM)
    mic, system = fake_stream
    _both(fake_stream, 20)
    mic.adc += 0.5  # the microphone lost half a second; the system audio did not
    system.feed(0.5)
    for _ in range(10):
        system.feed(0.5)
    for _ in range(30):
        mic.feed(0.25)
        system.feed(0.5)
    rec.stop()
    data, _rate = sf.read(path, dtype="float32")
    hole = slice(20 * BLOCK + BLOCK // 10, 30 * BLOCK - BLOCK // 10)
    assert np.allclose(data[hole, 0], 0.0) and np.allclose(data[hole, 1], 0.5, atol=1e-3)
    assert [round(g.lost_ms) for g in rec.gaps] == [500]


def test_the_system_audio_going_away_is_reported(fake_stream, tmp_path):
    rec = Recorder()
    rec.start(None, tmp_path, source="both", system=SYSTEM)
    _both(fake_stream, 5)
    fake_stream[1].active = False  # the output device changed: its monitor stream ended
    assert "system audio" in (rec.status().error or "")
    rec.stop()
