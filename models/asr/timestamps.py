"""Per-character times from BiCif's upsampled CIF output, in numpy (no torch).

A line-for-line port of funasr's ts_prediction_lfr6_standard + cif_wo_hidden (funasr/utils/timestamp_tools.py),
same float32/float64 arithmetic in the same order, so the millisecond values are identical (tests/cpu checks
them against funasr's own function). funasr's sentence_postprocess is pure Python: it is loaded from its file,
not through `import funasr`, whose __init__ imports torch.
"""
from __future__ import annotations

import functools
import importlib.util
from types import ModuleType
from typing import Sequence

import numpy as np

from models.runtime.peaks import FIRE_THRESHOLD, cif_fires

START_END_THRESHOLD = 5
MAX_TOKEN_DURATION = 12  # 3x upsampled frames


def token_times(us_alphas: np.ndarray, us_peaks: np.ndarray, n_tokens: int, vad_offset_ms: int = 0,
                force_time_shift: float = -1.5, upsample_rate: int = 3) -> list[tuple[int, int]]:
    """[start_ms, end_ms] of each of n_tokens tokens (the `res` of ts_prediction_lfr6_standard)."""
    if n_tokens == 0:
        return []
    time_rate = 10.0 * 6 / 1000 / upsample_rate
    fire = np.where(us_peaks >= FIRE_THRESHOLD)[0] + force_time_shift
    if len(fire) != n_tokens + 1:  # rescale so the CIF fires once per token (+1), as funasr does
        alphas = us_alphas.astype(np.float32, copy=True)
        alphas /= np.float32(alphas.sum(dtype=np.float32) / np.float32(n_tokens + 1))
        peaks = cif_fires(alphas, float(FIRE_THRESHOLD))
        fire = np.where(peaks >= FIRE_THRESHOLD)[0] + force_time_shift
    num_frames = us_peaks.shape[0]
    stamps: list[list[float]] = []
    is_token: list[bool] = []
    if fire[0] > START_END_THRESHOLD:
        stamps.append([0.0, fire[0] * time_rate])
        is_token.append(False)
    for i in range(len(fire) - 1):
        is_token.append(True)
        if fire[i + 1] - fire[i] <= MAX_TOKEN_DURATION:
            stamps.append([fire[i] * time_rate, fire[i + 1] * time_rate])
        else:  # a long gap: the token, then silence
            split = fire[i] + MAX_TOKEN_DURATION
            stamps.append([fire[i] * time_rate, split * time_rate])
            stamps.append([split * time_rate, fire[i + 1] * time_rate])
            is_token.append(False)
    if num_frames - fire[-1] > START_END_THRESHOLD:
        end = (num_frames + fire[-1]) * 0.5
        stamps[-1][1] = end * time_rate
        stamps.append([end * time_rate, num_frames * time_rate])
        is_token.append(False)
    elif stamps:
        stamps[-1][1] = num_frames * time_rate
    if vad_offset_ms:
        for s in stamps:
            s[0] += vad_offset_ms / 1000.0
            s[1] += vad_offset_ms / 1000.0
    # funasr pairs each stamp with a char or "<sil>"; more fires than tokens would fail there: cut to n_tokens.
    return [(int(s[0] * 1000), int(s[1] * 1000)) for s, tok in zip(stamps, is_token) if tok][:n_tokens]


@functools.lru_cache(maxsize=1)
def _postprocess() -> ModuleType:
    spec = importlib.util.find_spec("funasr")
    assert spec is not None and spec.submodule_search_locations, "funasr is not installed"
    path = f"{list(spec.submodule_search_locations)[0]}/utils/postprocess_utils.py"
    file_spec = importlib.util.spec_from_file_location("tingxie_funasr_postprocess", path)
    assert file_spec is not None and file_spec.loader is not None
    module = importlib.util.module_from_spec(file_spec)
    file_spec.loader.exec_module(module)
    return module


def words_with_times(tokens: Sequence[str], times: list[tuple[int, int]]) -> tuple[list[str], list[list[int]]]:
    """funasr's sentence_postprocess (BPE joining, English spacing) on tokens and their times."""
    _text, word_ms, words = _postprocess().sentence_postprocess(list(tokens), [list(t) for t in times])
    return [str(w) for w in words], word_ms
