"""The streaming recogniser's contract (models/streaming/__init__.py) on the tiny fixture: block-size independence,
token times on the chunk grid, finish() flushing, independent streams. Random weights: structure, never words."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.streaming import CHUNK_MS, load_streaming
from models.streaming.chunks import CHUNK_SAMPLES
from tests.streaming.streamhelp import clips16k, onnx_dir, run, torch_dir


@pytest.fixture(scope="module")
def audio(speech_clips: dict) -> dict[str, np.ndarray]:
    return clips16k(speech_clips)


@pytest.fixture(scope="module", params=["onnx-int8", "torch"])
def rec(request: pytest.FixtureRequest, tiny_streaming: Path):
    if request.param == "torch":
        return load_streaming(torch_dir(tiny_streaming), device="cpu", precision="fp32")
    return load_streaming(onnx_dir(tiny_streaming), precision="int8", threads=1)


def test_block_size_does_not_change_the_output(rec, audio: dict[str, np.ndarray]) -> None:
    x = audio["all"]
    whole = run(rec, x, CHUNK_SAMPLES)  # 600 ms blocks
    assert len(whole) > 20  # the calibrated CIF fires ~4 tokens per second of speech
    for block in (1600, 16000, 7777, x.size):  # 100 ms, 1 s, odd, everything at once
        assert run(rec, x, block) == whole, block
    rng = np.random.default_rng(0)
    stream, got, i = rec.start(), [], 0
    while i < x.size:  # blocks of random sizes, some empty
        n = int(rng.integers(0, 12000))
        got += stream.accept(x[i:i + n])
        i += n
    assert got + stream.finish() == whole


def test_times_are_chunk_ends_and_never_decrease(rec, audio: dict[str, np.ndarray]) -> None:
    for name, x in audio.items():
        pieces = run(rec, x, 4000)
        stream_ms = x.size * 1000 // 16000
        times = [t for _, t in pieces]
        assert times == sorted(times), name
        assert all(0 < t <= stream_ms and (t % CHUNK_MS == 0 or t == stream_ms) for t in times), (name, times)
        assert all(isinstance(s, str) and s for s, _ in pieces)


def test_accept_returns_each_chunk_as_it_completes(rec, audio: dict[str, np.ndarray]) -> None:
    """Text arrives with the chunk that produced it: a 600 ms block returns pieces stamped with its own end."""
    x = audio["all"]
    stream, seen = rec.start(), []
    for k in range(x.size // CHUNK_SAMPLES):
        got = stream.accept(x[k * CHUNK_SAMPLES:(k + 1) * CHUNK_SAMPLES])
        assert all(t == (k + 1) * CHUNK_MS for _, t in got), (k, got)
        seen += got
    assert seen  # most chunks of speech fire


def test_finish_flushes_the_rest(rec, audio: dict[str, np.ndarray]) -> None:
    x = audio["all"]
    # cut so that 0.9 s of speech is still buffered when finish() is called
    n = (x.size // CHUNK_SAMPLES - 3) * CHUNK_SAMPLES + 5000
    stream = rec.start()
    before = stream.accept(x[:n])
    rest = stream.finish()
    assert rest and all(t == n * 1000 // 16000 for _, t in rest)
    assert before + rest == run(rec, x[:n], 3200)
    assert stream.finish() == []  # done: nothing more
    with pytest.raises(RuntimeError):
        stream.accept(x[:100])


@pytest.mark.parametrize("tail", [0, 500, 959, 960, 5000])
def test_any_stream_end_is_flushed_once(rec, audio: dict[str, np.ndarray], tail: int) -> None:
    """Streams ending on the chunk grid, or shortly after it (funasr's tail-chunk path), or mid-chunk."""
    x = audio["all"][:5 * CHUNK_SAMPLES + tail]
    pieces = run(rec, x, 4800)
    assert pieces and pieces[-1][1] <= x.size * 1000 // 16000


def test_silence_and_an_empty_stream_give_no_text(rec) -> None:
    assert run(rec, np.zeros(0, np.float32), 100) == []
    assert run(rec, np.zeros(500, np.float32), 100) == []  # under one fbank window: nothing to decode


def test_streams_are_independent(rec, audio: dict[str, np.ndarray]) -> None:
    names = [n for n in audio if n != "all"][:2]
    a, b = audio[names[0]], audio[names[1]]
    alone_a, alone_b = run(rec, a, 4000), run(rec, b, 4000)
    sa, sb = rec.start(), rec.start()
    got_a, got_b = [], []
    for i in range(0, max(a.size, b.size), 4000):  # interleaved, as two live sources would be
        got_a += sa.accept(a[i:i + 4000])
        got_b += sb.accept(b[i:i + 4000])
    assert got_a + sa.finish() == alone_a and got_b + sb.finish() == alone_b
    assert run(rec, a, 4000) == alone_a  # and a fresh stream after them starts clean
