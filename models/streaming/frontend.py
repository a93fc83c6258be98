"""The streaming Paraformer's features without torch: fbank, LFR and CMVN fed piece by piece.

What funasr's WavFrontendOnline computes, in numpy: kaldi-native-fbank's OnlineFbank keeps the samples of an
unfinished frame between pieces, so the rows are those of the whole stream; LFR windows (lfr_m rows every lfr_n,
(lfr_m - 1) // 2 copies of the first row in front) are emitted as soon as their last row exists, and the final
call pads with copies of the last row as funasr's apply_lfr does. So the concatenated output equals
models.runtime.features.lfr() over the whole stream (tests/streaming/test_frontend.py checks both).
"""
from __future__ import annotations

import kaldi_native_fbank as knf
import numpy as np

from models.runtime.features import Frontend, fbank_options


class OnlineFeatures:
    """One stream's frontend state: accept(samples) -> the LFR + CMVN rows now complete."""

    def __init__(self, frontend: Frontend) -> None:
        self.fe = frontend
        self._fbank = knf.OnlineFbank(fbank_options(fs=frontend.fs, n_mels=frontend.n_mels,
                                                    frame_length_ms=frontend.frame_length,
                                                    frame_shift_ms=frontend.frame_shift, window=frontend.window))
        self._read = 0  # fbank rows taken from the OnlineFbank so far
        self._rows: np.ndarray | None = None  # padded rows from the next LFR window's first row on

    def accept(self, samples: np.ndarray, is_final: bool = False) -> np.ndarray:
        """[n, n_mels * lfr_m] float32 rows for the windows that `samples` completed (all the rest when final)."""
        if samples.size:
            self._fbank.accept_waveform(float(self.fe.fs), np.ascontiguousarray(samples, np.float32) * 32768.0)
        ready = self._fbank.num_frames_ready
        if ready > self._read:
            new = np.stack([self._fbank.get_frame(i) for i in range(self._read, ready)]).astype(np.float32)
            self._read = ready
            if self._rows is None:  # the first window is centred on row 0: copies of it in front
                new = np.concatenate([np.repeat(new[:1], (self.fe.lfr_m - 1) // 2, axis=0), new])
            self._rows = new if self._rows is None else np.concatenate([self._rows, new])
        return self._windows(is_final)

    def _windows(self, is_final: bool) -> np.ndarray:
        m, n = self.fe.lfr_m, self.fe.lfr_n
        dim = self.fe.n_mels * m
        rows = self._rows
        if rows is None or rows.shape[0] == 0:
            return np.zeros((0, dim), np.float32)
        if is_final:
            # funasr's final apply_lfr: ceil((rows - right context) / n) windows, padded with the last row
            count = int(np.ceil((rows.shape[0] - (m - 1) // 2) / n))
            need = (count - 1) * n + m
            if count > 0 and need > rows.shape[0]:
                rows = np.concatenate([rows, np.repeat(rows[-1:], need - rows.shape[0], axis=0)])
        else:
            count = (rows.shape[0] - m) // n + 1 if rows.shape[0] >= m else 0
        if count <= 0:
            return np.zeros((0, dim), np.float32)
        idx = np.arange(count)[:, None] * n + np.arange(m)[None, :]
        out = rows[idx].reshape(count, dim)
        self._rows = self._rows[count * n:]
        return self.fe.normalize(out)
