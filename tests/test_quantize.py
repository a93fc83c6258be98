"""INT8: real dynamic quantization on CPU, its on-disk cache, drift against FP32, and the torchao path."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import soundfile as sf
import torch

from models.runtime import quantize
from models.asr.engine import Engine, EngineConfig
from models.store.manager import ModelStore


def _engine(models: Path, cache: Path, precision: str) -> Engine:
    eng = Engine(EngineConfig(device="cpu", precision=precision, backend="torch"), store=ModelStore(models),
                 int8_cache_dir=cache)
    eng.load()
    return eng


@pytest.fixture(scope="module")
def clip(testdata: Path):
    x, sr = sf.read(str(testdata / "speech" / "funasr_asr_example_16k.wav"), dtype="float32")
    assert sr == 16000
    return x


def _cos(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(torch.nn.functional.cosine_similarity(a.flatten(), b.flatten(), dim=0))


def test_int8_is_real_and_close_to_fp32(tiny_models: Path, tmp_path: Path, clip) -> None:
    fp32 = _engine(tiny_models, tmp_path, "fp32")
    int8 = _engine(tiny_models, tmp_path, "int8")
    linears = sum(type(m) is torch.nn.Linear for m in fp32.recognizer.asr.model.modules())
    lstms = sum(type(m) is torch.nn.LSTM for m in fp32.recognizer.asr.model.modules())
    assert linears > 0 and lstms == 1  # the timestamp BLSTM
    assert quantize.count_quantized(int8.recognizer.asr.model) == linears + lstms
    assert not any(type(m) in (torch.nn.Linear, torch.nn.LSTM) for m in int8.recognizer.asr.model.modules())
    enc32, _ = fp32.recognizer.encode(clip)
    enc8, _ = int8.recognizer.encode(clip)
    assert enc32.shape == enc8.shape
    assert _cos(enc32, enc8) >= 0.99
    assert int8.info.precision == "int8" and int8.info.label().startswith("CPU · INT8")


def test_second_int8_load_uses_cache(tiny_models: Path, tmp_path: Path, monkeypatch, clip) -> None:
    first = _engine(tiny_models, tmp_path, "int8")
    assert first.info.int8_cache == "miss"
    cached = list(tmp_path.glob("asr-*-torch*.pt"))
    assert len(cached) == 1 and torch.__version__.split("+")[0] in cached[0].name
    words_first = first.recognizer.recognize(clip, 0)

    def no_quantizing(_model):
        raise AssertionError("quantized again although the cache holds the weights")

    monkeypatch.setattr(quantize, "quantize_dynamic_cpu", no_quantizing)
    second = _engine(tiny_models, tmp_path, "int8")
    assert second.info.int8_cache == "hit"
    assert second.recognizer.recognize(clip, 0) == words_first


def test_damaged_int8_cache_is_rebuilt(tiny_models: Path, tmp_path: Path, clip) -> None:
    _engine(tiny_models, tmp_path, "int8")
    cached = next(tmp_path.glob("asr-*.pt"))
    cached.write_bytes(b"not a checkpoint")
    eng = _engine(tiny_models, tmp_path, "int8")
    assert eng.info.int8_cache == "miss"
    assert eng.recognizer.recognize(clip, 0)[0]


def test_cache_key_follows_model_file(tmp_path: Path) -> None:
    cache = quantize.Int8Cache(tmp_path / "c")
    f = tmp_path / "model.pt"
    f.write_bytes(b"a" * 1000)
    p1 = cache.path_for("asr", f)
    assert cache.path_for("asr", f) == p1  # remembered
    f.write_bytes(b"b" * 1000)
    assert cache.path_for("asr", f) != p1  # new weights, new key


def test_torchao_int8_path_runs_and_stays_close(tiny_models: Path, tmp_path: Path, clip) -> None:
    """The CUDA INT8 recipe (torchao int8 weights + dynamic int8 activations), exercised on the CPU here."""
    eng = _engine(tiny_models, tmp_path, "fp32")
    ref, _ = eng.recognizer.encode(clip)
    model = eng.recognizer.asr.model
    enc_copy = copy.deepcopy(model.encoder)
    quantize.quantize_torchao_int8(enc_copy)
    weights = [type(m.weight).__name__ for m in enc_copy.modules() if type(m) is torch.nn.Linear]
    assert weights and all(w == "Int8Tensor" for w in weights), set(weights)  # int8 storage, not FP32
    model.encoder, original = enc_copy, model.encoder
    try:
        out, _ = eng.recognizer.encode(clip)
    finally:
        model.encoder = original
    assert _cos(ref, out) >= 0.98


def test_physical_cores_counts_cores_not_hyperthreads() -> None:
    """Counted independently from /proc/cpuinfo: distinct (physical id, core id) among the CPUs we may use."""
    import os

    from models.runtime.system import physical_cores

    allowed = os.sched_getaffinity(0)
    cores, cpu, phys = set(), None, "0"
    for line in Path("/proc/cpuinfo").read_text().splitlines() + [""]:
        key, _, value = (x.strip() for x in line.partition(":"))
        if key == "processor":
            cpu, phys = int(value), "0"
        elif key == "physical id":
            phys = value
        elif key == "core id" and cpu in allowed:
            cores.add((phys, value))
    expected = len(cores) or len(allowed)  # no topology in cpuinfo (some VMs): one core per CPU
    assert physical_cores() == expected
