"""The numpy/kaldi-native-fbank frontend against funasr's WavFrontend (dither 0) on the real clips."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from models.runtime.features import Frontend, lfr, read_cmvn
from tests.cpu.cpuhelp import ASR_ID, torch_dir

TOL = 1e-3  # log-mel in float32 through two FFT implementations; measured max 2.7e-4


def _pair(tiny_models: Path):
    import torch  # noqa: F401  (the reference side only)
    import yaml
    from funasr.frontends.wav_frontend import WavFrontend

    d = torch_dir(tiny_models, ASR_ID)
    conf = yaml.safe_load((d / "config.yaml").read_text())["frontend_conf"]
    return WavFrontend(cmvn_file=str(d / "am.mvn"), **{**conf, "dither": 0.0}), Frontend.from_conf(conf, d / "am.mvn")


def test_frontend_matches_wavfrontend_on_every_clip(tiny_models: Path, speech_clips: dict) -> None:
    import torch

    ref, mine = _pair(tiny_models)
    worst = 0.0
    for name, clip in speech_clips.items():
        x, _sr = sf.read(str(clip["path"]), dtype="float32")
        for a, b in ((0, x.size), (1234, 1234 + 16000), (7, 7 + 161), (0, 1700)):
            seg = x[a:b]
            want = ref(torch.from_numpy(seg)[None], torch.tensor([seg.size]))[0][0].numpy()
            got = mine(seg)
            assert got.shape == want.shape, (name, a, b)
            worst = max(worst, float(np.abs(got - want).max()))
    assert worst < TOL, worst


def test_lfr_pads_like_funasr() -> None:
    import torch
    from funasr.frontends.wav_frontend import apply_lfr

    rng = np.random.default_rng(0)
    for t in (1, 2, 5, 6, 7, 13, 100):
        x = rng.standard_normal((t, 4)).astype(np.float32)
        np.testing.assert_array_equal(lfr(x, 7, 6), apply_lfr(torch.from_numpy(x), 7, 6).numpy())


def test_cmvn_reader_rejects_a_file_without_stats(tmp_path: Path) -> None:
    bad = tmp_path / "am.mvn"
    bad.write_text("<Nnet>\n</Nnet>\n")
    with pytest.raises(ValueError):
        read_cmvn(bad)
