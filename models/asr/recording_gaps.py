"""Marker sentences for the spans a recording lost (models/audio/gaps.py), in time order among the decoded ones.

The recorder puts silence where input was lost, so the VAD finds no speech there and nothing would tell the reader
that words may be missing. The engine asks `GapMarks` for the markers due before each sentence it emits; they read
like the engine's own undecodable spans (models/asr/second_try.py):
"[01:23-01:23 could not be transcribed: 0.05 s of audio lost while recording (the computer was too busy)]".

A recording transcribed while it is made (live captions) follows the sidecar as the recorder rewrites it: a gap
is emitted before the first sentence that starts after it, like a file's.
"""
from __future__ import annotations

from collections import deque
from pathlib import Path

from models.asr.second_try import gap_segment
from models.audio.gaps import Gap, gaps_path, read_gaps
from models.core.transcript import Segment


class GapMarks:
    """The gaps of one file not yet emitted, oldest first. Gaps ending before `start_ms` (a resumed job's saved
    part) were emitted by the run that transcribed that part."""

    def __init__(self, path: str | Path, start_ms: int = 0, follow: bool = False) -> None:
        self.path, self.start_ms, self.follow = Path(path), start_ms, follow
        self._gaps: deque[Gap] = deque()
        self._emitted_to = -1  # gaps starting at or before this were emitted (or belong to a resumed part)
        self._stamp: tuple[int, int, int] | None = None  # the sidecar's (inode, mtime, size) when last read
        self._refresh()

    def __bool__(self) -> bool:
        return self.follow or bool(self._gaps)  # a recording still going may gain gaps at any time

    def _refresh(self) -> None:
        """Take the gaps the sidecar lists that are not queued or emitted yet (once per change of the file)."""
        try:
            st = gaps_path(self.path).stat()
        except OSError:
            return
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)  # each write replaces the file: a new inode
        if stamp == self._stamp:
            return
        self._stamp = stamp
        # The sidecar is the whole list each time (a gap still going grows): queue what is not emitted yet.
        self._gaps = deque(g for g in read_gaps(self.path)
                           if g.at_ms > self._emitted_to and not (self.start_ms and g.end_ms <= self.start_ms))

    def due(self, before_ms: int, vad_index: int) -> list[Segment]:
        """Markers for the gaps that start before `before_ms`, to emit now (numbered with `vad_index`, the VAD
        segment they are saved with)."""
        if self.follow:
            self._refresh()
        out = []
        while self._gaps and self._gaps[0].at_ms < before_ms:
            g = self._gaps.popleft()
            self._emitted_to = g.at_ms
            out.append(gap_segment(g.at_ms, g.end_ms, vad_index, g.describe()))
        return out

    def rest(self, vad_index: int) -> list[Segment]:
        """Markers for all the gaps left (after the file's last sentence)."""
        if self.follow:
            self._refresh()
        out = [gap_segment(g.at_ms, g.end_ms, vad_index, g.describe()) for g in self._gaps]
        self._gaps.clear()
        return out
