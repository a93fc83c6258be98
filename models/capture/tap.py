"""One input stream's capture side: what PortAudio's callback does, and what the writer thread takes from it.
Qt-free.

The callback (`InputTap.callback`) only copies each block into a preallocated ring (models/capture/ring.py), notes
losses (PortAudio's input_overflow flag, a hole in the capture (ADC) timestamps, a block the full ring could not
take) and logs the stream's clock (ADC time and timeline position at the end of each block, for the two-channel
recorder's drift correction). No allocation of buffers, no lock, no I/O, no logging there.

The writer side (`TapReader.take`) gives the audio in timeline order, with each loss in its place, so the file
gets silence of the lost length exactly where the audio went missing.

The timeline: frames captured plus frames lost, pauses excluded.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

import numpy as np

from models.capture.ring import HOLE, OVERFLOW, RING_FULL, AudioRing, EventLog, LossEvent


class ClockLog:
    """A fixed log of (timeline position, ADC time, arrival time, epoch) at the end of each block; when the writer
    falls so far behind that it is full, the oldest rows are overwritten (only recent ones matter to a clock fit).
    The epoch changes at each Resume: the timeline stood still while the clock ran on."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._rows = np.zeros((capacity, 4), dtype=np.float64)
        self.written = 0
        self.read_pos = 0

    def add(self, pos: int, adc: float, arrival: float, epoch: int) -> None:
        row = self._rows[self.written % self.capacity]
        row[0], row[1], row[2], row[3] = pos, adc, arrival, epoch
        self.written += 1  # last: the row is complete before the reader can see it

    def take(self) -> np.ndarray:
        """Rows logged since the last take, oldest first (n x 4: position, ADC time or 0, arrival time, epoch)."""
        end = self.written
        start = max(self.read_pos, end - self.capacity)
        idx = np.arange(start, end) % self.capacity
        self.read_pos = end
        return self._rows[idx].copy()


class InputTap:
    """The state one input stream's callback shares with the writer thread (see the module docstring)."""

    def __init__(self, samplerate: int, channels: int, *, block_s: float, ring_s: float) -> None:
        self.samplerate, self.channels, self.block_s = samplerate, channels, block_s
        self.ring = AudioRing(int(ring_s * samplerate), channels)
        self.events = EventLog()
        self.clock = ClockLog()
        # Written by the callback only (other threads read them).
        self.paused = False  # written by the GUI thread
        self.epoch = 0  # written by the GUI thread: one more at each Resume
        self.pos = 0  # frames of the timeline: captured + lost (pauses excluded)
        self.losses = 0
        self.lost_frames = 0
        self.next_adc = 0.0  # where the next block's ADC time should start (0: unknown)
        self.stop_at: float | None = None  # written by the GUI thread: keep only what was captured before this
        self.done = False  # the block that reaches the stop time is in: ignore the rest
        self.tail_in = threading.Event()

    def callback(self, indata, frames, time_info, status) -> None:
        # PortAudio's thread: copy into the ring, note losses and the clock. Nothing else.
        if self.done:
            return
        rate = self.samplerate
        adc = time_info.inputBufferAdcTime
        end = adc + frames / rate if adc > 0 else 0.0
        if self.paused:
            self.next_adc = end  # the sample clock runs on while paused: Resume is not lost input
            return
        ring = self.ring
        lost, kind = 0, 0
        if adc > 0 and self.next_adc > 0 and adc - self.next_adc > max(0.02, self.block_s / 2):
            lost, kind = round((adc - self.next_adc) * rate), HOLE  # timestamps jitter by ms; a hole is a block
        if status.input_overflow:
            kind |= OVERFLOW
        if kind:
            self.events.add(self.pos, lost, kind, ring.written)
            self.pos += lost
            self.losses += 1
            self.lost_frames += lost
        self.next_adc = end
        stop_at = self.stop_at
        n = frames
        if stop_at is not None and adc > 0 and end >= stop_at:  # keep only what was captured before Stop
            n = max(0, min(frames, round((stop_at - adc) * rate)))
            self.done = True
        if n:
            if not ring.write(indata[:n] if n < frames else indata):
                self.events.add(self.pos, n, RING_FULL, ring.written)
                self.losses += 1
                self.lost_frames += n
            self.pos += n
            self.clock.add(self.pos, adc + n / rate if adc > 0 else 0.0, time.monotonic(), self.epoch)
        if self.done:
            self.tail_in.set()


@dataclass(frozen=True)
class Piece:
    """A run of audio (frames: float32, mono or n x channels) or a loss (frames None, `lost` frames of silence, why
    in `kind`). Two inputs: audio whose first channel was lost (silence there, `lost` = its length) while the
    other channel has its audio."""

    frames: np.ndarray | None
    lost: int = 0
    kind: int = 0


class TapReader:
    """The writer's side of an InputTap: `take()` returns what arrived since the last call, in timeline order."""

    def __init__(self, tap: InputTap) -> None:
        self.tap = tap
        self._pending: deque[LossEvent] = deque()
        self._missed_seen = 0

    def take(self, final: bool = False) -> list[Piece]:
        ring, events = self.tap.ring, self.tap.events
        upto = ring.written  # first: every event logged before this data is in the log now
        self._pending.extend(events.take())
        out: list[Piece] = []
        while self._pending and self._pending[0].ring_pos <= upto:
            ev = self._pending.popleft()
            self._audio(out, ring.read(ev.ring_pos))
            out.append(Piece(None, ev.lost, ev.kind))
        self._audio(out, ring.read(upto))
        if events.missed != self._missed_seen:  # the log overflowed: the losses still count, merged
            self._missed_seen = events.missed
            out.append(Piece(None, events.missed_frames, RING_FULL))
            events.missed_frames = 0
        return out

    @staticmethod
    def _audio(out: list[Piece], frames: np.ndarray) -> None:
        if len(frames):
            mono = frames[:, 0] if frames.shape[1] == 1 else frames.mean(axis=1, dtype=np.float32)
            out.append(Piece(np.ascontiguousarray(mono)))


__all__ = ["ClockLog", "InputTap", "OVERFLOW", "HOLE", "Piece", "TapReader"]
