"""Recognizer without torch: numpy frontend -> Paraformer on ONNX Runtime -> numpy CIF times -> ORT punctuation.

Same interface as models/asr/recognizer.Recognizer (recognize / punctuate), so Engine._segment can drive either.
Reads a published ModelScope "-onnx" folder as is (model.onnx or model_quant.onnx, config.yaml, am.mvn,
tokens.json) or one written by models/runtime/onnx_export.py.
"""
from __future__ import annotations

import copy
from pathlib import Path

import numpy as np

from models.asr import timestamps
from models.runtime.features import Frontend
from models.runtime.onnx_asr import OnnxParaformer
from models.runtime.onnx_folder import model_conf, read_config, token_list
from models.runtime.onnx_punc import OnnxPunctuator

MIN_SAMPLES = 1600  # < 0.1 s: nothing to recognise (as Recognizer)


def model_file(folder: Path, quantized: bool) -> Path:
    return folder / ("model_quant.onnx" if quantized else "model.onnx")


class OrtRecognizer:
    def __init__(self, asr_folder: Path, punc_folder: Path | None = None, quantized: bool = True,
                 threads: int = 1, punc_quantized: bool | None = None, graph_cache: Path | None = None) -> None:
        conf = read_config(asr_folder)
        self.frontend = Frontend.from_conf(conf.get("frontend_conf", {}), asr_folder / "am.mvn")
        self.tokens = token_list(asr_folder, conf)
        mconf = {**conf, **model_conf(conf)}  # Paraformer's own defaults: sos 1, eos 2, blank 0
        self._skip = {mconf.get("sos", 1), mconf.get("eos", 2), mconf.get("blank_id", 0)}
        self.onnx = OnnxParaformer(model_file(asr_folder, quantized), threads, graph_cache)
        self._folder, self._quantized, self._threads, self._graph_cache = asr_folder, quantized, threads, graph_cache
        self.punc = OnnxPunctuator(punc_folder, quantized if punc_quantized is None else punc_quantized,
                                   threads, graph_cache) if punc_folder is not None else None

    def alternative(self) -> OrtRecognizer | None:
        """The same recogniser on the folder's other graph (FP32 <-> INT8), for a segment this one failed on;
        None when the folder holds only one (the punctuation and frontend are shared)."""
        other = model_file(self._folder, not self._quantized)
        if not other.is_file():
            return None
        alt = copy.copy(self)
        alt.onnx = OnnxParaformer(other, self._threads, self._graph_cache)
        alt._quantized = not self._quantized
        return alt

    def decode(self, audio: np.ndarray, fbank: np.ndarray | None = None
               ) -> tuple[list[int], np.ndarray, np.ndarray] | None:
        """Token ids (unfiltered), upsampled CIF alphas and peaks for one segment (None: no token).
        fbank: the segment's fbank rows when the VAD computed them already (same frontend.fbank_key)."""
        feats = self.frontend(audio) if fbank is None else self.frontend.from_fbank(fbank)
        logits, token_num, us_alphas, us_peaks = self.onnx.run(feats)
        if token_num < 1:
            return None
        return logits[:token_num].argmax(axis=-1).tolist(), us_alphas, us_peaks

    def recognize(self, audio: np.ndarray, offset_ms: int, fbank: np.ndarray | None = None
                  ) -> tuple[list[str], list[tuple[int, int]]]:
        """Words and their absolute [start, end] ms for one speech segment (fbank: see decode)."""
        if audio.size < MIN_SAMPLES:
            return [], []
        decoded = self.decode(audio, fbank)
        if decoded is None:
            return [], []
        ids = [i for i in decoded[0] if i not in self._skip]
        if not ids:
            return [], []
        tokens = [self.tokens[i] for i in ids]
        times = timestamps.token_times(decoded[1], decoded[2], len(tokens), vad_offset_ms=offset_ms)
        words, word_ms = timestamps.words_with_times(tokens, times)
        if len(words) != len(word_ms):  # should not happen; keep text, spread times evenly (as Recognizer)
            end = offset_ms + audio.size * 1000 // 16000
            step = max(1, (end - offset_ms) // max(1, len(words)))
            word_ms = [[offset_ms + i * step, offset_ms + (i + 1) * step] for i in range(len(words))]
        return words, [(int(a), int(b)) for a, b in word_ms]

    def punctuate(self, words: list[str]) -> list[str] | None:
        """The mark after each word ("" = none); None if punctuation is off or misaligned."""
        if self.punc is None or not words:
            return None
        ids = self.punc.punc_ids(words)
        if len(ids) != len(words):
            return None
        marks = self.punc.punc_list
        return ["" if marks[i] in ("_", "<unk>") else marks[i] for i in ids]
