"""Which parts of a microphone speech segment are the local person, and which only the loudspeakers' echo of the
system audio? (A meeting without a headset: the microphone also hears the remote participants.) Pure numpy.

The system channel is the loudspeakers' signal itself, so the echo in the microphone is that signal, delayed (the
room, the sound card) and attenuated. For a microphone segment: find the delay (0 to `max_lag_ms`) at which the
system audio best matches it (cross-correlation), fit the gain, and measure how much of the microphone's energy
that delayed, scaled system audio explains. Echo alone: most of it (measured in tests/test_channels.py with
simulated echo at -12 dB and 40 ms: 0.99; a real room's reverberation lowers it, so the envelope correlation is the
second test); the local person speaking over the echo: little (their voice is louder than the echo), so the
segment is kept and decoded, echo and all.

A VAD segment may hold both, one after the other (the echo of the remote side, then the local person answering,
with too short a pause between for the VAD to cut): `local_spans` removes the delayed, scaled system audio and
keeps the stretches where enough of the microphone's signal remains (the local voice).
"""
from __future__ import annotations

import numpy as np

SR = 16000
MAX_LAG_MS = 300  # echo paths longer than this (a Bluetooth speaker far away) are not looked for
# The echo may also seem to come early: the two channels' alignment can be off by a lost block (a recording's gap
# is noted where the loss was detected, which can be after the audio it shifted).
MAX_LEAD_MS = 150
EXPLAINED = 0.5  # share of the microphone's energy the delayed system audio explains: echo above this
ENVELOPE_R = 0.9  # or: the 20 ms energy envelopes move together this closely at that delay
MIN_SYSTEM_RMS = 1e-3  # the system audio must be playing at all


def _best_lag(mic: np.ndarray, system: np.ndarray, pre: int, post: int = 0) -> int:
    """Delay (samples, -post..pre) of the echo: mic[i] ~ system[pre + i - lag]."""
    n = len(mic) + pre + post
    size = 1 << int(np.ceil(np.log2(max(2, n + len(mic)))))
    xc = np.fft.irfft(np.fft.rfft(system[:n], size) * np.conj(np.fft.rfft(mic, size)), size)
    shifts = xc[:pre + post + 1]  # shift k: system[k + i] against mic[i]; lag = pre - k
    return pre - int(np.argmax(np.abs(shifts)))


