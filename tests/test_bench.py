"""`main.py bench` (models.bench.run) on the tiny models: it runs end to end and writes a well-formed report.

Timings on tiny models mean nothing; these tests check structure: every row measured, fields present and
consistent, the Markdown table and the PNG written, drift measured against FP32.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from models import OMP_MARK
from models.bench import run as bench
from models.bench import report as bench_report
from models.bench import worker as bench_worker

REQUIRED = ("pipeline", "precision", "device", "audio_s", "wall_s", "rtf", "load_s", "peak_mem_mb", "size_mb")


@pytest.fixture(scope="module")
def report(tiny_models: Path, testdata: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("bench")
    mp = pytest.MonkeyPatch()
    mp.setenv("MODELSCOPE_CACHE", str(tiny_models))
    mp.setenv("TINGXIE_TESTDATA", str(testdata))
    try:  # --jobs 2 and drift tested in-process (below) keep this near 30 s on an idle 2-core machine
        rc = bench.main(["--minutes", "0.2", "--repeat", "1", "--no-warmup", "--no-drift", "--jobs", "2",
                         "--pipelines", "tingxie,tingxie-torch,seed-recipe", "--out", str(out)])
    finally:
        mp.undo()
    assert rc == 0, "\n".join(p.read_text()[-2000:] for p in sorted((out / "logs").glob("*.log")))
    return out, json.loads((out / "bench.json").read_text(encoding="utf-8"))


def test_bench_json_rows(report: tuple[Path, dict]) -> None:
    _out, rep = report
    assert rep["schema"] == bench.SCHEMA and rep["device"] == "cpu"
    rows = rep["results"]
    assert [(r["pipeline"], r["precision"]) for r in rows] == [
        ("tingxie", "fp32"), ("tingxie", "int8"), ("tingxie-torch", "int8"), ("seed-recipe", "fp32"),
        ("seed-recipe", "int8")]  # tingxie-torch FP32 would repeat tingxie FP32 (both PyTorch)
    for r in rows:
        assert r["status"] == "ok", r["reason"]
        assert all(r[k] is not None for k in REQUIRED), r
        assert r["device"] == "cpu" and r["audio_s"] == pytest.approx(12.0, abs=0.1)
        assert r["wall_s_min"] <= r["wall_s"] <= r["wall_s_max"] and len(r["wall_runs"]) == 1
        assert r["rtf"] == pytest.approx(r["wall_s"] / r["audio_s"])
        assert 0 < r["asr_s"] <= r["wall_s"]
        assert sum(r["stages_s"].values()) == pytest.approx(r["wall_s"], rel=0.02)
        assert r["peak_mem_mb"] >= r["rss_after_load_mb"] > 100 and r["peak_mem_kind"] == "rss"
        assert r["size_mb"] > 0 and r["disk_mb"] > 0 and set(r["sizes"]) == {"asr", "vad", "punc"}
        assert r["vad_segments"] >= 1 and r["text_chars"] > 0
        assert r["cer"] is None and "random" in r["cer_note"]  # random test weights: no CER
    by = {(r["pipeline"], r["precision"]): r for r in rows}
    t32, t8, tt8 = by["tingxie", "fp32"], by["tingxie", "int8"], by["tingxie-torch", "int8"]
    assert (t32["backend"], t8["backend"], tt8["backend"]) == ("torch", "onnx", "torch")
    for r in (t8, tt8):
        assert r["load_cold_s"] > 0 and r["peak_rss_cold_load_mb"] > 0  # cold INT8 load measured apart
        assert r["sizes"]["asr"]["mem_mb"] < t32["sizes"]["asr"]["mem_mb"]  # INT8 weights: 1 byte
        assert r["sizes"]["asr"]["disk_mb"] < t32["sizes"]["asr"]["disk_mb"]  # the cached INT8 file
        assert 0 <= r["agreement_vs_fp32"] <= 1
    assert t8["peak_rss_cold_children_mb"] > 100  # the ONNX export ran in child processes
    assert t32["agreement_vs_fp32"] is None
    pairs = {(x["a"], x["b"]) for x in rep["ratios"]}
    assert {("tingxie/int8", "tingxie/fp32"), ("tingxie/int8", "seed-recipe/int8"),
            ("seed-recipe/int8", "seed-recipe/fp32"), ("tingxie/int8", "tingxie-torch/int8"),
            ("tingxie-torch/int8", "tingxie/fp32")} <= pairs
    assert {t["check"] for t in rep["targets"]} >= {"RTF, whole pipeline", "peak RSS"}
    assert rep["models"]["random_weights"] is True and rep["machine"]["torch"]
    assert rep["models"]["cpu_set"] is None  # the tiny root holds only the PyTorch folders: say so
    assert any("ONNX set" in n and "not installed" in n for n in rep["notes"])


def test_bench_seed_rows_are_checked_against_a_plain_script(report: tuple[Path, dict]) -> None:
    """Each seed row is followed by the recipe run as a plain script, and runs without Tingxie's OpenMP setting."""
    out, rep = report
    checks = {c["precision"]: c for c in rep["seed_checks"]}
    assert set(checks) == {"fp32", "int8"}
    seeds = {r["precision"]: r for r in rep["results"] if r["pipeline"] == "seed-recipe"}
    for prec, c in checks.items():
        assert c["status"] == "ok" and c["bare_wall_s"] > 0 and len(c["bare_wall_runs"]) == 1
        assert c["seed_wall_s"] == seeds[prec]["wall_s"]
        assert c["diff"] == pytest.approx(seeds[prec]["wall_s"] / c["bare_wall_s"] - 1)
        assert seeds[prec]["seed_check"]["flagged"] == c["flagged"]
    spec = json.loads((out / "work" / "seed-bare-int8-long-0.2min.spec.json").read_text(encoding="utf-8"))
    assert set(spec["dirs"]) == {"asr", "vad", "punc"} and all(Path(d).is_dir() for d in spec["dirs"].values())
    # Importing `models` (this process did) set OMP_WAIT_POLICY for the app; the seed rows must not inherit it.
    user_omp = None if OMP_MARK in os.environ else os.environ.get("OMP_WAIT_POLICY")
    for r in rep["results"]:
        want = user_omp if r["pipeline"] == "seed-recipe" else os.environ.get("OMP_WAIT_POLICY")
        assert r["omp_wait_policy"] == want, r["pipeline"]
    md = (out / "bench.md").read_text(encoding="utf-8")
    assert "## Seed recipe check" in md and "| long-0.2min.wav | int8 |" in md


