"""`main.py bench` on the CPU set (the published ONNX folders) beside the PyTorch one: Tingxie INT8 runs what a CPU
user runs (no conversion), and FunASR's own funasr-onnx runs in its own venv on the same folders, as a row of the
same report. Tiny models: structure and wiring, never speed."""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from models.bench import measure as bench_measure
from models.bench import run as bench
from tests.cpu.cpuhelp import ASR_ID, PUNC_ID, VAD_ID, onnx_dir

STANDALONE = Path(bench_measure.__file__).parent / "standalone"


@pytest.fixture(scope="module")
def cpu_report(both_sets: Path, testdata: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    python = bench_measure.FUNASR_ONNX_PYTHON
    assert python.is_file(), f"no funasr-onnx venv at {python}: run `make funasr-onnx-venv` (make test does)"
    out = tmp_path_factory.mktemp("bench-cpu")
    mp = pytest.MonkeyPatch()
    mp.setenv("TINGXIE_TESTDATA", str(testdata))
    try:
        rc = bench.main(["--minutes", "0.2", "--repeat", "1", "--no-warmup", "--no-drift", "--pipelines",
                         "tingxie,funasr-onnx", "--precisions", "int8", "--threads", "1", "--models", str(both_sets),
                         "--out", str(out)])
    finally:
        mp.undo()
    assert rc == 0, "\n".join(p.read_text()[-2000:] for p in sorted((out / "logs").glob("*.log")))
    return out, json.loads((out / "bench.json").read_text(encoding="utf-8"))


def test_tingxie_int8_runs_the_published_onnx_set(cpu_report: tuple[Path, dict]) -> None:
    _out, rep = cpu_report
    ours = next(r for r in rep["results"] if r["pipeline"] == "tingxie")
    assert ours["status"] == "ok" and ours["backend"] == "onnx"
    assert ours["cold_int8_cache"] != "miss"  # nothing converted: the folders are used as published
    assert set(rep["models"]["cpu_set"]) == {"asr-onnx", "vad-onnx", "punc-onnx"}
    assert not any("not installed" in n for n in rep["notes"])


def test_funasr_onnx_row_on_the_same_folders(cpu_report: tuple[Path, dict], tiny_onnx: Path) -> None:
    out, rep = cpu_report
    rows = {r["pipeline"]: r for r in rep["results"]}
    assert set(rows) == {"tingxie", "funasr-onnx"}  # no FP32 row: the CPU set's ASR graph is INT8 only
    fo, ours = rows["funasr-onnx"], rows["tingxie"]
    assert fo["status"] == "ok", fo["reason"]
    assert fo["threads"] == 1 and fo["vad_segments"] >= 1 and fo["text_chars"] > 0
    assert fo["stages_s"]["vad"] > 0 and fo["stages_s"]["encoder"] > 0 and fo["stages_s"]["punc"] > 0
    assert sum(fo["stages_s"].values()) == pytest.approx(fo["wall_s"], rel=0.02)
    assert fo["peak_mem_mb"] >= fo["rss_after_load_mb"] > 50
    quant = onnx_dir(tiny_onnx, ASR_ID) / "model_quant.onnx"  # the same graph files Tingxie's set reads
    assert fo["sizes"]["asr"]["disk_mb"] == pytest.approx(quant.stat().st_size / 2**20)
    for key, mid in (("vad", VAD_ID), ("punc", PUNC_ID)):
        assert fo["sizes"][key]["disk_mb"] == pytest.approx((onnx_dir(tiny_onnx, mid) / "model.onnx").stat().st_size
                                                            / 2**20)
    spec = json.loads((out / "work" / "funasr-onnx-int8-long-0.2min.spec.json").read_text(encoding="utf-8"))
    assert {k: Path(v).resolve() for k, v in spec["dirs"].items()} == {
        "asr": onnx_dir(tiny_onnx, ASR_ID).resolve(), "vad": onnx_dir(tiny_onnx, VAD_ID).resolve(),
        "punc": onnx_dir(tiny_onnx, PUNC_ID).resolve()}
    result = json.loads((out / "work" / "funasr-onnx-int8-long-0.2min.result.json").read_text(encoding="utf-8"))
    assert result["versions"]["numpy"].startswith("1.")  # its own venv, not ours
    ratio = next(x for x in rep["ratios"] if (x["a"], x["b"]) == ("tingxie/int8", "funasr-onnx/int8"))
    assert ratio["speedup"] == pytest.approx(fo["wall_s"] / ours["wall_s"])
    target = next(t for t in rep["targets"] if t["check"].startswith("faster than funasr-onnx"))
    assert target["measured"] == pytest.approx(ratio["speedup"]) and target["met"] == (ratio["speedup"] >= 1.3)
    md = (out / "bench.md").read_text(encoding="utf-8")
    assert "| funasr-onnx | int8 |" in md


def test_funasr_onnx_row_says_what_is_missing(tiny_models: Path, testdata: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the PyTorch folders: the row is skipped with the reason, and the report says the CPU set is missing."""
    monkeypatch.setenv("TINGXIE_TESTDATA", str(testdata))
    rc = bench.main(["--minutes", "0.1", "--repeat", "1", "--no-warmup", "--no-drift", "--pipelines", "funasr-onnx",
                     "--precisions", "int8", "--models", str(tiny_models), "--out", str(tmp_path)])
    rep = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    (row,) = rep["results"]
    assert rc == 0 and row["status"] == "skipped" and "make fixtures" in row["reason"]


def test_standalone_scripts_import_nothing_of_tingxie() -> None:
    """They run outside our package (funasr-onnx: another venv); bench_protocol is standard library only."""
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    for path in sorted(STANDALONE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [m for m in names if m.split(".")[0] in ("models", "desktop", "tests")], path.name
        if path.name == "bench_protocol.py":
            top = [a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names]
            top += [n.module for n in tree.body if isinstance(n, ast.ImportFrom)]
            assert [m for m in top if m.split(".")[0] not in stdlib] == []
