"""FSMN-VAD without torch: streaming fbank + LFR + CMVN in numpy, the FSMN network on ONNX Runtime (its four
lookback caches carried between chunks), and the decision logic in models/runtime/vad_decide.py.

A drop-in for models/asr/vad.VadStream (feed / in_silence / processed_ms): the audio is cut into the same 60 s
chunks funasr's offline VAD uses (remainder carried), each chunk's features are the frames funasr's
WavFrontendOnline emits for it (all fbank frames but the last two, which wait for LFR right context; all on the
final chunk), so the dynamic-silence schedule sees the same chunk boundaries.

Reads the published iic/speech_fsmn_vad_zh-cn-16k-common-onnx folder as is (model.onnx or model_quant.onnx,
config.yaml, am.mvn): inputs `speech` [1, T, 400] float32 and `in_cache0..3` [1, 128, 19, 1]; outputs
`logits` [1, T, 248] (softmax; column 0 = silence) and `out_cache0..3`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from models.runtime.vad_decide import VadDecider, VadOptions
from models.runtime.features import FbankKey, FbankWindow, fbank, read_cmvn
from models.runtime.onnx_folder import model_conf, read_config
from models.runtime.ort_session import session

SR = 16000
CHUNK_MS = 60000  # funasr's offline default (models/asr/vad.py): it sets the dynamic-silence schedule's steps
CHUNK = CHUNK_MS * SR // 1000
# A live capture's chunk (funasr's streaming VAD recipe): a segment is closed within a chunk of its end silence.
LIVE_CHUNK_MS = 200
KEEP_FRAMES = 24000  # fbank rows kept for the recogniser (240 s, the engine's audio window; 7.7 MB)


class OnnxVadModel:
    """What one VAD folder gives: options, CMVN, frontend settings and an ORT session (shared by streams)."""

    def __init__(self, folder: Path, quantized: bool = False, threads: int = 1,
                 graph_cache: Path | None = None) -> None:
        conf = read_config(folder)
        self.opts = VadOptions.from_conf(model_conf(conf, "vad_post_conf"))
        fc = conf.get("frontend_conf", {})
        self.n_mels, self.lfr_m = int(fc.get("n_mels", 80)), int(fc.get("lfr_m", 5))
        if int(fc.get("lfr_n", 1)) != 1 or int(fc.get("frame_shift", 10)) != 10 or int(fc.get("frame_length", 25)) != 25:
            raise NotImplementedError("the ONNX VAD assumes 25/10 ms frames and LFR stride 1 (funasr's FSMN-VAD)")
        self.window = str(fc.get("window", "hamming"))
        self.fbank_key = FbankKey(SR, self.n_mels, 25.0, 10.0, self.window)
        self.cmvn = read_cmvn(folder / "am.mvn")
        self.session = session(folder / ("model_quant.onnx" if quantized else "model.onnx"), threads, graph_cache)
        cache = next(i for i in self.session.get_inputs() if i.name == "in_cache0").shape
        self.cache_shape = tuple(int(d) for d in cache)

    def stream(self, live: bool = False) -> "OnnxVadStream":
        return OnnxVadStream(self, live)


class OnnxVadStream:
    def __init__(self, model: OnnxVadModel, live: bool = False) -> None:
        self.m = model
        self.decider = VadDecider(model.opts)
        # A file: funasr's offline 60 s chunks. Live: 200 ms chunks, so a segment closes as soon as its end
        # silence is heard, with the offline silence schedule still stepped on the 60 s grid: the frames and the
        # decisions are then the file's own, and the live segments the ones transcribing the file would give.
        self.chunk_ms = LIVE_CHUNK_MS if live else CHUNK_MS
        self.chunk = self.chunk_ms * SR // 1000
        self.chunks_run = 0
        self.pending = np.zeros(0, np.float32)  # funasr's prev_samples: less than one chunk
        self.fed_samples = 0
        self.wave = np.zeros(0, np.float32)  # samples from the first fbank frame not yet computed
        self.fbanks = np.zeros((0, model.n_mels), np.float32)  # fbank rows from (emitted - ctx) on
        self.fb_first = 0  # global index of self.fbanks[0]
        self.fb_total = 0  # fbank frames computed so far
        self.emitted = 0  # LFR frames emitted so far
        self.caches = [np.zeros(model.cache_shape, np.float32) for _ in range(4)]
        self.rows = FbankWindow(model.fbank_key, KEEP_FRAMES)  # every fbank row, for the recogniser to reuse

    # ---------- the VadStream interface ----------
    def feed(self, block: np.ndarray, is_final: bool) -> list[tuple[int, int]]:
        """Speech segments [start_ms, end_ms] completed by this block (all remaining ones when is_final)."""
        if block.size == 0 and not is_final:
            return []
        if block.size == 0:  # as VadStream: funasr returns early on empty input, so a sliver of silence flushes
            block = np.zeros(160, dtype=np.float32)
        self.fed_samples += block.size
        audio = np.concatenate([self.pending, np.asarray(block, np.float32)])
        chunk = self.chunk
        n = audio.size // chunk + int(is_final)
        m = 0 if is_final else audio.size % chunk
        out: list[tuple[int, int]] = []
        for i in range(n):
            last = is_final and i == n - 1
            if self.chunks_run * self.chunk_ms % CHUNK_MS == 0:
                self.decider.begin_block(CHUNK_MS)
            self.chunks_run += 1
            probs = self._silence_probs(audio[i * chunk:(i + 1) * chunk], last)
            out += self.decider.decide(probs, last) if probs.size else []
        self.pending = audio[audio.size - m:] if m else np.zeros(0, np.float32)
        return out

    def in_silence(self) -> bool:
        """True when no speech segment is open."""
        return self.decider.state != 2

    def processed_ms(self) -> int:
        return (self.fed_samples - self.pending.size) * 1000 // SR

    def next_start_ms(self) -> int:
        """No segment not yet returned starts before this: the open one's start, or where the decider's buffer
        starts (a start looks back at most to it). A meeting's two channels are put in time order by it."""
        d = self.decider
        return (d.start if d.state == 2 else d.dbs) * 10

    def fbank_rows(self, first_sample: int, n_samples: int, key: FbankKey) -> np.ndarray | None:
        """The fbank rows of a segment this stream has seen (None: compute them): saves the recogniser's fbank."""
        return self.rows.rows_for(first_sample, n_samples, key)

    # ---------- features + network ----------
    def _silence_probs(self, chunk: np.ndarray, final: bool) -> np.ndarray:
        feats = self._lfr_frames(chunk, final)
        if not feats.shape[0]:
            return np.zeros(0, np.float32)
        inputs = {"speech": feats[None]}
        inputs.update({f"in_cache{k}": c for k, c in enumerate(self.caches)})
        outs = self.m.session.run(None, inputs)
        self.caches = [np.asarray(c, np.float32) for c in outs[1:5]]
        return outs[0][0, :, self.m.opts.sil_pdf_ids[0]]

    def _lfr_frames(self, chunk: np.ndarray, final: bool) -> np.ndarray:
        """The LFR+CMVN frames WavFrontendOnline emits for this chunk."""
        self.wave = np.concatenate([self.wave, chunk])
        new = fbank(self.wave, n_mels=self.m.n_mels, window=self.m.window) if self.wave.size >= 400 else None
        if new is not None and new.shape[0]:
            self.fbanks = np.concatenate([self.fbanks, new])
            self.rows.append(new)
            self.fb_total += new.shape[0]
            self.wave = self.wave[new.shape[0] * 160:]  # funasr's input_cache: what the next frame starts with
        ctx = (self.m.lfr_m - 1) // 2
        upto = self.fb_total if final else max(self.emitted, self.fb_total - ctx)
        if upto <= self.emitted or self.fb_total == 0:
            return np.zeros((0, self.m.n_mels * self.m.lfr_m), np.float32)
        # row indices k-ctx .. k+ctx of each LFR frame k, clipped: frame 0 repeated in front, the last behind
        k = np.arange(self.emitted, upto)[:, None] + np.arange(-ctx, self.m.lfr_m - ctx)[None, :]
        k = np.clip(k, 0, self.fb_total - 1) - self.fb_first
        x = self.fbanks[k].reshape(upto - self.emitted, -1)
        self.emitted = upto
        keep_from = max(0, self.emitted - ctx)  # rows still needed as left context
        self.fbanks = self.fbanks[keep_from - self.fb_first:]
        self.fb_first = keep_from
        dim = x.shape[1]
        return ((x + self.m.cmvn[0, :dim]) * self.m.cmvn[1, :dim]).astype(np.float32)
