"""Issues 15 + 17: CAM++ without torch. sherpa-onnx's export of CAM++ ("spk-onnx"; here its twin: the fixture's random
weights exported the same way, tests/cpu/spk_twin.py) with kaldi-native-fbank features gives the embeddings funasr's
CAM++ gives on PyTorch, the engine picks it on the CPU, and `transcribe --speakers 2` on the ONNX set never imports
torch or funasr."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from models.core import registry
from models.options import EngineConfig
from models.speakers.windows import cut_windows
from models.store.layout import snapshot_dir
from models.store.manager import ModelStore
from tests.cpu.cpuhelp import ASR_ID, PUNC_ID, VAD_ID, onnx_dir
from tests.speakers.spkhelp import two_voices

REPO = Path(__file__).resolve().parents[2]
SPK_ID = "iic/speech_campplus_sv_zh-cn_16k-common"
SPEC = registry.MODELS["spk-onnx"]

_SCRIPT = """
import json, sys
from models.cli.main import main
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "torch": "torch" in sys.modules, "funasr": "funasr" in sys.modules}))
"""


def twin_file(root: Path) -> Path:
    return snapshot_dir(SPEC, root) / SPEC.required_files[0]


def _link(root: Path, src: Path, base: Path) -> None:
    dst = root / src.relative_to(base)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.symlink_to(src, target_is_directory=True)


@pytest.fixture(scope="module")
def cpu_set(tiny_onnx: Path, tiny_spk_onnx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache root holding the CPU set as `models download` leaves it: the three ONNX folders and spk-onnx."""
    root = tmp_path_factory.mktemp("cpuset")
    for mid in (ASR_ID, VAD_ID, PUNC_ID):
        _link(root, onnx_dir(tiny_onnx, mid), tiny_onnx)
    _link(root, snapshot_dir(SPEC, tiny_spk_onnx), tiny_spk_onnx)
    return root


def read16k(clip: dict) -> np.ndarray:
    from models.audio import decode as audio

    return audio.load(clip["path"])


def test_twin_is_the_published_layout(tiny_spk_onnx: Path) -> None:
    import onnx

    from models.speakers.onnx_embed import graph_problem

    path = twin_file(tiny_spk_onnx)
    graph = onnx.load(str(path))
    assert [i.name for i in graph.graph.input] == ["x"] and [o.name for o in graph.graph.output] == ["embedding"]
    meta = {p.key: p.value for p in graph.metadata_props}
    assert meta["feature_normalize_type"] == "global-mean" and meta["normalize_samples"] == "1"
    assert meta["output_dim"] == "192" and meta["sample_rate"] == "16000"
    assert graph_problem(path) is None
    assert ModelStore(tiny_spk_onnx).status(SPEC).ready


def test_another_graph_is_refused_by_name(tiny_onnx: Path, tmp_path: Path) -> None:
    from models.core.errors import ModelError
    from models.speakers.onnx_embed import OnnxSpeakerEmbedder, graph_problem

    vad = onnx_dir(tiny_onnx, VAD_ID) / "model.onnx"
    assert "not the CAM++ export" in (graph_problem(vad) or "")
    junk = tmp_path / SPEC.required_files[0]
    junk.write_bytes(b"not onnx at all")
    assert "does not load" in (graph_problem(junk) or "")
    with pytest.raises(ModelError) as err:
        OnnxSpeakerEmbedder(junk)
    assert err.value.model_key == "spk-onnx" and err.value.bad_file == junk.name


def test_features_match_funasr(speech_clips: dict) -> None:
    """kaldi-native-fbank with CAM++'s settings vs torchaudio's Kaldi fbank (funasr's extract_feature)."""
    from models.speakers import embed, onnx_embed

    worst = 0.0
    for clip in speech_clips.values():
        windows, _ = cut_windows(read16k(clip))
        ours, theirs = onnx_embed.fbank(windows), embed.fbank(windows).numpy()
        assert ours.shape == theirs.shape
        worst = max(worst, float(np.abs(ours - theirs).max()))
    print(f"fbank max |kaldi-native-fbank - torchaudio| = {worst:.2e}")
    assert worst < 2e-3


def test_one_fbank_pass_per_segment_gives_the_per_window_rows(speech_clips: dict) -> None:
    """segment_fbank (each sample's frames computed once) == fbank of each window, bit for bit."""
    from models.speakers import onnx_embed

    for clip in speech_clips.values():
        for audio in (read16k(clip), read16k(clip)[:30_000], read16k(clip)[:7_000]):  # long, 2 windows, padded
            windows, spans = cut_windows(audio)
            np.testing.assert_array_equal(onnx_embed.segment_fbank(audio, windows, spans), onnx_embed.fbank(windows))


