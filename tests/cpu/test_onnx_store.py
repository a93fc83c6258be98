"""Issue 17: the published ONNX set through the store: download only the required graph (fake hub serving a folder
made by tests/fixtures/make_onnx_models.py), verify, repair, import of either layout, and the set picked by machine."""
from __future__ import annotations

from pathlib import Path

import pytest

from fakehub import FakeHub  # tests/ is on sys.path (pytest's default prepend import mode)
from models.core import registry
from models.store.manager import ModelState, ModelStore
from tests.cpu.cpuhelp import ASR_ID, PUNC_ID, onnx_dir, torch_dir

ASR = registry.MODELS["asr-onnx"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("MODELSCOPE_CACHE", str(root))
    monkeypatch.setenv("MODELSCOPE_HOME", str(tmp_path / "mshome"))
    return root


@pytest.fixture
def onnx_hub(tiny_onnx: Path, monkeypatch: pytest.MonkeyPatch, cache: Path):
    """The fake hub serving the tiny ASR export at the published id + revision (model.onnx AND model_quant.onnx,
    as ModelScope's repository holds both) plus a README, as a real repository has."""
    folder = onnx_dir(tiny_onnx, ASR_ID)
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}
    files["README.md"] = b"# Paraformer-large ONNX\n"
    with FakeHub({(ASR.model_id, ASR.revision): files}, chunk=256 * 1024) as fake:
        monkeypatch.setenv("MODELSCOPE_ENDPOINT", fake.endpoint)
        yield fake, files


def test_download_fetches_only_what_the_cpu_set_needs(onnx_hub, cache: Path) -> None:
    fake, files = onnx_hub
    assert {"model.onnx", "model_quant.onnx", "config.yaml", "am.mvn"} <= set(files)
    folder = ModelStore().download(ASR)
    fetched = {s.path for s in fake.log}
    assert "model_quant.onnx" in fetched and "model.onnx" not in fetched, fetched  # the FP32 graph stays remote
    assert not (folder / "model.onnx").exists()
    assert (folder / "model_quant.onnx").read_bytes() == files["model_quant.onnx"]
    assert {"config.yaml", "am.mvn", "tokens.json", "README.md"} <= fetched  # small side files come along
    store = ModelStore()
    assert store.status(ASR).state is ModelState.READY and store.verify(ASR, deep=True) == []
    from models.asr.ort_recognizer import OrtRecognizer

    assert OrtRecognizer(folder, None, quantized=True).tokens  # the downloaded folder loads as is


def test_verify_and_repair_a_damaged_graph(onnx_hub, cache: Path) -> None:
    fake, files = onnx_hub
    store = ModelStore()
    folder = store.download(ASR)
    (folder / "model_quant.onnx").write_bytes(files["model_quant.onnx"][:1000])
    assert store.status(ASR).state is ModelState.BROKEN
    assert any("model_quant.onnx" in p for p in store.verify(ASR))
    fake.log[:] = []
    assert store.repair(ASR) == folder
    assert store.verify(ASR, deep=True) == []
    assert [s.path for s in fake.log] == ["model_quant.onnx"]


def test_import_accepts_either_layout(tiny_models: Path, tiny_onnx: Path, cache: Path) -> None:
    from models.store.detect import detect_model_key

    store = ModelStore()
    src = onnx_dir(tiny_onnx, PUNC_ID)
    assert detect_model_key(src) == "punc-onnx"
    assert detect_model_key(torch_dir(tiny_models, PUNC_ID)) == "punc"
    dest = store.import_folder(registry.MODELS["punc-onnx"], src)
    assert store.status(registry.MODELS["punc-onnx"]).state is ModelState.READY and dest.is_dir()


def test_the_set_is_picked_by_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    from models.store import sets

    monkeypatch.setattr(sets, "cuda_available", lambda: False)
    assert sets.machine_set() == "cpu" and sets.keys_for("auto") == registry.CPU_SET
    monkeypatch.setattr(sets, "cuda_available", lambda: True)
    assert sets.machine_set() == "gpu" and sets.keys_for("auto") == registry.GPU_SET
    assert sets.keys_for("cpu") == ("asr-onnx", "vad-onnx", "punc-onnx", "spk-onnx")  # CAM++ too: 28 MB
    cpu_mb = sum(registry.MODELS[k].size_mb for k in registry.CPU_SET)
    gpu_mb = sum(registry.MODELS[k].size_mb for k in registry.GPU_SET)
    assert cpu_mb < 0.7 * gpu_mb  # "smaller": what the model manager says beside the set's name


def test_a_copied_cache_of_either_layout_is_found(tiny_models: Path, tiny_onnx: Path) -> None:
    from models.store.detect import find_models

    assert sorted(k for k, _ in find_models(tiny_onnx)) == ["asr-onnx", "punc-onnx", "vad-onnx"]
    assert {k for k, _ in find_models(tiny_models)} >= {"asr", "vad", "punc"}
    assert find_models(tiny_onnx / "nothing-here") == []
