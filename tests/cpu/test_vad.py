"""The ONNX Runtime FSMN-VAD (numpy decision logic) against funasr's PyTorch VAD, driven like the engine."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.runtime.vad_decide import VadDecider, VadOptions
from models.audio import decode as audio
from models.runtime.onnx_vad import OnnxVadModel
from tests.cpu.cpuhelp import VAD_ID, onnx_dir, torch_dir

TOL_MS = 10


def detect(make_stream, path: Path, block_s: float = 60.0) -> list[tuple[int, int]]:
    """Engine.detect_speech's loop: blocks of block_s, the last one final."""
    vad, found, pending = make_stream(), [], None
    for block in audio.stream(path, block_s=block_s):
        if pending is not None:
            found += vad.feed(pending, is_final=False)
        pending = block
    return found + vad.feed(pending if pending is not None else np.zeros(0, np.float32), is_final=True)


@pytest.fixture(scope="module")
def both(tiny_models: Path, tiny_onnx: Path):
    from models.runtime import loader
    from models.asr.vad import VadStream

    torch_vad = loader.load(torch_dir(tiny_models, VAD_ID))
    onnx_vad = OnnxVadModel(onnx_dir(tiny_onnx, VAD_ID))
    return (lambda: VadStream(torch_vad)), onnx_vad.stream


def _max_diff(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    assert len(a) == len(b), (a, b)
    return max((max(abs(x[0] - y[0]), abs(x[1] - y[1])) for x, y in zip(a, b)), default=0)


def test_segments_match_pytorch_on_every_clip(both, speech_clips: dict) -> None:
    ref, mine = both
    for name, clip in speech_clips.items():
        want, got = detect(ref, clip["path"]), detect(mine, clip["path"])
        assert want, name
        assert _max_diff(want, got) <= TOL_MS, (name, want, got)


@pytest.mark.slow
def test_segments_match_pytorch_on_ten_minutes(both, long_audio) -> None:
    ref, mine = both
    want, got = detect(ref, long_audio[0]), detect(mine, long_audio[0])
    assert len(want) > 50  # the file has 80 clips: the VAD must find many segments
    assert _max_diff(want, got) <= TOL_MS


def test_stream_state_follows_the_audio(both, speech_clips: dict) -> None:
    """in_silence / processed_ms behave as VadStream's: the engine's progress relies on them."""
    _ref, mine = both
    clip = next(c for c in speech_clips.values() if c["sample_rate"] == 16000)
    import soundfile as sf

    x, _sr = sf.read(str(clip["path"]), dtype="float32")
    vad = mine()
    assert vad.in_silence() and vad.processed_ms() == 0
    vad.feed(x, is_final=False)  # < 60 s: all of it carried, as funasr's prev_samples
    assert vad.processed_ms() == 0
    segs = vad.feed(np.zeros(16000, np.float32), is_final=True)
    assert segs and vad.in_silence()
    assert vad.processed_ms() == (x.size + 16000) * 1000 // 16000


def test_decider_cuts_a_segment_at_the_sixty_second_limit() -> None:
    """Continuous speech longer than max_single_segment_time is cut there, as funasr does."""
    d = VadDecider(VadOptions())
    d.begin_block(60000)
    probs = np.full(7000, 0.01, np.float32)  # 70 s of confident speech
    segs = d.decide(probs, final=True)
    assert len(segs) == 2
    assert segs[0][1] - segs[0][0] <= 60000 + 10 and segs[1][1] == 7000 * 10


def test_decider_needs_the_energy_thresholds_it_assumes() -> None:
    with pytest.raises(NotImplementedError):
        VadOptions.from_conf({"decibel_thres": -20.0})
