"""`make gpu-check` on a machine without CUDA: argument parsing, the clear refusal, the report files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.bench import gpu_check
from models.bench.gpu_check import Report, Row
from models.options import PRECISIONS


def test_defaults_and_bad_precisions() -> None:
    args = gpu_check.build_parser().parse_args([])
    assert args.precisions[0] == "fp32" and sorted(args.precisions) == sorted(PRECISIONS)
    assert args.minutes == 5.0 and not args.no_oom
    assert gpu_check.build_parser().parse_args(["--precisions", "fp16"]).precisions == ["fp16"]
    with pytest.raises(SystemExit):
        gpu_check.build_parser().parse_args(["--precisions", "fp16,bf16"])


def test_refuses_clearly_without_cuda(monkeypatch, tmp_path: Path, capsys) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert gpu_check.main(["--out", str(tmp_path)]) == gpu_check.NO_CUDA_EXIT
    assert "no CUDA GPU" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_agreement_counts_segments_and_characters() -> None:
    assert gpu_check.agreement(["你好", "世界"], ["你好", "世界"]) == (1.0, 1.0)
    ratio, same = gpu_check.agreement(["你好", "世界"], ["你好", "世间"])
    assert same == 0.5 and 0.7 < ratio < 1.0  # 3 of 4 characters match: ratio 2*3/8 = 0.75
    assert gpu_check.agreement(["一"], []) == (0.0, 0.0)


def test_report_files(tmp_path: Path) -> None:
    ref = Row("fp32", ok=True, load_s=3.0, transcribe_s=6.0, rtf=0.02, peak_vram_mb=1900.0, segments=50, label="CUDA")
    half = Row("fp16", ok=True, transcribe_s=4.0, peak_vram_mb=1000.0, segments=50, text_agreement=0.99,
               same_segments=0.96)
    rep = Report(device_name="Test GPU", audio_s=300.0, total_s=123.0,
                 rows=[ref, half, Row("int8", ok=False, error="ImportError: torchao")],
                 oom={"ok": True, "memory_fraction": 0.01234})
    js, md = gpu_check.write_report(rep, tmp_path / "out")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert [r["precision"] for r in data["rows"]] == [r.precision for r in rep.rows]
    assert data["rows"][1]["same_segments"] == 0.96 and data["oom"]["ok"] is True
    text = md.read_text(encoding="utf-8")
    assert "Test GPU" in text and "| FP16 |" in text and "96.0%" in text
    assert "FAILED: ImportError: torchao" in text and "fell back to the CPU as designed" in text
