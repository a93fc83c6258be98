"""The live captions model through the store: the fake hub serves the tiny streaming fixture at the published ids;
download fetches only the INT8 pair (CPU set), verify, repair, import of either layout, and the folder loads."""
from __future__ import annotations

from pathlib import Path

import pytest

from fakehub import FakeHub  # tests/ is on sys.path (pytest's default prepend import mode)
from models.core import registry
from models.store.manager import ModelState, ModelStore
from models.streaming import load_streaming
from tests.streaming.streamhelp import onnx_dir, run, torch_dir

LIVE_ONNX = registry.MODELS["live-onnx"]
LIVE = registry.MODELS["live"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("MODELSCOPE_CACHE", str(root))
    monkeypatch.setenv("MODELSCOPE_HOME", str(tmp_path / "mshome"))
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


@pytest.fixture
def hub(tiny_streaming: Path, monkeypatch: pytest.MonkeyPatch, cache: Path):
    """Both repositories as ModelScope holds them: the ONNX one with FP32 and INT8 graphs, plus a README."""
    onnx_files = {**_files(onnx_dir(tiny_streaming)), "README.md": b"# Paraformer online ONNX\n"}
    torch_files = _files(torch_dir(tiny_streaming))
    repos = {(LIVE_ONNX.model_id, LIVE_ONNX.revision): onnx_files, (LIVE.model_id, LIVE.revision): torch_files}
    with FakeHub(repos, chunk=256 * 1024) as fake:
        monkeypatch.setenv("MODELSCOPE_ENDPOINT", fake.endpoint)
        yield fake, onnx_files


def test_registry_entries() -> None:
    assert registry.ONNX_OF["live"] == "live-onnx"
    assert "live" not in registry.CPU_SET + registry.GPU_SET and "live-onnx" not in registry.CPU_SET  # optional
    assert registry.OPTIONAL == {"cpu": ("live-onnx",), "gpu": ("live",)}
    assert {"model_quant.onnx", "decoder_quant.onnx"} <= set(LIVE_ONNX.required_files)


def test_download_fetches_the_int8_pair_only(hub, cache: Path, speech_clips: dict) -> None:
    fake, files = hub
    assert {"model.onnx", "decoder.onnx", "model_quant.onnx", "decoder_quant.onnx"} <= set(files)
    folder = ModelStore().download(LIVE_ONNX)
    fetched = {s.path for s in fake.log}
    assert {"model_quant.onnx", "decoder_quant.onnx", "config.yaml", "am.mvn", "tokens.json"} <= fetched
    assert not fetched & {"model.onnx", "decoder.onnx"}, fetched  # the FP32 graphs stay remote
    store = ModelStore()
    assert store.status(LIVE_ONNX).state is ModelState.READY and store.verify(LIVE_ONNX, deep=True) == []
    clip = next(c["path"] for c in speech_clips.values() if c["sample_rate"] == 16000)
    import soundfile as sf

    pieces = run(load_streaming(folder), sf.read(str(clip), dtype="float32")[0], 4000)
    assert pieces  # the downloaded folder runs as it is


def test_pytorch_folder_downloads_and_loads(hub, cache: Path, speech_clips: dict) -> None:
    folder = ModelStore().download(LIVE)
    assert ModelStore().status(LIVE).state is ModelState.READY and (folder / "model.pt").is_file()
    clip = next(c["path"] for c in speech_clips.values() if c["sample_rate"] == 16000)
    import soundfile as sf

    rec = load_streaming(folder)
    assert type(rec).__name__ == "TorchStreaming" and rec.chunk_ms == 600
    assert run(rec, sf.read(str(clip), dtype="float32")[0], 4000)


def test_verify_and_repair_a_damaged_decoder(hub, cache: Path) -> None:
    fake, files = hub
    store = ModelStore()
    folder = store.download(LIVE_ONNX)
    (folder / "decoder_quant.onnx").write_bytes(files["decoder_quant.onnx"][:1000])
    assert store.status(LIVE_ONNX).state is ModelState.BROKEN
    assert any("decoder_quant.onnx" in p for p in store.verify(LIVE_ONNX))
    fake.log[:] = []
    assert store.repair(LIVE_ONNX) == folder
    assert store.verify(LIVE_ONNX, deep=True) == []
    assert [s.path for s in fake.log] == ["decoder_quant.onnx"]


def test_import_accepts_either_layout(tiny_streaming: Path, cache: Path) -> None:
    from models.store.detect import detect_model_key, find_models

    assert detect_model_key(onnx_dir(tiny_streaming)) == "live-onnx"
    assert detect_model_key(torch_dir(tiny_streaming)) == "live"
    assert sorted(k for k, _ in find_models(tiny_streaming)) == ["live", "live-onnx"]
    store = ModelStore()
    dest = store.import_folder(LIVE_ONNX, onnx_dir(tiny_streaming))
    assert store.status(LIVE_ONNX).state is ModelState.READY and (dest / "decoder_quant.onnx").is_file()
