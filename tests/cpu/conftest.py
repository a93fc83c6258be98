"""Fixtures for the torch-free CPU pieces: the tiny models exported to published-style ONNX folders."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ASR_ID = "iic/speech_paraformer-large-vad-punc_asr_nat-zh-cn-16k-common-vocab8404"
VAD_ID = "iic/speech_fsmn_vad_zh-cn-16k-common"
PUNC_ID = "iic/punc_ct-transformer_zh-cn-common-vocab272727"


@pytest.fixture(scope="session")
def tiny_onnx(tiny_models: Path) -> Path:
    """ModelScope cache root with the three tiny models as "-onnx" folders (built once per input content)."""
    h = hashlib.sha256(tiny_models.name.encode())
    for p in (REPO / "tests/fixtures/make_onnx_models.py", REPO / "models/runtime/onnx_export.py"):
        h.update(p.read_bytes())
    root = REPO / "build" / f"onnx-{h.hexdigest()[:12]}"
    if not (root / ".complete").is_file():
        subprocess.run([sys.executable, str(REPO / "tests/fixtures/make_onnx_models.py"), "--src", str(tiny_models),
                        "--dst", str(root)], check=True)
        (root / ".complete").write_text("ok")
    return root


def onnx_dir(root: Path, model_id: str) -> Path:
    return root / "models" / f"{model_id}-onnx"


def torch_dir(root: Path, model_id: str) -> Path:
    return root / "models" / f"{model_id}-pytorch"
