"""Benchmark worker: one measurement in a fresh process (`python -m models.bench.worker SPEC.json RESULT.json`).

Peak RSS is a process high-water mark (ru_maxrss never goes down), so every (pipeline, precision, audio) row is
measured in its own process; `models.bench.run` starts these workers and collects what they write. Tasks:
    run        load the pipeline, transcribe the warm-up clip once, then the audio `repeat` times
    cold-load  Tingxie INT8 load with an empty INT8 cache (quantizes and writes the cache; no transcription)
    drift      FP32 against each other precision on the same VAD segments: encoder cosine, token agreement
Time per stage comes from timers wrapped around the recognizer's and the model's methods on the instances (the
engine is not changed for it); see `bench_stages.py`.
"""
from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from models.bench.stages import (OnnxFile, StageTimers, cpu_name, disk_mb, mem, model_bytes, onnx_file,
                                 reset_peak_rss)

SR = 16000


class Skipped(Exception):
    """This row cannot run here (e.g. the seed recipe's INT8 on CUDA); reported as skipped, not failed."""


# ---------------------------------------------------------------- helpers

def _store(spec: dict[str, Any]):
    from models.store.manager import ModelStore

    return ModelStore(Path(spec["models_root"])) if spec.get("models_root") else ModelStore()


def _model_dirs(spec: dict[str, Any]) -> dict[str, Path]:
    from models.core import registry

    store = _store(spec)
    keys = ["asr", "vad"] + ([spec["punc"]] if spec.get("punc") else [])
    return {("punc" if k.startswith("punc") else k): store.resolve(registry.MODELS[k]) for k in keys}


def _cuda_check(spec: dict[str, Any]) -> None:
    if spec["device"] != "cuda":
        return
    import torch

    if not torch.cuda.is_available():
        raise RuntimeError("--device cuda was asked for, but torch sees no CUDA GPU")


def _sync(spec: dict[str, Any]) -> None:
    if spec["device"] == "cuda":
        import torch

        torch.cuda.synchronize()


def _vram(spec: dict[str, Any], reset: bool = False) -> dict[str, float]:
    if spec["device"] != "cuda":
        return {}
    import torch

    out = {"allocated_mb": torch.cuda.max_memory_allocated() / 2**20,
           "reserved_mb": torch.cuda.max_memory_reserved() / 2**20}
    if reset:
        torch.cuda.reset_peak_memory_stats()
    return out


def _tingxie_engine(spec: dict[str, Any], cache_dir: str):
    from models.asr.engine import Engine, EngineConfig

    # "tingxie": the app's defaults (CPU INT8 on ONNX Runtime when installed); "tingxie-torch": PyTorch only.
    backend = "torch" if spec.get("pipeline") == "tingxie-torch" else "auto"
    cfg = EngineConfig(device=spec["device"], precision=spec["precision"], threads=spec["threads"],
                       punc=spec.get("punc") or "", backend=backend)
    return Engine(cfg, store=_store(spec), int8_cache_dir=Path(cache_dir))


# ---------------------------------------------------------------- pipelines

