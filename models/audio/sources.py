"""Where the engine's audio comes from: a file, or a capture that is still going on.

Both give the same thing, 16 kHz float32 blocks in order, so VAD, segmenting, decoding, punctuation, the
text steps, speaker embeddings and the job history are one code path for a file and for a live recording.
Blocks are mono (n,) for one source, or (n, 2) for a meeting recorded on two channels (microphone, system audio:
models/audio/layout.py), which the engine takes apart (models/asr/channels.py).
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
    channels: int  # 1: mono blocks; 2: a meeting's (microphone, system audio) blocks of shape (n, 2)

    def duration_s(self) -> float | None:
        """The length in seconds when known in advance (a file), else None (still recording)."""

    def blocks(self) -> Iterator[np.ndarray]:
        """16 kHz float32 blocks until the source ends."""


class FileSource:
    """A file on disk, decoded in `block_s` blocks (models.audio.decode). start_ms: begin there (the engine adds
    it to every time, so the segments keep the file's times). A meeting recording (two channels with the
    recorder's layout beside it) gives both channels, each resampled on its own, from its start."""

    live = False

    def __init__(self, path: str | Path, block_s: float = 60.0, start_ms: int = 0) -> None:
        from models.audio.layout import layout

        self.path = Path(path)
        self.name = str(path)
        self.block_s = block_s
        self.channels = 2 if layout(self.path) else 1
        # A meeting is read from its start: where its two channels' segments begin depends on both channels' VAD
        # from the start (the engine skips decoding what ends before a resume point).
        self.start_ms = start_ms if self.channels == 1 else 0

    def duration_s(self) -> float | None:
        from models.audio.probe import probe

        return probe(self.path).duration_s

    def blocks(self) -> Iterator[np.ndarray]:
        if self.channels == 2:
            yield from self._two_channels()
            return
        from models.audio import decode

        yield from decode.stream(self.path, block_s=self.block_s, start_s=self.start_ms / 1000)

    def _two_channels(self) -> Iterator[np.ndarray]:
        import soundfile as sf

        with sf.SoundFile(str(self.path)) as f:
            rs, cols = [To16k(f.samplerate), To16k(f.samplerate)], Columns(2)
            for blk in f.blocks(blocksize=max(1, int(f.samplerate * self.block_s)), dtype="float32",
                                always_2d=True):
                out = cols.join([r.push(np.ascontiguousarray(blk[:, c])) for c, r in enumerate(rs)])
                if len(out):
                    yield out
            tail = cols.join([r.flush() for r in rs])
        if len(tail):
            yield tail


class Columns:
    """Joins per-channel resampler outputs into (n, channels) blocks. Equal inputs give equal lengths, but a
    sample one channel has and the other not yet is carried to the next block, never dropped."""

    def __init__(self, channels: int) -> None:
        self.channels = channels
        self._carry = [np.zeros(0, np.float32)] * channels

    def join(self, columns: list[np.ndarray]) -> np.ndarray:
        cols = [np.concatenate([c0, c]) if len(c0) else c for c0, c in zip(self._carry, columns)]
        n = min(len(c) for c in cols)
        self._carry = [c[n:] for c in cols]
        if self.channels == 1:
            return cols[0][:n]
        return np.stack([c[:n] for c in cols], axis=1) if n else np.zeros((0, self.channels), np.float32)


class PushSource:
    """Audio pushed by a capture thread (any rate; mono, or two channels), read by the engine's thread as 16 kHz blocks.

    push() never blocks and never drops: the queue holds whatever the engine has not read yet, so a decoder that
    falls behind catches up later with every sample (`backlog_s` says by how much it is behind). close() ends
    the stream once everything pushed before it has been read.
    """

    live = True
    start_ms = 0

    def __init__(self, name: str, rate: int = SAMPLE_RATE, batch_s: float = 0.02, channels: int = 1) -> None:
        self.name = name
        self.channels = channels
        self._rs = [To16k(rate, batch_s) for _ in range(channels)]
        self._cols = Columns(channels)
        self._q: queue.SimpleQueue[np.ndarray | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._pushed = 0  # 16 kHz samples queued
        self._read = 0  # 16 kHz samples handed to the engine
        self._closed = False

    def duration_s(self) -> float | None:
        return None

    def push(self, samples: np.ndarray) -> None:
        """Append captured samples (float32 at the rate given to the constructor: mono (n,), or (n, channels)).
        Any thread."""
        with self._lock:  # one resampler per channel: pushes from two threads must not interleave inside it
            if self._closed:
                return
            x = np.asarray(samples, dtype=np.float32).reshape(-1, self.channels)
            out = self._cols.join([r.push(np.ascontiguousarray(x[:, c])) for c, r in enumerate(self._rs)])
            if len(out):
                self._pushed += len(out)
                self._q.put(out)

    def close(self) -> None:
        """No more audio: the engine finishes the last segment and returns. Any thread; idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            tail = self._cols.join([r.flush() for r in self._rs])
            if len(tail):
                self._pushed += len(tail)
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
                yield np.zeros((0, self.channels) if self.channels > 1 else 0, np.float32)  # an idle tick
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
            self._read += len(out)
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
