"""What the benchmark's "run" task measures: Tingxie's engine or the seed recipe, behind one small interface
(load, instrument, transcribe, modules, disk). Used inside a worker process (models/bench/worker.py).

Time per stage comes from timers wrapped around the recognizer's and the model's methods on the instances (the
engine is not changed for it); see models/bench/stages.py.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from models.bench.stages import OnnxFile, StageTimers, cpu_name, disk_mb, onnx_file


class Skipped(Exception):
    """This row cannot run here (e.g. the seed recipe's INT8 on CUDA); reported as skipped, not failed."""


# ---------------------------------------------------------------- helpers

def model_store(spec: dict[str, Any]):
    from models.store.manager import ModelStore

    return ModelStore(Path(spec["models_root"])) if spec.get("models_root") else ModelStore()


def model_dirs(spec: dict[str, Any]) -> dict[str, Path]:
    from models.core import registry

    store = model_store(spec)
    keys = ["asr", "vad"] + ([spec["punc"]] if spec.get("punc") else [])
    return {("punc" if k.startswith("punc") else k): store.resolve(registry.MODELS[k]) for k in keys}


def cuda_check(spec: dict[str, Any]) -> None:
    if spec["device"] != "cuda":
        return
    import torch

    if not torch.cuda.is_available():
        raise RuntimeError("--device cuda was asked for, but torch sees no CUDA GPU")


def sync(spec: dict[str, Any]) -> None:
    if spec["device"] == "cuda":
        import torch

        torch.cuda.synchronize()


def vram(spec: dict[str, Any], reset: bool = False) -> dict[str, float]:
    if spec["device"] != "cuda":
        return {}
    import torch

    out = {"allocated_mb": torch.cuda.max_memory_allocated() / 2**20,
           "reserved_mb": torch.cuda.max_memory_reserved() / 2**20}
    if reset:
        torch.cuda.reset_peak_memory_stats()
    return out


def tingxie_engine(spec: dict[str, Any], cache_dir: str):
    from models.asr.engine import Engine, EngineConfig

    # "tingxie": the app's defaults (CPU INT8 on ONNX Runtime when installed); "tingxie-torch": PyTorch only.
    backend = "torch" if spec.get("pipeline") == "tingxie-torch" else "auto"
    cfg = EngineConfig(device=spec["device"], precision=spec["precision"], threads=spec["threads"],
                       punc=spec.get("punc") or "", backend=backend)
    return Engine(cfg, store=model_store(spec), int8_cache_dir=Path(cache_dir))


# ---------------------------------------------------------------- pipelines

class TingxiePipeline:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def load(self) -> dict[str, Any]:
        if self.spec["precision"] == "fp16" and self.spec["device"] != "cuda":
            raise Skipped("FP16 needs CUDA (the engine would run FP32)")
        from models.speakers.options import SpeakerOptions

        self.speakers = SpeakerOptions.parse(self.spec.get("speakers") or "off")  # bench --speakers
        self.engine = tingxie_engine(self.spec, self.spec["int8_cache_dir"])
        info = self.engine.load(speakers=self.speakers.enabled)
        if self.spec["device"] == "cuda" and info.device != "cuda":
            raise RuntimeError("the engine fell back to the CPU: " + "; ".join(info.warnings))
        return {"device_name": info.device_name, "threads": info.threads, "precision_run": info.precision,
                "int8_cache": info.int8_cache, "warnings": list(info.warnings), "backend": info.backend}

    def instrument(self, timers: StageTimers) -> None:
        rec = self.engine.recognizer
        if self.engine.loaded_set.asr is None:  # the ONNX set: no torch to time, no funasr parts
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
        if not self.speakers.enabled:
            return self.engine.transcribe(path).text
        from models.speakers.assign import label_speakers

        # the engine embeds; labelling the whole file once is the caller's step, as in the app (JobRunner)
        embedded: list[Any] = []
        t = self.engine.transcribe(path, speakers=self.speakers, on_embeddings=lambda _i, e: embedded.append(e))
        segments = label_speakers(t.segments, embedded, self.speakers)
        self.labels = len({s.speaker for s in segments if s.speaker >= 0})
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


class SeedRecipe:
    """The seed article's recipe, as published: funasr AutoModel(...).generate(input, batch_size_s=300)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def load(self) -> dict[str, Any]:
        import torch
        from torch import nn

        from funasr import AutoModel  # the whole of funasr: part of the recipe's cost

        spec, dirs = self.spec, model_dirs(self.spec)
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
