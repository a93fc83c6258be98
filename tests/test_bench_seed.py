"""The benchmark's honesty checks, on synthetic numbers and in fresh processes (fast: no models are loaded).

- A seed-recipe row is flagged when its median differs from the plain-script run's by more than 15 %.
- The seed rows run without the OMP_WAIT_POLICY that importing `models` sets (a user's script has none), but keep
  one the user set; the app's own rows keep the app's setting.
- The targets against funasr-onnx and the plain-script seed recipe read the right rows.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models import OMP_MARK
from models.bench import targets as bench_targets
from models.bench.userenv import restore_user_environ, user_environ

REPO = Path(__file__).resolve().parents[1]


def _row(pipeline: str, precision: str, wall: float, cpu: float = 1.0, **extra) -> dict:
    return {"pipeline": pipeline, "precision": precision, "device": "cpu", "audio": "a.wav", "audio_s": 180.0,
            "status": "ok", "wall_s": wall, "cpu_s": cpu, **extra}


def _bare(precision: str, walls: list[float], **extra) -> dict:
    return {"audio": "a.wav", "audio_s": 180.0, "precision": precision, "ok": True, "load_s": 9.0,
            "peak_rss_mb": 3000.0, "runs": [{"wall_s": w, "cpu_s": 2 * w} for w in walls], **extra}


def test_seed_row_flagged_beyond_15_percent_either_way() -> None:
    rows = [_row("seed-recipe", "int8", 10.0), _row("seed-recipe", "fp32", 20.0), _row("tingxie", "int8", 4.0)]
    # int8: plain script median 8.5 -> the row is 17.6 % slower; fp32: median 19.0 -> 5.3 % slower
    checks = bench_targets.seed_checks(rows, [_bare("int8", [9.0, 8.0, 8.5]), _bare("fp32", [19.0, 18.0, 30.0])])
    by = {c["precision"]: c for c in checks}
    assert by["int8"]["bare_wall_s"] == 8.5 and by["int8"]["diff"] == pytest.approx(10 / 8.5 - 1)
    assert by["int8"]["flagged"] is True and rows[0]["seed_check"]["flagged"] is True
    assert by["fp32"]["bare_wall_s"] == 19.0 and by["fp32"]["flagged"] is False
    assert by["int8"]["bare_cpu_s"] == 17.0  # the median run's CPU time, not the row's
    # a row much FASTER than the plain script is as suspect as a slower one
    fast = bench_targets.seed_checks([_row("seed-recipe", "int8", 8.0)], [_bare("int8", [10.0])])
    assert fast[0]["diff"] == pytest.approx(-0.2) and fast[0]["flagged"] is True
    inside = bench_targets.seed_checks([_row("seed-recipe", "int8", 11.4)], [_bare("int8", [10.0])])
    assert inside[0]["flagged"] is False  # +14 %


def test_seed_check_without_a_result_is_not_a_verdict() -> None:
    rows = [_row("seed-recipe", "int8", 10.0)]
    failed = bench_targets.seed_checks(rows, [{"audio": "a.wav", "audio_s": 180.0, "precision": "int8", "ok": False,
                                               "error": "RuntimeError: boom"}])
    assert failed[0]["status"] == "error" and failed[0]["flagged"] is None and "boom" in failed[0]["reason"]
    assert "seed_check" not in rows[0]
    no_row = bench_targets.seed_checks([], [_bare("int8", [10.0])])
    assert no_row[0]["status"] == "skipped" and no_row[0]["flagged"] is None


def test_targets_against_funasr_onnx_and_the_plain_script() -> None:
    rows = [_row("tingxie", "int8", 4.0, rtf=0.02, peak_rss_mb=500.0, startup_s=1.0, backend="onnx",
                 cold_int8_cache="", load_cold_s=1.0),
            _row("funasr-onnx", "int8", 5.0), _row("seed-recipe", "int8", 9.0)]
    rat = [{"audio": "a.wav", "a": "tingxie/int8", "b": "funasr-onnx/int8", "speedup": 5.0 / 4.0},
           {"audio": "a.wav", "a": "tingxie/int8", "b": "seed-recipe/int8", "speedup": 9.0 / 4.0}]
    checks = bench_targets.seed_checks(rows, [_bare("int8", [8.4])])
    got = {t["check"]: t for t in bench_targets.targets(rows, rat, checks)}
    vs_onnx = got["faster than funasr-onnx (same ONNX folders)"]
    assert vs_onnx["measured"] == 1.25 and vs_onnx["met"] is False  # 1.25 < 1.3
    plain = got["faster than the seed recipe INT8 as a plain script"]
    assert plain["measured"] == pytest.approx(2.1) and plain["met"] is True
    honest = got["seed recipe INT8 row within the plain script's time"]
    assert honest["measured"] == pytest.approx(9.0 / 8.4 - 1) and honest["met"] is True
    without = {t["check"]: t for t in bench_targets.targets(rows[:1], [], [])}
    assert without["faster than funasr-onnx (same ONNX folders)"]["met"] is None  # not measured: no verdict


# ---------------------------------------------------------------- environment

def test_user_environ_drops_only_what_tingxie_set() -> None:
    ours = {"OMP_WAIT_POLICY": "PASSIVE", OMP_MARK: "PASSIVE", "HOME": "/h"}
    assert user_environ(ours) == {"HOME": "/h"}
    assert user_environ({"OMP_WAIT_POLICY": "PASSIVE", "HOME": "/h"}) == {"OMP_WAIT_POLICY": "PASSIVE", "HOME": "/h"}
    # the user changed it after Tingxie set it: theirs now
    changed = user_environ({"OMP_WAIT_POLICY": "ACTIVE", OMP_MARK: "PASSIVE"})
    assert changed == {"OMP_WAIT_POLICY": "ACTIVE"}


def test_restore_refuses_once_openmp_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", object())
    with pytest.raises(RuntimeError, match="already loaded"):
        restore_user_environ()


# A fresh worker process, as `main.py bench` starts it, with its "run" task replaced by a probe of the environment
# the task runs in (the real dispatch in between: models.bench.worker.main).
_PROBE = """
import json, os, sys
import models.bench.worker as w
w.TASKS["run"] = lambda spec: {"omp": os.environ.get("OMP_WAIT_POLICY"), "mark": os.environ.get(%r),
                               "torch": "torch" in sys.modules}
