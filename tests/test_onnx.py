"""The ONNX Runtime backend: funasr's export of our model, its cache, agreement with PyTorch, fallbacks."""
from __future__ import annotations

from pathlib import Path

import pytest

from models.runtime import onnx_asr
from models.asr.engine import Engine, EngineConfig
from models.core.errors import ModelError
from models.store.manager import ModelStore


def test_onnxruntime_is_installed() -> None:
    assert onnx_asr.available(), "onnxruntime/onnx missing: `make test` installs them from requirements.lock"

CLIPS = ("funasr_asr_example_16k.wav", "wenet_aishell_BAC009S0724W0121_16k.wav", "funasr_llamacpp_sample_16k.wav")


def _engine(models: Path, cache: Path, precision: str = "int8", backend: str = "auto", **kw) -> Engine:
    eng = Engine(EngineConfig(device="cpu", precision=precision, backend=backend, **kw), store=ModelStore(models),
                 int8_cache_dir=cache)
    eng.load()
    return eng


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory, tiny_models: Path) -> Path:
    """A cache holding the INT8 export, made here: no test depends on another having run first."""
    cache = tmp_path_factory.mktemp("onnx-cache")
    _engine(tiny_models, cache).close()
    return cache


@pytest.fixture(scope="module")
def clips(testdata: Path) -> list[Path]:
    found = [testdata / "speech" / c for c in CLIPS if (testdata / "speech" / c).is_file()]
    assert found, "speech clips missing"
    return found


def _words(eng: Engine, clip: Path) -> list[tuple[list[str], list[tuple[int, int]]]]:
    import soundfile as sf

    x, sr = sf.read(str(clip), dtype="float32")
    assert sr == 16000
    return [eng.recognizer.recognize(x[a * 16: b * 16], a) for a, b in eng.detect_speech(clip)]


