"""Is PyTorch here? The CPU bundle is built without torch, torchaudio and funasr (packaging/tingxie.spec).

The one place that answers it, without importing torch: the loading policy (models/asr/loading.py), the CLI,
Settings, SeACo and CAM++ ask torch_available() and word their refusal with needs_torch_message().
"""
from __future__ import annotations

import importlib.util

TORCH_MODULES = ("torch", "torchaudio", "torchao", "funasr")  # funasr imports torch: it goes with it


def torch_available() -> bool:
    """Whether PyTorch can be imported here, found without importing it."""
    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):  # torch.__spec__ unset: a half-removed module
        return False


def needs_torch_message(what: str) -> str:
    """What the user reads when a feature needs PyTorch and this build has none."""
    return (f"{what} needs PyTorch, which this build of Tingxie does not include (the CPU build runs the ONNX "
            f"model set on ONNX Runtime only); use the full build or a source install for it")


def is_torch_missing(exc: BaseException) -> bool:
    """An ImportError because PyTorch (or funasr, which needs it) is not in this build."""
    name = getattr(exc, "name", None) or ""
    return isinstance(exc, ImportError) and name.split(".")[0] in TORCH_MODULES
