"""A two-channel meeting recording (channel 1 this computer's microphone, channel 2 the system audio: what the
remote participants said) transcribed as one transcript in time order, each sentence knowing its channel.

The recorder writes `<name>.channels.json` beside such a recording (models/audio/layout.py); a stereo file
without it (music, an interview recorded in stereo) is transcribed as before, downmixed.

Each channel goes through the VAD on its own; the speech segments of both are numbered in order of their start
(so the job history's checkpoints, resume and vad_index work as for a mono file) and each is decoded from its own
channel's audio. When both sides speak at once, each segment's sentences stay together, in the order the segments
began. A microphone segment that is the loudspeakers' echo of the system audio (no headset) is dropped
before it is decoded (models/asr/echo.py), so the remote participants' words appear once, on their channel.
"""
from __future__ import annotations

import dataclasses
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from models.asr.echo import MAX_LAG_MS as ECHO_LOOK_BACK_MS
from models.asr.echo import MAX_LEAD_MS as ECHO_LOOK_AHEAD_MS
from models.asr.echo import local_spans
from models.asr.recording_gaps import GapMarks
from models.audio.resample import SAMPLE_RATE, To16k
from models.core.errors import AudioError, Cancelled
from models.core.transcript import Progress, Segment

log = logging.getLogger(__name__)

MIC, SYSTEM = 0, 1  # the channels' numbers (Segment.channel); their default names are options.CHANNEL_LABELS
AHEAD = 2  # segments queued beyond the decoding ones (as models/asr/block_loop.py)
BLOCK_S = 60.0


