"""The three CPU models on ONNX Runtime, loaded from published-style "-onnx" folders, with no torch import.

What the engine's loading policy gets when the CPU set is present: `vad.stream()` replaces VadStream(vad) and
`rec` replaces Recognizer (same recognize / punctuate interface).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.asr.ort_recognizer import OrtRecognizer, model_file
from models.runtime.onnx_vad import OnnxVadModel


@dataclass
class OrtModels:
    vad: OnnxVadModel
    rec: OrtRecognizer


def has_onnx(folder: Path, quantized: bool) -> bool:
    """A folder this module can load: the graph plus config.yaml (the ASR also needs am.mvn and tokens.json)."""
    return model_file(folder, quantized).is_file() and (folder / "config.yaml").is_file()


def load(asr: Path, vad: Path, punc: Path | None, quantized: bool = True, threads: int = 1,
         graph_cache: Path | None = None) -> OrtModels:
    """INT8 (model_quant.onnx) for the ASR when `quantized`. The VAD and the punctuation always run their FP32
    graphs: their outputs are proven equal to PyTorch's only in FP32 (VAD: 0 ms; punctuation: identical marks,
    tests/cpu), and INT8 would save little (VAD 1.7 MB; punctuation: 96 % of it is the 272k-row embedding, which
    dynamic quantization leaves FP32: model_quant.onnx is 270 MB against model.onnx's 279 MB).
    graph_cache: where the optimised graphs are kept (models/runtime/ort_session.py); None optimises every load."""
    return OrtModels(vad=OnnxVadModel(vad, quantized=False, threads=threads, graph_cache=graph_cache),
                     rec=OrtRecognizer(asr, punc, quantized=quantized, threads=threads, punc_quantized=False,
                                       graph_cache=graph_cache))
