"""The recorder's writer thread: empties the ring into the crash-safe WAV. Qt-free.

Every `poll_s` it takes all the audio that arrived from its source in one piece: one input's ring through a
TapReader (models/capture/tap.py, mono), or two inputs aligned by models/capture/align.py (two channels). It
converts it to int16 and appends it to the WAV (models/capture/files.py); the header is
patched every `flush_s` and fsync'ed every `fsync_s`. Work per wake-up, not per block: a slow disk or a busy CPU
only lets the ring fill up (it holds tens of seconds), it never makes the callback wait.

Lost audio: for each loss the callback logged, the writer puts that much silence into the file at that point (the
file's clock stays the wall clock, and a later second channel lines up with it), adds a Gap to `gaps` and rewrites
the `.gaps.json` beside the recording (models/audio/gaps.py), which the transcription reads to mark the span.

Listeners: `listeners` holds callables `fn(block, position)` called in this thread, in order, with every piece
written to the file: `block` float32, mono (n,) for one input, or (n, 2) for two (microphone, system audio, as
the file's channels) (do not keep it past the call: copy what you need), `position` its first frame in the file. The pieces follow each other without holes (lost spans arrive as the silence the file
holds; `gaps` says where). A listener must return quickly: while it runs, nothing is written (the ring absorbs it).
A listener that raises is logged and dropped.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from models.capture.files import WavFullError, WavWriter
from models.capture.ring import HOLE, OVERFLOW, RING_FULL
from models.capture.tap import Piece
from models.audio.gaps import Gap, write_gaps

log = logging.getLogger("tingxie.recorder")

Listener = Callable[[np.ndarray, int], None]

SILENCE_PEAK = 10 ** (-60 / 20)  # a piece whose peak stays below -60 dBFS counts as silence
CLIP_PEAK = 0.999  # |sample| at or above this counts as clipped
MAX_PAD_S = 60.0  # a timestamp jump longer than this is a clock change (suspend), not input to fill with silence


REASON_RING = "the recorder could not write fast enough"
REASON_SYSTEM = "the system dropped input: the computer was too busy"


def loss_reason(kind: int) -> str:
    return REASON_RING if kind & RING_FULL or not kind & (OVERFLOW | HOLE) else REASON_SYSTEM


class PieceSource(Protocol):
    """What the writer empties: audio runs and losses in timeline order since the last call (TapReader, Aligner)."""

    def take(self, final: bool = False) -> list[Piece]: ...


class Drain:
    """Owns the WavWriter; run() is the thread's body. The GUI thread reads the public fields (plain values)."""

    def __init__(self, source: PieceSource, wav: WavWriter, *, block_frames: int,
                 poll_s: float = 0.05, flush_s: float = 0.25, fsync_s: float = 1.0) -> None:
        self.source, self.wav = source, wav
        self.channels = wav.channels
        self.rate = wav.samplerate
        self.block_frames = max(1, block_frames)
        self.poll_s, self.flush_s, self.fsync_s = poll_s, flush_s, fsync_s
        self.listeners: list[Listener] = []
        self.gaps: list[Gap] = []
        self.error: str | None = None
        self.level = (0.0, 0.0)  # (rms, peak) of the last block written (two channels: of their mean)
        self.channel_levels = [(0.0, 0.0)] * self.channels  # (rms, peak) of each channel's last block
        self.peak_hold = 0.0  # highest peak since the GUI last reset it
        self.silent_frames = 0
        self.last_clip_frame: int | None = None
        self._closing = threading.Event()
        self._gap_end = -1  # file frame where the last gap ended: a loss right there extends it
        self._gaps_changed = False  # the sidecar and the log are behind `gaps`

    @property
    def frames(self) -> int:
        """Frames in the file so far (audio and the silence put in for lost spans)."""
        return self.wav.frames

    def close(self) -> None:
        """Ask the thread to write what is left and finish (call after the stream stopped)."""
        self._closing.set()

    def run(self) -> None:
        last_flush = last_fsync = time.monotonic()
        while True:
            closing = self._closing.is_set()  # before the step: the last step then sees all the stream gave
            self._step(final=closing)
            now = time.monotonic()
            if now - last_flush >= self.flush_s and self.error is None:
                try:
                    fsync = now - last_fsync >= self.fsync_s
                    self.wav.sync(fsync=fsync)
                    last_flush = now
                    if fsync:
                        last_fsync = now
                except OSError as e:
                    self.error = f"Writing the recording failed: {e.strerror or e}"
            if closing:
                break
            self._closing.wait(self.poll_s)
        try:
            self.wav.close()
        except OSError as e:
            self.error = self.error or f"Finishing the recording failed: {e.strerror or e}"

    # ---- one wake-up ------------------------------------------------------------------------------------------

    def _step(self, final: bool = False) -> None:
        for piece in self.source.take(final):
            if piece.frames is None:
                self._lose(piece.lost, piece.kind)
            elif piece.lost:  # lost on one channel only: the other's audio is there (two inputs)
                at = self.wav.frames
                self._write(piece.frames)
                self._note_gap(at, len(piece.frames), piece.kind)
            else:
                self._write(piece.frames)
        if self._gaps_changed:  # once per wake-up, however many blocks a long stall cost
            self._gaps_changed = False
            log.warning("%s at %.2f s of the recording (%d gaps so far)", self.gaps[-1].describe(),
                        self.gaps[-1].at_ms / 1000, len(self.gaps))
            try:
                write_gaps(Path(self.wav.path), list(self.gaps))
            except OSError as e:
                log.error("cannot write the list of gaps next to %s: %s", self.wav.path.name, e)

    def _write(self, frames: np.ndarray) -> None:
        """frames: float32, mono (n,) or one column per channel (n x channels)."""
        if not len(frames):
            return
        frames = frames.reshape(len(frames), -1)
        tail = frames[-self.block_frames:]
        self.channel_levels = [(float(np.sqrt(np.mean(np.square(c)))), float(np.abs(c).max())) for c in tail.T]
        mono = frames[:, 0] if frames.shape[1] == 1 else frames.mean(axis=1, dtype=np.float32)
        peak = float(np.abs(frames).max())
        tail = mono[-self.block_frames:]
        self.level = (float(np.sqrt(np.mean(np.square(tail)))), float(np.abs(tail).max()))
        if peak > self.peak_hold:
            self.peak_hold = peak
        self.silent_frames = self.silent_frames + len(mono) if peak < SILENCE_PEAK else 0
        if peak >= CLIP_PEAK:
            self.last_clip_frame = self.wav.frames + len(mono)
        self._append(frames, mono)

    def _append(self, frames: np.ndarray, mono: np.ndarray) -> None:
        position = self.wav.frames
        if self.error is None:
            pcm = np.clip(np.rint(frames * 32768.0), -32768, 32767).astype("<i2")  # rows interleave the channels
            try:
                self.wav.write(pcm.tobytes())
            except WavFullError:
                self.error = "The recording reached the 4 GiB WAV size limit and was stopped."
                return
            except OSError as e:
                self.error = f"Writing the recording failed: {e.strerror or e}"
                return
        else:
            return
        block = mono if frames.shape[1] == 1 else frames
        for fn in tuple(self.listeners):
            try:
                fn(block, position)
            except Exception:  # noqa: BLE001 - a broken consumer must not stop the recording
                log.exception("a recording listener failed; it gets no more audio")
                if fn in self.listeners:
                    self.listeners.remove(fn)

    def _lose(self, lost: int, kind: int) -> None:
        """Silence for `lost` frames at the end of the file, and the gap in `gaps` (the sidecar follows)."""
        lost = min(max(0, lost), int(MAX_PAD_S * self.rate))
        at = self.wav.frames
        for start in range(0, lost, self.rate):  # a second at a time: a long gap needs no long buffer
            n = min(self.rate, lost - start)
            self._append(np.zeros((n, self.channels), dtype=np.float32), np.zeros(n, dtype=np.float32))
        self._note_gap(at, lost, kind)

    def _note_gap(self, at: int, lost: int, kind: int) -> None:
        at_ms, lost_ms = at * 1000 // self.rate, lost * 1000 // self.rate
        reason = loss_reason(kind)
        if self.gaps and at == self._gap_end and self.gaps[-1].reason == reason:
            prev = self.gaps[-1]
            self.gaps[-1] = Gap(prev.at_ms, prev.lost_ms + lost_ms, reason)
        else:
            self.gaps.append(Gap(at_ms, lost_ms, reason))
        self._gap_end = at + lost
        self._gaps_changed = True