sys.exit(w.main(sys.argv[1:]))
""" % OMP_MARK


def _worker_env(tmp_path: Path, pipeline: str, **env: str) -> dict:
    spec, result = tmp_path / f"{pipeline}.spec.json", tmp_path / f"{pipeline}.result.json"
    spec.write_text(json.dumps({"task": "run", "pipeline": pipeline}), encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", OMP_MARK)}
    subprocess.run([sys.executable, "-c", _PROBE, str(spec), str(result)], cwd=REPO, env={**base, **env},
                   check=True, timeout=120)
    res = json.loads(result.read_text(encoding="utf-8"))
    assert res["ok"], res
    return res


def test_seed_worker_runs_without_the_apps_openmp_setting(tmp_path: Path) -> None:
    seed = _worker_env(tmp_path, "seed-recipe")  # the user set nothing: `import models` set it, the row drops it
    assert seed["omp"] is None and seed["mark"] is None and seed["torch"] is False
    app = _worker_env(tmp_path, "tingxie")  # the app's own rows run as the app does
    assert app["omp"] == "PASSIVE"


def test_seed_worker_keeps_the_users_setting(tmp_path: Path) -> None:
    assert _worker_env(tmp_path, "seed-recipe", OMP_WAIT_POLICY="PASSIVE")["omp"] == "PASSIVE"
    # inherited from a `main.py bench` process that imported `models`: still Tingxie's, still dropped
    inherited = _worker_env(tmp_path, "seed-recipe", OMP_WAIT_POLICY="PASSIVE", **{OMP_MARK: "PASSIVE"})
    assert inherited["omp"] is None
