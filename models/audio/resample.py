"""Any rate -> 16 kHz mono float32, statefully (one resampler per stream: no clicks at block edges)."""
from __future__ import annotations

from fractions import Fraction

import av
import numpy as np

SAMPLE_RATE = 16000
EMPTY = np.zeros(0, np.float32)


class To16k:
    """Stateful mono float32 resampler to 16 kHz (libswresample via PyAV); pass-through at 16 kHz.

    batch_s: input is gathered to this much before each resampler call. Files use 0.5 s (fewer calls); a live
    capture uses a few tens of ms, since every gathered millisecond is latency before the words show.
    """

    def __init__(self, rate: int, batch_s: float = 0.5) -> None:
        self.rate = rate
        self._r = None if rate == SAMPLE_RATE else av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        self._batch = max(1, int(rate * batch_s))
        self._pending: list[np.ndarray] = []
        self._n = 0
        self._pts = 0

    def push(self, x: np.ndarray) -> np.ndarray:
        if self._r is None:
            return x
        self._pending.append(x)
        self._n += len(x)
        return self._run() if self._n >= self._batch else EMPTY

    def flush(self) -> np.ndarray:
        if self._r is None:
            return EMPTY
        head = self._run()
        tail = self._frames(self._r.resample(None))
        return np.concatenate([head, tail]) if len(head) else tail

    def _run(self) -> np.ndarray:
        if not self._n:
            return EMPTY
        x = np.ascontiguousarray(np.concatenate(self._pending), dtype=np.float32)
        self._pending, self._n = [], 0
        frame = av.AudioFrame.from_ndarray(x[None, :], format="flt", layout="mono")
        frame.sample_rate = self.rate
        frame.time_base = Fraction(1, self.rate)
        frame.pts = self._pts
        self._pts += len(x)
        return self._frames(self._r.resample(frame))

    @staticmethod
    def _frames(frames: list[av.AudioFrame]) -> np.ndarray:
        if not frames:
            return EMPTY
        return np.concatenate([f.to_ndarray().reshape(-1) for f in frames]).astype(np.float32, copy=False)
