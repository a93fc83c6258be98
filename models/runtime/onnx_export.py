"""funasr's own ONNX exporter for any of our model folders (VAD, punctuation, Paraformer), in a child process.

Writes what ModelScope's published "-onnx" repositories hold: model.onnx (+ model_quant.onnx when asked) beside
copies of config.yaml, am.mvn, tokens.json and configuration.json, so the same loader reads an export made here
and a downloaded folder. torch is imported only in the child.
"""
from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from models.runtime.onnx_asr import OPSET, _in_child, _legacy_exporter, _quantize

SIDE_FILES = ("config.yaml", "am.mvn", "tokens.json", "configuration.json")


def export_folder(folder: Path, dest: Path, quantize: bool = False) -> Path:
    """Export the PyTorch model in `folder` into `dest` (a published-ONNX-style folder); returns dest."""
    dest.mkdir(parents=True, exist_ok=True)
    _in_child(_export, str(folder), str(dest / "model.onnx"))
    if quantize:
        _in_child(_quantize, str(dest / "model.onnx"), str(dest / "model_quant.onnx"))
    for name in SIDE_FILES:
        if (folder / name).is_file():
            shutil.copyfile(folder / name, dest / name)
    return dest


def _export(folder: str, out: str) -> None:
    import torch
    from funasr.utils import export_utils

    from models.asr import loader

    lm = loader.load(Path(folder))
    conf = {k: v for k, v in lm.conf.items() if k not in ("model", "data_in", "type")}
    kwargs = {**conf, "quantize": False, "opset_version": OPSET, "type": "onnx",
              "output_dir": str(Path(out).parent), "device": "cpu"}
    with _legacy_exporter(), torch.no_grad(), contextlib.redirect_stdout(None):
        export_utils.export(lm.model, **kwargs)
    if not Path(out).is_file():
        raise RuntimeError(f"funasr's export wrote no {Path(out).name}")
