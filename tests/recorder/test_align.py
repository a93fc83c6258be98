"""Two inputs on two clocks: the system channel stays within 20 ms of the microphone after 60 minutes, with the
second device's clock 100 ppm fast (synthetic audio processed as fast as the machine goes, no real-time wait).

Both "devices" sample the same signal, a short tone burst every minute at known real times, each with its own
clock; the writer steps every quarter second of real time as the recorder's writer thread does. The burst onsets
in the two output channels must match within 20 ms (uncorrected, 100 ppm is 360 ms after an hour).
"""
from __future__ import annotations

import numpy as np
import pytest

from models.capture.align import Aligner
from models.capture.tap import Piece

BURST_S = 0.03


def _burst_times(minutes: int) -> list[float]:
    return [1.0 + 60.0 * j for j in range(minutes)] + [60.0 * minutes - 5.0]


class Device:
    """A device that samples the shared signal on its own clock and reports block-end times."""

    def __init__(self, rate: int, ppm: float, start: float, block_s: float, bursts: list[float], *,
                 adc: bool, rng: np.random.Generator) -> None:
        self.rate, self.true_rate = rate, rate * (1 + ppm * 1e-6)
        self.start, self.block = start, int(rate * block_s)
        self.bursts, self.adc, self.rng = np.array(bursts), adc, rng
        self.pos = 0

    def next_end(self) -> float:
        return self.start + (self.pos + self.block) / self.true_rate

    def block_out(self) -> tuple[list[Piece], np.ndarray]:
        t = self.start + (self.pos + np.arange(self.block)) / self.true_rate
        k = np.searchsorted(self.bursts, t, side="right") - 1
        inside = (k >= 0) & (t - self.bursts[np.maximum(k, 0)] < BURST_S)
        x = np.where(inside, 0.8 * np.sin(2 * np.pi * 1000 * t), 0.0).astype(np.float32)
        self.pos += self.block
        end = self.start + self.pos / self.true_rate
        jitter = self.rng.uniform(-0.001, 0.001)
        row = [self.pos, end + jitter if self.adc else 0.0, end + self.rng.uniform(0.0, 0.03), 0]
        return [Piece(x)], np.array([row], dtype=np.float64)


class Onsets:
    """Where each burst starts in each output channel (file frames)."""

    def __init__(self) -> None:
        self.n = 0
        self.found: list[list[int]] = [[], []]
        self.last = [-10 ** 9, -10 ** 9]

    def add(self, piece: Piece) -> None:
        if piece.frames is None:
            self.n += piece.lost
            return
        for ch in range(2):
            for i in np.flatnonzero(np.abs(piece.frames[:, ch]) > 0.3):
                at = self.n + int(i)
                if at - self.last[ch] > 16000:  # a new burst (bursts are a minute apart)
                    self.found[ch].append(at)
                self.last[ch] = at
        self.n += len(piece.frames)


def _run(minutes: int, mic_rate: int, sys_rate: int, ppm: float, *, adc: bool) -> tuple[np.ndarray, Aligner]:
    rng = np.random.default_rng(7)
    bursts = _burst_times(minutes)
    mic = Device(mic_rate, 0.0, 100.0, 0.05, [b + 100.0 for b in bursts], adc=adc, rng=rng)
    sys = Device(sys_rate, ppm, 100.3, 0.05, [b + 100.0 for b in bursts], adc=adc, rng=rng)  # starts 0.3 s later
    al = Aligner(mic_rate, sys_rate)
    onsets = Onsets()
    now, end = 100.0, 100.0 + 60.0 * minutes
    while now < end:
        now += 0.25  # the writer thread wakes up
        for dev, add in ((mic, al.add_mic), (sys, al.add_system)):
            while dev.next_end() <= now:
                add(*dev.block_out())
        for piece in al.take():
            onsets.add(piece)
    for piece in al.take(final=True):
        onsets.add(piece)
    m, s = (np.array(f) for f in onsets.found)
    assert len(m) == len(s) == len(bursts), (len(m), len(s))
    return (s - m) / mic_rate * 1000.0, al


def test_100_ppm_drift_stays_within_20_ms_after_60_minutes():
    lag_ms, al = _run(60, 16000, 16000, 100.0, adc=True)
    assert np.abs(lag_ms).max() < 20.0, lag_ms
    assert abs(lag_ms[-1]) < 20.0
    assert al.sys.jumps == 0  # converged by steering, never by a jump (no clicks)


@pytest.mark.parametrize("ppm", [100.0, -100.0])
def test_other_nominal_rate_and_no_timestamps_still_align(ppm):
    """44.1 kHz system audio against a 16 kHz microphone; the host API gives no ADC times (arrival times, which
    jitter by up to 30 ms, are all there is)."""
    lag_ms, _al = _run(10, 16000, 44100, ppm, adc=False)
    assert np.abs(lag_ms[1:]).max() < 20.0, lag_ms


def test_system_audio_that_stops_never_holds_back_the_microphone():
    al = Aligner(16000, 16000, max_wait_s=0.25)
    rows = lambda pos, t: np.array([[pos, t, t, 0]], dtype=np.float64)  # noqa: E731
    for i in range(1, 11):  # 0.5 s of system audio, then nothing
        if i <= 5:
            al.add_system([Piece(np.full(1600, 0.5, np.float32))], rows(1600 * i, 10 + 0.1 * i))
        al.add_mic([Piece(np.full(1600, 0.25, np.float32))], rows(1600 * i, 10 + 0.1 * i))
    out = np.concatenate([p.frames for p in al.take()])
    assert len(out) >= 16000 - 4000  # at most max_wait_s held back
    assert np.all(out[:, 0] == 0.25)
    assert np.all(out[:7000, 1] == 0.5)
    assert np.all(out[8001:, 1] == 0.0)  # past the system audio's end: silence on channel 2
    rest = np.concatenate([p.frames for p in al.take(final=True)])
    assert len(out) + len(rest) == 16000
