"""One VAD segment -> words with times (Paraformer-large / BiCif) -> punctuation (CT-Transformer).

Mirrors BiCifParaformer.inference, but returns the word list itself (needed to align punctuation and subtitle
times), casts per precision (FP16 encoder/decoder, FP32 CIF predictor), and decodes one segment per call: in a
padded batch the CIF sees padding and dynamic INT8 computes scales over the batch, so text would depend on the
batch-mates (DESIGN.md).
"""
from __future__ import annotations

import copy

import numpy as np
import torch

from models.asr import cif
from models.runtime.loader import LoadedModel
from models.runtime.onnx_asr import OnnxParaformer


class Recognizer:
    def __init__(self, asr: LoadedModel, punc: LoadedModel | None, device: str, half: bool,
                 onnx: OnnxParaformer | None = None) -> None:
        self.asr = asr  # with onnx: its frontend, tokenizer and config (asr.model is None)
        self.punc = punc
        self.device = device
        self.half = half  # encoder/decoder in FP16 (CUDA); the CIF predictor stays FP32 (long cumulative sums)
        self.onnx = onnx
        if onnx is not None:
            conf = {**asr.conf, **asr.conf.get("model_conf", {})}  # Paraformer's own defaults: 1, 2, 0
            self._skip = {conf.get("sos", 1), conf.get("eos", 2), conf.get("blank_id", 0)}
        else:
            self._skip = {asr.model.sos, asr.model.eos, asr.model.blank_id}

    def features(self, audio: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        from funasr.utils.load_utils import extract_fbank

        return extract_fbank([torch.from_numpy(audio)], data_type="sound", frontend=self.asr.frontend)

    @torch.inference_mode()
    def encode(self, audio: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        feats, lens = self.features(audio)
        feats, lens = feats.to(self.device), lens.to(self.device)
        if self.half:
            feats = feats.half()
        enc, enc_lens = self.asr.model.encode(feats, lens)
        if isinstance(enc, tuple):
            enc = enc[0]
        return enc.float(), enc_lens

    @torch.inference_mode()
    def recognize(self, audio: np.ndarray, offset_ms: int) -> tuple[list[str], list[tuple[int, int]]]:
        """Words and their absolute [start, end] ms for one speech segment."""
        from funasr.utils import postprocess_utils
        from funasr.utils.timestamp_tools import ts_prediction_lfr6_standard

        if audio.size < 1600:  # < 0.1 s: nothing to recognise
            return [], []
        decoded = self._decode_onnx(audio) if self.onnx is not None else self._decode_torch(audio)
        if decoded is None:
            return [], []
        ids, us_alphas, us_peaks = decoded
        ids = [i for i in ids if i not in self._skip]
        if not ids:
            return [], []
        tokenizer = self.asr.tokenizer
        tokens = tokenizer.ids2tokens(ids)
        _, ts = ts_prediction_lfr6_standard(us_alphas, us_peaks, copy.copy(tokens), vad_offset=offset_ms)
        _text, word_ms, words = postprocess_utils.sentence_postprocess(tokens, ts)
        if len(words) != len(word_ms):  # should not happen; keep text, spread times evenly
            word_ms = _spread(len(words), offset_ms, offset_ms + audio.size * 1000 // 16000)
        return [str(w) for w in words], [(int(a), int(b)) for a, b in word_ms]

    def _decode_torch(self, audio: np.ndarray) -> tuple[list[int], torch.Tensor, torch.Tensor] | None:
        """Token ids (unfiltered) and the upsampled CIF alphas/peaks that give their times."""
        model = self.asr.model
        enc, enc_lens = self.encode(audio)
        fast = cif.supported(model)
        emb, token_len, _alphas, _peaks = (cif.predict_tokens(model, enc, enc_lens) if fast
                                           else model.calc_predictor(enc, enc_lens)[:4])
        # Fired tokens (rows of emb) and the count (floor of the summed weights) can differ by one through float
        # rounding; the decoder needs them equal, so both runtimes keep the smaller (models/runtime/cif_guard.py).
        token_len = torch.clamp(token_len.round().long(), max=emb.size(1))
        if int(token_len.max()) < 1:
            return None
        emb = emb[:, : int(token_len.max())]
        dec = self._decoder_scores(enc, enc_lens, emb, token_len)
        us_alphas, us_peaks = (cif.predict_timestamps(model, enc, enc_lens, token_len) if fast
                               else model.calc_predictor_timestamp(enc, enc_lens, token_len)[2:])
        ids = dec[0, : token_len[0]].float().argmax(dim=-1).tolist()
        n = int(enc_lens[0]) * 3
        return ids, us_alphas[0][:n].cpu(), us_peaks[0][:n].cpu()

    def _decoder_scores(self, enc: torch.Tensor, enc_lens: torch.Tensor, emb: torch.Tensor,
                        token_len: torch.Tensor) -> torch.Tensor:
        """The decoder's token scores [1, tokens, vocab] (SeacoRecognizer biases them with its hotwords)."""
        half = (lambda t: t.half()) if self.half else (lambda t: t)
        return self.asr.model.cal_decoder_with_predictor(half(enc), enc_lens, half(emb), token_len)[0]

    def _decode_onnx(self, audio: np.ndarray) -> tuple[list[int], torch.Tensor, torch.Tensor] | None:
        assert self.onnx is not None
        feats, lens = self.features(audio)
        logits, token_num, us_alphas, us_peaks = self.onnx.run(feats[0, : int(lens[0])].numpy())
        if token_num < 1:
            return None
        ids = logits[:token_num].argmax(axis=-1).tolist()
        return ids, torch.from_numpy(us_alphas), torch.from_numpy(us_peaks)

    @torch.inference_mode()
    def punctuate(self, words: list[str]) -> list[str] | None:
        """The mark after each word ("" = none); None if the punctuation model is off or misaligned."""
        if self.punc is None or not words:
            return None
        res, _meta = self.punc.model.inference(
            data_in=[" ".join(words)], key=["punc"], tokenizer=self.punc.tokenizer, device="cpu"
        )
        ids = res[0].get("punc_array")
        if ids is None:
            return None
        ids = [int(i) for i in (ids.tolist() if hasattr(ids, "tolist") else ids)]
        if len(ids) != len(words):
            return None
        marks = self.punc.model.punc_list
        return ["" if marks[i] in ("_", "<unk>") else marks[i] for i in ids]


def _spread(n: int, start: int, end: int) -> list[tuple[int, int]]:
    step = max(1, (end - start) // max(1, n))
    return [(start + i * step, start + (i + 1) * step) for i in range(n)]
