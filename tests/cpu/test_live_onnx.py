"""Live transcription on the CPU set (ONNX VAD, INT8 Paraformer): the live VAD (200 ms chunks) cuts the same
segments as the file's (60 s chunks), across the 60 s grid where the silence schedule steps, so the live
transcript is the one transcribing the recording afterwards gives."""
from __future__ import annotations

from pathlib import Path

from models.asr.engine import Engine, EngineConfig
from models.jobs.store import JobStore
from models.live.session import LiveSession
from models.store.manager import ModelStore
from tests.live.conftest import make_meeting, push_all


def test_live_equals_the_file_on_the_onnx_set(both_sets: Path, speech_clips: dict, tmp_path: Path) -> None:
    path, audio = make_meeting(speech_clips, tmp_path / "meeting.wav", rounds=7)
    assert audio.size > 70 * 16000  # past the first 60 s step of the silence schedule
    eng = Engine(EngineConfig(device="cpu", threads=2), store=ModelStore(both_sets))
    eng.load()
    try:
        assert eng.info.backend == "onnx"
        s = LiveSession(eng, JobStore(":memory:"), path, 16000)
        s.start()
        push_all(s, audio, block=800)
        live = s.finish(timeout=300)
        assert s.error is None and live is not None
        vads: list[tuple[int, int]] = []
        file = eng.transcribe(path, on_vad=lambda a, b: vads.append((a, b)))
    finally:
        eng.close()
    assert len(vads) >= 6
    # every segment but the last (the file's last block is final, the live stream ends with a flush)
    assert s.vad_segments[:-1] == vads[:-1]
    n = len(vads) - 1
    assert [x.text for x in live.segments if x.vad_index < n] == [x.text for x in file.segments if x.vad_index < n]
