"""A two-channel meeting recording (channel 1 this computer's microphone, channel 2 the system audio: what the
remote participants said) transcribed as one transcript in time order, each sentence knowing its channel.

The recorder writes `<name>.channels.json` beside such a recording (models/audio/layout.py); a stereo file
without it (music, an interview recorded in stereo) is transcribed as before, downmixed.

One loop for a finished file and for a meeting still being recorded (live captions): the source gives blocks of
both channels (models/audio/sources.py); each channel goes through its own VAD, and the speech segments of both
are numbered in order of their start (so the job history's checkpoints, resume and vad_index work as for a mono
file). A segment is numbered only once neither VAD can still return one that starts earlier (`next_start_ms`), so
a recording transcribed while it is made numbers its segments as transcribing the file afterwards does. Each
segment is decoded from its own channel's audio; when both sides speak at once, each segment's sentences stay
together, in the order the segments began. A microphone segment that is the loudspeakers' echo of the system
audio (no headset) is dropped before it is decoded (models/asr/echo.py), so the remote participants' words
appear once, on their channel.
"""
from __future__ import annotations

import dataclasses
import heapq
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from models.asr.audio_window import Window, vad_rows
from models.asr.block_loop import SegmentLoop
from models.asr.echo import MAX_LAG_MS as ECHO_LOOK_BACK_MS
from models.asr.echo import MAX_LEAD_MS as ECHO_LOOK_AHEAD_MS
from models.asr.echo import local_spans
from models.asr.recording_gaps import GapMarks
from models.audio.resample import SAMPLE_RATE as SR
from models.audio.sources import AudioSource
from models.core.transcript import Progress, Segment

log = logging.getLogger(__name__)

MIC, SYSTEM = 0, 1  # the channels' numbers (Segment.channel); their default names are options.CHANNEL_LABELS
AHEAD = 2  # segments queued beyond the decoding ones (as models/asr/block_loop.py)
NEVER = 1 << 62  # a bound no segment reaches: the source has ended

Decoded = tuple[list[Segment], Any]
# (audio, start_ms, end_ms, vad_index, end_of_audio_ms or None, fbank rows or None) -> sentences, embeddings
DecodeFn = Callable[[np.ndarray, int, int, int, "int | None", "np.ndarray | None"], Decoded]


def _ms(samples: int) -> int:
    return samples * 1000 // SR


def _at(ms: int) -> int:
    return ms * SR // 1000


