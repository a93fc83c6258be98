"""Measuring helpers for the benchmark: tensor bytes, file sizes; the stage timers and process memory readers
(standard library only) live in models/bench/standalone/bench_protocol.py, which also lists the stages.

Stage times come from wrapping methods on the live instances (recognizer, funasr model, frontend, VAD), so the
same breakdown is taken for Tingxie's engine and for funasr's AutoModel without changing either.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from models.bench.standalone.bench_protocol import (ASR_PARTS, STAGES, StageTimers, mem,  # noqa: F401  (re-exported)
                                                    reset_peak_rss)
from models.runtime.system import cpu_name  # noqa: F401  (re-exported for the bench modules)


def _tensor_bytes(t: Any, seen: set) -> int:
    import torch

    if isinstance(t, (tuple, list)):
        return sum(_tensor_bytes(x, seen) for x in t)
    if not isinstance(t, torch.Tensor):
        return 0
    flatten = getattr(type(t), "__tensor_flatten__", None)
    if flatten is not None and type(t) not in (torch.Tensor, torch.nn.Parameter):  # torchao & co: inner tensors
        names, _ctx = t.__tensor_flatten__()
        return sum(_tensor_bytes(getattr(t, n), seen) for n in names)
    try:
        key = (t.untyped_storage().data_ptr(), t.storage_offset(), t.numel(), str(t.dtype))
    except (RuntimeError, NotImplementedError):
        key = (id(t),)
    if key in seen:
        return 0
    seen.add(key)
    return t.numel() * t.element_size()


def model_bytes(module: Any) -> int:
    """Bytes of a model's weights as held: the state dict's tensors (parameters and buffers).

    A dynamic-quantized Linear appears as its int8 weight (1 byte per value) + FP32 bias, a torchao tensor as
    the sum of its inner tensors; tensors shared between names count once.
    """
    if hasattr(module, "size_bytes"):  # an ONNX Runtime model: its initializers, i.e. the .onnx file
        return int(module.size_bytes())
    if module is None:
        return 0
    seen: set = set()
    return sum(_tensor_bytes(v, seen) for v in module.state_dict(keep_vars=True).values())


def disk_mb(path: Path) -> float:
    try:
        return path.stat().st_size / 2**20
    except OSError:
        return 0.0


class OnnxFile:
    """An ONNX graph the ONNX set runs, sized by its file (models.bench.stages.model_bytes)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def size_bytes(self) -> int:
        return self.path.stat().st_size


def onnx_file(folder: Path) -> Path:
    """The graph the ONNX set loads from a folder: INT8 where published (ASR, punctuation), else FP32 (VAD)."""
    return next((folder / f for f in ("model_quant.onnx", "model.onnx") if (folder / f).is_file()),
                folder / "model.onnx")