class ChannelAudio:
    """One channel of the recording at 16 kHz: streamed for the VAD, sliced for decoding."""

    def __init__(self, path: str | Path, channel: int) -> None:
        import soundfile as sf

        self.path, self.channel = Path(path), channel
        try:
            info = sf.info(str(path))
        except Exception as exc:  # noqa: BLE001 - libsndfile's own errors
            raise AudioError(f"Cannot read {self.path.name}: {exc}") from exc
        self.rate, self.frames = info.samplerate, info.frames

    @property
    def duration_ms(self) -> int:
        return self.frames * 1000 // self.rate

    def blocks(self, block_s: float = BLOCK_S) -> Iterator[np.ndarray]:
        import soundfile as sf

        rs = To16k(self.rate)
        with sf.SoundFile(str(self.path)) as f:
            for blk in f.blocks(blocksize=int(self.rate * block_s), dtype="float32", always_2d=True):
                out = rs.push(np.ascontiguousarray(blk[:, self.channel]))
                if len(out):
                    yield out
        tail = rs.flush()
        if len(tail):
            yield tail

    def slice(self, a_ms: int, b_ms: int) -> np.ndarray:
        import soundfile as sf

        a, b = a_ms * self.rate // 1000, min(self.frames, b_ms * self.rate // 1000)
        data, _ = sf.read(str(self.path), start=a, stop=max(a, b), dtype="float32", always_2d=True)
        x = np.ascontiguousarray(data[:, self.channel])
        rs = To16k(self.rate)
        out = rs.push(x)
        out = np.concatenate([out, rs.flush()])
        return out[: (b_ms - a_ms) * SAMPLE_RATE // 1000]


def speech_segments(audio: ChannelAudio, vad: Any, cancel: threading.Event | None) -> list[tuple[int, int]]:
    """The VAD's [start_ms, end_ms] segments of one channel (the last block fed as final, like a file)."""
    found: list[tuple[int, int]] = []
    pending: np.ndarray | None = None
    for block in audio.blocks():
        if cancel is not None and cancel.is_set():
            raise Cancelled("transcription cancelled")
        if pending is not None:
            found += vad.feed(pending, is_final=False)
        pending = block
    found += vad.feed(pending if pending is not None else np.zeros(0, np.float32), is_final=True)
    return found


Decoded = tuple[list[Segment], Any]


def _without_echo(found: list[tuple[int, int, int]], chans: list[ChannelAudio]) -> list[tuple[int, int, int]]:
    """The microphone's segments cut down to where the local person speaks: the loudspeakers' echo (the system
    channel has those words) is left out, so no sentence of the remote side comes twice."""
    kept: list[tuple[int, int, int]] = []
    echo_ms = 0
    for a, b, ch in found:
        if ch != MIC:
            kept.append((a, b, ch))
            continue
        before = a - max(0, a - ECHO_LOOK_BACK_MS)
        mic = chans[MIC].slice(a, b)
        system = chans[SYSTEM].slice(a - before, b + ECHO_LOOK_AHEAD_MS)  # shorter at the end of the file
        after = max(0, len(system) - len(mic) - before * SAMPLE_RATE // 1000)
        spans = local_spans(mic, system, before * SAMPLE_RATE // 1000, after)
        parts = [(a + x * 1000 // SAMPLE_RATE, min(b, a + y * 1000 // SAMPLE_RATE), MIC) for x, y in spans]
        kept += parts
        echo_ms += (b - a) - sum(y - x for x, y, _c in parts)
    if echo_ms:
        log.info("%d ms of the microphone were the loudspeakers' echo and are left out", echo_ms)
    kept.sort(key=lambda s: (s[0], s[2]))
    return kept


def transcribe_channels(path: str | Path, new_vad: Callable[[], Any], pool: ThreadPoolExecutor, workers: int,
                        decode: Callable[[np.ndarray, int, int, int, int | None, None], Decoded], *,
                        start_ms: int = 0, on_segment: Callable[[Segment], None] | None = None,
                        on_progress: Callable[[Progress], None] | None = None,
                        on_embeddings: Callable[[int, Any], None] | None = None,
                        cancel: threading.Event | None = None, drop_echo: bool = True) -> tuple[list[Segment], int]:
    """All sentences of both channels in time order (Segment.channel set), and the recording's length in ms.
    decode(chunk, start_ms, end_ms, vad_index, end_of_audio_ms, None) is the engine's per-segment decode."""
    chans = [ChannelAudio(path, MIC), ChannelAudio(path, SYSTEM)]
    end_ms = chans[0].duration_ms
    found = [(a, b, ch) for ch, audio in enumerate(chans) for a, b in speech_segments(audio, new_vad(), cancel)]
    found.sort(key=lambda s: (s[0], s[2]))
    if drop_echo:
        found = _without_echo(found, chans)
    total_s = end_ms / 1000
    # Resume skips the segments that end at or before the checkpoint, so the checkpoint (done_ms) never passes the
    # end of a segment not yet emitted (a short one on one channel inside a long one on the other).
    later_end = [end_ms + 1] * (len(found) + 1)
    for i in range(len(found) - 1, -1, -1):
        later_end[i] = min(later_end[i + 1], found[i][1])
    marks = GapMarks(path, start_ms)
    out: list[Segment] = []
    inflight: deque[tuple[int, int, int, Future[Decoded] | None]] = deque()
    done_ms = 0

    def emit(seg: Segment) -> None:
        out.append(seg)
        if on_segment:
            on_segment(seg)

    def emit_first() -> None:
        nonlocal done_ms
        b, index, ch, fut = inflight.popleft()
        sentences, emb = fut.result() if fut is not None else ([], None)
        for seg in sentences:
            for mark in marks.due(seg.start_ms, index) if marks else ():
                emit(mark)
            emit(dataclasses.replace(seg, channel=ch))
        if emb is not None and on_embeddings and ch == SYSTEM:  # the microphone is one person: not clustered
            on_embeddings(index, emb)
        done_ms = min(max(done_ms, b), later_end[index + 1] - 1)
        if on_progress:
            on_progress(Progress(min(total_s, done_ms / 1000), total_s, index + 1, len(found), "asr"))

    try:
        for index, (a, b, ch) in enumerate(found):
            if cancel is not None and cancel.is_set():
                raise Cancelled("transcription cancelled")
            fut = pool.submit(decode, chans[ch].slice(a, b), a, b, index, end_ms, None) if b > start_ms else None
            inflight.append((b, index, ch, fut))
            while len(inflight) >= workers + AHEAD or (inflight and inflight[0][3] is None):
                emit_first()
        while inflight:
            emit_first()
            if cancel is not None and cancel.is_set():
                raise Cancelled("transcription cancelled")
        for mark in marks.rest(len(found) - 1) if marks else ():
            emit(mark)
    finally:
        for _b, _i, _c, fut in inflight:
            if fut is not None:
                fut.cancel()
    if on_progress:
        on_progress(Progress(total_s, total_s, len(found), len(found), "done"))
    return out, end_ms


__all__ = ["MIC", "SYSTEM", "transcribe_channels"]
