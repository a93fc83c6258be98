"""Crash-safe microphone recording. Qt-free, so tests and a subprocess can use it as is.

Threads:
- PortAudio's callback only copies each block into a SimpleQueue and updates the level (no I/O, no decoding).
- A writer thread downmixes to mono, converts to int16 and appends to a WAV (desktop.recorder.files) whose header
  is patched every `flush_s` (0.25 s) and fsync'ed every `fsync_s` (1 s).
- Stop waits until PortAudio has delivered the audio captured up to the moment Stop was pressed (ADC timestamps),
  then drains the queue: nothing of the tail is dropped.

Crash safety (desktop.recorder.files): next to each recording a hidden marker `.<name>.recording` (JSON: pid,
boot, sample rate) exists while it is being written. `find_unfinished(folder)` lists recordings whose marker
outlived its process; `repair(path)` fixes the header and removes the marker. Both are re-exported here.
Input devices (listing, by name) are desktop.recorder.devices'.
"""
from __future__ import annotations

import enum
import logging
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop.recorder.devices import portaudio, resolve_device
from desktop.recorder.files import (ACTIVE, RecorderError, WavFullError, WavWriter, find_unfinished, fsync_dir,
                                    marker_path, new_recording_path, repair, write_marker)

__all__ = ["Recorder", "RecorderError", "RecorderStatus", "State", "find_unfinished", "repair"]

log = logging.getLogger("tingxie.recorder")

SILENCE_PEAK = 10 ** (-60 / 20)  # a block whose peak stays below -60 dBFS counts as silence
CLIP_PEAK = 0.999  # |sample| at or above this counts as clipped
CLIP_HOLD_S = 2.0  # `clipping` stays true this long after the last clipped block
WRITER_JOIN_S = 10.0  # how long stop() waits for the writer thread to drain the queue


class State(enum.Enum):
    IDLE = "idle"
    RECORDING = "recording"
    PAUSED = "paused"


@dataclass(frozen=True)
class RecorderStatus:
    """A snapshot for the UI (poll it with a timer; every field is cheap)."""

    state: State
    path: Path | None
    elapsed_s: float  # seconds of audio captured (pauses excluded)
    rms: float  # last block, 0..1
    peak: float  # highest peak since the previous status() call, 0..1
    silent_s: float  # how long the input has been below -60 dBFS
    clipping: bool  # a clipped sample within the last CLIP_HOLD_S seconds
    dropped_blocks: int  # PortAudio input overflows (audio lost before it reached us)
    error: str | None  # writer failure or the device vanished: stop() and show it


