"""Audio playback for the editor: QMediaPlayer + QAudioOutput, with a 16 kHz WAV fallback.

Qt's FFmpeg backend plays the file's own format (m4a, video). When it cannot, the file is decoded once with
models.audio.decode into a temporary 16 kHz WAV and that is played instead. Position is polled every 20 ms while
playing (QMediaPlayer's own positionChanged can be sparse) so the highlight lags the audio by less than 100 ms.
Between two changes of the backend's position (it moves in audio-buffer steps, 64 ms on PulseAudio) the position
is extrapolated at the playback rate, at most one step ahead.
"""
from __future__ import annotations

import desktop.common.qtfix  # noqa: F401  (PySide 6.12 None/True refcount bugs: before any Qt call)

import logging
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

log = logging.getLogger("tingxie.editor")

RATES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
POLL_MS = 20
MAX_AHEAD_MS = 80  # extrapolate at most this far past the backend's last reported position


def decode_to_wav(path: Path, folder: Path) -> Path:
    """The file as 16 kHz mono WAV (what the engine hears)."""
    import numpy as np
    import soundfile as sf

    from models.audio import decode

    audio = np.asarray(decode.load(path), dtype=np.float32).reshape(-1)
    out = folder / (path.stem + ".16k.wav")
    sf.write(out, audio, 16000, subtype="PCM_16")
    return out


def header_ms(path: Path) -> int:
    """The file's length from its header (0 when it cannot be read: the player reports it later)."""
    from models.audio.probe import probe

    try:
        return probe(path).duration_ms
    except Exception as exc:  # noqa: BLE001 - an unreadable header only leaves the length unknown for now
        log.info("no duration in the header of %s: %s", path, exc)
        return 0


class Player(QObject):
    position_changed = Signal(int)  # ms
    playing_changed = Signal(bool)
    duration_changed = Signal(int)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.media = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        self.media.setAudioOutput(self.output)
        if hasattr(self.media, "setPitchCompensation"):  # Qt >= 6.10: keep the pitch at 0.5-2x
            self.media.setPitchCompensation(True)
        self.source: Path | None = None
        self._fallback_dir: tempfile.TemporaryDirectory[str] | None = None
        self._tried_fallback = False
        self._last = (-1, 0.0)  # the backend's last distinct position and when it changed (monotonic s)
        self._moving = False
        self._restore = 0  # a position to go back to once the source reopened by reopen() has loaded
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._tick)
        self.media.playbackStateChanged.connect(self._state)
        self.media.durationChanged.connect(self._duration)
        self.media.errorOccurred.connect(self._error)
        self.media.mediaStatusChanged.connect(self._status)
        self.media.positionChanged.connect(lambda p: self.position_changed.emit(int(p)))

    def open(self, path: Path, keep_ms: int = 0) -> None:
        """Load a file (keep_ms: go to this position once it has loaded)."""
        self.source, self._tried_fallback = Path(path), False
        self._restore = keep_ms  # set first: the backend may report the file loaded before setSource returns
        self.media.setSource(QUrl.fromLocalFile(str(path)))
        self._status(self.media.mediaStatus())
        # Qt reports the length only once playback starts on some backends: the header says it now
        self.duration_changed.emit(header_ms(Path(path)))

    def reopen(self, path: Path) -> None:
        """The same file again, grown (a recording still being made): its new end can be played, and a paused
        position stays where the user left it (Qt starts a new source at 0)."""
        self.open(path, self.position() if self.source == Path(path) else 0)

    @Slot(QMediaPlayer.MediaStatus)
    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._restore and status in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia):
            keep, self._restore = self._restore, 0
            self.seek(keep)

    def close(self) -> None:
        """No audio (no transcript shown)."""
        self.media.stop()
        self.source = None
        self.media.setSource(QUrl())
        self.duration_changed.emit(0)

    @Slot("qlonglong")
    def _duration(self, ms: int) -> None:
        if ms > 0:  # 0 while a new source loads: the header's length stays shown
            self.duration_changed.emit(int(ms))

    @property
    def playing(self) -> bool:
        return self.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def position(self) -> int:
        return int(self.media.position())

    def play_from(self, ms: int) -> None:
        self._restore = 0  # the user chose where to play: an older paused position must not win
        self.media.setPosition(max(0, int(ms)))
        self.media.play()

    def toggle(self) -> None:
        self.media.pause() if self.playing else self.media.play()

    def seek(self, ms: int) -> None:
        self._restore = 0  # the user's (or the restored) position: nothing older is put back after it
        self.media.setPosition(max(0, int(ms)))
        self.position_changed.emit(self.position())

    def skip(self, delta_ms: int) -> None:
        self.seek(self.position() + delta_ms)

    def set_rate(self, rate: float) -> None:
        self.media.setPlaybackRate(min(2.0, max(0.5, rate)))

    def rate(self) -> float:
        return float(self.media.playbackRate())

    @Slot()
    def _tick(self) -> None:
        pos, now = self.position(), time.monotonic()
        if pos != self._last[0]:
            self._moving = self._last[0] >= 0  # moved since playing started: the audio really runs
            self._last = (pos, now)
            self.position_changed.emit(pos)
            return
        if not self._moving:  # still starting up (the sink opens): report what the backend says
            self.position_changed.emit(pos)
            return
        ahead = min(MAX_AHEAD_MS, int((now - self._last[1]) * 1000 * self.rate()))
        self.position_changed.emit(pos + max(0, ahead))

    def _state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self._last, self._moving = (-1, 0.0), False
        self._poll.start() if playing else self._poll.stop()
        self.playing_changed.emit(playing)

    def _error(self, _err: QMediaPlayer.Error, message: str) -> None:
        if self.source is None or self._tried_fallback:
            self.failed.emit(message)
            return
        self._tried_fallback = True  # Qt cannot play it: play what the engine decoded instead
        log.info("Qt cannot play %s (%s); playing a decoded 16 kHz copy", self.source, message)
        try:
            self._fallback_dir = tempfile.TemporaryDirectory(prefix="tingxie-play-")
            wav = decode_to_wav(self.source, Path(self._fallback_dir.name))
        except Exception as exc:  # undecodable too: tell the user
            self.failed.emit(f"{message}; {exc}")
            return
        self.media.setSource(QUrl.fromLocalFile(str(wav)))
