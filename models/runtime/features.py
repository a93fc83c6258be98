"""Paraformer's input features without torch: Kaldi fbank (kaldi-native-fbank) + LFR + CMVN, in numpy.

Why: funasr's WavFrontend is an nn.Module on torch (torchaudio's Kaldi-compatible fbank); importing torch costs
~485 MB of RSS and ~1 s before the first segment. kaldi-native-fbank is the C++ fbank funasr-onnx uses and
computes the same Kaldi recipe (dither 0, hamming, pre-emphasis 0.97, DC removal, energy floor 0).
tests/cpu/test_features.py checks the output against WavFrontend on every test clip.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import kaldi_native_fbank as knf
import numpy as np


def read_cmvn(path: Path) -> np.ndarray:
    """[2, dim] float32 (shift, scale) from a Kaldi nnet-text am.mvn (<AddShift> / <Rescale> rows)."""
    rows: dict[str, list[float]] = {}
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines[:-1]):
        tag = line.split()[:1]
        nxt = lines[i + 1].split()
        if tag and tag[0] in ("<AddShift>", "<Rescale>") and nxt[:1] == ["<LearnRateCoef>"]:
            rows[tag[0]] = [float(x) for x in nxt[3:-1]]  # "<LearnRateCoef> 0 [ v1 ... vn ]"
    if set(rows) != {"<AddShift>", "<Rescale>"}:
        raise ValueError(f"{path} holds no <AddShift>/<Rescale> CMVN")
    return np.array([rows["<AddShift>"], rows["<Rescale>"]], dtype=np.float32)


def fbank(audio: np.ndarray, *, fs: int = 16000, n_mels: int = 80, frame_length_ms: float = 25.0,
          frame_shift_ms: float = 10.0, window: str = "hamming") -> np.ndarray:
    """Log-mel fbank [frames, n_mels] of float audio in [-1, 1] (scaled to int16 range as funasr does)."""
    # WavFrontend shortens the window for clips under 25 ms (min(frame_length, duration)).
    opts = fbank_options(fs=fs, n_mels=n_mels, frame_length_ms=min(frame_length_ms, audio.size * 1000 / fs),
                         frame_shift_ms=frame_shift_ms, window=window)
    return knf_rows(opts, np.asarray(audio, dtype=np.float32) * np.float32(32768.0))  # an array: no list copy


def fbank_options(*, fs: int = 16000, n_mels: int = 80, frame_length_ms: float = 25.0, frame_shift_ms: float = 10.0,
                  window: str = "hamming") -> knf.FbankOptions:
    """funasr's Kaldi fbank recipe as kaldi-native-fbank options (also for a streaming knf.OnlineFbank)."""
    opts = knf.FbankOptions()
    opts.frame_opts.samp_freq = fs
    opts.frame_opts.dither = 0.0  # funasr's default 1.0 adds noise: same audio would give different text
    opts.frame_opts.window_type = window
    opts.frame_opts.frame_shift_ms = float(frame_shift_ms)
    opts.frame_opts.frame_length_ms = float(frame_length_ms)
    opts.frame_opts.snip_edges = True
    opts.mel_opts.num_bins = n_mels
    opts.energy_floor = 0.0
    return opts


def knf_rows(opts: knf.FbankOptions, samples: np.ndarray) -> np.ndarray:
    """(frames, bins) float32: kaldi-native-fbank with `opts` over the whole of `samples` (float32 array)."""
    fb = knf.OnlineFbank(opts)
    fb.accept_waveform(float(opts.frame_opts.samp_freq), np.ascontiguousarray(samples, dtype=np.float32))
    fb.input_finished()
    n = fb.num_frames_ready
    if n == 0:
        return np.zeros((0, opts.mel_opts.num_bins), np.float32)
    return np.stack([fb.get_frame(i) for i in range(n)]).astype(np.float32, copy=False)


