"""Helpers for the recorder tests: signal comparison, a minimal settings object."""
from __future__ import annotations

import numpy as np


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
