"""Issue 17: a build without PyTorch (the CPU bundle). What needs torch fails readably or runs the ONNX set instead.

The subprocess tests make torch, torchaudio and torchao unimportable before anything is imported
(sys.modules[name] = None), as in the bundle; the in-process ones patch the one probe (torch_probe.torch_available).
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.asr import loading, seaco_switch
from models.asr.loading import ModelLoader
from models.core.errors import ModelMissingError
from models.options import EngineConfig, torch_free
from models.runtime import torch_probe
from models.store.manager import ModelStore

REPO = Path(__file__).resolve().parents[2]

# funasr stays findable: the ONNX path reads one pure-Python file of it (the bundle ships that file alone); importing
# funasr itself would import torch and fail here.
_BLOCK = "import sys\nsys.modules.update(torch=None, torchaudio=None, torchao=None)\n"


def _run(script: str, cache: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MODELSCOPE_CACHE": str(cache), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state")}
    return subprocess.run([sys.executable, "-c", _BLOCK + script, *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_probe_sees_a_blocked_torch(tmp_path: Path) -> None:
    assert torch_probe.torch_available()  # this test environment has torch
    out = _run("from models.runtime.torch_probe import torch_available; print(torch_available())", tmp_path, tmp_path)
    assert out.stdout.strip() == "False", out.stderr


def test_cli_refuses_fp32_readably(tiny_onnx: Path, speech_clips: dict, tmp_path: Path) -> None:
    clip = next(c["path"] for c in speech_clips.values())
    script = "from models.cli.main import main\nrc = main(sys.argv[1:])\nprint('RC', rc)\n"
    for option in (["--precision", "fp32"], ["--backend", "torch"], ["--punc", "punc-large"]):
        out = _run(script, tiny_onnx, tmp_path, "transcribe", str(clip), "-o", str(tmp_path / "o"), "-q", *option)
        assert "RC 2" in out.stdout, (option, out.stdout, out.stderr)
        assert "needs PyTorch, which this build of Tingxie does not include" in out.stderr, out.stderr
        assert "Traceback" not in out.stderr and not (tmp_path / "o").exists()


def test_engine_runs_the_onnx_set_instead_and_says_why(tiny_onnx: Path, speech_clips: dict, tmp_path: Path) -> None:
    """What the GUI's engine does with FP32 / PyTorch / CUDA settings saved by a full build: INT8 on ONNX Runtime,
    with a warning per change; speaker labels without torch want the ONNX CAM++ (a ModelError, not a traceback)."""
    clip = next(c["path"] for c in speech_clips.values())
    script = (
        "import json\nfrom pathlib import Path\nfrom models.asr.engine import Engine\n"
        "from models.options import EngineConfig\nfrom models.store.manager import ModelStore\n"
        "from models.core.errors import ModelError\n"
        "eng = Engine(EngineConfig(device='cuda', precision='fp32', backend='torch', threads=1),"
        " store=ModelStore(Path(sys.argv[1])))\n"
        "info = eng.load()\nt = eng.transcribe(sys.argv[2])\n"
        "try:\n    eng.speaker_embedder()\n    spk = 'loaded'\nexcept ModelError as exc:\n    spk = str(exc)\n"
        "print(json.dumps({'info': [info.device, info.precision, info.backend], 'warnings': info.warnings,"
        " 'text': ''.join(s.text for s in t.segments), 'spk': spk,"
        " 'torch': sys.modules.get('torch') is not None, 'funasr': 'funasr' in sys.modules}))\n")
    out = _run(script, tiny_onnx, tmp_path, str(tiny_onnx), str(clip))
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["info"] == ["cpu", "int8", "onnx"] and report["text"]
    assert report["torch"] is False and report["funasr"] is False
    assert [w.split(" needs PyTorch")[0] for w in report["warnings"]] == ["FP32", "The PyTorch runtime", "CUDA"]
    # even with backend "torch" saved: the ONNX CAM++ is what this build asks for (not installed in this cache)
    assert "spk-onnx" in report["spk"] and "halted" not in report["spk"], report["spk"]


def test_policy_without_torch(monkeypatch: pytest.MonkeyPatch, tiny_models: Path, tiny_onnx: Path) -> None:
    monkeypatch.setattr(loading, "torch_available", lambda: False)
    onnx_keys = {"asr-onnx", "vad-onnx", "punc-onnx"}
    for cfg in (EngineConfig(precision="fp32"), EngineConfig(backend="torch"), EngineConfig(punc="punc-large"),
                EngineConfig(device="cuda", precision="fp16")):
        loader = ModelLoader(cfg, store=ModelStore(tiny_onnx))
        assert set(loader.onnx_set_dirs() or {}) == onnx_keys, cfg
        assert loader.runnable()[1] and all("needs PyTorch" in w for w in loader.runnable()[1])
    assert ModelLoader(EngineConfig(), store=ModelStore(tiny_onnx)).runnable()[1] == ()
    # Only the PyTorch folders: nothing this build can run; the error names the ONNX set's first missing folder.
    with pytest.raises(ModelMissingError) as caught:
        ModelLoader(EngineConfig(precision="fp32"), store=ModelStore(tiny_models)).model_dirs()
    assert caught.value.model_key == "vad-onnx"


def test_torch_free_twin() -> None:
    cfg, changes = torch_free(EngineConfig(device="cpu", punc="punc-large", threads=3))
    assert cfg == EngineConfig(device="cpu", punc="punc", threads=3)
    assert [what for what, _ in changes] == ["The large punctuation model (Chinese + English)"]
    assert torch_free(EngineConfig()) == (EngineConfig(), ())


def test_seaco_hotwords_need_torch(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                                   tmp_path: Path) -> None:
    """With SeACo installed and hotwords in the glossary, a build without torch decodes with the main model and
    says why (the job's notice); the settings key does not name SeACo."""
    monkeypatch.setattr(seaco_switch, "torch_available", lambda: False)
    monkeypatch.setattr(seaco_switch, "installed_folder", lambda store: tmp_path)
    switch = seaco_switch.SeacoSwitch(store=object())
    monkeypatch.setattr(switch, "hotwords", lambda text: ["听写"])
    with caplog.at_level(logging.WARNING):
        assert switch.recognizer(loaded=None, text=None) is None  # type: ignore[arg-type]
    assert "SeACo-Paraformer (glossary hotwords) needs PyTorch" in caplog.text
    assert switch.dirs(None) == {}
