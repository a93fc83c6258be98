"""The two runtimes of the streaming Paraformer compute the same thing: the ONNX export on ONNX Runtime (CPU set)
and funasr's own ParaformerStreaming on PyTorch with attention look-back 0 (the published graphs take no attention
caches), chunk by chunk, caches and tail included; and the online features equal the offline ones."""
from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pytest

from models.runtime.features import Frontend
from models.streaming import load_streaming
from models.streaming.chunks import CHUNK_SAMPLES
from models.streaming.frontend import OnlineFeatures
from models.streaming.torch_online import TorchStreaming
from tests.streaming.streamhelp import clips16k, onnx_dir, run, torch_dir


@pytest.fixture(scope="module")
def audio(speech_clips: dict) -> dict[str, np.ndarray]:
    return clips16k(speech_clips)


def _matched(a: list, b: list) -> int:
    return sum(m.size for m in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks())


# Stream ends: on the chunk grid, within funasr's 60 ms tail chunk after it, and mid-chunk.
ENDS = (0, 500, 2000, 7000)


def test_onnx_fp32_agrees_with_funasr_pytorch(tiny_streaming: Path, audio: dict[str, np.ndarray]) -> None:
    """Same tokens at the same chunk times. (As in tests/test_onnx.py: the runtimes sum the CIF weights in a
    different order, so a fire within float rounding of the threshold may move a token to the next chunk.)"""
    ort = load_streaming(onnx_dir(tiny_streaming), precision="fp32")
    pt = TorchStreaming(torch_dir(tiny_streaming), encoder_look_back=0, decoder_look_back=0)
    same = total = 0
    for x in audio.values():
        for end in ENDS:
            xx = x[:(x.size // CHUNK_SAMPLES - 1) * CHUNK_SAMPLES + end]
            a, b = run(ort, xx, 3200), run(pt, xx, CHUNK_SAMPLES)
            assert abs(len(a) - len(b)) <= 1
            same += _matched(a, b)  # text and time both
            total += max(len(a), len(b))
    assert total > 100 and same / total >= 0.95, (same, total)


def test_int8_graphs_stay_close_to_fp32(tiny_streaming: Path, audio: dict[str, np.ndarray]) -> None:
    """The published INT8 pair: same token count per chunk nearly everywhere; random-weight argmaxes may flip."""
    fp32 = load_streaming(onnx_dir(tiny_streaming), precision="fp32")
    int8 = load_streaming(onnx_dir(tiny_streaming), precision="int8")
    a, b = run(fp32, audio["all"], 4000), run(int8, audio["all"], 4000)
    times = [[t for _, t in p] for p in (a, b)]
    assert _matched(*times) >= 0.9 * max(len(a), len(b))
    assert _matched(a, b) >= 0.5 * max(len(a), len(b))


def test_funasr_look_back_default_is_a_different_decoder(tiny_streaming: Path, audio: dict[str, np.ndarray]) -> None:
    """FunASR's recipe (encoder look-back 4 chunks, decoder 1) runs on PyTorch and keeps the contract; it is not
    what the ONNX graphs compute, so the GPU set's live text may differ from the CPU set's."""
    pt = load_streaming(torch_dir(tiny_streaming))
    assert pt.kwargs["encoder_chunk_look_back"] == 4 and pt.kwargs["decoder_chunk_look_back"] == 1
    pieces = run(pt, audio["all"], 4000)
    assert len(pieces) > 20 and [t for _, t in pieces] == sorted(t for _, t in pieces)


def test_online_features_equal_the_offline_frontend(tiny_streaming: Path, audio: dict[str, np.ndarray]) -> None:
    import yaml

    folder = onnx_dir(tiny_streaming)
    conf = yaml.safe_load((folder / "config.yaml").read_text())["frontend_conf"]
    fe = Frontend.from_conf(conf, folder / "am.mvn")
    for x in audio.values():
        for block in (CHUNK_SAMPLES, 1234):
            online = OnlineFeatures(fe)
            parts = [online.accept(x[i:i + block]) for i in range(0, x.size, block)]
            parts.append(online.accept(np.zeros(0, np.float32), is_final=True))
            got = np.concatenate(parts)
            want = fe(x)
            assert got.shape == want.shape
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-4)


def test_online_features_equal_funasr_wavfrontendonline(tiny_streaming: Path, audio: dict[str, np.ndarray]) -> None:
    """Chunk by chunk, what funasr's own streaming frontend gives ParaformerStreaming (the same row counts per
    chunk, the values within kaldi-native-fbank vs torchaudio rounding)."""
    import torch
    import yaml
    from funasr.frontends.wav_frontend import WavFrontendOnline
    from funasr.utils.load_utils import extract_fbank

    folder = torch_dir(tiny_streaming)
    conf = yaml.safe_load((folder / "config.yaml").read_text())["frontend_conf"]
    x = audio["all"][:20 * CHUNK_SAMPLES + 3000]
    theirs = WavFrontendOnline(cmvn_file=str(folder / "am.mvn"), **dict(conf, dither=0.0))
    ours = OnlineFeatures(Frontend.from_conf(conf, folder / "am.mvn"))
    cache: dict = {}
    pieces = [x[i:i + CHUNK_SAMPLES] for i in range(0, x.size, CHUNK_SAMPLES)]
    for k, piece in enumerate(pieces):
        final = k == len(pieces) - 1
        want = extract_fbank([torch.from_numpy(piece)], frontend=theirs, cache=cache, is_final=final)[0][0].numpy()
        got = ours.accept(piece, final)
        assert got.shape == want.shape, k
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-3)


def test_the_tail_chunk_is_decoded_alike(tiny_streaming: Path, audio: dict[str, np.ndarray]) -> None:
    """A stream that ends within 60 ms after a chunk: finish() decodes only the cached look-ahead rows (funasr's
    tail chunk; its PyTorch path scales those rows by sqrt(d) a second time, which the encoder's first LayerNorm
    cancels), plus the CIF tail weight: both runtimes flush the same text."""
    ort = load_streaming(onnx_dir(tiny_streaming), precision="fp32")
    pt = TorchStreaming(torch_dir(tiny_streaming), encoder_look_back=0, decoder_look_back=0)
    same = total = flushed = 0
    for x in audio.values():
        for chunks in range(2, x.size // CHUNK_SAMPLES):
            for tail in (0, 700):
                xx = x[:chunks * CHUNK_SAMPLES + tail]
                s1, s2 = ort.start(), pt.start()
                s1.accept(xx), s2.accept(xx)
                a, b = s1.finish(), s2.finish()
                same += a == b
                total += 1
                flushed += bool(a)
    assert total > 40 and same >= 0.9 * total and flushed >= 0.5 * total, (same, flushed, total)


def test_the_optimised_graph_cache_changes_nothing(tiny_streaming: Path, audio: dict[str, np.ndarray],
                                                   tmp_path: Path) -> None:
    """Loaded through the graph cache the other ONNX models use (first load saves, the second reads it back)."""
    plain = run(load_streaming(onnx_dir(tiny_streaming)), audio["all"], 4000)
    first = load_streaming(onnx_dir(tiny_streaming), graph_cache=tmp_path)
    saved = sorted(p.name for p in tmp_path.rglob("*.onnx"))
    assert len(saved) == 2, saved  # the encoder's and the decoder's optimised graphs
    second = load_streaming(onnx_dir(tiny_streaming), graph_cache=tmp_path)
    assert run(first, audio["all"], 4000) == plain == run(second, audio["all"], 4000)
