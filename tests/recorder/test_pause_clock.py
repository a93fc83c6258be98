"""Pause and Resume with a fake PortAudio stream (issue 13 fix 3): a pause is not lost input."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import sounddevice as sd
import soundfile as sf

from desktop.recorder.capture import Recorder

RATE = 48000
BLOCK = 2400  # 50 ms, the recorder's block_s


class FakeInputStream:
    """Calls nothing by itself: the test delivers blocks with `feed`, like PortAudio's thread would."""

    def __init__(self, *, callback, samplerate, blocksize, **_kw) -> None:
        self.callback = callback
        self.samplerate = samplerate
        self.blocksize = blocksize
        self.adc = 1000.0  # the ADC clock runs on during a pause: PortAudio keeps calling back
        self.active = False
        self.latency = 0.0
        self.time = 0.0  # no timestamps at stop: stop() keeps everything queued

    def start(self) -> None:
        self.active = True

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        pass

    def feed(self, value: float) -> None:
        block = np.full((self.blocksize, 1), value, dtype="float32")
        self.callback(block, self.blocksize, SimpleNamespace(inputBufferAdcTime=self.adc),
                      SimpleNamespace(input_overflow=False))
        self.adc += self.blocksize / self.samplerate


@pytest.fixture
def fake_stream(monkeypatch) -> list[FakeInputStream]:
    made: list[FakeInputStream] = []

    def make(**kw) -> FakeInputStream:
        made.append(FakeInputStream(**kw))
        return made[-1]

    monkeypatch.setattr(sd, "query_devices", lambda *a, **k: {
        "name": "Fake Mic", "default_samplerate": float(RATE), "max_input_channels": 1, "hostapi": 0})
    monkeypatch.setattr(sd, "InputStream", make)
    return made


def test_pause_is_not_counted_as_lost_input(fake_stream, tmp_path, caplog):
    rec = Recorder()
    path = rec.start(None, tmp_path)
    stream = fake_stream[0]
    for _ in range(4):
        stream.feed(0.25)
    rec.pause()
    for _ in range(10):  # half a second paused
        stream.feed(0.5)
    rec.resume()
    for _ in range(4):
        stream.feed(0.25)
    rec.stop()
    data, rate = sf.read(str(path), dtype="float32")
    assert rate == RATE and len(data) == 8 * BLOCK  # the paused blocks are not in the file
    assert np.allclose(data, 0.25, atol=1e-3)
    assert rec.dropped_blocks == 0 and rec.lost_seconds == 0.0
    assert "input lost" not in caplog.text


def test_a_real_hole_after_resume_is_still_counted(fake_stream, tmp_path):
    rec = Recorder()
    rec.start(None, tmp_path)
    stream = fake_stream[0]
    stream.feed(0.25)
    rec.pause()
    stream.feed(0.5)
    rec.resume()
    stream.feed(0.25)
    stream.adc += 0.3  # 0.3 s that never reached the callback
    stream.feed(0.25)
    rec.stop()
    assert rec.dropped_blocks == 1 and rec.lost_seconds == pytest.approx(0.3, abs=0.01)