class ChannelLoop(SegmentLoop):
    """Runs a two-channel source through two VAD streams and a decode pool. One instance per run."""

    def __init__(self, source: AudioSource, vads: list[Any], pool: ThreadPoolExecutor, workers: int,
                 decode: DecodeFn, start_ms: int = 0, on_segment: Callable[[Segment], None] | None = None,
                 on_progress: Callable[[Progress], None] | None = None,
                 on_embeddings: Callable[[int, Any], None] | None = None,
                 on_vad: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None,
                 marks: GapMarks | None = None, drop_echo: bool = True, rec: Callable[[], Any] | None = None) -> None:
        self.source, self.vads, self.pool, self.workers, self.decode = source, vads, pool, workers, decode
        self.rec = rec  # the recogniser decoding now: its frontend decides whether the VAD's fbank rows fit
        self.start_ms = start_ms  # segments ending at or before it were decoded by an earlier run: skipped
        self.on_segment, self.on_progress = on_segment, on_progress
        self.on_embeddings, self.on_vad = on_embeddings, on_vad
        self.cancel, self.marks, self.drop_echo = cancel, marks, drop_echo
        total = source.duration_s()
        self.total_ms = round(total * 1000) if total is not None else None
        self.windows = [Window(), Window()]
        self.segments: list[Segment] = []
        self.echo_wait: deque[tuple[int, int]] = deque()  # microphone segments waiting for the system audio after
        self.ready: list[tuple[int, int, int]] = []  # heap of (start_ms, channel, end_ms) not yet numbered
        self.inflight: deque[tuple[int, int, int, Future[Decoded] | None]] = deque()
        self.found = 0  # segments numbered so far
        self.done = 0
        self.done_ms = 0
        self.echo_ms = 0
        self.ended = False

    @property
    def end_ms(self) -> int:
        return _ms(self.windows[MIC].end)

    def _finished(self) -> None:
        if self.echo_ms:
            log.info("%d ms of the microphone were the loudspeakers' echo and are left out", self.echo_ms)

    # ---------- one block ----------
    def _handle(self, block: np.ndarray, final: bool) -> None:
        block = np.asarray(block, np.float32).reshape(-1, 2)  # the source's last, empty block is flat
        for ch in (MIC, SYSTEM):
            col = np.ascontiguousarray(block[:, ch])
            self.windows[ch].append(col)
            for a, b in self.vads[ch].feed(col, is_final=final):
                if ch == MIC and self.drop_echo:
                    self.echo_wait.append((a, b))
                else:
                    heapq.heappush(self.ready, (a, ch, b))
        self.ended = final
        self._sort_out_echo()
        self._number()
        while self.inflight and self.inflight[0][3] is not None and self.inflight[0][3].done():
            self._emit_first()
            self._check_cancel()
        if len(block) or final:
            self._report()

    def _sort_out_echo(self) -> None:
        """Microphone segments whose system audio (up to the echo look-ahead) has arrived: keep the local voice."""
        heard_ms = _ms(self.windows[SYSTEM].end)
        while self.echo_wait and (self.ended or heard_ms >= self.echo_wait[0][1] + ECHO_LOOK_AHEAD_MS):
            a, b = self.echo_wait.popleft()
            before = a - max(0, a - ECHO_LOOK_BACK_MS)
            mic = self.windows[MIC].slice(_at(a), _at(b))
            system = self.windows[SYSTEM].slice(_at(a - before), _at(b + ECHO_LOOK_AHEAD_MS))  # shorter at the end
            after = max(0, len(system) - len(mic) - _at(before))
            spans = local_spans(mic, system, _at(before), after)
            parts = [(a + _ms(x), min(b, a + _ms(y))) for x, y in spans]
            for pa, pb in parts:
                heapq.heappush(self.ready, (pa, MIC, pb))
            self.echo_ms += (b - a) - sum(pb - pa for pa, pb in parts)

    def _bounds(self) -> tuple[int, int]:
        """Per channel: no segment not numbered yet can start before this."""
        if self.ended:
            return NEVER, NEVER
        mic = self.vads[MIC].next_start_ms()
        if self.echo_wait:
            mic = min(mic, self.echo_wait[0][0])
        return mic, self.vads[SYSTEM].next_start_ms()

    def _number(self) -> None:
        """Number and queue the segments no later one can precede: (start, channel) order, as a whole file's."""
        bounds = self._bounds()
        while self.ready:
            a, ch, b = self.ready[0]
            if not all((a, ch) < (bound, other) for other, bound in enumerate(bounds)):
                return
            heapq.heappop(self.ready)
            index = self.found
            self.found += 1
            if self.on_vad:
                self.on_vad(a, b)
            fut = None
            if b > self.start_ms:
                end = self.end_ms if self.ended else None  # as models/asr/block_loop.py: known once it has ended
                chunk = self.windows[ch].slice(_at(a), _at(b))
                # The channel's VAD computed these fbank rows already (the ONNX set): the recogniser reuses them.
                rows = vad_rows(self.vads[ch], self.rec(), _at(a), chunk.size) if self.rec is not None else None
                fut = self.pool.submit(self.decode, chunk, a, b, index, end, rows)
            self.inflight.append((b, index, ch, fut))
            while len(self.inflight) >= self.workers + AHEAD or (self.inflight and self.inflight[0][3] is None):
                self._emit_first()
                self._check_cancel()

    # ---------- in order out ----------
    def _emit_first(self) -> None:
        b, index, ch, fut = self.inflight.popleft()
        sentences, emb = fut.result() if fut is not None else ([], None)
        for seg in sentences:
            for mark in self.marks.due(seg.start_ms, index) if self.marks else ():
                self._emit(mark)
            self._emit(dataclasses.replace(seg, channel=ch))
        if emb is not None and self.on_embeddings and ch == SYSTEM:  # the microphone is one person: not clustered
            self.on_embeddings(index, emb)
        self.done += 1
        # A resume skips what ends at or before the checkpoint, so it never passes the end of a segment not yet
        # emitted: one still queued, or one not found yet (those start at or after the bounds).
        later = [x[0] for x in self.inflight] + [x[2] for x in self.ready] + [x[1] for x in self.echo_wait]
        later += list(self._bounds())
        self.done_ms = min(max(self.done_ms, b), min(later) - 1)
        self._report()

    def _report(self, stage: str = "asr") -> None:
        if self.on_progress:
            total = (self.total_ms if self.total_ms is not None else self.end_ms) / 1000
            done = total if stage == "done" else min(total, self.done_ms / 1000)
            self.on_progress(Progress(done, total, self.done, self.found, stage))


__all__ = ["MIC", "SYSTEM", "ChannelLoop"]