def lfr(feats: np.ndarray, m: int, n: int) -> np.ndarray:
    """Low frame rate stacking exactly as funasr's apply_lfr: (m-1)//2 copies of frame 0 in front, the last
    frame repeated at the end, windows of m frames every n."""
    t = feats.shape[0]
    t_lfr = int(np.ceil(t / n))
    x = np.concatenate([np.repeat(feats[:1], (m - 1) // 2, axis=0), feats]) if t else feats
    t_padded = x.shape[0]
    need = (t_lfr - 1) * n + m  # rows the last window reads
    if need > t_padded:
        x = np.concatenate([x, np.repeat(x[-1:], need - t_padded, axis=0)])
    idx = np.arange(t_lfr)[:, None] * n + np.arange(m)[None, :]
    return x[idx].reshape(t_lfr, m * feats.shape[1])


@dataclass(frozen=True)
class FbankKey:
    fs: int
    n_mels: int
    frame_length: float
    frame_shift: float
    window: str


class FbankWindow:
    """The last `keep` fbank rows of a stream, addressable by absolute frame index (frame i starts at sample
    i * shift). The VAD fills it; the recogniser takes a segment's rows from it instead of computing them again."""

    def __init__(self, key: FbankKey, keep: int) -> None:
        self.key, self.keep = key, keep
        self.parts: list[tuple[int, np.ndarray]] = []
        self.end = 0  # frames appended so far

    @property
    def shift(self) -> int:
        return int(self.key.fs * self.key.frame_shift / 1000)

    def append(self, rows: np.ndarray) -> None:
        self.parts.append((self.end, rows))
        self.end += rows.shape[0]
        while self.parts and self.parts[0][0] + self.parts[0][1].shape[0] < self.end - self.keep:
            self.parts.pop(0)

    def rows_for(self, first_sample: int, n_samples: int, key: FbankKey) -> np.ndarray | None:
        """The rows fbank() would compute for audio[first_sample : first_sample + n_samples], or None when they
        are not all here (other settings, a start off the frame grid, a clip under one frame, rows dropped)."""
        length = int(self.key.fs * self.key.frame_length / 1000)
        if key != self.key or first_sample % self.shift or n_samples < length:
            return None
        first, count = first_sample // self.shift, 1 + (n_samples - length) // self.shift  # snip_edges framing
        if not self.parts or first < self.parts[0][0] or first + count > self.end:
            return None
        got = [r[max(0, first - s): max(0, first + count - s)] for s, r in self.parts
               if s < first + count and s + r.shape[0] > first]
        return np.concatenate(got) if len(got) > 1 else got[0]


@dataclass(frozen=True)
class Frontend:
    """WavFrontend's inference path (dither 0) for one config: audio -> [frames, n_mels * lfr_m] float32."""

    cmvn: np.ndarray | None
    fs: int = 16000
    n_mels: int = 80
    frame_length: float = 25.0
    frame_shift: float = 10.0
    window: str = "hamming"
    lfr_m: int = 1
    lfr_n: int = 1

    @classmethod
    def from_conf(cls, frontend_conf: dict, cmvn_file: Path | None) -> "Frontend":
        """From config.yaml's frontend_conf (the keys WavFrontend takes) and the folder's am.mvn."""
        c = frontend_conf
        return cls(cmvn=read_cmvn(cmvn_file) if cmvn_file else None, fs=int(c.get("fs", 16000)),
                   n_mels=int(c.get("n_mels", 80)), frame_length=float(c.get("frame_length", 25)),
                   frame_shift=float(c.get("frame_shift", 10)), window=str(c.get("window", "hamming")),
                   lfr_m=int(c.get("lfr_m", 1)), lfr_n=int(c.get("lfr_n", 1)))

    def output_size(self) -> int:
        return self.n_mels * self.lfr_m

    @property
    def fbank_key(self) -> FbankKey:
        """The fbank settings: another frontend with the same key computes the same rows from the same samples."""
        return FbankKey(self.fs, self.n_mels, self.frame_length, self.frame_shift, self.window)

    def __call__(self, audio: np.ndarray) -> np.ndarray:
        return self.from_fbank(fbank(audio, fs=self.fs, n_mels=self.n_mels, frame_length_ms=self.frame_length,
                                     frame_shift_ms=self.frame_shift, window=self.window))

    def from_fbank(self, x: np.ndarray) -> np.ndarray:
        """LFR + CMVN on fbank rows computed elsewhere with the same fbank_key (the VAD's)."""
        if self.lfr_m != 1 or self.lfr_n != 1:
            x = lfr(x, self.lfr_m, self.lfr_n)
        return self.normalize(x)

    def normalize(self, x: np.ndarray) -> np.ndarray:
        """CMVN (am.mvn) on LFR rows."""
        if self.cmvn is not None:
            dim = x.shape[1]
            x = (x + self.cmvn[0, :dim]) * self.cmvn[1, :dim]
        return x.astype(np.float32, copy=False)
