"""Live captions: the streaming Paraformer (Paraformer-large online) decoding 600 ms chunks as audio arrives.

The interface the engine's live source and the desktop build on:

    rec = load_streaming(folder, device="cpu", precision="int8", threads=1)   # a StreamingRecognizer
    stream = rec.start()                          # a LiveStream: its own caches, independent of other streams
    pieces = stream.accept(samples)               # 16 kHz mono float32, any length -> [(text, end_ms), ...]
    pieces += stream.finish()                     # flush; the stream is done

Each returned item is (text, ms): `text` is display-ready, and concatenating every text of a stream in order gives
its line as the offline recogniser joins words (hanzi run together, one space between two Latin/digit words,
'@@' BPE pieces glued to the next piece: models/streaming/text.py). `ms` is the stream time (from the stream's
first sample) of the end of the chunk that produced it: a multiple of chunk_ms, or the stream's end for the
pieces finish() returns, so the values never decrease.

Which folder runs how: an "-online-onnx" folder (model.onnx/decoder.onnx or their _quant INT8 pair, the CPU set)
runs on ONNX Runtime without torch (models/streaming/onnx_online.py); an "-online" PyTorch folder (model.pt, the
GPU set) runs funasr's own ParaformerStreaming (models/streaming/torch_online.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from models.streaming.chunks import CHUNK_MS, CHUNK_SIZE

Piece = tuple[str, int]  # (display-ready text, stream ms of the end of the chunk that produced it)

__all__ = ["CHUNK_MS", "CHUNK_SIZE", "LiveStream", "Piece", "StreamingRecognizer", "load_streaming"]


class LiveStream(Protocol):
    def accept(self, samples: np.ndarray) -> list[Piece]:
        """16 kHz mono float32 samples of any length (appended to the stream). Returns the text decoded by this
        call, each piece with the stream time (ms from the stream's first sample) of the end of its chunk."""
        ...

    def finish(self) -> list[Piece]:
        """Flush what is buffered (is_final) and return its text; the stream is done (start() a new one)."""
        ...


class StreamingRecognizer(Protocol):
    chunk_ms: int  # 600: audio shown per decode; each chunk also sees 300 ms ahead

    def start(self) -> LiveStream:
        """A new independent stream (its own caches)."""
        ...


def load_streaming(folder: Path, device: str = "cpu", precision: str = "int8", threads: int = 1, *,
                   graph_cache: Path | None = None) -> StreamingRecognizer:
    """The streaming recogniser for a downloaded folder: ONNX Runtime for an "-online-onnx" folder (precision int8
    = model_quant.onnx + decoder_quant.onnx, fp32 = model.onnx + decoder.onnx; CPU only; graph_cache: the
    optimised-graph cache folder the other ONNX models use), funasr's PyTorch ParaformerStreaming for a folder with
    model.pt (device cpu or cuda, FP32 whatever the precision)."""
    folder = Path(folder)
    if (folder / "model.pt").is_file():
        from models.streaming.torch_online import TorchStreaming

        return TorchStreaming(folder, device=device, precision=precision, threads=threads)
    from models.streaming.onnx_online import OnnxStreaming

    return OnnxStreaming(folder, quantized=precision == "int8", threads=threads, graph_cache=graph_cache)
