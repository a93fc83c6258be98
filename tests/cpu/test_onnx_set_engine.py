"""Issue 17: with the published ONNX set installed, a CPU INT8 transcription (CLI -> Engine -> job history ->
exports) runs VAD, Paraformer and punctuation on ONNX Runtime and never imports torch; without it, today's paths."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.asr.engine import Engine
from models.options import EngineConfig
from models.store.manager import ModelStore
from tests.cpu.cpuhelp import ASR_ID, PUNC_ID, VAD_ID, onnx_dir

REPO = Path(__file__).resolve().parents[2]

# Runs the real CLI in this process, then reports what it imported. A run that imported torch fails here.
_SCRIPT = """
import json, sys
from models.cli.main import main
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "torch": "torch" in sys.modules, "funasr": "funasr" in sys.modules}))
"""


def _cli(cache: Path, home: Path, *args: str) -> dict:
    env = {**os.environ, "MODELSCOPE_CACHE": str(cache), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state")}
    out = subprocess.run([sys.executable, "-c", _SCRIPT, *args], cwd=REPO, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    report["stderr"] = out.stderr
    return report


def test_cpu_int8_transcription_never_imports_torch(both_sets: Path, speech_clips: dict, tmp_path: Path) -> None:
    clip = next(c["path"] for c in speech_clips.values())
    report = _cli(both_sets, tmp_path, "transcribe", str(clip), "-o", str(tmp_path / "out"), "-f", "txt,json",
                  "--device", "auto", "-q")
    assert report["rc"] == 0, report["stderr"]
    assert report["torch"] is False and report["funasr"] is False, report
    doc = json.loads((tmp_path / "out" / f"{clip.stem}.json").read_text(encoding="utf-8"))
    assert doc["backend"] == "onnx" and doc["precision"] == "int8" and doc["device"] == "cpu", doc
    assert (tmp_path / "out" / f"{clip.stem}.txt").read_text(encoding="utf-8").strip()


def test_fp32_keeps_the_pytorch_folders(both_sets: Path, speech_clips: dict, tmp_path: Path) -> None:
    clip = next(c["path"] for c in speech_clips.values())
    report = _cli(both_sets, tmp_path, "transcribe", str(clip), "-o", str(tmp_path / "out"), "-f", "json",
                  "--device", "cpu", "--precision", "fp32", "-q")
    assert report["rc"] == 0 and report["torch"] is True, report


def test_loading_policy_picks_the_onnx_set_only_when_it_applies(both_sets: Path, tiny_models: Path,
                                                                tiny_onnx: Path) -> None:
    store = ModelStore(both_sets)
    onnx_keys = {"asr-onnx", "vad-onnx", "punc-onnx"}
    assert set(Engine(EngineConfig(device="cpu"), store=store).model_dirs()) == onnx_keys
    assert set(Engine(EngineConfig(device="cpu", punc=""), store=store).model_dirs()) == {"asr-onnx", "vad-onnx"}
    for cfg in (EngineConfig(device="cpu", precision="fp32"), EngineConfig(device="cpu", backend="torch"),
                EngineConfig(device="cuda"), EngineConfig(device="cpu", punc="punc-large")):
        assert not set(Engine(cfg, store=store)._loader.onnx_set_dirs() or {}), cfg
    # Only the PyTorch set installed: today's path (its folders, by their keys).
    assert set(Engine(EngineConfig(device="cpu"), store=ModelStore(tiny_models)).model_dirs()) == {"asr", "vad",
                                                                                                   "punc"}


def test_onnx_set_engine_matches_the_pipeline_pieces(both_sets: Path, speech_clips: dict, tiny_onnx: Path) -> None:
    """The engine on the ONNX set gives what its pieces give one by one (VAD stream -> OrtRecognizer)."""
    from models.asr import ort_models
    from models.audio import decode as audio

    eng = Engine(EngineConfig(device="cpu", threads=2), store=ModelStore(both_sets))
    info = eng.load()
    assert (info.backend, info.precision, info.device) == ("onnx", "int8", "cpu")
    assert "ONNX Runtime" in info.label() and eng.loaded_set.asr is None
    pieces = ort_models.load(onnx_dir(tiny_onnx, ASR_ID), onnx_dir(tiny_onnx, VAD_ID), onnx_dir(tiny_onnx, PUNC_ID))
    for clip in list(speech_clips.values())[:3]:
        t = eng.transcribe(clip["path"])
        x = audio.load(clip["path"])
        spans = pieces.vad.stream().feed(x, is_final=True)
        words = [w for a, b in spans for w in pieces.rec.recognize(x[a * 16: b * 16], a)[0]]
        assert "".join(words) == "".join(s.text for s in t.segments).translate(str.maketrans("", "", "，。？！、"))
        assert sorted({s.vad_index for s in t.segments}) == list(range(len(spans)))


def test_missing_onnx_file_names_the_model(tiny_onnx: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    for mid in (ASR_ID, VAD_ID, PUNC_ID):
        shutil.copytree(onnx_dir(tiny_onnx, mid), onnx_dir(root, mid))
    (onnx_dir(root, ASR_ID) / "model_quant.onnx").write_bytes(b"not onnx")
    from models.core.errors import ModelError

    with pytest.raises(ModelError, match="asr-onnx"):
        Engine(EngineConfig(device="cpu"), store=ModelStore(root)).load()
