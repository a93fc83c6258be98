"""CAM++'s embedding network on ONNX Runtime (CPU), exported once per weights file and cached.

Only the network is exported: fbank features stay in torch (torchaudio's Kaldi fbank, as funasr does), so both
backends see identical input. Legacy exporter (dynamo=False, opset 14), like the ASR export (DESIGN.md).
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import numpy as np
import torch

log = logging.getLogger(__name__)

OPSET = 14


def cache_file(cache_dir: Path, weights: Path) -> Path:
    """<cache_dir>/onnx/campp-<sha16 of the weights>-torch<version>.onnx"""
    h = hashlib.sha256()
    with open(weights, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return cache_dir / "onnx" / f"campp-{h.hexdigest()[:16]}-torch{torch.__version__.split('+')[0]}.onnx"


def export(model: torch.nn.Module, path: Path, feat_dim: int = 80) -> Path:
    """Write the network as ONNX (dynamic batch and frame axes) atomically; returns path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    dummy = torch.zeros(2, 148, feat_dim)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        with torch.no_grad():
            torch.onnx.export(model, (dummy,), tmp, dynamo=False, opset_version=OPSET, input_names=["feats"],
                              output_names=["embedding"],
                              dynamic_axes={"feats": {0: "batch", 1: "frames"}, "embedding": {0: "batch"}})
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    log.info("exported CAM++ to %s", path)
    return path


class OnnxCampp:
    """feats (batch, frames, 80) float32 -> embeddings (batch, dim) float32, on the CPU."""

    def __init__(self, path: Path, threads: int) -> None:
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.intra_op_num_threads = max(1, threads)
        so.inter_op_num_threads = 1
        so.log_severity_level = 3  # its "unused initializer" warnings are noise
        self.session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])

    def __call__(self, feats: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"feats": np.ascontiguousarray(feats, dtype=np.float32)})[0]
