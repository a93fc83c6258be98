"""FSMN-VAD fed block by block, giving the same segments as one offline call on the whole file.

funasr's offline VAD already walks the audio in 60 s chunks with state in `cache`; feeding blocks with
is_streaming_input=False and is_final only on the last block runs exactly those chunks (a remainder is carried in
cache["prev_samples"]), so a 2-hour file never has to be in memory at once.
"""
from __future__ import annotations

import numpy as np
import torch

from models.runtime.loader import LoadedModel

CHUNK_MS = 60000  # funasr's offline default; changing it changes the dynamic-silence schedule and the segments
LIVE_CHUNK_MS = 200  # a live capture: funasr's streaming VAD chunk, with the config's fixed end silence


class VadStream:
    def __init__(self, vad: LoadedModel, live: bool = False) -> None:
        self.vad = vad
        self.live = live
        self.cache: dict = {}
        self.fed_samples = 0

    def feed(self, block: np.ndarray, is_final: bool) -> list[tuple[int, int]]:
        """Speech segments [start_ms, end_ms] completed by this block (all remaining ones when is_final)."""
        if block.size == 0 and not is_final:
            return []
        if block.size == 0:  # funasr returns early on empty input without flushing: feed a sliver of silence
            block = np.zeros(160, dtype=np.float32)
        self.fed_samples += block.size
        # Live: short chunks and a fixed end silence (giving max_end_silence_time turns funasr's dynamic
        # schedule off); still the offline output mode, which returns only closed segments.
        extra = {"max_end_silence_time": self.vad.model.vad_opts.max_end_silence_time} if self.live else {}
        with torch.inference_mode():
            res, _ = self.vad.model.inference(
                data_in=[torch.from_numpy(np.ascontiguousarray(block, dtype=np.float32))],
                key=["vad"],
                frontend=self.vad.frontend,
                cache=self.cache,
                is_final=is_final,
                is_streaming_input=False,
                chunk_size=LIVE_CHUNK_MS if self.live else CHUNK_MS,
                device="cpu",
                fs=16000,
                **extra,
            )
        return [(int(a), int(b)) for a, b in res[0]["value"]]

    def in_silence(self) -> bool:
        """True when no speech segment is open: all audio fed so far (bar the carried remainder) is done."""
        stats = self.cache.get("stats")
        return stats is None or getattr(stats.vad_state_machine, "value", 1) != 2

    def processed_ms(self) -> int:
        carried = self.cache.get("prev_samples")
        n = self.fed_samples - (int(carried.numel()) if carried is not None else 0)
        return n * 1000 // 16000
