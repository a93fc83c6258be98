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


def load(asr: Path, vad: Path, punc: Path | None, quantized: bool = True, threads: int = 1) -> OrtModels:
    """INT8 (model_quant.onnx) for ASR and punctuation when `quantized`; the VAD always runs its FP32 graph
    (1.7 MB; its segments are only proven equal to PyTorch's in FP32)."""
    return OrtModels(vad=OnnxVadModel(vad, quantized=False, threads=threads),
                     rec=OrtRecognizer(asr, punc, quantized=quantized, threads=threads))