def test_bench_markdown_and_png(report: tuple[Path, dict]) -> None:
    out, rep = report
    md = (out / "bench.md").read_text(encoding="utf-8")
    assert "| pipeline | precision | audio | wall s (min–max) |" in md
    assert "seed article (published" in md and "18.7 s → 7.3 s" in md
    table = [ln for ln in md.splitlines() if ln.startswith(("| tingxie |", "| tingxie-torch |", "| seed-recipe |"))]
    assert len(table) >= len(rep["results"])
    assert "![benchmark chart](bench.png)" in md
    png = (out / "bench.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_drift_worker(tiny_models: Path, testdata: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MODELSCOPE_CACHE", str(tiny_models))
    spec = {"device": "cpu", "threads": 1, "punc": "punc", "int8_cache_dir": str(tmp_path / "i8"),
            "models_root": str(tiny_models), "precisions": ["fp32", "int8"], "pipelines": ["tingxie", "tingxie-torch"],
            "audio": str(testdata / "speech" / "funasr_asr_example_16k.wav")}
    d = bench_worker.task_drift(spec)
    assert d["segments"] >= 1 and d["speech_s"] > 1
    torch8, onnx8 = d["by_precision"]["int8 (tingxie-torch)"], d["by_precision"]["int8"]
    assert (torch8["backend"], onnx8["backend"]) == ("torch", "onnx")
    assert 0.9 < torch8["encoder_cosine_min"] <= torch8["encoder_cosine_mean"] <= 1.0001
    assert onnx8["encoder_cosine_mean"] is None  # one ONNX Runtime call: no encoder output to compare
    for v in (torch8, onnx8):
        assert 0 <= v["token_agreement"] <= 1 and v["tokens_fp32"] > 0


def test_bad_arguments() -> None:
    for argv in (["--precisions", "int4"], ["--minutes", "0"], ["--pipelines", "whisper"],
                 ["--audio", "a.wav", "--minutes", "1"]):
        with pytest.raises(SystemExit) as exc:
            bench.main(argv)
        assert exc.value.code == 2


def test_cer_and_edit_distance() -> None:
    assert bench_report.edit_distance("kitten", "sitting") == 3
    assert bench_report.edit_distance("", "abc") == 3
    assert bench_report.cer("你好，世界！", "你好世界") == 0.0  # punctuation does not count
    assert bench_report.cer("你好世", "你好世界") == pytest.approx(0.25)
