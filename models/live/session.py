"""LiveSession: one recording transcribed while it is made.

    session = LiveSession(engine, store, recording_path, rate=48000, streaming=recognizer)
    session.start()
    recorder_thread: session.push(samples)      # every captured block, any thread, never blocks
    ...
    transcript = session.finish()                # after the recorder stopped: only the last segment is left

Two consumers of the same audio:
- the offline path: JobRunner.run_live -> Engine.transcribe(PushSource): the file pipeline itself (VAD, Paraformer,
  punctuation, text steps, speakers, job history), so the final sentences are committed as they land;
- the streaming path (optional): a streaming Paraformer shows words within a chunk of their audio. It is display
  only; when it falls behind by more than CATCH_UP_S it skips ahead (the offline path still gets every sample).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from models.audio.resample import SAMPLE_RATE, To16k
from models.audio.sources import Columns, PushSource
from models.core.transcript import Progress, Segment, Transcript
from models.live.captions import Captions
from models.live.timing import LiveTiming

log = logging.getLogger(__name__)

CATCH_UP_S = 3.0  # streaming audio waiting longer than this is skipped (the final sentences will cover it)
STREAM_THREAD = "tingxie-live-stream"
OFFLINE_THREAD = "tingxie-live"


class LiveSession:
    def __init__(self, engine: Any, store: Any, recording: str | Path, rate: int, *, channels: int | None = None,
                 streaming: Any = None,
                 text: Any = None, speakers: Any = None, on_change: Callable[[], None] | None = None,
                 on_final: Callable[[Segment], None] | None = None,
                 on_notice: Callable[[str], None] | None = None) -> None:
        """engine: a loaded Engine; store: the JobStore the sentences go to; recording: the file the recorder
        writes (the job's name); rate: the captured samples' rate; channels: 2 for a meeting recorded on two
        channels (microphone, system audio), whose sentences then know their channel as a file's (None: as the
        recorder's layout beside the recording says, models/audio/layout.py). streaming: a StreamingRecognizer
        (models.streaming) or None for final sentences only. on_change(): what Captions shows changed (any
        thread: post it to your UI thread). on_final(segment): each final sentence, in order (offline thread)."""
        self.engine, self.store, self.path = engine, store, Path(recording)
        self.streaming = streaming
        self.text, self.speakers = text, speakers
        self.on_change, self.on_final, self.on_notice = on_change, on_final, on_notice
        self.captions = Captions()
        self.timing = LiveTiming()
        self._lock = threading.Lock()
        if channels is None:
            from models.audio.layout import layout

            channels = 2 if layout(self.path) else 1
        self.channels = channels
        self._rs = [To16k(rate, batch_s=0.02) for _ in range(channels)]  # one per channel: each is its own signal
        self._cols = Columns(channels)
        self.source = PushSource(str(self.path), SAMPLE_RATE, channels=channels)
        self._stream_src = PushSource(str(self.path), SAMPLE_RATE)  # the same audio for the streaming decoder
        self.vad_segments: list[tuple[int, int]] = []  # [start_ms, end_ms] of each VAD segment, in order
        self._threads: list[threading.Thread] = []
        self.transcript: Transcript | None = None
        self.error: BaseException | None = None
        self.cancel = threading.Event()
        self.catching_up = False  # the streaming text skipped audio to keep up
        self.job_id: int | None = None
        self.segments_done = 0  # VAD segments whose sentences are committed to the history (a display polls it)

    # ---------- producer side ----------
    def push(self, samples: np.ndarray) -> None:
        """Captured float32 samples at `rate`: mono (n,), or (n, 2) for two channels. Any one thread (the
        recorder's writer); never blocks."""
        # As the recorder stores them (16-bit PCM): the live transcript then hears what transcribing the saved
        # file hears, sample for sample (random-weight tests and real models alike react to the rounding).
        x = np.asarray(samples, np.float32).reshape(-1, self.channels)
        pcm = (np.clip(np.rint(x * 32768.0), -32768, 32767) / 32768.0).astype(np.float32)
        self._feed([r.push(np.ascontiguousarray(pcm[:, c])) for c, r in enumerate(self._rs)])

    def _feed(self, columns: list[np.ndarray]) -> None:
        out = self._cols.join(columns)
        if not len(out):
            return
        self.timing.arrived(self.source.pushed_s + len(out) / SAMPLE_RATE)
        self.source.push(out)
        if self.streaming is not None:  # the streaming text (a preview) hears the channels mixed
            self._stream_src.push(out if out.ndim == 1 else out.mean(axis=1, dtype=np.float32))

    # ---------- lifecycle ----------
    def start(self) -> None:
        off = threading.Thread(target=self._run_offline, name=OFFLINE_THREAD, daemon=True)
        self._threads.append(off)
        if self.streaming is not None:
            self._threads.append(threading.Thread(target=self._run_streaming, name=STREAM_THREAD, daemon=True))
        for t in self._threads:
            t.start()

    def finish(self, timeout: float | None = None) -> Transcript | None:
        """No more audio: decode what is left and return the finished transcript (None if it failed: .error)."""
        self._feed([r.flush() for r in self._rs])
        self.source.close()
        self._stream_src.close()
        for t in self._threads:
            t.join(timeout)
        if self.error is not None and self.on_notice:
            self.on_notice(f"the live transcript stopped: {self.error}")
        return self.transcript

    def abort(self) -> None:
        """Stop without finishing (the committed sentences stay in the history; the job is interrupted)."""
        self.cancel.set()
        self.source.close()
        self._stream_src.close()

    @property
    def backlog_s(self) -> float:
        """How far the final sentences are behind the audio (seconds of audio not yet read by the VAD)."""
        return self.source.backlog_s

    @property
    def stream_backlog_s(self) -> float:
        """How far the streaming text is behind the audio."""
        return self._stream_src.backlog_s

    # ---------- offline path ----------
    def _run_offline(self) -> None:
        from models.jobs.runner import JobRunner

        def on_segment(seg: Segment) -> None:
            with self._lock:
                self.captions.add_final(seg)
            if self.on_final:
                self.on_final(seg)
            self._changed()

        def on_vad(a: int, b: int) -> None:
            self.vad_segments.append((a, b))
            self.timing.vad_closed(b)

        finalised = [0, 0]  # VAD segments whose sentences are out, and the latest end among them

        def on_progress(p: Progress) -> None:
            if p.stage != "done":  # the runner committed this segment's sentences before telling us
                self.segments_done = max(self.segments_done, p.segments_done)
            if p.stage == "done" or p.segments_done <= finalised[0] or p.segments_done > len(self.vad_segments):
                return
            # Two channels: ends are not in order, so the latest end so far (kept, not recomputed each time).
            end = max([finalised[1]] + [b for _a, b in self.vad_segments[finalised[0]:p.segments_done]])
            finalised[:] = [p.segments_done, end]
            self.timing.finalised(end)
            with self._lock:
                self.captions.close_segment(end)
            self._changed()

        def on_claimed(job: Any) -> None:
            self.job_id = job.id

        try:
            self.transcript = JobRunner(self.store).run_live(
                self.engine, self.source, self.path, on_progress=on_progress, on_segment=on_segment,
                cancel=self.cancel, on_notice=self.on_notice, on_claimed=on_claimed, text=self.text,
                speakers=self.speakers, on_vad=on_vad)
        except BaseException as exc:  # noqa: BLE001 - reported by finish(); the recording itself is unaffected
            log.error("live transcription failed: %s", exc)
            self.error = exc
            self.source.close()

    # ---------- streaming path ----------
    def _run_streaming(self) -> None:
        stream = self.streaming.start()
        t0 = 0  # stream time (ms) of the current stream's first sample, in recording time
        fed = 0  # samples fed to the current stream
        try:
            for audio in self._stream_src.blocks():  # all that waits at each wake-up: one decoder call
                if not audio.size:  # an idle tick
                    continue
                if audio.size > CATCH_UP_S * SAMPLE_RATE:
                    # Too far behind to be live: drop the streaming text's backlog and start again at the end.
                    t0 += (fed + audio.size) * 1000 // SAMPLE_RATE
                    fed = 0
                    stream = self.streaming.start()
                    self.catching_up = True
                    self._changed()
                    continue
                tokens = stream.accept(audio)
                fed += audio.size
                if self.catching_up and self.stream_backlog_s < 1.0:
                    self.catching_up = False
                    self._changed()
                self._show(tokens, t0)
            self._show(stream.finish(), t0)
        except Exception as exc:  # noqa: BLE001 - streaming text is a preview: the final sentences go on
            log.warning("live captions (streaming text) stopped: %s", exc)
            self._stream_src.close()  # no more audio queued for it
            if self.on_notice:
                self.on_notice(f"streaming text stopped ({exc}); final sentences continue")

    def _show(self, tokens: list[tuple[str, int]], t0: int) -> None:
        """Streaming tokens (stream times) into the captions, in recording time."""
        if not tokens:
            return
        now = time.monotonic()
        shifted = [(t, t0 + ms) for t, ms in tokens]
        with self._lock:
            self.captions.add_tokens(shifted)
        self.timing.shown([ms for _t, ms in shifted], now, self.streaming.chunk_ms)
        self._changed()

    def _changed(self) -> None:
        if self.on_change:
            self.on_change()

    def snapshot(self) -> tuple[list[tuple[str, bool]], int]:
        """(last caption lines, version) for a display; any thread."""
        with self._lock:
            return self.captions.last_lines(2), self.captions.version
