"""CAM++ on real speech clips: loading the ModelScope layout, window count and shape, backends agreeing, and the
whole Qt-free chain (FSMN-VAD -> per-segment embeddings -> finish -> assign) on a two-voice file."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from models.core.transcript import Segment
from models.speakers.assign import assign, finish
from models.speakers.embed import SpeakerEmbedder, fbank
from models.speakers.options import SpeakerOptions
from models.speakers.windows import cut_windows, window_starts

SPK_ID = "iic/speech_campplus_sv_zh-cn_16k-common"
VAD_ID = "iic/speech_fsmn_vad_zh-cn-16k-common-pytorch"


@pytest.fixture(scope="module")
def spk_dir(tiny_models: Path) -> Path:
    return tiny_models / "models" / SPK_ID


@pytest.fixture(scope="module")
def embedder(spk_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> SpeakerEmbedder:
    return SpeakerEmbedder(spk_dir, backend="torch", onnx_cache_dir=tmp_path_factory.mktemp("onnx"))


def read16k(clip: dict) -> np.ndarray:
    x, sr = sf.read(str(clip["path"]), dtype="float32")
    assert sr == 16000
    return x


def test_model_folder_is_the_modelscope_layout(spk_dir: Path) -> None:
    from models.core import registry

    spec = registry.get("spk")
    assert spec.model_id == SPK_ID
    assert all((spk_dir / f).is_file() for f in spec.required_files)


def test_features_match_funasr_extract_feature(embedder: SpeakerEmbedder, speech_clips: dict) -> None:
    from funasr.models.campplus.utils import extract_feature
    import torch

    windows, _ = cut_windows(read16k(speech_clips["funasr_asr_example_16k.wav"]))
    theirs, _, _ = extract_feature([torch.from_numpy(w) for w in windows])
    np.testing.assert_allclose(fbank(windows).numpy(), theirs.numpy(), atol=1e-5)


@pytest.mark.parametrize("name", ["funasr_asr_example_16k.wav", "funasr_llamacpp_sample_16k.wav",
                                  "wenet_aishell_BAC009S0724W0121_16k.wav"])
def test_embeddings_on_real_clips(embedder: SpeakerEmbedder, speech_clips: dict, name: str) -> None:
    clip = speech_clips[name]
    audio = read16k(clip)
    (a, b), = clip["vad"]
    seg = audio[a * 16: b * 16]
    rec = embedder.embed_segment(seg, a)
    n = len(window_starts(seg.shape[0]))
    assert n == int(np.ceil(max(0, seg.shape[0] - 24000) / 12000)) + 1  # 1.5 s windows every 0.75 s
    assert rec.vectors.shape == (n, 192) and rec.vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(rec.vectors, axis=1), 1.0, atol=1e-5)
    assert rec.times_ms[0, 0] == a and rec.times_ms[-1, 1] == a + seg.shape[0] * 1000 // 16000
    assert np.all(np.diff(rec.times_ms[:, 0]) > 0) and np.all(rec.times_ms[:, 1] - rec.times_ms[:, 0] == 1500)
    again = embedder.embed_segment(seg, a)
    np.testing.assert_array_equal(again.vectors, rec.vectors)  # deterministic: resume recomputes nothing new


def test_onnx_backend_agrees_with_torch(embedder: SpeakerEmbedder, spk_dir: Path, speech_clips: dict,
                                        tmp_path: Path) -> None:
    onnx = SpeakerEmbedder(spk_dir, backend="onnx", onnx_cache_dir=tmp_path)
    assert onnx.backend == "onnx" and list((tmp_path / "onnx").glob("campp-*.onnx"))
    audio = read16k(speech_clips["funasr_llamacpp_sample_16k.wav"])
    a = embedder.embed_segment(audio, 0).vectors
    b = onnx.embed_segment(audio, 0).vectors
    assert a.shape == b.shape
    assert np.min(np.sum(a * b, axis=1)) > 0.9999


def test_two_alternating_voices_give_two_labels(tiny_models: Path, embedder: SpeakerEmbedder,
                                                speech_clips: dict) -> None:
    """Clips of two different recordings alternated with 1.5 s pauses; VAD, embed per segment, `--speakers 2`."""
    from models.runtime import loader
    from models.asr.vad import VadStream

    a = read16k(speech_clips["funasr_asr_example_16k.wav"])
    b = read16k(speech_clips["wenet_aishell_BAC009S0724W0121_16k.wav"])
    gap = np.zeros(24000, dtype=np.float32)
    audio = np.concatenate([a, gap, b, gap, a, gap, b, gap, a])
    vad = VadStream(loader.load(tiny_models / "models" / VAD_ID))
    segments = vad.feed(audio, is_final=True)
    assert len(segments) >= 4
    recs = [embedder.embed_segment(audio[s * 16: e * 16], s) for s, e in segments]
    labels = finish(recs, SpeakerOptions.parse("2"))
    assert sorted(set(labels.labels.tolist())) == [0, 1]
    sentences = [Segment(s, e, "。") for s, e in segments]  # one "sentence" per VAD segment: no ASR needed
    sentences += [Segment(e - 200, e, "。") for s, e in segments]  # and a short one at each segment's end
    out = assign(sorted(sentences, key=lambda s: s.start_ms), labels)
    assert all(s.speaker in (0, 1) for s in out)
