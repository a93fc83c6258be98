"""Paths of the tiny models in their PyTorch and published-ONNX layouts (shared by tests/cpu)."""
from __future__ import annotations

from pathlib import Path

ASR_ID = "iic/speech_paraformer-large-vad-punc_asr_nat-zh-cn-16k-common-vocab8404"
VAD_ID = "iic/speech_fsmn_vad_zh-cn-16k-common"
PUNC_ID = "iic/punc_ct-transformer_zh-cn-common-vocab272727"


def onnx_dir(root: Path, model_id: str) -> Path:
    return root / "models" / f"{model_id}-onnx"


def torch_dir(root: Path, model_id: str) -> Path:
    return root / "models" / f"{model_id}-pytorch"
