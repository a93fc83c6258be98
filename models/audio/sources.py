"""Where the engine's audio comes from: a file, or a capture that is still going on.

Both give the same thing, 16 kHz mono float32 blocks in order, so VAD, segmenting, decoding, punctuation, the
text steps, speaker embeddings and the job history are one code path for a file and for a live recording.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from models.audio.resample import SAMPLE_RATE, To16k

IDLE_TICK_S = 0.1  # a live source yields an empty block this often while nothing arrives, so finished work shows


class AudioSource(Protocol):
    name: str  # what the transcript's `source` says (a file's path; a recording's path)
    live: bool  # True: blocks arrive in real time and empty blocks are idle ticks
    start_ms: int  # the time of the first block's first sample

    def duration_s(self) -> float | None:
        """The length in seconds when known in advance (a file), else None (still recording)."""

    def blocks(self) -> Iterator[np.ndarray]:
        """16 kHz mono float32 blocks until the source ends."""


class FileSource:
    """A file on disk, decoded in `block_s` blocks (models.audio.decode). start_ms: begin there (the engine adds
    it to every time, so the segments keep the file's times)."""

    live = False

    def __init__(self, path: str | Path, block_s: float = 60.0, start_ms: int = 0) -> None:
        self.path = Path(path)
        self.name = str(path)
        self.block_s = block_s
        self.start_ms = start_ms

    def duration_s(self) -> float | None:
        from models.audio.probe import probe

        return probe(self.path).duration_s

    def blocks(self) -> Iterator[np.ndarray]:
        from models.audio import decode

        yield from decode.stream(self.path, block_s=self.block_s, start_s=self.start_ms / 1000)


class PushSource:
    """Audio pushed by a capture thread (any rate, mono), read by the engine's thread as 16 kHz blocks.

    push() never blocks and never drops: the queue holds whatever the engine has not read yet, so a decoder that
    falls behind catches up later with every sample (`backlog_s` says by how much it is behind). close() ends
    the stream once everything pushed before it has been read.
    """

    live = True
    start_ms = 0

    def __init__(self, name: str, rate: int = SAMPLE_RATE, batch_s: float = 0.02) -> None:
        self.name = name
        self._rs = To16k(rate, batch_s)
        self._q: queue.SimpleQueue[np.ndarray | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._pushed = 0  # 16 kHz samples queued
        self._read = 0  # 16 kHz samples handed to the engine
        self._closed = False

    def duration_s(self) -> float | None:
        return None

    def push(self, samples: np.ndarray) -> None:
        """Append captured samples (float32, mono, at the rate given to the constructor). Any thread."""
        with self._lock:  # one resampler: pushes from two threads must not interleave inside it
            if self._closed:
                return
            out = self._rs.push(np.ascontiguousarray(samples, dtype=np.float32).reshape(-1))
            if out.size:
                self._pushed += out.size
                self._q.put(out)

    def close(self) -> None:
        """No more audio: the engine finishes the last segment and returns. Any thread; idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            tail = self._rs.flush()
            if tail.size:
                self._pushed += tail.size
                self._q.put(tail)
            self._q.put(None)

    @property
    def backlog_s(self) -> float:
        """Seconds of audio pushed but not yet read by the engine."""
        return max(0, self._pushed - self._read) / SAMPLE_RATE

    @property
    def pushed_s(self) -> float:
        return self._pushed / SAMPLE_RATE

    def blocks(self) -> Iterator[np.ndarray]:
        while True:
            try:
                block = self._q.get(timeout=IDLE_TICK_S)
            except queue.Empty:
                yield np.zeros(0, np.float32)  # an idle tick: the engine hands out segments that finished
                continue
            if block is None:
                return
            parts = [block]  # take everything already waiting: one VAD call per catch-up, not one per 20 ms
            while True:
                try:
                    more = self._q.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._q.put(None)
                    break
                parts.append(more)
            out = np.concatenate(parts) if len(parts) > 1 else block
            self._read += out.size
            yield out


def with_final(source: AudioSource) -> Iterator[tuple[np.ndarray, bool]]:
    """The source's blocks, each with whether it is the last (the VAD flushes on the final one). A file's blocks
    are held back by one to know which is last; a live source's go on at once (holding one back would delay its
    text), followed by an empty final block when it ends."""
    if source.live:
        for block in source.blocks():
            yield block, False
        yield np.zeros(0, np.float32), True
        return
    pending: np.ndarray | None = None
    for block in source.blocks():
        if pending is not None:
            yield pending, False
        pending = block
    yield (pending if pending is not None else np.zeros(0, np.float32)), True
