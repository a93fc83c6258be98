"""funasr's own ONNX exporter for any of our model folders (VAD, punctuation, Paraformer), in a child process.

Writes what ModelScope's published "-onnx" repositories hold: model.onnx (+ model_quant.onnx when asked) beside
copies of config.yaml, am.mvn, tokens.json and configuration.json, so the same loader reads an export made here
and a downloaded folder. torch is imported only in the child.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from models.runtime.onnx_asr import _export_fp32, _in_child, _quantize

SIDE_FILES = ("config.yaml", "am.mvn", "tokens.json", "configuration.json")


def export_folder(folder: Path, dest: Path, quantize: bool = False) -> Path:
    """Export the PyTorch model in `folder` into `dest` (a published-ONNX-style folder); returns dest."""
    dest.mkdir(parents=True, exist_ok=True)
    _in_child(_export_fp32, str(folder), str(dest / "model.onnx"))  # funasr's exporter, as the converted cache
    if quantize:
        _in_child(_quantize, str(dest / "model.onnx"), str(dest / "model_quant.onnx"))
    for name in SIDE_FILES:
        if (folder / name).is_file():
            shutil.copyfile(folder / name, dest / name)
    return dest


STREAMING_GRAPHS = ("model", "decoder")  # the streaming Paraformer's encoder (+ CIF weights) and its FSMN decoder


def export_streaming_folder(folder: Path, dest: Path, quantize: bool = False) -> Path:
    """The streaming Paraformer in `folder` as its published "-online-onnx" folder: funasr's exporter writes the
    encoder (model.onnx) and the decoder (decoder.onnx) as two graphs; quantize adds model_quant.onnx and
    decoder_quant.onnx (the INT8 pair funasr's runtime loads by default)."""
    dest.mkdir(parents=True, exist_ok=True)
    _in_child(_export_fp32, str(folder), str(dest / "model.onnx"))  # writes decoder.onnx beside it
    if not (dest / "decoder.onnx").is_file():
        raise RuntimeError(f"funasr's export wrote no decoder.onnx for {folder}")
    if quantize:
        for name in STREAMING_GRAPHS:
            _in_child(_quantize, str(dest / f"{name}.onnx"), str(dest / f"{name}_quant.onnx"))
    for name in SIDE_FILES:
        if (folder / name).is_file():
            shutil.copyfile(folder / name, dest / name)
    return dest
