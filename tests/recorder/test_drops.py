"""Lost input is never silent: counted, filled with silence at its place in the file, listed beside the recording.

A fake PortAudio stream (fake_stream.py) delivers the blocks, so an overflow flag, a hole in the capture
timestamps and a stalled writer with a tiny ring can be forced.
"""
from __future__ import annotations

import threading

import numpy as np
import pytest
import soundfile as sf

from models.capture.capture import Recorder
from models.audio.gaps import gaps_path, read_gaps
from tests.recorder.fake_stream import BLOCK, RATE

BLOCK_MS = BLOCK * 1000 // RATE


def _read(path) -> np.ndarray:
    data, rate = sf.read(str(path), dtype="float32")
    assert rate == RATE
    return data


def test_overflow_with_a_hole_is_counted_padded_and_listed(fake_stream, tmp_path):
    rec = Recorder()
    path = rec.start(None, tmp_path)
    stream = fake_stream[0]
    for _ in range(4):
        stream.feed(0.25)
    stream.adc += 0.3  # 0.3 s that never reached the callback; PortAudio flags the next block
    stream.feed(0.5, overflow=True)
    for _ in range(3):
        stream.feed(0.5)
    rec.stop()
    data = _read(path)
    hole = round(0.3 * RATE)
    assert len(data) == 8 * BLOCK + hole  # the file's clock stays the wall clock
    assert np.allclose(data[:4 * BLOCK], 0.25, atol=1e-3)
    assert not data[4 * BLOCK:4 * BLOCK + hole].any()  # silence exactly where the audio went missing
    assert np.allclose(data[4 * BLOCK + hole:], 0.5, atol=1e-3)
    assert rec.dropped_blocks == 1 and rec.lost_seconds == pytest.approx(0.3, abs=1e-3)
    gaps = read_gaps(path)
    assert [(g.at_ms, g.lost_ms) for g in gaps] == [(4 * BLOCK_MS, 300)]
    assert "too busy" in gaps[0].reason
    assert rec.gaps == gaps and rec.status().gaps == tuple(gaps)


def test_overflow_without_timestamps_is_listed_with_unknown_length(fake_stream, tmp_path):
    rec = Recorder()
    path = rec.start(None, tmp_path)
    stream = fake_stream[0]
    stream.adc = 0.0  # a host API without timestamps: only the flag says something was lost
    stream.feed(0.25)
    stream.adc = 0.0
    stream.feed(0.25, overflow=True)
    rec.stop()
    assert len(_read(path)) == 2 * BLOCK
    assert rec.dropped_blocks == 1
    assert [(g.at_ms, g.lost_ms) for g in read_gaps(path)] == [(BLOCK_MS, 0)]
    assert "length unknown" in read_gaps(path)[0].describe()


def test_timestamp_jitter_is_not_a_hole(fake_stream, tmp_path):
    rec = Recorder()
    path = rec.start(None, tmp_path)
    stream = fake_stream[0]
    for i in range(10):
        stream.feed(0.25)
        stream.adc += 0.004 if i % 2 else -0.003
    rec.stop()
    assert rec.dropped_blocks == 0 and len(_read(path)) == 10 * BLOCK
    assert not gaps_path(path).exists()


def test_stalled_writer_and_full_ring_lose_blocks_counted_never_silently(fake_stream, tmp_path):
    rec = Recorder(ring_s=4 * BLOCK / RATE)  # room for 4 blocks
    entered, release = threading.Event(), threading.Event()

    def stall(block, position) -> None:  # the writer thread hangs here (a disk that does not answer)
        entered.set()
        release.wait(10)

    rec.add_listener(stall)
    path = rec.start(None, tmp_path)
    stream = fake_stream[0]
    stream.feed(0.25)
    assert entered.wait(5)
    for _ in range(10):
        stream.feed(0.5)  # 4 fit in the ring, 6 do not
    assert rec.dropped_blocks == 6  # counted in the callback, at once
    release.set()
    rec.stop()
    data = _read(path)
    assert len(data) == 11 * BLOCK
    assert np.allclose(data[:5 * BLOCK], [0.25] * BLOCK + [0.5] * 4 * BLOCK, atol=1e-3)
    assert not data[5 * BLOCK:].any()
    gaps = read_gaps(path)  # one gap: the six refused blocks follow each other
    assert [(g.at_ms, g.lost_ms) for g in gaps] == [(5 * BLOCK_MS, 6 * BLOCK_MS)]
    assert "could not write fast enough" in gaps[0].reason


def test_listeners_get_every_piece_in_order_without_holes(fake_stream, tmp_path):
    got: list[tuple[int, np.ndarray]] = []
    rec = Recorder()
    rec.add_listener(lambda block, position: got.append((position, block.copy())))
    path = rec.start(None, tmp_path)
    stream = fake_stream[0]
    rng = np.random.default_rng(0)
    audio = (rng.standard_normal(7 * BLOCK) * 0.1).astype("float32")
    stream.feed_audio(audio[:3 * BLOCK])
    stream.adc += 0.1
    stream.feed_audio(audio[3 * BLOCK:])
    rec.stop()
    data = _read(path)
    positions = [p for p, _b in got]
    assert positions[0] == 0
    assert all(p + len(b) == q for (p, b), q in zip(got, positions[1:]))  # contiguous
    heard = np.concatenate([b for _p, b in got])
    assert len(heard) == len(data) and np.abs(heard - data).max() <= 1 / 32768  # the file holds it as int16
    assert len(data) == 7 * BLOCK + round(0.1 * RATE)
