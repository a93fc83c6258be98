"""SeACo-Paraformer as a recogniser: Recognizer's interface, decoding biased towards a hotword list.

    lm, cache = load_seaco(folder, device, precision, int8_cache_dir)     # our loader, never AutoModel
    rec = SeacoRecognizer(lm, punc, device, half, hotwords=["达摩院", "听写"])
    words, word_ms = rec.recognize(audio, offset_ms)                        # per-character times, like Paraformer's

What funasr's SeacoParaformer.inference does per segment, minus AutoModel: the hotwords are tokenised once with
funasr's own generate_hotwords_list (the folder's seg_dict; the list ends with <s>, funasr's "no bias" row), the
bias encoder (an LSTM over the decoder's embeddings) turns them into one vector each, and the SeACo decoder
attends to them from the CIF embeddings and the decoder's hidden states; where the hotword head does not say
NO_BIAS its log-probabilities replace the decoder's (funasr's _seaco_decode_with_ASF, called as is). Above 50
hotwords funasr keeps the 50 that score best for the segment (ASF).

Times: SeACo-Paraformer is a BiCifParaformer (its published config has the CifPredictorV3 timestamp head), and
funasr's inference returns per-character times from that head exactly as for Paraformer-large; so do we, through
the same code as Recognizer. A folder whose predictor has no timestamp head is refused (ModelError), so the engine
falls back to the main model rather than produce a transcript without subtitle times.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from models.runtime import loader
from models.runtime.loader import LoadedModel
from models.asr.recognizer import Recognizer
from models.asr.seaco import SEACO_MODEL, hotword_argument
from models.core.errors import ModelError
from models.runtime import quantize

log = logging.getLogger(__name__)
INT8_CACHE_NAME = "asr-seaco"  # its own INT8 cache entry, beside the main model's "asr"
# Parts of SeacoParaformer beyond Paraformer-large's encoder and decoder that see FP16 activations on CUDA.
_BIAS_PARTS = ("bias_encoder", "lstm_proj", "seaco_decoder", "hotword_output_layer")


class SeacoRecognizer(Recognizer):
    model_name = SEACO_MODEL

    def __init__(self, asr: LoadedModel, punc: LoadedModel | None, device: str, half: bool,
                 hotwords: Sequence[str] = ()) -> None:
        super().__init__(asr, punc, device, half)
        check_timestamps(asr)
        self.hotwords = tuple(hotwords)
        self.hotword_ids = hotword_ids(asr, self.hotwords)

    def with_hotwords(self, hotwords: Sequence[str]) -> "SeacoRecognizer":
        """Another list on the same loaded model (nothing is loaded again)."""
        return SeacoRecognizer(self.asr, self.punc, self.device, self.half, hotwords)

    def recognize(self, audio: np.ndarray, offset_ms: int) -> tuple[list[str], list[tuple[int, int]]]:
        """Recognizer.recognize, with every time inside the segment: funasr's frame rounding can put the last
        character's end up to one 60 ms frame past the audio (Recognizer leaves that to the sentence bounds)."""
        words, word_ms = super().recognize(audio, offset_ms)
        hi = offset_ms + audio.size * 1000 // 16000
        return words, [(min(max(a, offset_ms), hi), min(max(b, offset_ms), hi)) for a, b in word_ms]

    def _decoder_scores(self, enc: torch.Tensor, enc_lens: torch.Tensor, emb: torch.Tensor,
                        token_len: torch.Tensor) -> torch.Tensor:
        """SeACo's bias decoding (funasr's _seaco_decode_with_ASF) with this file's hotwords."""
        half = (lambda t: t.half()) if self.half else (lambda t: t)
        return self.asr.model._seaco_decode_with_ASF(half(enc), enc_lens, half(emb), token_len,
                                                      hw_list=self.hotword_ids)


def hotword_ids(asr: LoadedModel, hotwords: Sequence[str]) -> list[list[int]] | None:
    """funasr's hotword list (token ids per word, then [<s>]) for `hotwords`; None without any (no bias)."""
    arg = hotword_argument(hotwords)
    if arg is None:
        return None
    ids = asr.model.generate_hotwords_list(arg, tokenizer=asr.tokenizer, frontend=asr.frontend)
    unk = asr.tokenizer.tokens2ids(["<unk>"])[0]
    lost = [w for w, row in zip(arg.split(), ids) if unk in row]
    if lost:  # no seg_dict beside am.mvn, or characters outside the vocabulary: those words cannot bias anything
        log.warning("SeACo-Paraformer does not know every character of %d hotword(s) (e.g. %s); they have no effect",
                    len(lost), lost[0])
    return ids


def check_timestamps(asr: LoadedModel) -> None:
    pred = getattr(asr.model, "predictor", None)
    if not hasattr(pred, "upsample_cnn") or not hasattr(asr.model, "_seaco_decode_with_ASF"):
        raise ModelError(f"the model in {asr.folder} is not a SeACo-Paraformer with a timestamp predictor "
                         f"(CifPredictorV3); without it subtitles would have no times", model_key="asr-seaco")


def load_seaco(folder: Path, device: str, precision: str, int8_cache_dir: Path) -> tuple[LoadedModel, str]:
    """The main model's recipes: CPU INT8 through the INT8 cache (own entry), FP32, or CUDA FP16/INT8.

    Returns the model and the INT8 cache state ("hit" / "miss" / "" when not INT8 on the CPU).
    """
    if device == "cpu":
        if precision == "int8":
            return quantize.load_int8_cpu(folder, INT8_CACHE_NAME, int8_cache_dir)
        return loader.load(folder), ""
    return to_cuda(loader.load(folder), precision, device), ""


def to_cuda(lm: LoadedModel, precision: str, device: str = "cuda") -> LoadedModel:
    """quantize.to_cuda (encoder and decoder) plus the bias parts: FP16 like the decoder whose embeddings and
    hidden states they read; with INT8, torchao on the SeACo decoder's Linears too (the LSTM stays FP32)."""
    quantize.to_cuda(lm, precision, device)
    model = lm.model
    if precision == "fp16":
        for name in _BIAS_PARTS:
            part = getattr(model, name, None)
            if part is not None:
                part.half()
                quantize.match_input_dtypes(part)  # FP32 masks in the SeACo decoder too
    elif precision == "int8" and getattr(model, "seaco_decoder", None) is not None:
        quantize.quantize_torchao_int8(model.seaco_decoder)
    return lm
