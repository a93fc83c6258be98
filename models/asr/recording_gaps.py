"""Marker sentences for the spans a recording lost (models/audio/gaps.py), in time order among the decoded ones.

The recorder puts silence where input was lost, so the VAD finds no speech there and nothing would tell the reader
that words may be missing. The engine asks `GapMarks` for the markers due before each sentence it emits; they read
like the engine's own undecodable spans (models/asr/second_try.py):
"[01:23-01:23 could not be transcribed: 0.05 s of audio lost while recording (the computer was too busy)]".
"""
from __future__ import annotations

from collections import deque
from pathlib import Path

from models.asr.second_try import gap_segment
from models.audio.gaps import Gap, read_gaps
from models.core.transcript import Segment


class GapMarks:
    """The gaps of one file not yet emitted, oldest first. Gaps ending before `start_ms` (a resumed job's saved
    part) were emitted by the run that transcribed that part."""

    def __init__(self, path: str | Path, start_ms: int = 0) -> None:
        self._gaps: deque[Gap] = deque(g for g in read_gaps(Path(path)) if not (start_ms and g.end_ms <= start_ms))

    def __bool__(self) -> bool:
        return bool(self._gaps)

    def due(self, before_ms: int, vad_index: int) -> list[Segment]:
        """Markers for the gaps that start before `before_ms`, to emit now (numbered with `vad_index`, the VAD
        segment they are saved with)."""
        out = []
        while self._gaps and self._gaps[0].at_ms < before_ms:
            g = self._gaps.popleft()
            out.append(gap_segment(g.at_ms, g.end_ms, vad_index, g.describe()))
        return out

    def rest(self, vad_index: int) -> list[Segment]:
        """Markers for all the gaps left (after the file's last sentence)."""
        out = [gap_segment(g.at_ms, g.end_ms, vad_index, g.describe()) for g in self._gaps]
        self._gaps.clear()
        return out
