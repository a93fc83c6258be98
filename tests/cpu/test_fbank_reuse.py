"""Issue 17: the recogniser takes each segment's fbank rows from the ONNX VAD instead of computing them again.
The rows must be the very ones fbank() computes from the segment's samples, so the text and times cannot change."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.asr import block_loop
from models.asr.engine import Engine
from models.audio import decode as audio
from models.options import EngineConfig
from models.runtime.features import FbankKey, FbankWindow, fbank
from models.runtime.onnx_vad import OnnxVadModel
from models.store.manager import ModelStore
from tests.cpu.cpuhelp import VAD_ID, onnx_dir

KEY = FbankKey(16000, 80, 25.0, 10.0, "hamming")


def test_vad_rows_are_the_segments_own_fbank(tiny_onnx: Path, long_audio: tuple[Path, dict]) -> None:
    """Every segment of a 10-minute file, fed in 7 s blocks (so segments straddle blocks and the VAD's 60 s
    chunks): the VAD's rows equal fbank() of the segment's samples, bit for bit."""
    x = audio.load(long_audio[0])
    stream = OnnxVadModel(onnx_dir(tiny_onnx, VAD_ID)).stream()
    block, checked = 7 * 16000, 0
    for i in range(0, x.size, block):
        for a, b in stream.feed(x[i: i + block], is_final=i + block >= x.size):
            seg = x[a * 16: b * 16]
            rows = stream.fbank_rows(a * 16, seg.size, KEY)
            assert rows is not None, (a, b)
            np.testing.assert_array_equal(rows, fbank(seg))
            checked += 1
    assert checked > 20


def test_window_refuses_what_it_cannot_give() -> None:
    w = FbankWindow(KEY, keep=1000)
    w.append(np.zeros((800, 80), np.float32))
    w.append(np.arange(800 * 80, dtype=np.float32).reshape(800, 80))
    w.append(np.ones((800, 80), np.float32))
    assert w.rows_for(0, 400, KEY) is None  # dropped: parts wholly older than the last 1000 rows go
    assert w.rows_for(1000 * 160 + 80, 16000, KEY) is None  # off the 10 ms grid
    assert w.rows_for(1000 * 160, 300, KEY) is None  # shorter than one frame
    assert w.rows_for(1000 * 160, 16000, FbankKey(16000, 80, 25.0, 10.0, "povey")) is None  # other settings
    assert w.rows_for(2390 * 160, 16000, KEY) is None  # not computed yet
    got = w.rows_for(1590 * 160, 20 * 160 + 400, KEY)  # 21 frames across two parts
    assert got is not None and got.shape == (21, 80)
    np.testing.assert_array_equal(got[:10, 0], np.arange(790, 800) * 80)
    assert (got[10:] == 1).all()


def _spy_rows(monkeypatch: pytest.MonkeyPatch, module) -> list[bool]:  # type: ignore[no-untyped-def]
    """Replace module.vad_rows with a spy: the list says, per segment, whether the VAD's rows were taken."""
    used: list[bool] = []
    real = module.vad_rows

    def spy(*args):  # type: ignore[no-untyped-def]
        rows = real(*args)
        used.append(rows is not None)
        return rows

    monkeypatch.setattr(module, "vad_rows", spy)
    return used


@pytest.fixture(scope="module")
def onnx_engine(tiny_onnx: Path) -> Engine:
    eng = Engine(EngineConfig(device="cpu", threads=2), store=ModelStore(tiny_onnx))
    assert eng.load().backend == "onnx"
    return eng


def test_transcripts_do_not_change(onnx_engine: Engine, long_audio: tuple[Path, dict],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    used = _spy_rows(monkeypatch, block_loop)
    reused = onnx_engine.transcribe(long_audio[0])
    assert used and all(used), "the ONNX set should take every segment's rows from the VAD"
    monkeypatch.setattr(block_loop, "vad_rows", lambda *a: None)
    computed = onnx_engine.transcribe(long_audio[0])
    assert [(s.start_ms, s.end_ms, s.text, s.tokens, s.token_ms) for s in reused.segments] == \
        [(s.start_ms, s.end_ms, s.text, s.tokens, s.token_ms) for s in computed.segments]
    assert len(reused.segments) > 20


def test_a_two_channel_meeting_reuses_each_channels_rows(onnx_engine: Engine, speech_clips: dict, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Each channel's VAD computed its segments' fbank rows: the recogniser takes them, and the sentences stay."""
    from models.asr import channels
    from tests.live.conftest import make_two_channel_meeting

    path = tmp_path / "meeting.wav"
    make_two_channel_meeting(speech_clips, path, 16000)
    used = _spy_rows(monkeypatch, channels)
    reused = onnx_engine.transcribe(path)
    assert used and all(used), "the ONNX set should take every segment's rows from its channel's VAD"
    monkeypatch.setattr(channels, "vad_rows", lambda *a: None)
    computed = onnx_engine.transcribe(path)
    rows = lambda t: [(s.start_ms, s.end_ms, s.channel, s.text, s.tokens, s.token_ms) for s in t.segments]  # noqa: E731
    assert rows(reused) == rows(computed) and {s.channel for s in reused.segments} == {0, 1}
