"""Running the benchmark's workers: one fresh process per row, in order (FIFO) unless --jobs says otherwise.

Rows of Tingxie and of the seed recipe run models/bench/worker.py in our interpreter. Two kinds run scripts from
models/bench/standalone/ by path, importing nothing from Tingxie's package, in the environment the user had
(models/bench/userenv.py):
    seed-bare     the seed recipe as a plain script runs it, right after each seed-recipe row: the check that the
                  row measures the recipe as its users run it (report: flagged beyond SEED_CHECK_TOLERANCE)
    funasr-onnx   FunASR's ONNX runtime for Python, in its own venv (numpy<=1.26.4), on the ONNX set's folders
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from models.bench import report as bench_report
from models.bench.stages import cpu_name
from models.bench.userenv import user_environ

REPO = Path(__file__).resolve().parents[2]
STANDALONE = Path(__file__).resolve().parent / "standalone"
FUNASR_ONNX_PYTHON = REPO / "build" / "funasr-onnx-venv" / "bin" / "python"


def run_worker(spec: dict[str, Any], out: Path, name: str, timeout: float, cmd: list[str] | None = None,
               env: dict[str, str] | None = None) -> dict[str, Any]:
    """`cmd SPEC.json RESULT.json` (default: our worker module) in a fresh process; its result or why none."""
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    spec_path, result_path = work / f"{name}.spec.json", work / f"{name}.result.json"
    log_path = out / "logs" / f"{name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    spec_path.write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    result_path.unlink(missing_ok=True)
    if cmd is None:
        cmd = [sys.executable, "-m", "models.bench.worker"]
        pypath = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        env = {**os.environ, "PYTHONPATH": pypath}
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            proc = subprocess.run([*cmd, str(spec_path), str(result_path)], cwd=str(REPO), env=env, stdout=log,
                                  stderr=subprocess.STDOUT, timeout=timeout or None)
        except subprocess.TimeoutExpired:
            return {"ok": False, "error": f"worker ran past --timeout {timeout:g} s (log: {log_path})"}
        except OSError as exc:  # e.g. the funasr-onnx interpreter vanished
            return {"ok": False, "error": f"could not start {cmd[0]}: {exc}"}
    if not result_path.is_file():
        return {"ok": False, "error": f"worker exited with code {proc.returncode} and no result (log: {log_path})"}
    return json.loads(result_path.read_text(encoding="utf-8"))


def run_standalone(script: str, python: Path | str, spec: dict[str, Any], out: Path, name: str,
                   timeout: float) -> dict[str, Any]:
    """A script of models/bench/standalone/ run by path in `python`, in the user's environment."""
    return run_worker(spec, out, name, timeout, cmd=[str(python), str(STANDALONE / script)],
                      env=user_environ(os.environ))


@dataclass
class Job:
    name: str
    spec: dict[str, Any]
    item: dict[str, Any]
    label: str
    run: Callable[[], dict[str, Any]]
    after: str | None = None  # the job whose result decides whether this one runs (seed-bare: its seed row)
    future: Future | None = field(default=None, repr=False)


def _row_jobs(args: argparse.Namespace, base: dict[str, Any], items: list[dict[str, Any]], precisions: list[str],
              warmup: str | None, out: Path, sets: dict[str, dict[str, str] | None]) -> list[Job]:
    jobs = []
    for item in items:
        for pipe in args.pipelines:
            for prec in precisions:
                if pipe == "tingxie-torch" and (prec != "int8" or args.device != "cpu" or "tingxie" not in
                                                args.pipelines):
                    continue  # elsewhere "tingxie" already runs PyTorch: the row would repeat it
                if pipe == "funasr-onnx" and (prec != "int8" or args.device != "cpu"):
                    continue  # the CPU set's ASR graph is INT8 (model_quant.onnx); the runtime is CPU here
                spec = {**base, "task": "run", "pipeline": pipe, "precision": prec, "audio": item["path"],
                        "audio_s": item["audio_s"], "warmup_audio": warmup}
                name = f"{pipe}-{prec}-{Path(item['path']).stem}"
                label = f"{pipe} {prec.upper()} on {item['name']} ({item['audio_s']:.0f} s) x{args.repeat}"
                if args.profile and pipe != "funasr-onnx":
                    spec["profile"] = str(out / f"profile-{name}.txt")
                if pipe == "funasr-onnx":
                    spec["dirs"] = sets["onnx"]
                    jobs.append(Job(name, spec, item, label, _funasr_onnx(args, spec, out, name)))
                    continue
                jobs.append(Job(name, spec, item, label, lambda s=spec, n=name: run_worker(s, out, n, args.timeout)))
                if pipe == "seed-recipe" and not args.no_seed_check:
                    bare = {**spec, "task": "seed-bare", "dirs": sets["torch"]}
                    bare.pop("profile", None)
                    jobs.append(Job(f"seed-bare-{prec}-{Path(item['path']).stem}", bare, item,
                                    f"check: the seed recipe {prec.upper()} as a plain script, x{args.repeat}",
                                    lambda s=bare, n=f"seed-bare-{prec}-{Path(item['path']).stem}":
                                    run_standalone("seed_bare.py", sys.executable, s, out, n, args.timeout),
                                    after=name))
    return jobs


