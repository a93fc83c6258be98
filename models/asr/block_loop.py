"""One pass over an audio source: blocks -> VAD segments -> decode pool -> sentences, emitted in order.

A file and a live capture run this same loop (models.audio.sources); the only differences are where the blocks
come from and, for a live source, that each block is fed to the VAD at once (a file holds its last block back so
the VAD sees it as final) and that empty blocks are idle ticks that let finished segments out.
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from models.asr.audio_window import Window, vad_rows
from models.asr.recording_gaps import GapMarks
from models.audio.sources import AudioSource, with_final
from models.core.errors import Cancelled
from models.core.transcript import Progress, Segment
from models.speakers.windows import SegmentEmbeddings

SR = 16000
# Segments queued beyond the ones being decoded: a thread that finishes a short segment starts the next one at
# once instead of idling behind a long one (results still come out in order). 3-minute file, INT8 ONNX Runtime,
# 2 threads, alternating fresh processes: 4.28-4.96 s with none, 3.95-4.15 s with 2.
AHEAD = 2

Decoded = tuple[list[Segment], SegmentEmbeddings | None]
# (audio, start_ms, end_ms, vad_index, end_of_audio_ms or None, fbank rows or None) -> sentences, embeddings
DecodeFn = Callable[[np.ndarray, int, int, int, "int | None", "np.ndarray | None"], Decoded]


class SegmentLoop:
    """What a mono and a two-channel loop share: read the source, drain the queue in order, the recording's
    remaining gap markers, cancel. Subclasses set source, inflight (tuples ending in the Future), marks, found,
    segments, on_segment, cancel, and give _handle, _emit_first and _report."""

    source: AudioSource
    inflight: deque
    marks: GapMarks | None
    found: int
    segments: list[Segment]
    on_segment: Callable[[Segment], None] | None
    cancel: threading.Event | None

    def run(self) -> list[Segment]:
        try:
            for block, final in with_final(self.source):
                self._check_cancel()  # a live source also ends when it is aborted: checked before its flush
                self._handle(block, final)
            while self.inflight:
                self._emit_first()
                self._check_cancel()
            for mark in self.marks.rest(self.found - 1) if self.marks else ():
                self._emit(mark)
        finally:
            self._drop_queued()  # cancel or error: drop what has not started
        self._finished()
        self._report("done")
        return self.segments

    def _handle(self, block: np.ndarray, final: bool) -> None:
        raise NotImplementedError

    def _emit_first(self) -> None:
        raise NotImplementedError

    def _report(self, stage: str = "asr") -> None:
        raise NotImplementedError

    def _finished(self) -> None:
        """After the last sentence, before the final progress report."""

    def _emit(self, seg: Segment) -> None:
        self.segments.append(seg)
        if self.on_segment:
            self.on_segment(seg)

    def _drop_queued(self) -> None:
        for entry in self.inflight:
            if entry[-1] is not None:
                entry[-1].cancel()

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            self._drop_queued()
            raise Cancelled("transcription cancelled")


class BlockLoop(SegmentLoop):
    """Runs one source through a VAD stream and a decode pool. Not reusable: one instance per run."""

    def __init__(self, source: AudioSource, vad: Any, pool: ThreadPoolExecutor, workers: int, decode: DecodeFn,
                 rec: Callable[[], Any], start_ms: int = 0,
                 on_segment: Callable[[Segment], None] | None = None,
                 on_progress: Callable[[Progress], None] | None = None,
                 on_embeddings: Callable[[int, SegmentEmbeddings], None] | None = None,
                 on_vad: Callable[[int, int], None] | None = None,
                 cancel: threading.Event | None = None, first_index: int = 0, marks: GapMarks | None = None) -> None:
        self.source, self.vad, self.pool, self.workers, self.decode = source, vad, pool, workers, decode
        self.rec = rec  # the recogniser decoding now (its frontend decides whether the VAD's fbank rows fit)
        self.start_ms = start_ms
        self.on_segment, self.on_progress, self.on_embeddings = on_segment, on_progress, on_embeddings
        self.on_vad = on_vad  # (start_ms, end_ms) of each VAD segment as soon as the VAD closes it
        self.cancel = cancel
        self.marks = marks  # a recording's lost spans, emitted as marker sentences where they fall
        self.total_s = source.duration_s()
        self.window = Window()
        self.segments: list[Segment] = []
        self.offset_ms = getattr(source, "start_ms", 0)  # the source starts here: added to every VAD time
        self.found = first_index  # VAD segments numbered from here (a resumed run goes on counting)
        self.done = first_index
        self.done_ms = self.offset_ms
        # Up to `workers` VAD segments are decoded at once, each alone (one thread per segment: the same words
        # as one-by-one, unlike padded batching); results are emitted strictly in order.
        self.inflight: deque[tuple[int, int, Future[Decoded] | None]] = deque()

    @property
    def end_ms(self) -> int:
        return self.offset_ms + self.window.end * 1000 // SR

    def _report(self, stage: str = "asr") -> None:
        if self.on_progress:
            total = self.total_s if self.total_s is not None else self.end_ms / 1000
            done = min(total, self.done_ms / 1000) if stage != "done" else total
            self.on_progress(Progress(done, total, self.done, self.found, stage))

    def _emit_first(self) -> None:
        b_ms, index, fut = self.inflight.popleft()
        sentences, emb = fut.result() if fut is not None else ([], None)
        marks = self.marks
        if fut is None and marks:
            marks.due(b_ms, index)  # a resumed job's saved part: its markers are saved with it
        for seg in sentences:
            for mark in marks.due(seg.start_ms, index) if marks else ():
                self._emit(mark)
            self._emit(seg)
        for mark in marks.due(b_ms, index) if marks else ():
            self._emit(mark)
        if emb is not None and self.on_embeddings:
            self.on_embeddings(index, emb)
        self.done += 1
        self.done_ms = max(self.done_ms, b_ms)
        self._report()

    def _handle(self, block: np.ndarray, final: bool) -> None:
        self.window.append(block)
        found = self.vad.feed(block, is_final=final)
        first_index = self.found
        self.found += len(found)
        end_ms = self.end_ms if final else None
        off = self.offset_ms
        for k, (ra, rb) in enumerate(found):
            self._check_cancel()
            a, b = ra + off, rb + off
            if self.on_vad:
                self.on_vad(a, b)
            fut = None
            if b > self.start_ms:
                chunk = self.window.slice(ra * SR // 1000, rb * SR // 1000)
                rows = vad_rows(self.vad, self.rec(), ra * SR // 1000, chunk.size)
                fut = self.pool.submit(self.decode, chunk, a, b, first_index + k, end_ms, rows)
            self.inflight.append((b, first_index + k, fut))
            while len(self.inflight) >= self.workers + AHEAD or (self.inflight and self.inflight[0][2] is None):
                self._emit_first()
                self._check_cancel()
        while self.inflight and self.inflight[0][2] is not None and self.inflight[0][2].done():
            self._emit_first()
            self._check_cancel()  # a cancel set in on_progress stops here too, even after the file's last segment
        if not self.inflight and self.vad.in_silence():
            self.done_ms = max(self.done_ms, off + self.vad.processed_ms())
        if block.size or final:
            self._report()
