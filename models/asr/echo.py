"""Is a microphone speech segment only the loudspeakers' echo of the system audio? (A meeting without a headset:
the microphone also hears the remote participants.) Pure numpy.

The system channel is the loudspeakers' signal itself, so the echo in the microphone is that signal, delayed (the
room, the sound card) and attenuated. For a microphone segment: find the delay (0 to `max_lag_ms`) at which the
system audio best matches it (cross-correlation), fit the gain, and measure how much of the microphone's energy
that delayed, scaled system audio explains. Echo alone: most of it (measured in tests/test_channels.py with
simulated echo at -12 dB and 40 ms: 0.99; a real room's reverberation lowers it, so the envelope correlation is the
second test); the local person speaking over the echo: little (their voice is louder than the echo), so the
segment is kept and decoded, echo and all.
"""
from __future__ import annotations

import numpy as np

SR = 16000
MAX_LAG_MS = 300  # echo paths longer than this (a Bluetooth speaker far away) are not looked for
EXPLAINED = 0.5  # share of the microphone's energy the delayed system audio explains: echo above this
ENVELOPE_R = 0.9  # or: the 20 ms energy envelopes move together this closely at that delay
MIN_SYSTEM_RMS = 1e-3  # the system audio must be playing at all


def _best_lag(mic: np.ndarray, system: np.ndarray, pre: int) -> int:
    """Delay (samples, 0..pre) of the echo: mic[i] ~ system[pre + i - lag]."""
    n = len(mic) + pre
    size = 1 << int(np.ceil(np.log2(max(2, n + len(mic)))))
    xc = np.fft.irfft(np.fft.rfft(system[:n], size) * np.conj(np.fft.rfft(mic, size)), size)
    shifts = xc[:pre + 1]  # shift k: system[k + i] against mic[i]; lag = pre - k
    return pre - int(np.argmax(np.abs(shifts)))


def _envelope(x: np.ndarray, frame: int = SR // 50) -> np.ndarray:
    n = len(x) // frame
    return np.sqrt(np.mean(np.square(x[:n * frame].reshape(n, frame)), axis=1)) if n else np.zeros(0)


def echo_scores(mic: np.ndarray, system: np.ndarray, pre: int) -> tuple[float, float, int]:
    """(share of the microphone's energy explained, envelope correlation, lag in samples). `system` covers the
    same span as `mic` plus `pre` samples before it."""
    mic = mic.astype(np.float64)
    system = system.astype(np.float64)
    if len(system) < pre + len(mic):
        system = np.concatenate([system, np.zeros(pre + len(mic) - len(system))])
    lag = _best_lag(mic, system, pre)
    s = system[pre - lag: pre - lag + len(mic)]
    ss, ms = float(np.dot(s, s)), float(np.dot(mic, mic))
    if ss <= 0 or ms <= 0:
        return 0.0, 0.0, lag
    g = float(np.dot(mic, s)) / ss
    explained = 1.0 - float(np.dot(mic - g * s, mic - g * s)) / ms
    em, es = _envelope(mic), _envelope(s)
    r = float(np.corrcoef(em, es)[0, 1]) if len(em) > 2 and em.std() > 0 and es.std() > 0 else 0.0
    return explained, r, lag


def is_echo(mic: np.ndarray, system: np.ndarray, pre: int | None = None) -> bool:
    """True when the microphone segment holds only the system audio's echo (see the module docstring).
    system: the system channel from `pre` samples (default MAX_LAG_MS) before the segment to its end."""
    pre = MAX_LAG_MS * SR // 1000 if pre is None else pre
    pre = max(0, min(pre, len(system) - len(mic))) if len(system) >= len(mic) else 0
    if not len(mic) or np.sqrt(np.mean(np.square(system, dtype=np.float64))) < MIN_SYSTEM_RMS:
        return False
    explained, r, _lag = echo_scores(mic, system, pre)
    return explained >= EXPLAINED or r >= ENVELOPE_R
