"""Recording files on disk: a WAV that stays playable if the process dies, in-progress markers,
discovery and repair of recordings a crash left unfinished. Qt-free.

Why WAV and not FLAC (measured with soundfile 0.14 / libsndfile 1.2.2, SIGKILL after 3 s, flush every second):
- FLAC: STREAMINFO is only written at close, so the killed file reports 2**63-1 frames and `soundfile.read`
  fails ("array is too big"); recovering it needs a frame-by-frame decode and a rewritten header.
- libsndfile WAV: `SoundFile.flush()` does not update the header; the killed file had RIFF/data sizes 0.
  libsndfile reads it anyway (it trusts the file length), other players may not.
- This writer: raw PCM_16 after a 44-byte header that it patches (RIFF and data sizes) on every flush, so a killed
  file opens in any player up to the last flush (<= 0.25 s by default), and `repair()` recovers the rest.

Limit: a RIFF size is 32 bits, so one file holds at most 4 GiB of PCM (12.4 h mono at 48 kHz); the writer raises
`WavFullError` at that point and the recorder stops cleanly.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import struct
from pathlib import Path

from models.audio.layout import write_layout
from models.core.errors import TingxieError

log = logging.getLogger("tingxie.recorder")

MARKER_SUFFIX = ".recording"
ACTIVE: set[Path] = set()  # recordings this process is writing right now (resolved paths)

_HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")  # RIFF header, 16-byte PCM fmt chunk, data chunk header
HEADER_SIZE = _HEADER.size  # 44
MAX_DATA_BYTES = 0xFFFF_FFFF - HEADER_SIZE  # the RIFF size field must still fit in 32 bits


class RecorderError(TingxieError):
    """Recording cannot start or continue; the message is meant for the user."""


class WavFullError(OSError):
    """The file reached the 4 GiB WAV limit."""


def _header(samplerate: int, channels: int, data_bytes: int) -> bytes:
    block_align = channels * 2
    return _HEADER.pack(b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1, channels, samplerate,
                        samplerate * block_align, block_align, 16, b"data", data_bytes)


class WavWriter:
    """PCM_16 WAV writer whose header is valid after every `sync()`.

    Not thread-safe: one thread (the recorder's writer thread) owns it.
    """

    def __init__(self, path: Path, samplerate: int, channels: int = 1,
                 max_data_bytes: int = MAX_DATA_BYTES) -> None:
        self.path = Path(path)
        self.samplerate = samplerate
        self.channels = channels
        self.block_align = 2 * channels
        self.max_data_bytes = max_data_bytes - max_data_bytes % self.block_align
        self.data_bytes = 0
        self._synced_bytes = -1
        self._f = open(self.path, "xb")  # never overwrite an existing recording
        self._f.write(_header(samplerate, channels, 0))
        self.sync(fsync=True)

    @property
    def frames(self) -> int:
        return self.data_bytes // self.block_align

    def write(self, pcm: bytes) -> None:
        """Append interleaved little-endian int16 frames. Raises WavFullError (after writing what fits) at 4 GiB."""
        room = self.max_data_bytes - self.data_bytes
        if len(pcm) > room:
            self._f.write(pcm[:room])
            self.data_bytes += room
            raise WavFullError(f"{self.path.name} reached the 4 GiB WAV limit")
        self._f.write(pcm)
        self.data_bytes += len(pcm)

    def sync(self, fsync: bool = False) -> None:
        """Push the data to the OS, then patch the sizes; with fsync, also to the disk (power loss)."""
        f = self._f
        if self.data_bytes != self._synced_bytes:
            f.flush()  # data first: a kill between the two leaves a header that is short, never too long
            f.seek(4)
            f.write(struct.pack("<I", 36 + self.data_bytes))
            f.seek(40)
            f.write(struct.pack("<I", self.data_bytes))
            f.seek(0, os.SEEK_END)
            self._synced_bytes = self.data_bytes
        f.flush()
        if fsync:
            os.fsync(f.fileno())

    def close(self) -> None:
        if self._f.closed:
            return
        try:
            self.sync(fsync=True)
        finally:
            self._f.close()


def _chunks(f, file_size: int):
    """Yield (chunk_id, data_offset, declared_size) of the RIFF chunks after 'WAVE'."""
    pos = 12
    while pos + 8 <= file_size:
        f.seek(pos)
        cid, size = struct.unpack("<4sI", f.read(8))
        yield cid, pos + 8, size
        pos += 8 + size + (size & 1)


def _rewrite_empty(f, samplerate: int, channels: int) -> None:
    f.seek(0)
    f.truncate()
    f.write(_header(samplerate, channels, 0))
    f.flush()
    os.fsync(f.fileno())


def repair_wav(path: Path, samplerate: int | None = None, channels: int = 1) -> bool:
    """Make the RIFF and data sizes match the file length (dropping a trailing partial frame).

    A file too short to hold a header gets a fresh one when `samplerate` is known (from the recorder's marker).
    Returns True if the file was changed. Raises ValueError if the file is not a repairable PCM WAV.
    """
    path = Path(path)
    size = path.stat().st_size
    with open(path, "r+b") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            if size <= HEADER_SIZE and samplerate:  # killed before the header was complete
                _rewrite_empty(f, samplerate, channels)
                return True
            raise ValueError(f"{path.name} is not a WAV file")
        block_align, data_at, data_size_at = None, None, None
        for cid, off, declared in _chunks(f, size):
            if cid == b"fmt ":
                f.seek(off)
                fmt = f.read(16)
                if len(fmt) == 16:
                    block_align = struct.unpack("<HHIIHH", fmt)[4]
            elif cid == b"data":
                data_at, data_size_at = off, off - 4
                break
        if data_at is None:
            if size <= HEADER_SIZE and samplerate:
                _rewrite_empty(f, samplerate, channels)
                return True
            raise ValueError(f"{path.name} has no data chunk")
        block_align = block_align or 2 * channels
        data_bytes = size - data_at
        data_bytes -= data_bytes % block_align
        data_bytes = min(data_bytes, MAX_DATA_BYTES - MAX_DATA_BYTES % block_align)
        f.seek(4)
        old_riff, = struct.unpack("<I", f.read(4))
        f.seek(data_size_at)
        old_data, = struct.unpack("<I", f.read(4))
        new_riff = data_at - 8 + data_bytes
        if old_riff == new_riff and old_data == data_bytes and size == data_at + data_bytes:
            return False
        f.truncate(data_at + data_bytes)
        f.seek(4)
        f.write(struct.pack("<I", new_riff))
        f.seek(data_size_at)
        f.write(struct.pack("<I", data_bytes))
        f.flush()
        os.fsync(f.fileno())
        return True


# ---- in-progress markers, unfinished recordings ------------------------------------------------------------

def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _proc_start(pid: int) -> str:
    try:  # field 22 (starttime), after the ')' that ends the command name
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _writer_alive(meta: dict) -> bool:
    """Is the process that wrote this marker still running (so the file is not unfinished but in use)?"""
    pid = int(meta.get("pid", 0))
    if pid <= 0 or (meta.get("boot") and meta.get("boot") != _boot_id()):
        return False
    if pid == os.getpid():
        return False  # the caller checks ACTIVE for our own recordings
    if meta.get("start") and Path("/proc").is_dir():
        return _proc_start(pid) == meta["start"]
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def marker_path(path: Path) -> Path:
    """recordings/2026-03-04_05-06-07.wav -> recordings/.2026-03-04_05-06-07.recording"""
    return path.with_name(f".{path.stem}{MARKER_SUFFIX}")


def write_marker(marker: Path, **meta: object) -> None:
    """Say "being written by this process" (pid + boot id + process start time survive pid reuse)."""
    marker.write_text(json.dumps({
        "pid": os.getpid(), "boot": _boot_id(), "start": _proc_start(os.getpid()),
        "started": _dt.datetime.now().isoformat(timespec="seconds"), **meta}), encoding="utf-8")


def read_marker(marker: Path) -> dict:
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def find_unfinished(folder: Path) -> list[Path]:
    """Recordings in `folder` left unfinished by a crash (their writer is gone). Sorted oldest first."""
    folder = Path(folder)
    out = []
    try:
        markers = sorted(folder.glob(f".*{MARKER_SUFFIX}"))
    except OSError:
        return []
    for marker in markers:
        wav = folder / (marker.name[1:-len(MARKER_SUFFIX)] + ".wav")
        if not wav.exists():
            marker.unlink(missing_ok=True)
            continue
        if wav.resolve() in ACTIVE or _writer_alive(read_marker(marker)):
            continue
        out.append(wav)
    return out


def repair(path: Path) -> Path:
    """Fix an unfinished recording's header so it plays to its last byte, and drop its marker. Idempotent."""
    path = Path(path)
    meta = read_marker(marker_path(path))
    try:
        changed = repair_wav(path, samplerate=meta.get("samplerate"), channels=int(meta.get("channels", 1)))
    except (OSError, ValueError) as e:
        raise RecorderError(f"Cannot repair the recording {path.name}: {e}") from e
    marker_path(path).unlink(missing_ok=True)
    log.info("repaired %s (%s)", path, "header fixed" if changed else "already complete")
    return path


def fsync_dir(folder: Path) -> None:
    """Make a new file's directory entry durable (POSIX)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_recording_path(folder: Path, now: _dt.datetime | None = None) -> Path:
    """folder/2026-03-04_05-06-07.wav, or ...-2.wav if taken."""
    stem = (now or _dt.datetime.now()).strftime("%Y-%m-%d_%H-%M-%S")
    path, n = folder / f"{stem}.wav", 2
    while path.exists() or marker_path(path).exists():
        path, n = folder / f"{stem}-{n}.wav", n + 1
    return path


def create_recording(folder: Path, samplerate: int, channels: int, *, max_data_bytes: int | None = None,
                     **meta: object) -> tuple[Path, WavWriter]:
    """A new recording in `folder`: its marker first (with `meta`), then the WAV, open for writing, and with two
    channels its layout (the transcription takes the channels apart: models/asr/channels.py). Raises RecorderError
    when the folder is not writable; the marker is gone then."""
    marker = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = new_recording_path(folder)
        marker = marker_path(path)
        write_marker(marker, samplerate=samplerate, channels=channels, **meta)
        kw = {} if max_data_bytes is None else {"max_data_bytes": max_data_bytes}
        wav = WavWriter(path, samplerate, channels, **kw)
        if channels == 2:
            write_layout(path)
        fsync_dir(folder)  # the new file's name survives a power cut too
    except OSError as e:
        if marker is not None:
            marker.unlink(missing_ok=True)
        raise RecorderError(f"Cannot write recordings to {folder}: {e.strerror or e}") from e
    return path, wav
