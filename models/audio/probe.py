"""What a file is before it is decoded: its header (duration, rate, channels, codec), and the checks that turn a
missing, empty, damaged or non-audio file into an AudioError with a short message meant for the user.

    info = probe(path)              # header only: duration known before decoding starts (models/audio/decode.py
                                    # streams the samples)
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import av
import soundfile as sf

from models.core.errors import AudioError

log = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    "wav", "mp3", "flac", "m4a", "aac", "ogg", "oga", "opus", "wma", "webm",
    "mp4", "mkv", "mov", "avi", "m4v", "3gp", "amr", "aif", "aiff",
)
_IMAGE_FORMATS = ("image2", "gif", "apng", "webp", "ico", "tiff")


def is_supported(path: str | Path) -> bool:
    """True if the file name has one of SUPPORTED_EXTENSIONS (case-insensitive)."""
    return Path(path).suffix.lower().lstrip(".") in SUPPORTED_EXTENSIONS


@dataclass(frozen=True)
class AudioInfo:
    path: Path
    duration_s: float
    sample_rate: int  # of the source, before conversion to 16 kHz
    channels: int
    codec: str  # e.g. "PCM_16", "MPEG_LAYER_III", "aac", "opus"
    container: str  # e.g. "WAV", "MP3", "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"

    @property
    def duration_ms(self) -> int:
        return round(self.duration_s * 1000)


# ---------------------------------------------------------------------------------------------------------- probe
def probe(path: str | Path) -> AudioInfo:
    """Read duration, rate, channels and codec from the header (no full decode). Raises AudioError."""
    p = check_file(path)
    try:
        i = sf.info(str(p))
    except (sf.SoundFileError, RuntimeError, ValueError, TypeError):
        info = _probe_av(p)
    else:
        if i.frames <= 0 or i.samplerate <= 0:
            raise AudioError(f"The file contains no audio samples: {p.name}")
        info = AudioInfo(p, i.frames / i.samplerate, i.samplerate, i.channels, i.subtype, i.format)
    log.debug("probe %s", info)
    return info


def _probe_av(p: Path) -> AudioInfo:
    with open_av(p) as c:
        s = audio_stream(c, p)
        cc = s.codec_context
        if s.duration and s.time_base:
            duration = float(s.duration * s.time_base)
        elif c.duration:
            duration = c.duration / av.time_base
        else:
            duration = _scan_duration(c, s)
        if duration <= 0:
            duration = _scan_duration(c, s)
        if duration <= 0:
            raise AudioError(f"The file contains no audio samples: {p.name}")
        return AudioInfo(p, duration, cc.sample_rate, cc.channels, cc.name, c.format.name)


def _scan_duration(c: av.container.InputContainer, s: av.audio.stream.AudioStream) -> float:
    """Demux (not decode) the audio stream and take the last packet's end time."""
    log.debug("duration unknown in header, scanning packets")
    first, end = None, 0
    try:
        for pkt in c.demux(s):
            if pkt.pts is None:
                continue
            first = pkt.pts if first is None else min(first, pkt.pts)
            end = max(end, pkt.pts + (pkt.duration or 0))
    except av.error.FFmpegError as e:
        log.warning("packet scan stopped early: %s", e)
    if first is None or not s.time_base:
        return 0.0
    return float((end - first) * s.time_base)


def check_file(path: str | Path) -> Path:
    p = Path(path)
    if not p.exists():
        raise AudioError(f"File not found: {p}")
    if p.is_dir():
        raise AudioError(f"This is a folder, not an audio file: {p}")
    if not p.is_file():
        raise AudioError(f"Not a regular file: {p}")
    try:
        with p.open("rb") as fh:
            empty = not fh.read(1)
    except PermissionError:
        raise AudioError(f"Cannot read {p}: permission denied") from None
    except OSError as e:
        raise AudioError(f"Cannot read {p}: {e.strerror or e}") from None
    if empty:
        raise AudioError(f"The file is empty (0 bytes): {p.name}")
    return p


def open_av(p: Path) -> av.container.InputContainer:
    try:
        return av.open(str(p), mode="r")
    except av.error.InvalidDataError:
        raise AudioError(f"{p.name} is not an audio file or unsupported format (or it is damaged)") from None
    except av.error.EOFError:
        raise AudioError(f"{p.name} is truncated or damaged: no audio could be read") from None
    except av.error.FFmpegError as e:
        raise AudioError(f"Cannot open {p.name}: {e.strerror or e}") from None
    except OSError as e:
        raise AudioError(f"Cannot open {p.name}: {e.strerror or e}") from None


def audio_stream(c: av.container.InputContainer, p: Path) -> av.audio.stream.AudioStream:
    if not c.streams.audio:
        fmt = c.format.name
        if fmt.endswith("_pipe") or fmt in _IMAGE_FORMATS:
            raise AudioError(f"{p.name} is an image, not an audio or video file")
        if c.streams.video:
            raise AudioError(f"{p.name} has no audio track")
        raise AudioError(f"{p.name} is not an audio file or unsupported format")
    s = c.streams.audio[0]
    if s.codec_context is None:
        raise AudioError(f"Unsupported audio codec in {p.name}")
    return s
