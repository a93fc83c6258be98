"""A fake PortAudio input stream: the test delivers the blocks (`feed`), as PortAudio's thread would.

The `fake_stream` fixture (here; tests/recorder/conftest.py and other folders' tests import it) puts FakeInputStream and a one-device query_devices in place of
sounddevice's, and gives the list of the streams the recorder opened.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

RATE = 48000
BLOCK = 2400  # 50 ms, the recorder's block_s


class FakeInputStream:
    """Calls nothing by itself: the test delivers blocks with `feed`."""

    def __init__(self, *, callback, samplerate, blocksize, **_kw) -> None:
        self.callback = callback
        self.samplerate = samplerate
        self.blocksize = blocksize
        self.adc = 1000.0  # the ADC clock runs on during a pause: PortAudio keeps calling back
        self.active = False
        self.latency = 0.0
        self.time = 0.0  # no timestamps at stop: stop() keeps everything delivered

    def start(self) -> None:
        self.active = True

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        pass

    def feed(self, value: float | np.ndarray, overflow: bool = False) -> None:
        """One block: a constant, or the next `blocksize` samples of an array; overflow: PortAudio's flag."""
        if isinstance(value, np.ndarray):
            block = np.zeros((self.blocksize, 1), dtype="float32")
            block[:len(value), 0] = value[:self.blocksize]
        else:
            block = np.full((self.blocksize, 1), value, dtype="float32")
        self.callback(block, self.blocksize, SimpleNamespace(inputBufferAdcTime=self.adc),
                      SimpleNamespace(input_overflow=overflow))
        self.adc += self.blocksize / self.samplerate

    def feed_audio(self, audio: np.ndarray) -> None:
        """All of `audio`, block by block (the last one padded with silence)."""
        for i in range(0, len(audio), self.blocksize):
            self.feed(audio[i:i + self.blocksize])



@pytest.fixture
def fake_stream(monkeypatch) -> list[FakeInputStream]:
    """sounddevice with one fake input device whose streams the test feeds; the streams opened, in order."""
    import sounddevice as sd

    made: list[FakeInputStream] = []

    def make(**kw) -> FakeInputStream:
        made.append(FakeInputStream(**kw))
        return made[-1]

    monkeypatch.setattr(sd, "query_devices", lambda *a, **k: {
        "name": "Fake Mic", "default_samplerate": float(RATE), "max_input_channels": 1, "hostapi": 0})
    monkeypatch.setattr(sd, "InputStream", make)
    return made
