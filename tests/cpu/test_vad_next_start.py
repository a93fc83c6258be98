"""next_start_ms(): a lower bound on where any segment the VAD has not returned yet will start. A meeting's two
channels are put in time order by it while they are read (models/asr/channels.py), so it must never be passed."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.cpu.cpuhelp import VAD_ID, onnx_dir, torch_dir
from tests.live.conftest import make_meeting


@pytest.fixture(scope="module")
def streams(tiny_models: Path, tiny_onnx: Path):
    from models.asr.vad import VadStream
    from models.runtime import loader
    from models.runtime.onnx_vad import OnnxVadModel

    torch_vad = loader.load(torch_dir(tiny_models, VAD_ID))
    onnx_vad = OnnxVadModel(onnx_dir(tiny_onnx, VAD_ID))
    return {"torch": lambda live: VadStream(torch_vad, live=live), "onnx": lambda live: onnx_vad.stream(live)}


@pytest.mark.parametrize("kind", ["torch", "onnx"])
@pytest.mark.parametrize("live,block_s", [(True, 0.1), (False, 7.0)])
def test_no_segment_starts_before_the_bound_given_earlier(streams, kind, live, block_s, speech_clips,
                                                          tmp_path) -> None:
    _path, audio = make_meeting(speech_clips, tmp_path / "m.wav", rounds=3)
    audio = np.concatenate([audio] * 2)  # past the first 60 s chunk: the schedule steps and the carry both run
    vad = streams[kind](live)
    block = int(block_s * 16000)
    bounds: list[tuple[int, int]] = []  # (segments returned so far, bound) after each feed
    found: list[tuple[int, int]] = []
    for i in range(0, audio.size, block):
        found += vad.feed(audio[i:i + block], is_final=False)
        bounds.append((len(found), vad.next_start_ms()))
    before_final = vad.next_start_ms()
    found += vad.feed(np.zeros(0, np.float32), is_final=True)
    assert len(found) >= 6
    for n_seen, bound in bounds:
        later = found[n_seen:]
        assert all(a >= bound for a, _b in later), (kind, n_seen, bound, later[:2])
    # A useful bound, not a trivial one: it moves past every segment already returned.
    closed = [b for _a, b in found[:bounds[-1][0]]]
    assert closed and before_final >= max(closed)
