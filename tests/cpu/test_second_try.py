"""A segment that fails to decode costs that segment at most: one more try elsewhere, else a marked span."""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from models.asr.engine import Engine
from models.options import EngineConfig
from models.runtime.onnx_asr import OnnxParaformer
from models.store.manager import ModelStore

CLIP = "funasr_asr_example_16k.wav"


def _engine(root: Path, **kw) -> Engine:
    eng = Engine(EngineConfig(device="cpu", precision="int8", threads=1, parallel=False, **kw), store=ModelStore(root),
                 int8_cache_dir=root / "cache")
    eng.load()
    return eng


@pytest.fixture(scope="module")
def onnx_root(tiny_onnx: Path, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("set")
    (root / "models").symlink_to(tiny_onnx / "models", target_is_directory=True)
    return root


def _fail_call(obj: object, name: str, which: set[int], monkeypatch) -> list[int]:
    """Make obj.name raise on the calls numbered in `which` (0-based); returns the call log."""
    real, calls, lock = getattr(obj, name), [], threading.Lock()

    def flaky(*a, **k):
        with lock:
            n = len(calls)
            calls.append(n)
        if n in which:
            raise RuntimeError("Non-zero status code returned while running Mul node (forced)")
        return real(*a, **k)

    monkeypatch.setattr(obj, name, flaky)
    return calls


def test_a_failed_segment_is_decoded_by_the_other_graph(onnx_root: Path, testdata: Path, monkeypatch) -> None:
    clip = testdata / "speech" / CLIP
    clean = _engine(onnx_root).transcribe(clip)
    eng = _engine(onnx_root)
    made: list[Path] = []
    real_init = OnnxParaformer.__init__

    def spy(self, path, *a, **k):
        made.append(Path(path).name)
        real_init(self, path, *a, **k)

    monkeypatch.setattr(OnnxParaformer, "__init__", spy)
    _fail_call(eng.recognizer.onnx, "run", {0}, monkeypatch)
    got = eng.transcribe(clip)
    assert made == ["model.onnx"]  # the INT8 graph failed once: the FP32 one took that segment
    assert not any("could not be transcribed" in s.text for s in got.segments)
    assert [s.vad_index for s in got.segments] == [s.vad_index for s in clean.segments]
    assert got.segments[len(clean.segments) // 2:] == clean.segments[len(clean.segments) // 2:]


def test_a_span_nothing_can_decode_is_marked_and_the_rest_kept(onnx_root: Path, testdata: Path,
                                                                monkeypatch) -> None:
    clip = testdata / "speech" / CLIP
    clean = _engine(onnx_root).transcribe(clip)
    first = [s for s in clean.segments if s.vad_index == clean.segments[0].vad_index]
    eng = _engine(onnx_root)
    monkeypatch.setattr(type(eng.recognizer), "alternative", lambda self: None)
    _fail_call(eng.recognizer.onnx, "run", {0}, monkeypatch)
    got = eng.transcribe(clip)
    gap = got.segments[0]
    m = re.fullmatch(r"\[(\d\d):(\d\d)-(\d\d):(\d\d) could not be transcribed: (.+)\]", gap.text)
    assert m and "Mul node (forced)" in m.group(5), gap.text
    assert (int(m.group(1)) * 60 + int(m.group(2))) * 1000 <= first[0].start_ms
    assert gap.start_ms <= first[0].start_ms and gap.end_ms >= first[-1].end_ms and not gap.tokens
    assert got.segments[1:] == clean.segments[len(first):]  # every other segment as in a clean run


def test_punctuation_failure_keeps_the_words(onnx_root: Path, testdata: Path, monkeypatch) -> None:
    clip = testdata / "speech" / CLIP
    clean = _engine(onnx_root).transcribe(clip)
    eng = _engine(onnx_root)
    _fail_call(eng.recognizer, "punctuate", set(range(1000)), monkeypatch)
    got = eng.transcribe(clip)
    assert [t for s in got.segments for t in s.tokens] == [t for s in clean.segments for t in s.tokens]
    assert len(got.segments) == len({s.vad_index for s in clean.segments})  # one sentence per VAD segment
