"""Audio for the diarization wiring tests: two recordings (two voices) alternated with pauses."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

VOICE_A = "funasr_asr_example_16k.wav"
VOICE_B = "wenet_aishell_BAC009S0724W0121_16k.wav"


def two_voices(speech_clips: dict, out: Path, turns: int = 5, gap_s: float = 1.5) -> Path:
    """A, B, A, B, ... (`turns` clips) with gap_s of silence between them, as 16 kHz PCM WAV."""
    a, b = (sf.read(str(speech_clips[n]["path"]), dtype="float32")[0] for n in (VOICE_A, VOICE_B))
    gap = np.zeros(int(gap_s * 16000), dtype=np.float32)
    parts: list[np.ndarray] = []
    for i in range(turns):
        parts += [a if i % 2 == 0 else b, gap]
    sf.write(str(out), np.concatenate(parts), 16000, subtype="PCM_16")
    return out


class VoiceOracle:
    """Stands in for CAM++ where a test needs embeddings that follow the voices (random CAM++ weights do not).

    Same windows as the real embedder (models.speakers.windows.cut_windows), each embedded as its voice's fixed
    direction plus a little deterministic noise; the voice is looked up from the window's time in `spans`
    [(start_ms, end_ms, voice)]. The engine, the job history, clustering and assignment are the real ones.
    """

    def __init__(self, spans: list[tuple[int, int, int]], dim: int = 192) -> None:
        rng = np.random.default_rng(7)
        self.spans, self.dim = spans, dim
        self.base = rng.standard_normal((4, dim)).astype(np.float32)

    def voice(self, ms: float) -> int:
        return min(self.spans, key=lambda s: 0 if s[0] <= ms <= s[1] else min(abs(s[0] - ms), abs(s[1] - ms)))[2]

    def embed_segment(self, audio: np.ndarray, seg_start_ms: int):
        from models.speakers.windows import SAMPLE_RATE, SegmentEmbeddings, cut_windows

        _w, spans = cut_windows(np.asarray(audio, dtype=np.float32))
        times = np.array([[seg_start_ms + a * 1000 // SAMPLE_RATE, seg_start_ms + b * 1000 // SAMPLE_RATE]
                          for a, b in spans], dtype=np.int64).reshape(-1, 2)
        vecs = np.zeros((len(spans), self.dim), dtype=np.float32)
        for i, (a, b) in enumerate(times.tolist()):
            noise = np.random.default_rng(a).standard_normal(self.dim).astype(np.float32)
            vecs[i] = self.base[self.voice((a + b) / 2)] + 0.3 * noise
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return SegmentEmbeddings(start_ms=int(seg_start_ms), times_ms=times, vectors=vecs)


def voice_spans(speech_clips: dict, turns: int = 5, gap_s: float = 1.5) -> list[tuple[int, int, int]]:
    """[(start_ms, end_ms, voice)] of the clips in two_voices(...) with the same arguments."""
    out, t = [], 0.0
    for i in range(turns):
        n = speech_clips[VOICE_A if i % 2 == 0 else VOICE_B]["seconds"]
        out.append((int(t * 1000), int((t + n) * 1000), i % 2))
        t += n + gap_s
    return out