def test_embeddings_agree_with_the_pytorch_embedder(tiny_models: Path, tiny_spk_onnx: Path, speech_clips: dict,
                                                    tmp_path: Path) -> None:
    """Same weights: the torch-free path and funasr's CAM++ (PyTorch, and its own ONNX export) agree per window."""
    from models.speakers.embed import SpeakerEmbedder
    from models.speakers.onnx_embed import OnnxSpeakerEmbedder

    ours = OnnxSpeakerEmbedder(twin_file(tiny_spk_onnx), threads=1)
    assert ours.dim == 192 and ours.backend == "onnx"
    refs = {b: SpeakerEmbedder(tiny_models / "models" / SPK_ID, backend=b, onnx_cache_dir=tmp_path)
            for b in ("torch", "onnx")}
    worst = {b: 1.0 for b in refs}
    windows = 0
    for clip in speech_clips.values():
        audio = read16k(clip)
        mine = ours.embed_segment(audio, 120)
        windows += len(mine)
        for b, ref in refs.items():
            theirs = ref.embed_segment(audio, 120)
            np.testing.assert_array_equal(mine.times_ms, theirs.times_ms)
            worst[b] = min(worst[b], float(np.min(np.sum(mine.vectors * theirs.vectors, axis=1))))
    print(f"CAM++ torch-free vs funasr, min cosine over {windows} windows: "
          + ", ".join(f"{b} 1 - {1 - v:.1e}" for b, v in worst.items()))
    assert windows > 10 and min(worst.values()) > 0.999


def test_a_batch_and_single_windows_agree(tiny_spk_onnx: Path, speech_clips: dict) -> None:
    from models.speakers.onnx_embed import OnnxSpeakerEmbedder

    audio = read16k(speech_clips["funasr_llamacpp_sample_16k.wav"])
    batched = OnnxSpeakerEmbedder(twin_file(tiny_spk_onnx))
    single = OnnxSpeakerEmbedder(twin_file(tiny_spk_onnx))
    single._batch = 1  # what a graph exported for batch 1 only falls back to
    a, b = batched.embed_segment(audio, 0).vectors, single.embed_segment(audio, 0).vectors
    assert batched._batch > 1 and a.shape[0] > 1
    assert float(np.min(np.sum(a * b, axis=1))) > 0.99999


def test_engine_picks_spk_onnx_on_the_cpu(cpu_set: Path, tiny_models: Path, tmp_path: Path) -> None:
    from models.asr.engine import Engine
    from models.speakers.onnx_embed import OnnxSpeakerEmbedder

    store = ModelStore(cpu_set)
    assert Engine(EngineConfig(device="cpu"), store=store).speaker_key() == "spk-onnx"
    assert Engine(EngineConfig(device="cpu", backend="torch"), store=store).speaker_key() == "spk"
    assert Engine(EngineConfig(device="cuda"), store=store).speaker_key() == "spk"
    assert Engine(EngineConfig(device="cpu"), store=ModelStore(tiny_models)).speaker_key() == "spk"  # PyTorch only
    eng = Engine(EngineConfig(device="cpu", threads=1), store=store)
    eng.load(speakers=True)
    assert isinstance(eng.speaker_embedder(), OnnxSpeakerEmbedder)
    assert eng.speaker_model_dir() == snapshot_dir(SPEC, cpu_set)


def test_cpu_speakers_never_import_torch(cpu_set: Path, speech_clips: dict, tmp_path: Path) -> None:
    """`transcribe --speakers 2` on the CPU set: rc 0, no torch, no funasr, every sentence with a speaker."""
    wav = two_voices(speech_clips, tmp_path / "two.wav")
    home = tmp_path / "home"
    env = {**os.environ, "MODELSCOPE_CACHE": str(cpu_set), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state")}
    out = subprocess.run([sys.executable, "-c", _SCRIPT, "transcribe", str(wav), "-o", str(tmp_path / "out"),
                          "-f", "json", "--device", "cpu", "--speakers", "2", "-q"],
                         cwd=REPO, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["rc"] == 0, out.stderr[-3000:]
    assert report["torch"] is False and report["funasr"] is False, report
    doc = json.loads((tmp_path / "out" / "two.json").read_text(encoding="utf-8"))
    assert doc["backend"] == "onnx" and doc["device"] == "cpu", doc
    segs = doc["segments"]
    assert len(segs) >= 2 and all(s.get("spk", -1) >= 0 for s in segs), segs
    assert {s["spk"] for s in segs} <= {0, 1}
