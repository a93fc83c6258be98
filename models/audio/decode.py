"""Decode any audio/video file to mono float32 16 kHz, streamed in blocks.

    info = probe(path)              # header only: duration known before decoding starts
    for block in stream(path):      # np.float32 arrays of block_s * 16000 samples (the last one shorter)
        ...
    samples = load(path)            # the whole file (short files, tests)

Decoding tries soundfile (libsndfile: wav, flac, mp3, ogg/vorbis, opus, aiff, ...) first and PyAV (FFmpeg: m4a/aac,
wma, webm, video containers, everything else) when soundfile cannot open the file. Channels are averaged to mono;
the sample rate is converted by one stateful FFmpeg resampler (libswresample) per file, fed ~0.5 s chunks, so the
output does not depend on block size and equals resampling the whole file at once. Memory stays flat: at most one
output block plus one source chunk are held.

Every expected failure (missing, empty, damaged, non-audio, no audio track, unsupported codec) raises
models.core.errors.AudioError with a short message meant for the user.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import soundfile as sf

from models.audio.probe import SUPPORTED_EXTENSIONS, AudioInfo, is_supported, probe  # noqa: F401 (callers' names)
from models.audio.probe import audio_stream as _audio_stream
from models.audio.probe import check_file as _check_file
from models.audio.resample import To16k
from models.audio.probe import open_av as _open_av
from models.core.errors import AudioError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
_SF_CHUNK = 65536  # source frames per soundfile read (~1.4 s at 48 kHz)
_MAX_BAD_PACKETS = 100  # consecutive undecodable packets before giving up
# A header size that disagrees with the file size. Not libsndfile's other "should be" notes, e.g. "'data' chunk
# should be an even number of bytes" that it prints for its own odd-sized 8- and 24-bit files.
_SIZE_MISMATCH = re.compile(r"\(should be \d+\)")


# --------------------------------------------------------------------------------------------------------- stream
def stream(path: str | Path, block_s: float = 30.0, *, start_s: float = 0.0) -> Iterator[np.ndarray]:
    """Yield mono float32 16 kHz blocks of round(block_s * 16000) samples (the last one shorter).

    start_s skips that much audio at the start (it is decoded, not seeked: exact, and decoding is fast).
    File checks run at once; decoding errors surface while iterating. Raises AudioError.
    """
    p = _check_file(path)
    if not block_s > 0:
        raise ValueError("block_s must be > 0")
    return _blocks(p, max(1, round(block_s * SAMPLE_RATE)), max(0, round(start_s * SAMPLE_RATE)))


def load(path: str | Path) -> np.ndarray:
    """The whole file as one mono float32 16 kHz array (for short files and tests)."""
    blocks = list(stream(path, block_s=60.0))
    return np.concatenate(blocks) if blocks else np.zeros(0, np.float32)


def _blocks(p: Path, block: int, skip: int) -> Iterator[np.ndarray]:
    buf: list[np.ndarray] = []
    held = 0
    total = 0
    resampler: To16k | None = None

    def out(x: np.ndarray) -> Iterator[np.ndarray]:
        nonlocal held, skip, total
        total += len(x)
        if skip:
            drop = min(skip, len(x))
            x, skip = x[drop:], skip - drop
        if not len(x):
            return
        buf.append(x)
        held += len(x)
        if held >= block:
            joined = np.concatenate(buf)
            n = len(joined) // block * block
            for i in range(0, n, block):
                yield joined[i:i + block]
            buf[:] = [joined[n:].copy()] if n < len(joined) else []
            held = len(joined) - n

    bad_samples = 0
    for chunk, rate in _source_chunks(p):
        if not np.isfinite(chunk).all():  # float files can hold NaN/inf; they would silence the whole file
            bad = ~np.isfinite(chunk)
            bad_samples += int(bad.sum())
            chunk = np.where(bad, np.float32(0), chunk)
        if resampler is None or rate != resampler.rate:
            if resampler is not None:
                log.info("sample rate changed %d -> %d Hz in %s", resampler.rate, rate, p.name)
                yield from out(resampler.flush())
            resampler = To16k(rate)
        yield from out(resampler.push(chunk))
    if resampler is not None:
        yield from out(resampler.flush())
    if bad_samples:
        log.warning("%s: %d invalid samples (NaN or infinite) were replaced by silence", p.name, bad_samples)
    if total == 0:
        raise AudioError(f"The file contains no audio samples: {p.name}")
    if buf:
        yield np.concatenate(buf)




# --------------------------------------------------------------------------------------------------------- sources
def _source_chunks(p: Path) -> Iterator[tuple[np.ndarray, int]]:
    """(mono float32 samples at the source rate, source rate) chunks: soundfile if it can, else PyAV."""
    try:
        f = sf.SoundFile(str(p))
    except (sf.SoundFileError, RuntimeError, ValueError, TypeError) as e:
        log.debug("soundfile cannot open %s (%s); using PyAV", p.name, e)
    else:
        with f:
            got = yield from _read_sf(f, p)
        if got:
            return
        log.debug("soundfile decoded nothing from %s; trying PyAV", p.name)
    yield from _read_av(p)


def _read_sf(f: sf.SoundFile, p: Path) -> Iterator[tuple[np.ndarray, int]]:
    if _SIZE_MISMATCH.search(f.extra_info):  # libsndfile: "data : 177494 (should be 88725)"
        log.warning("%s: header and file size disagree (truncated file?); decoding what is there", p.name)
    got = 0
    while True:
        try:
            data = f.read(_SF_CHUNK, dtype="float32", always_2d=True)
        except (sf.SoundFileError, RuntimeError) as e:
            if got:
                log.warning("%s: decoding stopped after %.1f s (%s); keeping what was decoded",
                            p.name, got / f.samplerate, e)
            return got
        if not len(data):
            break
        got += len(data)
        yield _downmix(data), f.samplerate
    if 0 < got < f.frames:
        log.warning("%s: file is truncated; decoded %.1f of %.1f s", p.name, got / f.samplerate, f.frames / f.samplerate)
    return got


def _read_av(p: Path) -> Iterator[tuple[np.ndarray, int]]:
    with _open_av(p) as c:
        s = _audio_stream(c, p)
        if s.duration and s.time_base:
            expected = float(s.duration * s.time_base)
        else:
            expected = (c.duration or 0) / av.time_base
        got_s = 0.0
        bad = bad_run = 0
        packets = c.demux(s)
        while True:
            try:
                pkt = next(packets)
            except StopIteration:
                break
            except av.error.FFmpegError as e:
                log.warning("%s: reading stopped early (%s); keeping what was decoded", p.name, e)
                break
            try:
                frames = pkt.decode()
            except av.error.DecoderNotFoundError:
                raise AudioError(f"Unsupported audio codec in {p.name}") from None
            except av.error.FFmpegError as e:
                bad += 1
                bad_run += 1
                log.debug("%s: bad packet skipped (%s)", p.name, e)
                if bad_run >= _MAX_BAD_PACKETS:
                    log.warning("%s: too many undecodable packets; stopping", p.name)
                    break
                continue
            bad_run = 0
            for fr in frames:
                if fr.samples and fr.sample_rate:
                    got_s += fr.samples / fr.sample_rate
                    yield _frame_to_mono(fr), fr.sample_rate
    if bad:
        log.warning("%s: %d damaged packets skipped", p.name, bad)
    if got_s and expected and got_s < expected - max(0.5, 0.02 * expected):
        log.warning("%s: file looks truncated; decoded %.1f of %.1f s", p.name, got_s, expected)
    if not got_s and bad:
        raise AudioError(f"Could not decode any audio from {p.name}: the file is damaged or not an audio file")


def _downmix(data: np.ndarray) -> np.ndarray:
    """(frames, channels) float32 -> mono by averaging channels."""
    if data.shape[1] == 1:
        return np.ascontiguousarray(data[:, 0])
    return data.mean(axis=1, dtype=np.float32)


_INT_SCALE = {"u8": 128.0, "s16": 32768.0, "s32": 2.0**31, "s64": 2.0**63}


def _frame_to_mono(fr: av.AudioFrame) -> np.ndarray:
    """A decoded frame of any sample format/layout -> mono float32 in [-1, 1]."""
    arr = fr.to_ndarray()
    ch = fr.layout.nb_channels
    name = fr.format.name.rstrip("p")  # packed name: u8 s16 s32 s64 flt dbl
    data = (arr.reshape(ch, -1).T if fr.format.is_planar else arr.reshape(-1, ch)).astype(np.float32)
    if name == "u8":
        data -= 128.0
    if name in _INT_SCALE:
        data *= np.float32(1.0 / _INT_SCALE[name])
    return _downmix(data)
