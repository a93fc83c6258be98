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
    h = hashlib.sha256(tiny_models.name.encode())
    for p in (REPO / "tests/fixtures/make_onnx_models.py", REPO / "models/runtime/onnx_export.py"):
        h.update(p.read_bytes())
    root = REPO / "build" / f"onnx-{h.hexdigest()[:12]}"
    if not (root / ".complete").is_file():
        subprocess.run([sys.executable, str(REPO / "tests/fixtures/make_onnx_models.py"), "--src", str(tiny_models),
                        "--dst", str(root)], check=True)
        (root / ".complete").write_text("ok")
    return root



@pytest.fixture(scope="session")
def tiny_spk_onnx(tiny_models: Path) -> Path:
    """ModelScope cache root holding the tiny CAM++ as sherpa-onnx publishes it ("spk-onnx", tests/cpu/spk_twin.py),
    built once per input content, in a child process (this one keeps its imports)."""
    return build_tiny_spk_onnx(tiny_models)


def build_tiny_spk_onnx(tiny_models: Path) -> Path:
    """The tiny_spk_onnx fixture's folder, built if needed (packaging/bundle_smoke.py uses it too)."""
    h = hashlib.sha256(tiny_models.name.encode())
    for p in (REPO / "tests/cpu/spk_twin.py", REPO / "models/speakers/embed.py"):
        h.update(p.read_bytes())
    root = REPO / "build" / f"spk-onnx-{h.hexdigest()[:12]}"
    if not (root / ".complete").is_file():
        src = tiny_models / "models" / "iic/speech_campplus_sv_zh-cn_16k-common"
        subprocess.run([sys.executable, str(REPO / "tests/cpu/spk_twin.py"), "--src", str(src), "--root", str(root)],
                       check=True)
        (root / ".complete").write_text("ok")
    return root
