"""Meetings for the known-voices tests: the two test voices in a chosen order, and synthetic voices."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from speakers.spkhelp import VOICE_A, VOICE_B

CLIPS = (VOICE_A, VOICE_B)  # voice 0 = A, voice 1 = B


def meeting(speech_clips: dict, out: Path, order: str, gap_s: float = 1.5) -> tuple[Path, list[tuple[int, int, int]]]:
    """A 16 kHz WAV of the clips in `order` ("ABAB", "BABA"...) with gaps; and [(start_ms, end_ms, voice)]."""
    audio = {v: sf.read(str(speech_clips[CLIPS[v]]["path"]), dtype="float32")[0] for v in (0, 1)}
    gap = np.zeros(int(gap_s * 16000), dtype=np.float32)
    parts, spans, t = [], [], 0
    for ch in order:
        v = "AB".index(ch)
        parts += [audio[v], gap]
        n = audio[v].shape[0] * 1000 // 16000
        spans.append((t, t + n, v))
        t += n + int(gap_s * 1000)
    sf.write(str(out), np.concatenate(parts), 16000, subtype="PCM_16")
    return out, spans


def voice_rows(direction: np.ndarray, n: int, noise: float, seed: int) -> np.ndarray:
    """n unit vectors around `direction` (window embeddings of one synthetic voice)."""
    rng = np.random.default_rng(seed)
    x = direction[None, :] + noise * rng.standard_normal((n, direction.shape[0]))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
