"""Which model set this machine should get: "cpu" = the published ONNX exports (CPU, no torch, no
conversion, about half the download), "gpu" = the PyTorch folders (CUDA; also FP32 and the large punctuation).

The CLI (`main.py models download`) and the model manager offer both and preselect `machine_set()`; the CUDA check
does not import torch on a machine without an NVIDIA driver (models/runtime/cuda_probe.py).
"""
from __future__ import annotations

from models.core import registry
from models.options import MODEL_SETS
from models.runtime.cuda_probe import cuda_available


def machine_set() -> str:
    return "gpu" if cuda_available() else "cpu"


def keys_for(choice: str) -> tuple[str, ...]:
    """Registry keys of a set: "cpu", "gpu" or "auto" (this machine's)."""
    if choice not in MODEL_SETS:
        raise ValueError(f"set must be one of {', '.join(MODEL_SETS)}, not {choice!r}")
    return registry.SETS[machine_set() if choice == "auto" else choice]


def size_mb(choice: str) -> int:
    return sum(registry.MODELS[k].size_mb for k in keys_for(choice))
