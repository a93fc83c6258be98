"""CUDA out of memory (simulated on the CPU engine): the fallback to CPU INT8, its warnings on the job, and a
fallback that cannot load (issue 13 fixes 1 and 7)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch

from models.asr.engine import Engine
from models.core.errors import ModelError
from models.jobs.runner import JobRunner
from models.jobs.store import JobStore
from models.options import EngineConfig
from models.store.manager import ModelStore

CLIP = "funasr_asr_example_16k.wav"


@pytest.fixture
def speech(testdata: Path, tmp_path: Path) -> Path:
    x, sr = sf.read(str(testdata / "speech" / CLIP), dtype="float32")
    p = tmp_path / "speech.wav"
    sf.write(p, np.concatenate([x, np.zeros(sr // 2, np.float32), x]), sr)
    return p


def _engine(models: Path, cache: Path, precision: str = "fp32", **kw) -> Engine:
    eng = Engine(EngineConfig(device="cpu", precision=precision, backend="torch", **kw), store=ModelStore(models),
                 int8_cache_dir=cache)
    eng.load()
    return eng


def _oom_always(eng: Engine, calls: list[int], monkeypatch) -> None:
    def oom(chunk, offset_ms):
        calls.append(offset_ms)
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(eng.recognizer, "recognize", oom)


def test_out_of_memory_falls_back_to_cpu_int8(tiny_models: Path, int8_cache_dir: Path, speech: Path,
                                              monkeypatch) -> None:
    eng = _engine(tiny_models, int8_cache_dir, parallel=False)
    before = eng.recognizer
    calls: list[int] = []
    _oom_always(eng, calls, monkeypatch)
    t = eng.transcribe(speech)
    assert len(calls) == 2 and calls[0] == calls[1]  # the same segment, retried once, then the CPU took over
    assert eng.recognizer is not before
    assert (eng.info.device, eng.info.precision, eng.info.backend) == ("cpu", "int8", "torch")
    assert any("out of memory" in w for w in eng.info.warnings)
    # what the fallback decoded is what a CPU INT8 engine decodes from the start
    ref = _engine(tiny_models, int8_cache_dir, precision="int8", parallel=False).transcribe(speech)
    assert [s.text for s in t.segments] == [s.text for s in ref.segments] and t.segments


def test_fallback_warning_reaches_the_job(tiny_models: Path, int8_cache_dir: Path, speech: Path, tmp_path: Path,
                                          monkeypatch) -> None:
    """Fix 1: the warning is logged in a decode-pool thread; it must still reach the job row and on_notice."""
    eng = _engine(tiny_models, int8_cache_dir, threads=2, parallel=True)
    _oom_always(eng, [], monkeypatch)
    store = JobStore(tmp_path / "history.sqlite3")
    notices: list[str] = []
    JobRunner(store).run(eng, speech, on_notice=notices.append)
    job = store.list_jobs()[0]
    assert any("continuing on the CPU" in w for w in job.warnings), job.warnings
    assert any("continuing on the CPU" in n for n in notices), notices
    store.close()


def test_failed_fallback_keeps_the_engine_usable(tiny_models: Path, int8_cache_dir: Path, speech: Path,
                                                 monkeypatch) -> None:
    """Fix 7: if the CPU copy cannot load, the engine stays loaded (GPU model kept) and the error says why."""
    from models.runtime import quantize

    eng = _engine(tiny_models, int8_cache_dir, parallel=False)
    good = eng.recognizer.recognize
    calls: list[int] = []
    _oom_always(eng, calls, monkeypatch)

    def no_cpu(*_a, **_k):
        raise MemoryError("cannot allocate 250 MB")

    monkeypatch.setattr(quantize, "load_int8_cpu", no_cpu)
    with pytest.raises(ModelError, match="CPU could not take over.*cannot allocate"):
        eng.transcribe(speech)
    assert eng.loaded and eng.info.device == "cpu" and eng.info.precision == "fp32"  # unchanged
    monkeypatch.setattr(eng.recognizer, "recognize", good)  # the GPU has memory again
    assert eng.transcribe(speech).segments
