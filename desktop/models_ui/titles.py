"""Model titles as the model manager shows them: the registry's English titles (models/core/registry.py),
translated at display time. The list below marks them for lupdate (the registry is not scanned); a test checks it
holds every registry title."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

MARKED = (
    QT_TRANSLATE_NOOP("ModelTitles", "Paraformer-large Mandarin speech recognition (with timestamps)"),
    QT_TRANSLATE_NOOP("ModelTitles", "FSMN-VAD voice activity detection"),
    QT_TRANSLATE_NOOP("ModelTitles", "CT-Transformer punctuation (Chinese; funasr ct-punc-c)"),
    QT_TRANSLATE_NOOP("ModelTitles", "CT-Transformer punctuation, large (Chinese and English; funasr ct-punc)"),
    QT_TRANSLATE_NOOP("ModelTitles", "CAM++ speaker embeddings (to tell speakers apart; funasr cam++)"),
    QT_TRANSLATE_NOOP("ModelTitles", "SeACo-Paraformer speech recognition biased towards the glossary's terms"),
    QT_TRANSLATE_NOOP("ModelTitles", "Paraformer-large Mandarin speech recognition, ONNX INT8 (CPU, smaller)"),
    QT_TRANSLATE_NOOP("ModelTitles", "FSMN-VAD voice activity detection, ONNX (CPU)"),
    QT_TRANSLATE_NOOP("ModelTitles", "CT-Transformer punctuation, ONNX (CPU)"),
    QT_TRANSLATE_NOOP("ModelTitles", "CAM++ speaker embeddings, ONNX (CPU; sherpa-onnx export)"),
    QT_TRANSLATE_NOOP("ModelTitles", "Paraformer-large streaming recognition (live captions while recording)"),
    QT_TRANSLATE_NOOP("ModelTitles",
                      "Paraformer-large streaming recognition, ONNX INT8 (CPU; live captions while recording)"),
)


def model_title(spec: Any) -> str:
    """spec.title in the UI language (a title without a translation is shown as it is)."""
    return QCoreApplication.translate("ModelTitles", str(spec.title))
