"""Where the 1.5 s embedding windows fall in a VAD segment, and the per-segment record kept in the job database.

Windows follow funasr's `sv_chunk` (funasr/models/campplus/utils.py): 1.5 s long, 0.75 s apart, the last one
moved back to end with the segment, a segment shorter than one window padded with zeros to 1.5 s. Times are ms,
absolute in the file, so records from different segments (and from a resumed run) can be concatenated as they are.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

SAMPLE_RATE = 16000
WINDOW_S = 1.5
SHIFT_S = 0.75
# Shorter segments get no window: zero padding would make up most of it and give a "silence" voice that can
# form a cluster of its own. Their sentences take the speaker of the nearest turn (assign.py).
MIN_SEGMENT_S = 0.4

_MAGIC = b"TXSE"
_VERSION = 1
_HEADER = struct.Struct("<4sHHqI")  # magic, version, dim, segment start ms, window count


def window_starts(n_samples: int) -> list[int]:
    """Sample offsets of the windows in a segment of n_samples (funasr's sv_chunk rule)."""
    if n_samples < int(MIN_SEGMENT_S * SAMPLE_RATE):
        return []
    length, shift = int(WINDOW_S * SAMPLE_RATE), int(SHIFT_S * SAMPLE_RATE)
    starts, last_end = [], 0
    for st in range(0, n_samples, shift):
        end = min(st + length, n_samples)
        if end <= last_end:
            break
        last_end = end
        starts.append(max(0, end - length))
    return starts


def cut_windows(audio: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """(windows as a (n, 24000) float32 array, [start, end) sample offsets of the audio each one covers)."""
    length = int(WINDOW_S * SAMPLE_RATE)
    starts = window_starts(int(audio.shape[0]))
    out = np.zeros((len(starts), length), dtype=np.float32)
    spans = []
    for i, st in enumerate(starts):
        piece = audio[st: st + length]
        out[i, : piece.shape[0]] = piece
        spans.append((st, st + piece.shape[0]))
    return out, spans


@dataclass
class SegmentEmbeddings:
    """The speaker embeddings of one VAD segment: window times (ms, absolute) and L2-normalised vectors.

    Args:
        start_ms: the VAD segment's start in the file.
        times_ms: (n, 2) int64, each window's [start, end] in the file.
        vectors: (n, dim) float32, unit length.
    """

    start_ms: int
    times_ms: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    def __len__(self) -> int:
        return int(self.times_ms.shape[0])

    def to_bytes(self) -> bytes:
        """Compact little-endian record for a BLOB column: header, int64 times, float32 vectors (exact round trip)."""
        n = len(self)
        dim = int(self.vectors.shape[1]) if n else 0
        head = _HEADER.pack(_MAGIC, _VERSION, dim, int(self.start_ms), n)
        times = np.ascontiguousarray(self.times_ms, dtype="<i8").tobytes()
        vecs = np.ascontiguousarray(self.vectors, dtype="<f4").tobytes() if n else b""
        return head + times + vecs

    @classmethod
    def from_bytes(cls, data: bytes) -> "SegmentEmbeddings":
        """Inverse of to_bytes; ValueError on anything else (a damaged row is recomputed, not trusted)."""
        if len(data) < _HEADER.size:
            raise ValueError("speaker embedding record is truncated")
        magic, version, dim, start_ms, n = _HEADER.unpack_from(data)
        if magic != _MAGIC or version != _VERSION:
            raise ValueError(f"not a speaker embedding record (magic {magic!r}, version {version})")
        need = _HEADER.size + n * 16 + n * dim * 4
        if len(data) != need:
            raise ValueError(f"speaker embedding record has {len(data)} bytes, expected {need}")
        off = _HEADER.size
        times = np.frombuffer(data, dtype="<i8", count=n * 2, offset=off).reshape(n, 2).astype(np.int64)
        vecs = np.frombuffer(data, dtype="<f4", count=n * dim, offset=off + n * 16).reshape(n, dim)
        return cls(start_ms=int(start_ms), times_ms=times, vectors=vecs.astype(np.float32))


def embed_audio(audio_16k: np.ndarray, seg_start_ms: int,
                embed: Callable[[np.ndarray, np.ndarray, list[tuple[int, int]]], np.ndarray],
                dim: int) -> SegmentEmbeddings:
    """One VAD segment's record: its windows (cut_windows) embedded by `embed(audio, windows, spans)` ((n, 24000)
    windows -> (n, dim)), with their absolute times. Shared by the PyTorch and the torch-free embedders."""
    audio = np.asarray(audio_16k, dtype=np.float32).reshape(-1)
    windows, spans = cut_windows(audio)
    vectors = embed(audio, windows, spans) if len(spans) else np.zeros((0, dim), dtype=np.float32)
    return SegmentEmbeddings(start_ms=int(seg_start_ms), times_ms=window_times(spans, seg_start_ms), vectors=vectors)


def unit_length(vectors: np.ndarray) -> np.ndarray:
    """Each row divided by its L2 norm (all-zero rows stay zero): the embeddings clustering compares."""
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def window_times(spans: list[tuple[int, int]], seg_start_ms: int) -> np.ndarray:
    """(n, 2) int64 [start, end] ms in the file of windows at sample spans inside a segment starting at seg_start_ms."""
    return np.array([[seg_start_ms + a * 1000 // SAMPLE_RATE, seg_start_ms + b * 1000 // SAMPLE_RATE]
                     for a, b in spans], dtype=np.int64).reshape(-1, 2)
