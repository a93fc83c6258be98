"""The audio a file's decode needs while the VAD reads on: the last KEEP_S seconds, and the VAD's fbank rows."""
from __future__ import annotations

import numpy as np

SR = 16000
KEEP_S = 240.0  # audio kept in memory behind the VAD position: a finished segment always lies inside it


class Window:
    """The last KEEP_S seconds of decoded 16 kHz audio, addressable by absolute sample index."""

    def __init__(self) -> None:
        self.blocks: list[tuple[int, np.ndarray]] = []
        self.end = 0

    def append(self, block: np.ndarray) -> None:
        self.blocks.append((self.end, block))
        self.end += block.size
        keep_from = self.end - int(KEEP_S * SR)
        while self.blocks and self.blocks[0][0] + self.blocks[0][1].size < keep_from:
            self.blocks.pop(0)

    def slice(self, a: int, b: int) -> np.ndarray:
        b = min(b, self.end)
        if self.blocks and a < self.blocks[0][0]:
            raise RuntimeError(f"audio at sample {a} already dropped (window starts at {self.blocks[0][0]})")
        parts = [blk[max(0, a - s): max(0, b - s)] for s, blk in self.blocks if s < b and s + blk.size > a]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def vad_rows(vad: object, rec: object, first_sample: int, n_samples: int) -> np.ndarray | None:
    """The segment's fbank rows from the ONNX VAD when the recogniser's frontend computes the same ones
    (fbank was ~7 % of the CPU INT8 run, done twice); None for PyTorch recognisers or any mismatch."""
    key = getattr(getattr(rec, "frontend", None), "fbank_key", None)
    take = getattr(vad, "fbank_rows", None)
    return take(first_sample, n_samples, key) if key is not None and take is not None else None
