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
LIVE_CHUNK_MS = 200  # a live capture: short chunks, the offline silence schedule stepped on the 60 s grid
GRID = CHUNK_MS * 16  # samples per 60 s


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
        if not self.live:
            return self._run(block, is_final)
        # Live: 200 ms chunks (a segment closes as soon as its end silence is heard) with funasr's offline
        # silence schedule stepped by us at every 60 s of audio, as the file's 60 s chunks step it: the same
        # decisions, so the same segments as transcribing the file afterwards.
        out: list[tuple[int, int]] = []
        while block.size:
            if self.fed_samples % GRID == 0:
                self._step_schedule()
            take = min(block.size, GRID - self.fed_samples % GRID)
            last = is_final and take == block.size
            out += self._run(block[:take], last)
            block = block[take:]
        return out

    def _step_schedule(self) -> None:
        """funasr's dynamic-silence step before a 60 s chunk (fsmn_vad_streaming inference), on our cache."""
        from funasr.models.fsmn_vad_streaming.model import DEFAULT_SILENCE_SCHEDULE

        model = self.vad.model
        if "stats" not in self.cache:
            model.init_cache(self.cache)
        acc = self.cache.get("_dynamic_accumulated_ms", 0)
        in_speech = self.cache.get("_dynamic_in_speech", False)
        if self.cache["stats"].vad_state_machine.value == 2 or in_speech:
            acc += CHUNK_MS
            in_speech = True
        for limit_ms, silence_ms in DEFAULT_SILENCE_SCHEDULE:
            if acc <= limit_ms:
                self.cache["stats"].max_end_sil_frame_cnt_thresh = max(
                    silence_ms - model.vad_opts.speech_to_sil_time_thres, 0)
                self.cache["stats"].speech_noise_thres = 0.5
                break
        self.cache["_dynamic_accumulated_ms"] = acc
        self.cache["_dynamic_in_speech"] = in_speech

    def _run(self, block: np.ndarray, is_final: bool) -> list[tuple[int, int]]:
        self.fed_samples += block.size
        extra = {"chunk_size": LIVE_CHUNK_MS, "dynamic_silence": False} if self.live else {"chunk_size": CHUNK_MS}
        with torch.inference_mode():
            res, _ = self.vad.model.inference(
                data_in=[torch.from_numpy(np.ascontiguousarray(block, dtype=np.float32))],
                key=["vad"],
                frontend=self.vad.frontend,
                cache=self.cache,
                is_final=is_final,
                is_streaming_input=False,
                device="cpu",
                fs=16000,
                **extra,
            )
        return [(int(a), int(b)) for a, b in res[0]["value"]]

    def in_silence(self) -> bool:
        """True when no speech segment is open: all audio fed so far (bar the carried remainder) is done."""
        stats = self.cache.get("stats")
        return stats is None or getattr(stats.vad_state_machine, "value", 1) != 2

    def next_start_ms(self) -> int:
        """No segment not yet returned starts before this: the open one's start, or where funasr's data buffer
        starts (a new start looks back at most to it). A meeting's two channels are put in time order by it."""
        stats = self.cache.get("stats")
        if stats is None:
            return 0
        if self.in_silence():
            return int(stats.data_buf_start_frame) * int(self.vad.model.vad_opts.frame_in_ms)
        open_ = [s for s in stats.output_data_buf if not s.contain_seg_end_point]
        return int(open_[-1].start_ms) if open_ else 0

    def processed_ms(self) -> int:
        carried = self.cache.get("prev_samples")
        n = self.fed_samples - (int(carried.numel()) if carried is not None else 0)
        return n * 1000 // 16000