class Recorder:
    """Records one input device to a mono PCM_16 WAV at the device's native rate.

    Not thread-safe: call start/pause/resume/stop/status from one thread (the GUI thread).
    """

    def __init__(self, *, block_s: float = 0.05, latency: float | str = "high", flush_s: float = 0.25,
                 fsync_s: float = 1.0, max_data_bytes: int | None = None) -> None:
        self.block_s, self.latency, self.flush_s, self.fsync_s = block_s, latency, flush_s, fsync_s
        self._max_data_bytes = max_data_bytes
        self._state = State.IDLE
        self._stream = None
        self._writer: threading.Thread | None = None
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self.path: Path | None = None
        self.samplerate = 0
        self.channels = 0
        self.device_name = ""
        self._reset_counters()

    def _reset_counters(self) -> None:
        self._paused = False
        self._captured = 0  # frames queued (callback thread)
        self._written = 0  # frames written (writer thread)
        self._level = (0.0, 0.0)
        self._peak_hold = 0.0
        self._overflows = 0
        self._gaps = 0  # holes in the ADC timestamps: audio lost without an overflow flag (writer thread)
        self._gap_s = 0.0
        self._next_adc = 0.0
        self._paused_to = 0.0  # ADC time the paused blocks reached (callback thread; 0: none since last block)
        self._last_callback = 0.0
        self._silent_frames = 0
        self._last_clip_frame: int | None = None
        self._stop_at: float | None = None
        self._tail_in = threading.Event()
        self._error: str | None = None

    # ---- public API -------------------------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def elapsed(self) -> float:
        return self._captured / self.samplerate if self.samplerate else 0.0

    @property
    def level(self) -> tuple[float, float]:
        """(rms, peak) of the last block, 0..1."""
        return self._level

    @property
    def dropped_blocks(self) -> int:
        """Blocks lost before they reached us: PortAudio overflows plus holes in the capture timestamps."""
        return self._overflows + self._gaps

    @property
    def lost_seconds(self) -> float:
        """Audio missing according to the capture timestamps (0 where the host API gives none)."""
        return self._gap_s

    def start(self, device: int | str | None = None, folder: Path | None = None) -> Path:
        """Open the device and start writing a new file in `folder`. Returns the file's path.

        device: PortAudio index, a name as in list_input_devices(), or None/"" for the system default.
        Raises RecorderError (no device, cannot open it, folder not writable); nothing is left on disk then.
        """
        if self._state is not State.IDLE:
            raise RecorderError("A recording is already running.")
        if folder is None:
            from models.core import paths
            folder = paths.recordings_dir()
        sd = portaudio()
        if isinstance(device, str):
            device = resolve_device(device)
        self._reset_counters()
        self._queue = queue.SimpleQueue()
        stream = self._open_stream(sd, device)
        folder = Path(folder)
        marker = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = new_recording_path(folder)
            marker = marker_path(path)
            write_marker(marker, samplerate=self.samplerate, device=self.device_name)
            kw = {} if self._max_data_bytes is None else {"max_data_bytes": self._max_data_bytes}
            wav = WavWriter(path, self.samplerate, 1, **kw)
            fsync_dir(folder)  # the new file's name survives a power cut too
        except OSError as e:
            stream.close()
            if marker is not None:
                marker.unlink(missing_ok=True)
            raise RecorderError(f"Cannot write recordings to {folder}: {e.strerror or e}") from e
        self.path = path
        ACTIVE.add(path.resolve())
        self._writer = threading.Thread(target=self._write_loop, args=(wav,), name="recorder-writer", daemon=True)
        self._writer.start()
        try:
            stream.start()
        except Exception as e:
            self._finish(stream)
            path.unlink(missing_ok=True)  # an empty file nobody asked for
            self.path = None
            raise RecorderError(f"Cannot start recording from {self.device_name}: {e}") from e
        self._stream = stream
        self._state = State.RECORDING
        log.info("recording %s from %r at %d Hz, %d ch", path, self.device_name, self.samplerate, self.channels)
        return path

    def pause(self) -> None:
        if self._state is State.RECORDING:
            self._paused = True
            self._state = State.PAUSED

    def resume(self) -> None:
        if self._state is State.PAUSED:
            self._paused = False
            self._state = State.RECORDING

    def stop(self) -> Path:
        """Stop, keeping all audio captured up to this call, and close the file. Returns its path."""
        if self._state is State.IDLE or self._stream is None:
            raise RecorderError("No recording is running.")
        stream = self._stream
        if self._state is State.RECORDING and stream.active:
            try:
                stop_at = stream.time
            except Exception:
                stop_at = 0.0
            if stop_at > 0:  # some host APIs report no timestamps: then simply stop
                self._stop_at = stop_at
                self._tail_in.wait(timeout=2 * (stream.latency + self.block_s) + 0.2)
        return self._finish(stream)

    def status(self) -> RecorderStatus:
        peak, self._peak_hold = self._peak_hold, 0.0
        error = self._error
        if error is None and self._state is not State.IDLE and self._stream is not None and not self._stream.active:
            error = f"The microphone {self.device_name} stopped delivering audio (was it unplugged?)."
        rate = self.samplerate or 1
        clip = self._last_clip_frame
        return RecorderStatus(
            state=self._state, path=self.path, elapsed_s=self.elapsed, rms=self._level[0],
            peak=max(peak, self._level[1]), silent_s=self._silent_frames / rate,
            clipping=clip is not None and (self._written - clip) < CLIP_HOLD_S * rate,
            dropped_blocks=self.dropped_blocks, error=error)

    # ---- internals --------------------------------------------------------------------------------------------

    def _open_stream(self, sd, device: int | None):
        try:
            info = sd.query_devices(device, "input")
        except Exception as e:  # PortAudioError "Error querying device -1", ValueError "No input device matching"
            raise RecorderError("No microphone found. Connect one, or check that the sound system "
                                f"(PulseAudio/PipeWire) is running. ({e})") from e
        self.device_name = str(info["name"])
        native = int(info["default_samplerate"] or 48000)
        chans = max(1, min(2, int(info["max_input_channels"])))
        tries = [(native, chans), (native, 1), (48000, chans), (44100, chans), (16000, 1)]
        last: Exception | None = None
        for rate, ch in dict.fromkeys(tries):
            try:
                stream = sd.InputStream(device=device, channels=ch, samplerate=rate, dtype="float32",
                                        blocksize=int(rate * self.block_s), latency=self.latency,
                                        callback=self._callback)
            except Exception as e:
                last = e
                continue
            self.samplerate, self.channels = rate, ch
            return stream
        raise RecorderError(f"Cannot open the microphone {self.device_name}: {last}")

    def _callback(self, indata, frames, time_info, status) -> None:
        # PortAudio's thread: copy, level, counters. Nothing else.
        if status.input_overflow:
            self._overflows += 1
        self._last_callback = time.monotonic()
        peak = float(np.abs(indata).max()) if frames else 0.0
        self._level = (float(np.sqrt(np.mean(np.square(indata)))) if frames else 0.0, peak)
        if peak > self._peak_hold:
            self._peak_hold = peak
        adc = time_info.inputBufferAdcTime
        if self._paused:
            # The sample clock runs on while paused: tell the writer where it got to, so Resume is not taken
            # for lost input.
            self._paused_to = adc + frames / self.samplerate if adc > 0 else 0.0
            return
        self._queue.put((indata.copy(), adc, self._paused_to))
        self._paused_to = 0.0
        self._captured += frames
        stop_at = self._stop_at
        if stop_at is not None and adc + frames / self.samplerate >= stop_at:
            self._tail_in.set()

    def _finish(self, stream) -> Path:
        try:
            stream.stop()
        except Exception as e:
            log.warning("stopping the input stream failed: %s", e)
        try:
            stream.close()
        except Exception as e:
            log.warning("closing the input stream failed: %s", e)
        self._queue.put(None)
        hung = False
        if self._writer is not None:
            self._writer.join(timeout=WRITER_JOIN_S)
            hung = self._writer.is_alive()
            if hung:  # a stuck disk: don't freeze the UI; the marker stays and repair() fixes the file later
                self._error = self._error or "The disk did not finish writing the recording in time."
        self._writer = None
        self._stream = None
        self._state = State.IDLE
        self._paused = False
        path = self.path
        assert path is not None
        self._captured = self._written
        if self._error is None:
            marker_path(path).unlink(missing_ok=True)
        elif not hung:  # the writer stopped early: make the header match what is on disk
            try:
                repair(path)
            except RecorderError as e:
                log.error("%s", e)
        ACTIVE.discard(path.resolve())
        log.info("recorded %s: %.2f s, %d dropped blocks (%.3f s)", path, self.elapsed, self.dropped_blocks,
                 self._gap_s)
        return path

    def _write_loop(self, wav: WavWriter) -> None:
        last_flush = last_fsync = time.monotonic()
        while True:
            try:
                item = self._queue.get(timeout=self.flush_s)
            except queue.Empty:
                item = ()
            if item is None:
                break
            if item and self._error is None:
                try:
                    self._write_block(wav, *item)
                except WavFullError:
                    self._error = "The recording reached the 4 GiB WAV size limit and was stopped."
                except OSError as e:
                    self._error = f"Writing the recording failed: {e.strerror or e}"
            now = time.monotonic()
            if now - last_flush >= self.flush_s and self._error is None:
                try:
                    fsync = now - last_fsync >= self.fsync_s
                    wav.sync(fsync=fsync)
                    last_flush = now
                    if fsync:
                        last_fsync = now
                except OSError as e:
                    self._error = f"Writing the recording failed: {e.strerror or e}"
        try:
            wav.close()
        except OSError as e:
            self._error = self._error or f"Finishing the recording failed: {e.strerror or e}"

    def _write_block(self, wav: WavWriter, block: np.ndarray, adc: float, paused_to: float = 0.0) -> None:
        """paused_to: where the clock got to during a pause just before this block (0: no pause)."""
        if paused_to > 0:
            self._next_adc = paused_to
        if adc > 0:
            gap = adc - self._next_adc if self._next_adc else 0.0
            if gap > max(0.02, self.block_s / 2):  # timestamps jitter by a few ms; a hole is a lost block
                self._gaps += 1
                self._gap_s += gap
                log.warning("%.3f s of input lost at %.1f s", gap, self._written / self.samplerate)
            self._next_adc = adc + len(block) / self.samplerate
        mono = block[:, 0] if block.shape[1] == 1 else block.mean(axis=1)
        stop_at = self._stop_at
        if stop_at is not None and adc > 0:  # keep only what was captured before Stop was pressed
            mono = mono[:max(0, min(len(mono), round((stop_at - adc) * self.samplerate)))]
        if not len(mono):
            return
        peak = float(np.abs(mono).max())
        self._silent_frames = self._silent_frames + len(mono) if peak < SILENCE_PEAK else 0
        if peak >= CLIP_PEAK:
            self._last_clip_frame = self._written
        pcm = np.clip(np.rint(mono * 32768.0), -32768, 32767).astype("<i2")
        wav.write(pcm.tobytes())
        self._written = wav.frames
