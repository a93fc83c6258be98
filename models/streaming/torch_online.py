"""The streaming Paraformer on PyTorch (GPU set): funasr's own ParaformerStreaming, decoded chunk by chunk through
its inference() with a per-stream cache, exactly as AutoModel.generate(input=chunk, cache=cache, is_final=...,
chunk_size=..., encoder_chunk_look_back=..., decoder_chunk_look_back=...) calls it. The model is built by
models/runtime/loader.py (memory-mapped weights, no hub look-up) instead of AutoModel, which resolves the folder
over the network first and holds a second copy of the weights.

Runs FP32 on the CPU or CUDA: a 600 ms chunk is a small batch, and funasr's chunk code builds its caches in FP32.
Look-back: FunASR's recipe (encoder 4 chunks, decoder 1) by default; 0 and 0 compute what the published ONNX
graphs compute (they take no attention caches), which the agreement tests use.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from models.streaming.chunks import CHUNK_MS, CHUNK_SIZE, ChunkedStream

log = logging.getLogger(__name__)
ENCODER_LOOK_BACK = 4  # chunks of encoder self-attention look-back (FunASR's 2-pass recipe)
DECODER_LOOK_BACK = 1  # encoder chunks the decoder's cross-attention looks back over


class TorchStreaming:
    chunk_ms = CHUNK_MS

    def __init__(self, folder: Path, device: str = "cpu", precision: str = "fp32", threads: int = 1,
                 encoder_look_back: int = ENCODER_LOOK_BACK, decoder_look_back: int = DECODER_LOOK_BACK) -> None:
        import torch

        from models.runtime import loader

        if precision != "fp32":
            log.info("the PyTorch streaming model runs FP32 (asked for %s)", precision)
        if device == "cpu" and threads > 0:
            torch.set_num_threads(threads)
        self.device = "cuda" if device == "cuda" else "cpu"
        self.loaded = loader.load(Path(folder))
        self.loaded.model.to(self.device)
        conf = {k: v for k, v in self.loaded.conf.items() if k not in ("model", "frontend", "tokenizer")}
        self.kwargs: dict[str, Any] = {**conf, "chunk_size": list(CHUNK_SIZE), "device": self.device,
                                       "encoder_chunk_look_back": encoder_look_back,
                                       "decoder_chunk_look_back": decoder_look_back}
        self.d_model = int(self.loaded.conf["encoder_conf"]["output_size"])

    def start(self) -> "TorchLiveStream":
        return TorchLiveStream(self)


class TorchLiveStream(ChunkedStream):
    def __init__(self, model: TorchStreaming) -> None:
        super().__init__()
        self.m = model
        self.cache: dict[str, Any] = {}

    def decode(self, chunk: np.ndarray, is_final: bool) -> list[str]:
        import torch

        lm = self.m.loaded
        heard = _Recording(lm.tokenizer)
        with torch.inference_mode():
            lm.model.inference([torch.from_numpy(np.ascontiguousarray(chunk, np.float32))], key=["live"],
                               tokenizer=heard, frontend=lm.frontend, cache=self.cache, is_final=is_final,
                               **self.m.kwargs)
        return heard.tokens


class _Recording:
    """funasr's tokenizer, keeping the tokens inference() decodes (it returns them only joined into text)."""

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer
        self.tokens: list[str] = []

    def ids2tokens(self, ids: Any) -> list[str]:
        out = list(self._tokenizer.ids2tokens(ids))
        self.tokens += out
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tokenizer, name)