class _Tingxie:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def load(self) -> dict[str, Any]:
        if self.spec["precision"] == "fp16" and self.spec["device"] != "cuda":
            raise Skipped("FP16 needs CUDA (the engine would run FP32)")
        from models.speakers.options import SpeakerOptions

        self.speakers = SpeakerOptions.parse(self.spec.get("speakers") or "off")  # bench --speakers (issue 15)
        self.engine = _tingxie_engine(self.spec, self.spec["int8_cache_dir"])
        info = self.engine.load(speakers=self.speakers.enabled)
        if self.spec["device"] == "cuda" and info.device != "cuda":
            raise RuntimeError("the engine fell back to the CPU: " + "; ".join(info.warnings))
        return {"device_name": info.device_name, "threads": info.threads, "precision_run": info.precision,
                "int8_cache": info.int8_cache, "warnings": list(info.warnings), "backend": info.backend}

    def instrument(self, timers: StageTimers) -> None:
        rec = self.engine.recognizer
        if self.engine.loaded_set.asr is None:  # the ONNX set (issue 17): no torch to time, no funasr parts
            from models.runtime.onnx_vad import OnnxVadStream

            timers.wrap(OnnxVadStream, "feed", "vad")
            timers.wrap(rec.onnx, "run", "encoder")
            timers.wrap(rec, "recognize", "asr")
            timers.wrap(rec, "punctuate", "punc")
            return
        import models.asr.vad

        timers.wrap(models.asr.vad.VadStream, "feed", "vad")
        if rec.onnx is not None:  # the whole Paraformer is one ONNX Runtime call: counted as "encoder"
            timers.wrap(rec.asr.frontend, "forward", "fbank")
            timers.wrap(rec.onnx, "run", "encoder")
        else:
            timers.wrap_asr(rec.asr.model, rec.asr.frontend)
        try:  # the engine's own CIF steps (models/asr/cif.py), used instead of the model's methods when supported
            from models.asr import cif

            timers.wrap(cif, "predict_tokens", "cif")
            timers.wrap(cif, "predict_timestamps", "timestamp")
        except (ImportError, AttributeError):
            pass
        timers.wrap(rec, "recognize", "asr")
        timers.wrap(rec, "punctuate", "punc")
        if self.speakers.enabled:  # CAM++ per VAD segment, summed over the decode threads
            timers.wrap(self.engine.speaker_embedder(), "embed_segment", "spk")

    def transcribe(self, path: str) -> str:
        t = self.engine.transcribe(path, speakers=self.speakers if self.speakers.enabled else None)
        self.labels = len({s.speaker for s in t.segments if s.speaker >= 0})
        return t.text

    def modules(self) -> dict[str, Any]:
        m = self.engine.loaded_set
        onnx = self.engine.recognizer.onnx
        if m.asr is None:  # the ONNX set: the graphs' files (their initializers) stand for the weights held
            files = {k.removesuffix("-onnx"): OnnxFile(onnx_file(d)) for k, d in self.engine.model_dirs().items()}
            return {"asr": onnx, "vad": files.get("vad"), "punc": files.get("punc")}
        return {"asr": onnx if onnx is not None else m.asr.model, "vad": m.vad.model,
                "punc": m.punc.model if m.punc else None}

    def disk(self, dirs: dict[str, Path]) -> dict[str, float]:
        from models.runtime import quantize

        if self.engine.loaded_set.asr is None:  # the ONNX set: the files it reads
            return {k.removesuffix("-onnx"): disk_mb(onnx_file(d)) for k, d in self.engine.model_dirs().items()}
        sizes = {k: disk_mb(d / "model.pt") for k, d in dirs.items()}
        onnx = self.engine.recognizer.onnx
        if onnx is not None:
            sizes["asr"] = disk_mb(onnx.path)
        elif self.spec["precision"] == "int8" and self.spec["device"] == "cpu":  # what an INT8 start reads
            cache = quantize.Int8Cache(Path(self.spec["int8_cache_dir"]))
            for k in ("asr", "punc"):
                cached = cache.path_for(k, dirs[k] / "model.pt") if k in dirs else None
                if cached is not None and cached.is_file():  # a model the engine keeps FP32 has no cache file
                    sizes[k] = disk_mb(cached)
        return sizes