def _envelope(x: np.ndarray, frame: int = SR // 50) -> np.ndarray:
    n = len(x) // frame
    return np.sqrt(np.mean(np.square(x[:n * frame].reshape(n, frame)), axis=1)) if n else np.zeros(0)


def echo_scores(mic: np.ndarray, system: np.ndarray, pre: int, post: int = 0) -> tuple[float, float, int]:
    """(share of the microphone's energy explained, envelope correlation, lag in samples). `system` covers the
    same span as `mic` plus `pre` samples before it and `post` after."""
    mic = mic.astype(np.float64)
    system = system.astype(np.float64)
    if len(system) < pre + len(mic) + post:
        system = np.concatenate([system, np.zeros(pre + len(mic) + post - len(system))])
    lag = _best_lag(mic, system, pre, post)
    s = system[pre - lag: pre - lag + len(mic)]
    ss, ms = float(np.dot(s, s)), float(np.dot(mic, mic))
    if ss <= 0 or ms <= 0:
        return 0.0, 0.0, lag
    g = float(np.dot(mic, s)) / ss
    explained = 1.0 - float(np.dot(mic - g * s, mic - g * s)) / ms
    em, es = _envelope(mic), _envelope(s)
    r = float(np.corrcoef(em, es)[0, 1]) if len(em) > 2 and em.std() > 0 and es.std() > 0 else 0.0
    return explained, r, lag


def is_echo(mic: np.ndarray, system: np.ndarray, pre: int | None = None, post: int = 0) -> bool:
    """True when the microphone segment holds only the system audio's echo (see the module docstring).
    system: the system channel from `pre` samples (default MAX_LAG_MS) before the segment to `post` after it."""
    pre = MAX_LAG_MS * SR // 1000 if pre is None else pre
    pre = max(0, min(pre, len(system) - len(mic) - post))
    if not len(mic) or np.sqrt(np.mean(np.square(system, dtype=np.float64))) < MIN_SYSTEM_RMS:
        return False
    explained, r, _lag = echo_scores(mic, system, pre, post)
    return explained >= EXPLAINED or r >= ENVELOPE_R


FRAME = SR // 20  # 50 ms frames for the local/echo decision
WINDOW, HOP = SR // 4, SR // 8  # the echo's delay and gain are fitted per window
RESIDUAL_SHARE = 0.3  # a frame is the local person when this share of its energy is not the echo...
RESIDUAL_RMS = 0.004  # ... and what remains is louder than -48 dBFS
MIN_LOCAL_MS, BRIDGE_MS, PAD_MS = 300, 300, 100  # local speech: 300 ms of it at least; pauses bridged; padding


def local_spans(mic: np.ndarray, system: np.ndarray, pre: int | None = None, post: int = 0
                ) -> list[tuple[int, int]]:
    """[(start, end)] sample spans of `mic` where the local person speaks: the whole segment when the system audio
    is silent or unrelated, nothing when it is all echo, else the stretches that are not echo. `system` as for
    is_echo."""
    pre = MAX_LAG_MS * SR // 1000 if pre is None else pre
    pre = max(0, min(pre, len(system) - len(mic) - post))
    n = len(mic)
    if not n or np.sqrt(np.mean(np.square(system, dtype=np.float64))) < MIN_SYSTEM_RMS:
        return [(0, n)] if n else []
    if is_echo(mic, system, pre, post):
        return []
    m = mic.astype(np.float64)
    sy = system.astype(np.float64)
    if len(sy) < pre + n + post:
        sy = np.concatenate([sy, np.zeros(pre + n + post - len(sy))])
    k = n // FRAME
    if not k:
        return [(0, n)]
    # Delay and gain fitted per quarter second (hop an eighth): the two channels' alignment may move a little over a
    # long segment. Each frame keeps the best explanation any window gives it.
    share, rest_e = np.ones(k), np.full(k, np.inf)
    for start in range(0, max(1, n - WINDOW + HOP), HOP):
        mw = m[start:start + WINDOW]
        ext = sy[start:start + pre + len(mw) + post]
        lag = _best_lag(mw, ext, pre, post)
        sw = ext[pre - lag: pre - lag + len(mw)]
        ss = float(np.dot(sw, sw))
        rest = mw - (float(np.dot(mw, sw)) / ss) * sw if ss > 0 else mw
        f0, kw = start // FRAME, len(mw) // FRAME
        if not kw:
            continue
        e_m = np.mean(np.square(mw[:kw * FRAME]).reshape(kw, FRAME), axis=1)
        e_r = np.mean(np.square(rest[:kw * FRAME]).reshape(kw, FRAME), axis=1)
        sl = slice(f0, f0 + kw)
        share[sl] = np.minimum(share[sl], np.where(e_m > 0, e_r / np.maximum(e_m, 1e-20), 0.0)[:k - f0])
        rest_e[sl] = np.minimum(rest_e[sl], e_r[:k - f0])
    local = (share > RESIDUAL_SHARE) & (rest_e > RESIDUAL_RMS ** 2)
    spans: list[list[int]] = []  # [start, end, local frames]
    for i in np.flatnonzero(local):
        a, b = int(i) * FRAME, (int(i) + 1) * FRAME
        if spans and a - spans[-1][1] <= BRIDGE_MS * SR // 1000:
            spans[-1][1] = b
            spans[-1][2] += 1
        else:
            spans.append([a, b, 1])
    pad = PAD_MS * SR // 1000
    # A few stray frames where the alignment jumps (a lost block) are not a person speaking.
    return [(max(0, a - pad), min(n, b + pad)) for a, b, k in spans if k * FRAME >= MIN_LOCAL_MS * SR // 1000]
