"""Helpers for the recorder tests: signal comparison, a minimal settings object."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from models.capture.files import WavWriter

RATE = 44100


def correlation(recorded: np.ndarray, rec_rate: int, source: np.ndarray, src_rate: int) -> tuple[float, float]:
    """(Pearson r, lag in s) of the source clip against the best-aligned part of the recording."""
    from math import gcd

    from scipy.signal import correlate, resample_poly

    g = gcd(rec_rate, src_rate)
    rec = resample_poly(recorded, src_rate // g, rec_rate // g) if rec_rate != src_rate else recorded
    xc = correlate(rec, source, mode="full", method="fft")
    lag = int(np.argmax(np.abs(xc))) - (len(source) - 1)
    a0, b0 = max(lag, 0), max(-lag, 0)
    n = min(len(rec) - a0, len(source) - b0)
    if n <= src_rate // 10:
        return 0.0, lag / src_rate
    a, b = rec[a0:a0 + n], source[b0:b0 + n]
    return float(np.corrcoef(a, b)[0, 1]), lag / src_rate


class DictSettings:
    """The settings object the panel needs: value(key, default)."""

    def __init__(self, **values) -> None:
        self.values = {k.replace("__", "/"): v for k, v in values.items()}

    def value(self, key, default=None):
        return self.values.get(str(key), default)


def pcm_tone(seconds: float) -> bytes:
    t = np.arange(int(seconds * RATE)) / RATE
    return (np.sin(2 * np.pi * 440 * t) * 8000).astype("<i2").tobytes()


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def crashed_recording(folder: Path, name: str, pcm: bytes, pid: int | None = None) -> Path:
    """What a killed recorder leaves: a header with sizes 0, the data, and the marker."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.wav"
    w = WavWriter(path, RATE)
    w._f.write(pcm)  # written, never synced: the header still says 0 bytes
    w._f.flush()
    (folder / f".{name}.recording").write_text(json.dumps({"pid": pid or dead_pid(), "samplerate": RATE}))
    return path
