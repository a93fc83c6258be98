"""The CPU ONNX pipeline runs end to end in a process that never imports torch."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cpu.cpuhelp import ASR_ID, PUNC_ID, VAD_ID, onnx_dir

REPO = Path(__file__).resolve().parents[2]


def _run(tiny_onnx: Path, clip: Path, *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "models.bench.torchfree", str(clip), "--asr", str(onnx_dir(tiny_onnx, ASR_ID)),
         "--vad", str(onnx_dir(tiny_onnx, VAD_ID)), "--punc", str(onnx_dir(tiny_onnx, PUNC_ID)), *extra],
        cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_full_cpu_pipeline_never_imports_torch(tiny_onnx: Path, speech_clips: dict) -> None:
    for clip in speech_clips.values():  # includes the 24 kHz clip (resampled by models.audio)
        report = _run(tiny_onnx, clip["path"])
        assert report["torch_imported"] is False
        assert report["segments"] >= 1 and report["words"] >= 1, report
    fp32 = _run(tiny_onnx, next(iter(speech_clips.values()))["path"], "--fp32")
    assert fp32["torch_imported"] is False and fp32["words"] >= 1
