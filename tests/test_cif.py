"""models/asr/cif.py skips work funasr does and throws away; its outputs must equal funasr's own, bit for bit."""
from __future__ import annotations

import soundfile as sf
import torch

from models.asr import cif


def test_fast_predictor_equals_funasr(tiny_engine, speech_clips) -> None:
    model = tiny_engine.recognizer.asr.model
    assert cif.supported(model)
    for name in ("funasr_asr_example_16k.wav", "wenet_aishell_BAC009S0724W0121_16k.wav"):
        x, _ = sf.read(str(speech_clips[name]["path"]), dtype="float32")
        enc, enc_lens = tiny_engine.recognizer.encode(x)
        with torch.inference_mode():
            ours = cif.predict_tokens(model, enc, enc_lens)
            theirs = model.calc_predictor(enc, enc_lens)
            for a, b in zip(ours, theirs[:4]):
                assert torch.equal(a, b)
            n = ours[1].round().long()
            ts_ours = cif.predict_timestamps(model, enc, enc_lens, n)
            ts_theirs = model.calc_predictor_timestamp(enc, enc_lens, n)[2:]
            for a, b in zip(ts_ours, ts_theirs):
                assert torch.equal(a, b)
