"""Fixtures for the torch-free CPU pieces: the tiny models exported to published-style ONNX folders."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def tiny_onnx(tiny_models: Path) -> Path:
    """ModelScope cache root with the three tiny models as "-onnx" folders (built once per input content)."""
    return build_tiny_onnx(tiny_models)


def build_tiny_onnx(tiny_models: Path) -> Path:
    """The tiny_onnx fixture's folder, built from `tiny_models` if needed (packaging/bundle_smoke.py uses it too)."""
    return _built_once("onnx", tiny_models, REPO / "tests/fixtures/make_onnx_models.py",
                       REPO / "models/runtime/onnx_export.py", args=("--src", str(tiny_models), "--dst"))


def _built_once(prefix: str, tiny_models: Path, script: Path, *inputs: Path, args: tuple[str, ...]) -> Path:
    """build/<prefix>-<hash of the tiny models' name, script and inputs>: made by `script *args <root>` in a child
    process (this one keeps its imports) the first time, then reused."""
    h = hashlib.sha256(tiny_models.name.encode())
    for p in (script, *inputs):
        h.update(p.read_bytes())
    root = REPO / "build" / f"{prefix}-{h.hexdigest()[:12]}"
    if not (root / ".complete").is_file():
        subprocess.run([sys.executable, str(script), *args, str(root)], check=True)
        (root / ".complete").write_text("ok")
    return root


@pytest.fixture(scope="session")
def both_sets(tiny_models: Path, tiny_onnx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache root holding the PyTorch and the ONNX folders (links), as after downloading both sets."""
    from tests.cpu.cpuhelp import ASR_ID, PUNC_ID, VAD_ID, onnx_dir, torch_dir

    root = tmp_path_factory.mktemp("both")
    for mid in (ASR_ID, VAD_ID, PUNC_ID):
        for src in (torch_dir(tiny_models, mid), onnx_dir(tiny_onnx, mid)):
            dst = root / src.relative_to(src.parents[2])
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.symlink_to(src, target_is_directory=True)
    return root


@pytest.fixture(scope="session")
def tiny_spk_onnx(tiny_models: Path) -> Path:
    """ModelScope cache root holding the tiny CAM++ as sherpa-onnx publishes it ("spk-onnx", tests/cpu/spk_twin.py),
    built once per input content, in a child process (this one keeps its imports)."""
    return build_tiny_spk_onnx(tiny_models)


def build_tiny_spk_onnx(tiny_models: Path) -> Path:
    """The tiny_spk_onnx fixture's folder, built if needed (packaging/bundle_smoke.py uses it too)."""
    src = tiny_models / "models" / "iic/speech_campplus_sv_zh-cn_16k-common"
    return _built_once("spk-onnx", tiny_models, REPO / "tests/cpu/spk_twin.py", REPO / "models/speakers/embed.py",
                       args=("--src", str(src), "--root"))
