"""What both streaming runtimes share: cutting any-sized blocks into the model's 600 ms chunks, the stream clock,
and the text joining. A runtime supplies decode(chunk samples, is_final) -> token strings."""
from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from models.streaming.text import TokenJoiner

SAMPLE_RATE = 16000
# [left context, chunk, look-ahead] in LFR frames of 60 ms: 600 ms shown per decode, 300 ms look-ahead. What
# FunASR's 2-pass service and demos use; the published ONNX graphs take any chunk, the CIF masks by these numbers.
CHUNK_SIZE = (0, 10, 5)
CHUNK_MS = CHUNK_SIZE[1] * 60
CHUNK_SAMPLES = CHUNK_MS * SAMPLE_RATE // 1000  # 9600
# funasr decodes a final piece shorter than this from the cached look-ahead rows only (its "tail chunk").
TAIL_SAMPLES = 960

Piece = tuple[str, int]


class ChunkedStream(ABC):
    """A LiveStream: buffers samples and decodes each complete 600 ms chunk, so the output does not depend on how
    the caller cuts the audio into blocks."""

    def __init__(self) -> None:
        self._pending = np.zeros(0, np.float32)
        self._samples = 0  # samples accepted so far
        self._chunks = 0  # chunks decoded so far
        self._joiner = TokenJoiner()
        self._done = False

    def accept(self, samples: np.ndarray) -> list[Piece]:
        if self._done:
            raise RuntimeError("this stream is finished: start() a new one")
        x = np.asarray(samples, dtype=np.float32).reshape(-1)
        self._samples += x.size
        buf = np.concatenate([self._pending, x]) if self._pending.size else x
        out: list[Piece] = []
        full = buf.size // CHUNK_SAMPLES
        for i in range(full):
            tokens = self.decode(buf[i * CHUNK_SAMPLES:(i + 1) * CHUNK_SAMPLES], False)
            self._chunks += 1
            out += self._pieces(tokens, self._chunks * CHUNK_MS)
        self._pending = buf[full * CHUNK_SAMPLES:].copy()
        return out

    def finish(self) -> list[Piece]:
        if self._done:
            return []
        self._done = True
        if self._chunks == 0 and self._pending.size < TAIL_SAMPLES:
            return []  # nothing heard: funasr would decode its all-zero start cache into arbitrary text
        tokens = self.decode(self._pending, True)
        self._pending = np.zeros(0, np.float32)
        return self._pieces(tokens, self._samples * 1000 // SAMPLE_RATE)

    def _pieces(self, tokens: list[str], end_ms: int) -> list[Piece]:
        texts = [self._joiner.push(t) for t in tokens]
        return [(t, end_ms) for t in texts if t]

    @abstractmethod
    def decode(self, chunk: np.ndarray, is_final: bool) -> list[str]:
        """Tokens for one chunk (CHUNK_SAMPLES samples, or the rest of the stream when is_final)."""