def test_int8_defaults_to_onnx_and_caches_the_export(tiny_models: Path, tmp_path: Path, clips, monkeypatch) -> None:
    onnx_cache = tmp_path
    first = _engine(tiny_models, onnx_cache)
    assert first.info.backend == "onnx" and first.info.int8_cache == "miss" and not first.info.warnings
    assert first.info.label().startswith("CPU · INT8 (ONNX Runtime)")
    assert first.recognizer.asr.model is None  # no PyTorch Paraformer in memory
    files = list(onnx_cache.glob("asr-*-int8.onnx"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    assert not list(onnx_cache.glob("export-*"))  # the temporary export folder is gone
    t1 = first.transcribe(clips[0])
    assert t1.segments and all(s.text for s in t1.segments)
    assert all(0 <= s.start_ms < s.end_ms <= t1.duration_ms + 100 for s in t1.segments)

    def no_export(*_a, **_k):
        raise AssertionError("exported again although the cache holds the model")

    monkeypatch.setattr(onnx_asr, "export", no_export)
    second = _engine(tiny_models, onnx_cache)
    assert second.info.int8_cache == "hit"
    assert second.transcribe(clips[0]).segments == t1.segments  # same input, same transcript


def test_parallel_onnx_decoding_equals_one_by_one(tiny_models: Path, onnx_cache: Path, long_audio) -> None:
    one = _engine(tiny_models, onnx_cache, threads=1, parallel=False)
    two = _engine(tiny_models, onnx_cache, threads=2, parallel=True)
    assert two.loaded_set.workers == 2
    a, b = one.transcribe(long_audio[0]), two.transcribe(long_audio[0])
    assert len(a.segments) > 10 and a.segments == b.segments


def test_onnx_fp32_matches_pytorch_fp32(tiny_models: Path, onnx_cache: Path, clips) -> None:
    """Same features, same graph: token counts and token times agree exactly, words nearly everywhere.

    (On the full-size model all 56 segments of the 5-minute file were identical; on the tiny random model a CIF
    fire that lands within float rounding of the threshold can move a frame between two tokens.)
    """
    ort = _engine(tiny_models, onnx_cache, precision="fp32", backend="onnx")
    pt = _engine(tiny_models, onnx_cache, precision="fp32", backend="torch")
    assert (ort.info.backend, pt.info.backend) == ("onnx", "torch")
    same = total = segments = aligned = 0
    for clip in clips:
        for (w1, t1), (w2, t2) in zip(_words(ort, clip), _words(pt, clip), strict=True):
            # The two runtimes sum the CIF weights in a different order: a sum within rounding of an integer
            # can give one token more or less on one of them (CPU-dependent), never more than one.
            assert abs(len(w1) - len(w2)) <= 1
            segments += 1
            if len(w1) == len(w2):
                aligned += t1 == t2
                same += sum(x == y for x, y in zip(w1, w2))
                total += len(w1)
    assert total > 20 and same / total >= 0.75 and aligned >= 0.8 * segments


def test_auto_uses_pytorch_when_onnxruntime_is_missing(tiny_models: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(onnx_asr, "available", lambda: False)
    auto = _engine(tiny_models, tmp_path)
    assert auto.info.backend == "torch" and not auto.info.warnings  # nothing the user asked for was refused
    forced = _engine(tiny_models, tmp_path, backend="onnx")
    assert forced.info.backend == "torch" and "onnxruntime is not installed" in forced.info.warnings[0]


def test_failed_export_falls_back_or_fails_clearly(tiny_models: Path, tmp_path: Path, clips, monkeypatch) -> None:
    def broken(*_a, **_k):
        raise RuntimeError("the export process ended with code -9 (out of memory?)")

    monkeypatch.setattr(onnx_asr, "export", broken)
    auto = _engine(tiny_models, tmp_path)
    assert auto.info.backend == "torch" and auto.info.precision == "int8"
    assert "ONNX Runtime could not run the model" in auto.info.warnings[0]
    assert auto.transcribe(clips[0]).segments
    with pytest.raises(ModelError, match="out of memory"):
        _engine(tiny_models, tmp_path, backend="onnx")


def test_export_is_not_started_without_the_memory_it_needs(tiny_models: Path, tmp_path: Path, clips,
                                                          monkeypatch) -> None:
    """Issue 17: the export child peaks at ~5.6x model.pt; with less free memory the CPU runs PyTorch INT8 and
    says why, instead of the child being killed (or the machine swapping) on a 4 GB laptop."""
    from models.asr import loading

    def never(*_a, **_k):
        raise AssertionError("the export must not start")

    monkeypatch.setattr(onnx_asr, "export", never)
    from tests.cpu.cpuhelp import ASR_ID, torch_dir

    need = onnx_asr.export_peak_mb(torch_dir(tiny_models, ASR_ID) / "model.pt")
    monkeypatch.setattr(loading, "available_memory_mb", lambda: need - 1)
    auto = _engine(tiny_models, tmp_path)
    assert auto.info.backend == "torch" and auto.info.precision == "int8"
    assert "not enough free memory" in auto.info.warnings[0] and "CPU (ONNX) model set" in auto.info.warnings[0]
    assert auto.transcribe(clips[0]).segments
    with pytest.raises(ModelError, match="not enough free memory"):
        _engine(tiny_models, tmp_path, backend="onnx")


def test_damaged_cached_export_is_made_again(tiny_models: Path, onnx_cache: Path, tmp_path: Path, clips) -> None:
    good = next(onnx_cache.glob("asr-*-int8.onnx"))
    (tmp_path / good.name).write_bytes(b"not an onnx model")
    for f in onnx_cache.glob("checksums.json"):  # the checksum of model.pt, so the name matches
        (tmp_path / f.name).write_bytes(f.read_bytes())
    eng = _engine(tiny_models, tmp_path)
    assert eng.info.backend == "onnx" and eng.info.int8_cache == "miss"
    assert (tmp_path / good.name).stat().st_size == good.stat().st_size
    assert eng.transcribe(clips[0]).segments


def test_backend_is_validated() -> None:
    with pytest.raises(ValueError, match="backend"):
        EngineConfig(backend="tensorrt")
