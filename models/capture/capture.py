"""Crash-safe microphone recording that never loses audio silently. Qt-free, so tests and a subprocess can use it.

Threads:
- PortAudio's callback (models/capture/tap.py) only copies each block into a preallocated ring
  (models/capture/ring.py) and notes losses: PortAudio's input_overflow flag, a hole in the capture (ADC)
  timestamps, a block the full ring could not take. No allocation of buffers, no lock, no I/O, no logging there:
  under load it must return at once.
- A writer thread (models/capture/drain.py) empties the ring into a WAV (models/capture/files.py) whose header
  is patched every `flush_s` (0.25 s) and fsync'ed every `fsync_s` (1 s); it puts silence where audio was lost,
  lists the gaps in `<name>.gaps.json` beside the file (the transcript marks them) and feeds `add_listener` callbacks.
- The ring holds `ring_s` (30 s) of audio, so a writer stalled by a slow disk or a busy machine loses nothing; the
  stream asks for `latency` (LATENCY_S) of buffering from the system, so a callback that waits for the CPU or the
  GIL (the transcription runs in the same process) loses nothing either.
- Opening, stopping and closing the PortAudio streams: models/capture/streams.py.
- Stop waits until PortAudio has delivered the audio captured up to the moment Stop was pressed (ADC timestamps),
  then drains the ring: nothing of the tail is dropped.

Crash safety (models.capture.files): next to each recording a hidden marker `.<name>.recording` (JSON: pid,
boot, sample rate) exists while it is being written. `find_unfinished(folder)` lists recordings whose marker
outlived its process; `repair(path)` fixes the header and removes the marker. Both are re-exported here.
Input devices (listing, by name) are models.capture.devices'. Two inputs on two channels (microphone + system
audio): models.capture.duo.
"""
from __future__ import annotations

import enum
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from models.capture.align import PairSource
from models.capture.devices import portaudio, resolve_device
from models.capture.drain import Drain, Listener
from models.capture.files import ACTIVE, RecorderError, create_recording, find_unfinished, marker_path, repair
from models.capture.loopback import SystemInput, find_system_input
from models.capture.streams import close_streams, open_input, wait_for_tail
from models.capture.tap import InputTap, TapReader
from models.options import SOURCES
from models.audio.gaps import Gap
from models.audio.layout import layout_path

__all__ = ["Gap", "Recorder", "RecorderError", "RecorderStatus", "State", "find_unfinished", "repair"]

log = logging.getLogger("tingxie.recorder")

CLIP_HOLD_S = 2.0  # `clipping` stays true this long after the last clipped block
WRITER_JOIN_S = 10.0  # how long stop() waits for the writer thread to drain the ring
RING_S = 30.0  # seconds of audio the ring holds for a writer that falls behind
# What the stream asks the system to buffer. PortAudio's "high" is 0.1 s on PulseAudio's ALSA device: one slow
# wake-up of a loaded 2-core machine. Half a second costs nothing in a recorder (the meter lags by as much).
LATENCY_S = 0.5


class State(enum.Enum):
    IDLE = "idle"
    RECORDING = "recording"
    PAUSED = "paused"


@dataclass(frozen=True)
class RecorderStatus:
    """A snapshot for the UI (poll it with a timer; every field is cheap)."""

    state: State
    path: Path | None
    elapsed_s: float  # seconds of audio captured (pauses excluded, lost spans included)
    rms: float  # last block, 0..1
    peak: float  # highest peak since the previous status() call, 0..1
    silent_s: float  # how long the input has been below -60 dBFS
    clipping: bool  # a clipped sample within the last CLIP_HOLD_S seconds
    dropped_blocks: int  # losses: input overflows, holes in the timestamps, blocks the full ring refused
    error: str | None  # writer failure or the device vanished: stop() and show it
    gaps: tuple[Gap, ...] = ()  # where the file lost audio so far (time in the file, length, why)
    levels: tuple[tuple[float, float], ...] = ()  # (rms, peak) of each channel's last block (1: mic, 2: system)