def _funasr_onnx(args: argparse.Namespace, spec: dict[str, Any], out: Path, name: str) -> Callable[[], dict]:
    python = Path(args.funasr_onnx_python or FUNASR_ONNX_PYTHON)

    def run() -> dict[str, Any]:
        if not spec["dirs"]:
            return {"ok": False, "skipped": "the published ONNX set (asr-onnx, vad-onnx, punc-onnx) is not installed "
                    "in the model cache (`make fixtures` builds it for the test models)"}
        if not python.is_file():
            return {"ok": False, "skipped": f"no funasr-onnx interpreter at {python} (`make funasr-onnx-venv`)"}
        res = run_standalone("funasr_onnx_run.py", python, spec, out, name, args.timeout)
        if res.get("ok"):
            res.setdefault("device_name", cpu_name())
        return res
    return run


def measure(args: argparse.Namespace, base: dict[str, Any], items: list[dict[str, Any]], precisions: list[str],
            warmup: str | None, out: Path, say: Callable[[str], None], sets: dict[str, dict[str, str] | None]
            ) -> tuple[dict, list[dict], dict | None, list[dict]]:
    """Run the workers: INT8 cold load first (it fills the cache the INT8 rows load from), the rows (each seed
    row followed by its plain-script check), drift. Returns (cold loads, rows, drift, seed checks)."""
    jobs = _row_jobs(args, base, items, precisions, warmup, out, sets)
    cpu_int8 = "int8" in precisions and args.device == "cpu"
    cold_pipes = [p for p in ("tingxie", "tingxie-torch") if cpu_int8 and p in args.pipelines]
    by_name = {j.name: j for j in jobs}

    def work(job: Job) -> dict[str, Any]:
        if job.after is not None and not by_name[job.after].future.result().get("ok"):
            return {"ok": False, "skipped": "its seed-recipe row did not run"}
        say(f"{job.label}: started")
        res = job.run()
        if job.spec["task"] in ("run", "seed-bare") and res.get("ok"):
            wall = sorted(r["wall_s"] for r in res["runs"])[len(res["runs"]) // 2]
            say(f"{job.label}: wall {wall:.2f} s, RTF {wall / job.spec['audio_s']:.4f}, "
                f"peak RSS {res['peak_rss_mb']:.0f} MiB")
        else:
            say(f"{job.label}: " + ("done" if res.get("ok") else res.get("skipped") or res.get("error", "failed")))
        return res

    def depends(spec: dict[str, Any]) -> bool:
        return spec["pipeline"] in cold_pipes and spec["precision"] == "int8" and spec["task"] == "run"

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:  # one worker: FIFO, so strictly in order
        cold_fs = {p: ex.submit(work, Job(f"cold-load-int8-{p}", {**base, "task": "cold-load", "pipeline": p,
                                                                  "precision": "int8"}, {},
                                          f"{p} INT8 cold load (empty cache)",
                                          lambda p=p: run_worker({**base, "task": "cold-load", "pipeline": p,
                                                                  "precision": "int8"}, out, f"cold-load-int8-{p}",
                                                                 args.timeout)))
                   for p in cold_pipes}
        later = [j for j in jobs if args.jobs > 1 and depends(j.spec)]
        for job in [j for j in jobs if j not in later]:
            job.future = ex.submit(work, job)
        cold = {p: f.result() for p, f in cold_fs.items()}
        for job in later:
            job.future = ex.submit(work, job)
        drift_f, drift_item = None, min(items, key=lambda a: a["audio_s"])
        if not args.no_drift and "tingxie" in args.pipelines and "fp32" in precisions and len(precisions) > 1:
            spec = {**base, "task": "drift", "precisions": precisions, "pipelines": args.pipelines,
                    "audio": drift_item["path"]}
            drift_f = ex.submit(work, Job("drift", spec, drift_item, f"drift: FP32 vs "
                                          f"{', '.join(p for p in precisions if p != 'fp32')} on {drift_item['name']}",
                                          lambda: run_worker(spec, out, "drift", args.timeout)))
        rows = [bench_report.make_row({**j.spec, "audio": j.item["name"]}, j.future.result(),
                                      cold.get(j.spec["pipeline"]))
                for j in jobs if j.spec["task"] == "run"]
        checks = [{"audio": j.item["name"], "audio_s": j.item["audio_s"], "precision": j.spec["precision"],
                   **j.future.result()} for j in jobs if j.spec["task"] == "seed-bare"]
        drift = drift_f.result() if drift_f else None
    if drift is not None:
        drift["audio"] = drift_item["name"]
    return cold, rows, drift, checks