class _SeedRecipe:
    """The seed article's recipe, as published: funasr AutoModel(...).generate(input, batch_size_s=300)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def load(self) -> dict[str, Any]:
        import torch
        from torch import nn

        from funasr import AutoModel  # the whole of funasr: part of the recipe's cost

        spec, dirs = self.spec, _model_dirs(self.spec)
        if spec["precision"] == "fp16" and spec["device"] != "cuda":
            raise Skipped("FP16 needs CUDA")
        if spec["precision"] == "int8" and spec["device"] == "cuda":
            raise Skipped("the recipe's quantize_dynamic has no CUDA kernels (CPU only)")
        kw: dict[str, Any] = dict(model=str(dirs["asr"]), vad_model=str(dirs["vad"]), disable_update=True,
                                  device="cuda:0" if spec["device"] == "cuda" else "cpu", ncpu=spec["threads"],
                                  disable_pbar=True, disable_log=True)
        if "punc" in dirs:
            kw["punc_model"] = str(dirs["punc"])
        if spec["precision"] == "fp16":
            kw["fp16"] = True
        self.am = AutoModel(**kw)
        if spec["precision"] == "int8":
            self.am.model = torch.ao.quantization.quantize_dynamic(self.am.model, {nn.Linear}, dtype=torch.qint8)
        name = torch.cuda.get_device_name(0) if spec["device"] == "cuda" else cpu_name()
        return {"device_name": name, "threads": torch.get_num_threads(), "precision_run": spec["precision"]}

    def instrument(self, timers: StageTimers) -> None:
        am = self.am
        timers.wrap(am.vad_model, "inference", "vad")
        timers.wrap_asr(am.model, None)
        # generate() restores kwargs from a snapshot taken at init: its frontend is the one that runs
        base = (getattr(am, "_base_kwargs_map", None) or {}).get("kwargs", {})
        fronts = [am.kwargs.get("frontend"), base.get("frontend")]
        for fe in {id(f): f for f in fronts if f is not None}.values():
            timers.wrap(fe, "forward", "fbank")
        timers.wrap(am.model, "inference", "asr")
        if am.punc_model is not None:
            timers.wrap(am.punc_model, "inference", "punc")

    def transcribe(self, path: str) -> str:
        res = self.am.generate(input=path, batch_size_s=300)
        return "".join(r.get("text", "") for r in res)

    def modules(self) -> dict[str, Any]:
        return {"asr": self.am.model, "vad": self.am.vad_model, "punc": self.am.punc_model}

    def disk(self, dirs: dict[str, Path]) -> dict[str, float]:
        return {k: disk_mb(d / "model.pt") for k, d in dirs.items()}  # quantized at every start: nothing cached


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
    _cuda_check(spec)
    pipe = _SeedRecipe(spec) if spec["pipeline"] == "seed-recipe" else _Tingxie(spec)
    t1 = time.perf_counter()
    out: dict[str, Any] = pipe.load()
    out["load_s"] = time.perf_counter() - t1
    out["import_s"] = import_s
    out["rss_after_load_mb"] = mem("VmRSS")
    out["peak_rss_load_mb"] = mem("VmHWM")
    out["peak_vram_load"] = _vram(spec, reset=True)
    out["peak_reset"] = reset_peak_rss()  # from here VmHWM is the peak of the transcription runs alone

    timers = StageTimers(profile=False)
    pipe.instrument(timers)
    if spec.get("warmup_audio"):
        t = time.perf_counter()
        pipe.transcribe(spec["warmup_audio"])
        _sync(spec)
        out["first_run_s"] = time.perf_counter() - t
    runs, text = [], ""
    for _ in range(spec["repeat"]):
        timers.reset()
        c0, t = time.process_time(), time.perf_counter()
        text = pipe.transcribe(spec["audio"])
        _sync(spec)
        wall = time.perf_counter() - t
        runs.append({"wall_s": wall, "cpu_s": time.process_time() - c0, **timers.snapshot(wall)})
    out["runs"] = runs
    out["text"] = text
    out["speaker_labels"] = getattr(pipe, "labels", None)
    out["peak_rss_run_mb"] = mem("VmHWM")
    out["peak_rss_mb"] = max(out["peak_rss_load_mb"], out["peak_rss_run_mb"])
    out["peak_vram_run"] = _vram(spec)
    if spec.get("profile"):
        out["profile_file"] = _profile(pipe, timers, spec)
    disk = pipe.disk(_model_dirs(spec))
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
        _sync(spec)
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
    eng = _tingxie_engine(spec, spec["int8_cache_dir"])
    info = eng.load()
    import resource

    # The ONNX export runs in child processes (models/runtime/onnx_asr.py): their peak is reported beside ours.
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"load_cold_s": time.perf_counter() - t1, "import_s": import_s, "int8_cache": info.int8_cache,
            "backend": info.backend, "peak_rss_cold_load_mb": mem("VmHWM"),
            "peak_rss_cold_children_mb": children or None}


def task_drift(spec: dict[str, Any]) -> dict[str, Any]:
    """FP32 vs each other precision on the same speech segments (the first VAD segments of the audio)."""
    import numpy as np
    import torch

    from models.audio import decode as audio

    _cuda_check(spec)
    base = _tingxie_engine({**spec, "precision": "fp32"}, spec["int8_cache_dir"])
    base.load()
    segs = [(a, b) for a, b in base.detect_speech(spec["audio"]) if b - a >= 300]
    budget_ms, chosen = spec.get("max_speech_s", 120) * 1000, []
    for a, b in segs[: spec.get("max_segments", 30)]:
        if chosen and sum(y - x for x, y in chosen) + (b - a) > budget_ms:
            break
        chosen.append((a, b))
    pcm: list[np.ndarray] = []
    need = (chosen[-1][1] * SR // 1000) if chosen else 0
    for block in audio.stream(spec["audio"]):
        pcm.append(block)
        if sum(p.size for p in pcm) >= need:
            break
    x = np.concatenate(pcm) if pcm else np.zeros(0, np.float32)
    chunks = [(a, x[a * SR // 1000: b * SR // 1000]) for a, b in chosen]
    ref = [(base.recognizer.encode(c)[0], base.recognizer.recognize(c, a)[0]) for a, c in chunks]
    out: dict[str, Any] = {"segments": len(chunks), "speech_s": sum(c.size for _, c in chunks) / SR,
                           "by_precision": {}}
    variants = [(p, "tingxie") for p in spec["precisions"]]
    if "int8" in spec["precisions"] and spec["device"] == "cpu" and "tingxie-torch" in spec.get("pipelines", ()):
        variants.append(("int8", "tingxie-torch"))
    for prec, pipe in variants:
        if prec == "fp32" or (prec == "fp16" and spec["device"] != "cuda"):
            continue
        eng = _tingxie_engine({**spec, "precision": prec, "pipeline": pipe}, spec["int8_cache_dir"])
        eng.load()
        cos, agree, same, n_ref = [], 0.0, 0, 0
        edits = 0
        for (a, c), (enc32, words32) in zip(chunks, ref):
            if eng.recognizer.onnx is None:  # ONNX Runtime runs the whole model in one call: no encoder output
                enc, _ = eng.recognizer.encode(c)
                cos.append(float(torch.nn.functional.cosine_similarity(
                    enc.float().flatten().cpu(), enc32.float().flatten().cpu(), dim=0)))
            words = eng.recognizer.recognize(c, a)[0]
            edits += _edit_distance(words32, words)
            n_ref += len(words32)
            same += words == words32
        agree = 1.0 - edits / max(1, n_ref)
        out["by_precision"][prec if pipe == "tingxie" else f"{prec} ({pipe})"] = {
            "backend": eng.info.backend if eng.info else None,
            "encoder_cosine_mean": float(np.mean(cos)) if cos else None,
            "encoder_cosine_min": float(np.min(cos)) if cos else None,
            "token_agreement": agree if chunks else None,
            "segments_identical": same, "tokens_fp32": n_ref}
        eng.close()
    return out


def _edit_distance(a: list, b: list) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


TASKS = {"run": task_run, "cold-load": task_cold_load, "drift": task_drift}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    spec_path, result_path = Path(argv[0]), Path(argv[1])
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    if spec.get("models_root"):
        os.environ["MODELSCOPE_CACHE"] = spec["models_root"]
    try:
        result = {"ok": True, **TASKS[spec["task"]](spec)}
    except Skipped as exc:
        result = {"ok": False, "skipped": str(exc)}
    except Exception as exc:  # reported in the row; the other rows still run
        traceback.print_exc()
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    tmp = result_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, result_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