class Recorder:
    """Records one input device to a mono PCM_16 WAV at the device's native rate; or, with source "both", the
    microphone and the system audio to a two-channel WAV at the microphone's rate (channel 1 the microphone,
    channel 2 the system audio resampled onto the microphone's clock: models/capture/align.py).

    Not thread-safe: call start/pause/resume/stop/status from one thread (the GUI thread).
    """

    def __init__(self, *, block_s: float = 0.05, latency: float | str = LATENCY_S, ring_s: float = RING_S,
                 flush_s: float = 0.25, fsync_s: float = 1.0, max_data_bytes: int | None = None) -> None:
        self.block_s, self.latency, self.flush_s, self.fsync_s = block_s, latency, flush_s, fsync_s
        self.ring_s = ring_s
        self._max_data_bytes = max_data_bytes
        self._state = State.IDLE
        self._stream = None
        self._writer: threading.Thread | None = None
        self._drain: Drain | None = None
        self._listeners: list[Listener] = []
        self.path: Path | None = None
        self.samplerate = 0
        self.channels = 0
        self.device_name = ""
        self.system_name = ""  # the second input's name (source "both")
        self.source = "mic"
        self._reset_counters()

    def _reset_counters(self) -> None:
        self._tap: InputTap | None = None  # the callback's state (models/capture/tap.py)
        self._second: tuple[object, InputTap] | None = None  # source "both": the system audio's stream and tap
        self._final_pos: int | None = None  # what the finished file holds (the tail after Stop was cut)

    @property
    def _pos(self) -> int:
        if self._final_pos is not None:
            return self._final_pos
        return self._tap.pos if self._tap is not None else 0

    # ---- public API -------------------------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def elapsed(self) -> float:
        return self._pos / self.samplerate if self.samplerate else 0.0

    @property
    def level(self) -> tuple[float, float]:
        """(rms, peak) of the last block, 0..1."""
        return self._drain.level if self._drain is not None else (0.0, 0.0)

    @property
    def dropped_blocks(self) -> int:
        """Losses so far: PortAudio overflows, holes in the capture timestamps, blocks the full ring refused."""
        return self._tap.losses if self._tap is not None else 0

    @property
    def lost_seconds(self) -> float:
        """Audio known to be missing (the file holds silence there); overflows without timestamps add 0."""
        lost = self._tap.lost_frames if self._tap is not None else 0
        return lost / self.samplerate if self.samplerate else 0.0

    @property
    def gaps(self) -> list[Gap]:
        """Where the file lost audio, as written so far (also in `<name>.gaps.json` beside the file)."""
        return list(self._drain.gaps) if self._drain is not None else []

    def add_listener(self, fn: Listener) -> None:
        """Also hand every piece written to the file to fn(block, position), in the writer thread (see
        models/capture/drain.py: float32 mono, position = its first frame in the file, no holes, return fast).
        Listeners stay for later recordings until removed."""
        self._listeners.append(fn)
        if self._drain is not None:
            self._drain.listeners.append(fn)

    def remove_listener(self, fn: Listener) -> None:
        for where in (self._listeners, self._drain.listeners if self._drain is not None else []):
            if fn in where:
                where.remove(fn)

    def start(self, device: int | str | None = None, folder: Path | None = None, source: str = "mic",
              system: SystemInput | None = None) -> Path:
        """Open the device and start writing a new file in `folder`. Returns the file's path.

        device: PortAudio index, a name as in list_input_devices(), or None/"" for the system default.
        source: "mic" (device), "system" (what the computer plays) or "both" (two channels); system: how to open
        the system audio (default: models.capture.loopback.find_system_input()).
        Raises RecorderError (no device, cannot open it, no system audio and why, folder not writable); nothing is
        left on disk then.
        """
        if self._state is not State.IDLE:
            raise RecorderError("A recording is already running.")
        if source not in SOURCES:
            raise RecorderError(f"Unknown source {source!r}: one of {', '.join(SOURCES)}.")
        if folder is None:
            from models.core import paths
            folder = paths.recordings_dir()
        sd = portaudio()
        if isinstance(device, str):
            device = resolve_device(device)
        self._reset_counters()
        if source != "mic":
            system = system or find_system_input()
        env: dict[str, str] = {}
        if source == "system":
            assert system is not None
            device, env = system.device, system.env
        stream, self._tap, self.device_name = self._open(
            sd, device, env, "the system audio" if source == "system" else "the microphone")
        self.samplerate, self.channels, self.source = self._tap.samplerate, self._tap.channels, source
        if source == "system":
            self.system_name = self.device_name = system.name
        if source == "both":
            assert system is not None
            try:
                second = self._open(sd, system.device, system.env, "the system audio")
            except RecorderError:
                stream.close()
                raise
            self._second, self.system_name = second[:2], system.name
        try:
            path, wav = create_recording(Path(folder), self.samplerate, 2 if self._second else 1,
                                         max_data_bytes=self._max_data_bytes, device=self.device_name,
                                         system=self.system_name)
        except RecorderError:
            stream.close()
            if self._second:
                self._second[0].close()
            raise
        self.path = path
        ACTIVE.add(path.resolve())
        source_ = PairSource(self._tap, self._second[1]) if self._second else TapReader(self._tap)
        self._drain = Drain(source_, wav, block_frames=int(self.samplerate * self.block_s),
                            poll_s=min(self.flush_s, self.block_s), flush_s=self.flush_s, fsync_s=self.fsync_s)
        self._drain.listeners.extend(self._listeners)
        self._writer = threading.Thread(target=self._drain.run, name="recorder-writer", daemon=True)
        self._writer.start()
        try:
            stream.start()
            if self._second:
                self._second[0].start()
        except Exception as e:
            self._finish(stream)
            path.unlink(missing_ok=True)  # an empty file nobody asked for
            layout_path(path).unlink(missing_ok=True)
            self.path = None
            raise RecorderError(f"Cannot start recording from {self.device_name}: {e}") from e
        self._stream = stream
        self._state = State.RECORDING
        log.info("recording %s from %r%s at %d Hz, %d ch, latency %.3f s", path, self.device_name,
                 f" and {self.system_name!r}" if self._second else "", self.samplerate, self.channels,
                 getattr(stream, "latency", 0.0) or 0.0)
        return path

    def pause(self) -> None:
        if self._state is State.RECORDING:
            for tap in self._taps():
                tap.paused = True
            self._state = State.PAUSED

    def resume(self) -> None:
        if self._state is State.PAUSED:
            for tap in self._taps():
                tap.epoch += 1  # the clock ran on while the timeline stood still: the drift fit starts over
                tap.paused = False
            self._state = State.RECORDING

    def stop(self) -> Path:
        """Stop, keeping all audio captured up to this call, and close the file. Returns its path."""
        if self._state is State.IDLE or self._stream is None:
            raise RecorderError("No recording is running.")
        stream = self._stream
        if self._state is State.RECORDING:  # paused, the taps drop what comes in: nothing to wait for
            wait_for_tail([(stream, self._tap)] + ([self._second] if self._second else []), self.block_s)
        return self._finish(stream)

    def _taps(self) -> list[InputTap]:
        return [t for t in (self._tap, self._second[1] if self._second else None) if t is not None]

    def status(self) -> RecorderStatus:
        drain = self._drain
        error = drain.error if drain is not None else None
        if error is None and self._state is not State.IDLE and self._stream is not None and not self._stream.active:
            error = f"The microphone {self.device_name} stopped delivering audio (was it unplugged?)."
            if self.source == "system":
                error = f"The system audio ({self.device_name}) stopped delivering audio."
        if error is None and self._state is not State.IDLE and self._second and not self._second[0].active:
            error = f"The system audio ({self.system_name}) stopped delivering audio (did the output device change?)."
        rate = self.samplerate or 1
        if drain is None:
            return RecorderStatus(self._state, self.path, self.elapsed, 0.0, 0.0, 0.0, False, self.dropped_blocks,
                                  error)
        peak, drain.peak_hold = drain.peak_hold, 0.0
        clip = drain.last_clip_frame
        return RecorderStatus(
            state=self._state, path=self.path, elapsed_s=self.elapsed, rms=drain.level[0],
            peak=max(peak, drain.level[1]), silent_s=drain.silent_frames / rate,
            clipping=clip is not None and (drain.frames - clip) < CLIP_HOLD_S * rate,
            dropped_blocks=self.dropped_blocks, error=error, gaps=tuple(drain.gaps),
            levels=tuple(drain.channel_levels))

    # ---- internals --------------------------------------------------------------------------------------------

    def _open(self, sd, device: int | str | None, env: dict[str, str], what: str) -> tuple[object, InputTap, str]:
        return open_input(sd, device, env, what, block_s=self.block_s, ring_s=self.ring_s, latency=self.latency)

    def _finish(self, stream) -> Path:
        close_streams([stream] + ([self._second[0]] if self._second else []))
        drain = self._drain
        hung = False
        if drain is not None:
            drain.close()
        if self._writer is not None:
            self._writer.join(timeout=WRITER_JOIN_S)
            hung = self._writer.is_alive()
            if hung and drain is not None:  # a stuck disk: don't freeze the UI; repair() fixes the file later
                drain.error = drain.error or "The disk did not finish writing the recording in time."
        self._writer = None
        self._stream = None
        self._state = State.IDLE
        path = self.path
        assert path is not None
        error = drain.error if drain is not None else None
        if drain is not None and not hung:
            self._final_pos = drain.frames  # what the file holds (the tail after Stop was cut)
        if error is None:
            marker_path(path).unlink(missing_ok=True)
        elif not hung:  # the writer stopped early: make the header match what is on disk
            try:
                repair(path)
            except RecorderError as e:
                log.error("%s", e)
        ACTIVE.discard(path.resolve())
        log.info("recorded %s: %.2f s, %d losses (%.3f s)", path, self.elapsed, self.dropped_blocks, self.lost_seconds)
        return path
