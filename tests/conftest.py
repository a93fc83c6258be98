"""Session fixtures shared by all tests: test data, fixture models, isolated user folders.

No test touches the network: models are built locally (tests/fixtures/make_models.py) from the real FSMN-VAD
assets (Makefile extracts them to build/fsmn-vad) and random-weight Paraformer / CT-punc.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _testdata_dir() -> Path:
    return Path(os.environ.get("TINGXIE_TESTDATA", REPO.parent / "shared" / "testdata")).resolve()


def _vad_dir() -> Path:
    return Path(os.environ.get("TINGXIE_FSMN_VAD_DIR", REPO / "build" / "fsmn-vad")).resolve()


@pytest.fixture(scope="session")
def testdata() -> Path:
    d = _testdata_dir()
    # CI must fail, not skip, when the shared test data is missing.
    assert (d / "speech" / "MANIFEST.tsv").is_file(), f"shared test data missing at {d} (set TINGXIE_TESTDATA)"
    return d


@pytest.fixture(scope="session")
def speech_clips(testdata: Path) -> dict[str, dict]:
    """file name -> {path, seconds, sample_rate, reference_text, vad: [[start, end], ...]}"""
    import csv

    clips: dict[str, dict] = {}
    with open(testdata / "speech" / "MANIFEST.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            clips[row["file"]] = {"path": testdata / "speech" / row["file"], "seconds": float(row["seconds"]),
                                  "sample_rate": int(row["sample_rate"]), "reference_text": row["reference_text"]}
    with open(testdata / "speech" / "VAD_SEGMENTS.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            clips[row["file"]]["vad"] = json.loads(row["segments_json"])
    return clips


def _build_models(size: str) -> Path:
    """Build once per content of the builder script + configs; reused across test sessions (build/ is ignored)."""
    vad = _vad_dir()
    assert (vad / "model.pt").is_file(), f"FSMN-VAD assets missing in {vad}: run `make build/fsmn-vad/model.pt`"
    h = hashlib.sha256()
    for p in sorted((REPO / "tests" / "fixtures").rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.read_bytes())
    h.update((vad / "model.pt").read_bytes())
    root = REPO / "build" / f"models-{size}-{h.hexdigest()[:12]}"
    marker = root / ".complete"

    def sizes() -> dict[str, int]:
        return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*")) if p.is_file()
                and p != marker}

    def intact() -> bool:
        try:
            return json.loads(marker.read_text()) == sizes()
        except (OSError, ValueError):
            return False

    if not intact():  # missing or damaged (a test that wrote through a hard link, an interrupted build)
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, str(REPO / "tests" / "fixtures" / "make_models.py"), "--root", str(root),
                        "--size", size, "--vad-dir", str(vad)], check=True, env={**os.environ,
                        "TINGXIE_TESTDATA": str(_testdata_dir())})
        marker.write_text(json.dumps(sizes()))
    return root


@pytest.fixture(scope="session")
def tiny_models() -> Path:
    """ModelScope cache root holding the three tiny fixture models (set MODELSCOPE_CACHE to it)."""
    return _build_models("tiny")


STREAMING_INPUTS = ("tests/fixtures/make_streaming.py", "tests/fixtures/make_models.py",
                    "tests/fixtures/model-configs/paraformer-large-online.config.yaml",
                    "models/runtime/onnx_export.py", "models/runtime/onnx_asr.py")


def build_streaming(size: str = "tiny") -> Path:
    """ModelScope cache root with the streaming Paraformer (live captions) in both layouts, "-online" (PyTorch) and
    "-online-onnx" (model/decoder graphs, FP32 + INT8): built once per content of its builder and inputs."""
    vad = _vad_dir()
    assert (vad / "am.mvn").is_file(), f"FSMN-VAD assets missing in {vad}: run `make build/fsmn-vad/model.pt`"
    h = hashlib.sha256(size.encode())
    for rel in STREAMING_INPUTS:
        h.update((REPO / rel).read_bytes())
    h.update((vad / "am.mvn").read_bytes())
    root = REPO / "build" / f"streaming-{size}-{h.hexdigest()[:12]}"
    if not (root / ".complete").is_file():
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, str(REPO / "tests" / "fixtures" / "make_streaming.py"), "--root", str(root),
                        "--size", size, "--vad-dir", str(vad)], check=True,
                       env={**os.environ, "TINGXIE_TESTDATA": str(_testdata_dir())})
        (root / ".complete").write_text("ok")
    return root


@pytest.fixture(scope="session")
def tiny_streaming() -> Path:
    """ModelScope cache root holding the tiny streaming Paraformer, PyTorch and published-ONNX folders."""
    return build_streaming("tiny")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own XDG data/config/cache/state folders: nothing touches the user's files."""
    base = tmp_path_factory.mktemp("xdg")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        (base / var).mkdir()
        monkeypatch.setenv(var, str(base / var))
    monkeypatch.setenv("MODELSCOPE_CACHE", str(base / "no-models"))
    return base


@pytest.fixture(scope="session")
def int8_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("int8-cache")


@pytest.fixture(scope="session")
def tiny_engine(tiny_models: Path, int8_cache_dir: Path):
    """One loaded FP32 engine on the tiny models, shared by tests that only transcribe."""
    from models.asr.engine import Engine, EngineConfig
    from models.store.manager import ModelStore

    eng = Engine(EngineConfig(device="cpu", precision="fp32"), store=ModelStore(tiny_models),
                 int8_cache_dir=int8_cache_dir)
    eng.load()
    yield eng
    eng.close()


@pytest.fixture(scope="session")
def long_audio(testdata: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The 10-minute file from make_long_audio.py (seed 0) and its sidecar JSON."""
    out = tmp_path_factory.mktemp("long") / "long600.wav"
    subprocess.run([sys.executable, str(testdata / "make_long_audio.py"), "--out", str(out), "--duration", "600",
                    "--seed", "0"], check=True)
    return out, json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
