"""The lock-free hand-over between PortAudio's callback and the recorder's writer thread. Qt-free.

One producer (the callback) and one consumer (the writer) share two preallocated structures:
- AudioRing: float32 frames. The callback copies each block in (`write`); the writer copies out what is there
  (`read`). Nothing is allocated per block and nobody waits on a lock: the counters are plain ints that only one
  side writes, and the GIL makes each store visible whole.
- EventLog: where audio went missing (an input overflow PortAudio reported, a hole in the capture timestamps, a
  block the full ring could not take), each with the timeline position and the ring position at which it happened,
  so the writer can put silence of the lost length at exactly that point of the file.

Ordering: the producer writes the data (or the event) first and bumps its counter last; the consumer reads the
ring's counter before the event log's, so every event it sees before some data was logged before that data.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Why audio went missing (EventLog kinds, combinable).
OVERFLOW = 1  # PortAudio's input_overflow flag: the system dropped input before it reached us
HOLE = 2  # the capture timestamps jump ahead: input lost without a flag
RING_FULL = 4  # the writer fell so far behind that the ring had no room for a block


class AudioRing:
    """A fixed ring of float32 frames (capacity x channels) for one writer thread and one reader thread."""

    def __init__(self, capacity: int, channels: int) -> None:
        self.capacity = int(capacity)
        self.channels = int(channels)
        self._buf = np.zeros((self.capacity, self.channels), dtype=np.float32)
        self.written = 0  # frames ever written (producer only)
        self.read_pos = 0  # frames ever read (consumer only)

    def free(self) -> int:
        return self.capacity - (self.written - self.read_pos)

    def write(self, block: np.ndarray) -> bool:
        """Copy `block` (frames x channels) in whole, or nothing when it does not fit (returns False)."""
        n = len(block)
        if n > self.capacity - (self.written - self.read_pos):
            return False
        at = self.written % self.capacity
        first = min(n, self.capacity - at)
        self._buf[at:at + first] = block[:first]
        if first < n:
            self._buf[:n - first] = block[first:]
        self.written += n  # last: the reader sees the frames only once they are all there
        return True

    def read(self, upto: int) -> np.ndarray:
        """A copy of the frames from read_pos up to the absolute position `upto` (<= a `written` seen before)."""
        n = upto - self.read_pos
        if n <= 0:
            return self._buf[:0].copy()
        at = self.read_pos % self.capacity
        first = min(n, self.capacity - at)
        out = np.empty((n, self.channels), dtype=np.float32)
        out[:first] = self._buf[at:at + first]
        if first < n:
            out[first:] = self._buf[:n - first]
        self.read_pos = upto  # last: the producer may reuse the room only after the copy
        return out


@dataclass(frozen=True)
class LossEvent:
    at: int  # timeline frame where the audio is missing (the file gets `lost` frames of silence here)
    lost: int  # frames missing (0: unknown, the host API gives no timestamps)
    kind: int  # OVERFLOW | HOLE | RING_FULL
    ring_pos: int  # AudioRing.written when it happened: the writer pads after reading up to here


class EventLog:
    """A fixed log of LossEvents: `add` from the callback, `take` from the writer. When it is full (thousands of
    losses the writer never got to), further ones only count in `missed`, and their frames in `missed_frames`."""

    def __init__(self, capacity: int = 65536) -> None:
        self.capacity = capacity
        self._rows = np.zeros((capacity, 4), dtype=np.int64)
        self.written = 0
        self.read_pos = 0
        self.missed = 0
        self.missed_frames = 0

    def add(self, at: int, lost: int, kind: int, ring_pos: int) -> None:
        if self.written - self.read_pos >= self.capacity:
            self.missed += 1
            self.missed_frames += lost
            return
        row = self._rows[self.written % self.capacity]
        row[0], row[1], row[2], row[3] = at, lost, kind, ring_pos
        self.written += 1  # last: the row is complete before the reader can see it

    def take(self) -> list[LossEvent]:
        """The events logged since the last take, oldest first (the writer's side; this allocates)."""
        end = self.written
        out = []
        for i in range(self.read_pos, end):
            at, lost, kind, ring_pos = (int(v) for v in self._rows[i % self.capacity])
            out.append(LossEvent(at, lost, kind, ring_pos))
        self.read_pos = end
        return out
