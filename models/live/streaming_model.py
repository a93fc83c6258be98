"""Which streaming model live captions use, beside a loaded engine: the CPU set's ONNX export ("live-onnx",
INT8, one thread: the offline path needs the other cores) or, on CUDA, the PyTorch folder ("live")."""
from __future__ import annotations

import logging
from typing import Any

from models.core.errors import TingxieError

log = logging.getLogger(__name__)
STREAM_THREADS = 1  # one core streams; the meeting app and the final sentences share the rest


def streaming_keys(device: str) -> tuple[str, ...]:
    """Registry keys to try, best first, for an engine running on `device`."""
    return ("live", "live-onnx") if device == "cuda" else ("live-onnx", "live")


def load_for_engine(engine: Any, store: Any = None) -> tuple[Any | None, str]:
    """(StreamingRecognizer, "") or (None, why not) — never raises: live text is optional."""
    from models.core import registry
    from models.store.manager import ModelStore

    store = store or getattr(engine, "_store", None) or ModelStore()
    device = engine.info.device if getattr(engine, "info", None) is not None else "cpu"
    for key in streaming_keys(device):
        spec = registry.MODELS.get(key)
        if spec is None:
            continue
        try:
            folder = store.resolve(spec)
        except TingxieError:
            continue
        try:
            from models.runtime.torch_probe import torch_available
            from models.streaming import load_streaming

            if key == "live" and not torch_available():
                continue
            precision = "fp16" if device == "cuda" else "int8"
            return load_streaming(folder, device=device if key == "live" else "cpu", precision=precision,
                                  threads=STREAM_THREADS), ""
        except Exception as exc:  # noqa: BLE001 - a broken model costs the streaming text only
            log.warning("the live-captions model %s could not be loaded: %s", key, exc)
            return None, f"the live-captions model could not be loaded ({exc}); `python main.py models repair`"
    return None, "the live-captions model is not installed (`python main.py models download live-onnx`)"
