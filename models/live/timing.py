"""How late live text is: for the benchmark and the window's "catching up" line.

Audio time -> the wall-clock moment it reached the session (`arrived`, per pushed block). A streaming word's
latency is when it was shown minus when the middle of its chunk arrived (the model emits per chunk, so a word's
own instant within the chunk is unknown; the middle is its expected place). A final sentence's latency is when its
VAD segment's sentences were emitted minus when the segment's end arrived. The capture's own delay (microphone to
callback) comes before `arrived`: the benchmark adds the input latency PortAudio reports.
"""
from __future__ import annotations

import bisect
import threading
import time


class LiveTiming:
    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._audio_s: list[float] = []  # audio end time of each pushed block (s)
        self._wall: list[float] = []  # when it arrived
        self.stream_latency_s: list[float] = []
        self.final_latency_s: list[float] = []
        self.vad_close_latency_s: list[float] = []

    def arrived(self, audio_end_s: float) -> None:
        with self._lock:
            self._audio_s.append(audio_end_s)
            self._wall.append(self.clock())

    def arrival(self, audio_s: float) -> float | None:
        """When the audio at audio_s (seconds) had arrived, or None if it has not."""
        with self._lock:
            i = bisect.bisect_left(self._audio_s, audio_s)
            return self._wall[i] if i < len(self._wall) else None

    def shown(self, token_ms: list[int], now: float, chunk_ms: int) -> None:
        for ms in token_ms:
            at = self.arrival(max(0.0, (ms - chunk_ms / 2) / 1000))
            if at is not None:
                self.stream_latency_s.append(now - at)

    def vad_closed(self, end_ms: int) -> None:
        at = self.arrival(end_ms / 1000)
        if at is not None:
            self.vad_close_latency_s.append(self.clock() - at)

    def finalised(self, end_ms: int) -> None:
        at = self.arrival(end_ms / 1000)
        if at is not None:
            self.final_latency_s.append(self.clock() - at)
