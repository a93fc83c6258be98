"""Benchmark worker: one measurement in a fresh process (`python -m models.bench.worker SPEC.json RESULT.json`).

Peak RSS is a process high-water mark (ru_maxrss never goes down), so every (pipeline, precision, audio) row is
measured in its own process; `models.bench.run` starts these workers and collects what they write. Tasks:
    run        load the pipeline, transcribe the warm-up clip once, then the audio `repeat` times
    cold-load  Tingxie INT8 load with an empty INT8 cache (quantizes and writes the cache; no transcription)
    drift      FP32 against each other precision on the same VAD segments (models/bench/drift.py)
The pipelines (Tingxie's engine, the seed recipe) are in models/bench/pipelines.py. Rows measured outside our
package (the bare seed recipe, funasr-onnx) run scripts in models/bench/standalone/ instead.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from models.bench.drift import task_drift
from models.bench.pipelines import (SeedRecipe, Skipped, TingxiePipeline, cuda_check, model_dirs, sync,
                                    tingxie_engine, vram)
from models.bench.stages import StageTimers, mem, model_bytes
from models.bench.standalone.bench_protocol import main as protocol_main
from models.bench.standalone.bench_protocol import measure
from models.bench.userenv import restore_user_environ


# ---------------------------------------------------------------- tasks

def task_run(spec: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    if spec["pipeline"] != "tingxie":  # "tingxie" imports what its load needs (no torch on the ONNX set)
        import torch  # noqa: F401  (import cost is reported apart from load time)

    if spec["pipeline"] == "seed-recipe":
        import funasr  # noqa: F401
    else:
        import models.asr.engine  # noqa: F401
    import_s = time.perf_counter() - t0
    cuda_check(spec)
    pipe = SeedRecipe(spec) if spec["pipeline"] == "seed-recipe" else TingxiePipeline(spec)
    timers = StageTimers(profile=False)
    out = measure(spec, pipe, import_s, timers, sync=lambda: sync(spec),
                  after_load=lambda: {"peak_vram_load": vram(spec, reset=True)})
    out["speaker_labels"] = getattr(pipe, "labels", None)
    out["peak_vram_run"] = vram(spec)
    if spec.get("profile"):
        out["profile_file"] = _profile(pipe, timers, spec)
    disk = pipe.disk(model_dirs(spec))
    out["sizes"] = {k: {"mem_mb": model_bytes(m) / 2**20, "disk_mb": disk.get(k, 0.0)}
                    for k, m in pipe.modules().items() if m is not None}
    return out


def _profile(pipe: Any, timers: StageTimers, spec: dict[str, Any]) -> str:
    """One more (untimed) run under torch.profiler: operators by self CPU time, stages as record_function rows."""
    from torch.profiler import ProfilerActivity, profile

    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if spec["device"] == "cuda" else [])
    timers.profile = True
    with profile(activities=acts) as prof:
        pipe.transcribe(spec["audio"])
        sync(spec)
    timers.profile = False
    try:
        sort = "self_device_time_total" if spec["device"] == "cuda" else "self_cpu_time_total"
        table = prof.key_averages().table(sort_by=sort, row_limit=40, max_name_column_width=60)
    except (KeyError, AttributeError, ValueError):  # older torch names the CUDA column differently
        table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=40, max_name_column_width=60)
    Path(spec["profile"]).write_text(table, encoding="utf-8")
    return spec["profile"]


def task_cold_load(spec: dict[str, Any]) -> dict[str, Any]:
    """INT8 start with an empty cache: FP32 load + quantization + cache write (what the first start costs)."""
    t0 = time.perf_counter()
    import models.asr.engine  # noqa: F401

    import_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    eng = tingxie_engine(spec, spec["int8_cache_dir"])
    info = eng.load()
    import resource

    # The ONNX export runs in child processes (models/runtime/onnx_asr.py): their peak is reported beside ours.
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"load_cold_s": time.perf_counter() - t1, "import_s": import_s, "int8_cache": info.int8_cache,
            "backend": info.backend, "peak_rss_cold_load_mb": mem("VmHWM"),
            "peak_rss_cold_children_mb": children or None}


TASKS = {"run": task_run, "cold-load": task_cold_load, "drift": task_drift}


def _task(spec: dict[str, Any]) -> dict[str, Any]:
    if spec.get("pipeline") == "seed-recipe":  # as a user's script runs it, not with the app's OpenMP setting
        restore_user_environ()
    if spec.get("models_root"):
        os.environ["MODELSCOPE_CACHE"] = spec["models_root"]
    return TASKS[spec["task"]](spec)


def main(argv: list[str] | None = None) -> int:
    return protocol_main(_task, sys.argv[1:] if argv is None else argv, skipped=(Skipped,))


if __name__ == "__main__":
    sys.exit(main())
