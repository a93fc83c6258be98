"""Older published layouts (token list in config.yaml or tokens.txt, VAD options under vad_post_conf) load too."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import yaml

from models.asr.ort_recognizer import OrtRecognizer
from models.runtime import onnx_folder
from models.runtime.onnx_vad import OnnxVadModel
from tests.cpu.cpuhelp import ASR_ID, VAD_ID, onnx_dir


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


@pytest.mark.parametrize("layout", ["config-token-list", "tokens-txt"])
def test_asr_folder_without_tokens_json(tiny_onnx: Path, tmp_path: Path, speech_clips: dict, layout: str) -> None:
    src = onnx_dir(tiny_onnx, ASR_ID)
    old = _copy(src, tmp_path / "asr")
    tokens = onnx_folder.token_list(src, {})
    (old / "tokens.json").unlink()
    if layout == "tokens-txt":
        (old / "tokens.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    else:
        conf = yaml.safe_load((old / "config.yaml").read_text(encoding="utf-8"))
        conf["token_list"] = tokens
        (old / "config.yaml").write_text(yaml.safe_dump(conf, allow_unicode=True), encoding="utf-8")
    clip = next(c for c in speech_clips.values() if c["sample_rate"] == 16000)
    x, _ = sf.read(str(clip["path"]), dtype="float32")
    a, b = clip["vad"][0]
    want = OrtRecognizer(src, quantized=False).recognize(x[a * 16: b * 16], a)
    assert want[0] and OrtRecognizer(old, quantized=False).recognize(x[a * 16: b * 16], a) == want


def test_missing_token_list_is_named(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("frontend_conf: {}\n")
    with pytest.raises(FileNotFoundError, match="token list"):
        onnx_folder.token_list(tmp_path, {})


def test_vad_options_under_vad_post_conf(tiny_onnx: Path, tmp_path: Path) -> None:
    old = _copy(onnx_dir(tiny_onnx, VAD_ID), tmp_path / "vad")
    conf = yaml.safe_load((old / "config.yaml").read_text(encoding="utf-8"))
    conf["vad_post_conf"] = dict(conf.pop("model_conf"), max_single_segment_time=5000)
    (old / "config.yaml").write_text(yaml.safe_dump(conf), encoding="utf-8")
    model = OnnxVadModel(old)
    assert model.opts.max_single_segment_time == 5000  # read from the older section name
    assert model.stream().feed(np.zeros(16000, np.float32), is_final=True) == []  # silence: no segment
