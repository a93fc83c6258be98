"""Loading policy: which device, precision and runtime the engine really gets, and the models it loads.

Engine (the streaming pipeline, models/asr/engine.py) asks `ModelLoader.load()` for a `LoadedSet` and, after a
second CUDA out-of-memory on one segment, `ModelLoader.cpu_fallback()`. The recipes themselves (INT8 cache,
torchao, ONNX export) live in models/runtime/.
"""
from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import torch

from models.asr import loader
from models.asr.loader import LoadedModel
from models.asr.recognizer import Recognizer
from models.core import paths
from models.core.errors import ModelError, TingxieError
from models.options import EngineConfig, runtime_label
from models.runtime import onnx_asr, quantize
from models.runtime.system import cpu_name, malloc_trim, mmap_large_blocks, physical_cores

log = logging.getLogger(__name__)
_T = TypeVar("_T")


@dataclass(frozen=True)
class RuntimeInfo:
    """What actually runs (may differ from what was asked: no CUDA, FP16 on CPU...)."""

    device: str
    device_name: str
    precision: str
    threads: int
    warnings: tuple[str, ...] = ()
    load_s: float = 0.0
    int8_cache: str = ""  # "hit" | "miss" | "" (not INT8 on CPU); ONNX: whether the export was cached
    backend: str = "torch"  # "torch" | "onnx" (ONNX Runtime runs the ASR model)

    def label(self) -> str:
        return runtime_label(self.device, self.device_name, self.precision, self.backend, self.threads)


@dataclass
class LoadedSet:
    """The loaded models and the recognizer over them; `workers` segments are decoded at once."""

    vad: LoadedModel
    asr: LoadedModel
    punc: LoadedModel | None
    rec: Recognizer
    info: RuntimeInfo
    workers: int = 1


class ModelLoader:
    def __init__(self, config: EngineConfig, store: object | None = None, int8_cache_dir: Path | None = None) -> None:
        self.config = config
        self._store = store
        self._int8_cache_dir = int8_cache_dir

    @property
    def int8_cache_dir(self) -> Path:
        return self._int8_cache_dir or paths.cache_dir() / "int8"

    def model_dirs(self) -> dict[str, Path]:
        """Local folders of the models, resolved without any network access (raises ModelMissingError)."""
        from models.core import registry
        from models.store.manager import ModelStore

        store = self._store or ModelStore()
        keys = ["vad", "asr"] + ([self.config.punc] if self.config.punc else [])
        return {k: store.resolve(registry.MODELS[k]) for k in keys}  # type: ignore[attr-defined]

    def load(self, status: Callable[[str], None]) -> LoadedSet:
        t0 = time.perf_counter()
        dirs = self.model_dirs()
        warnings: list[str] = []
        device = self._pick_device(warnings)
        precision = self.config.precision
        if precision == "fp16" and device == "cpu":
            warnings.append("FP16 needs a CUDA GPU; running FP32 on the CPU instead")
            precision = "fp32"
        threads = self.config.threads or physical_cores()
        # On the CPU, decode `threads` segments at once with one torch thread each: measured 1.34x (INT8)
        # and 1.48x (FP32) faster than one segment on two intra-op threads, with identical words.
        workers = threads if device == "cpu" and self.config.parallel else 1
        torch.set_num_threads(1 if workers > 1 else threads)
        status("loading voice activity detection")
        vad = _guarded("vad", dirs["vad"], lambda: loader.load(dirs["vad"]))
        status("loading Paraformer-large")
        onnx_model, asr, cache_state = None, None, ""
        if self._wants_onnx(device, precision, warnings):
            mmap_large_blocks()  # before the session: its load peak counts too
            try:
                session_threads = 1 if workers > 1 else threads
                asr, onnx_model, cache_state = self._load_onnx(dirs["asr"], precision, session_threads, status)
            except Exception as exc:  # never worse than before: PyTorch runs the same model
                if self.config.backend == "onnx":
                    if isinstance(exc, TingxieError):
                        raise
                    raise _load_error("asr", dirs["asr"], exc) from exc
                log.exception("ONNX Runtime model not usable; using PyTorch")
                warnings.append(f"ONNX Runtime could not run the model ({first_line(exc)}); using PyTorch")
        if asr is None:
            asr, cache_state = _guarded("asr", dirs["asr"], lambda: self._load_asr(dirs["asr"], device, precision,
                                                                                   status))
        punc = None
        if self.config.punc:
            status("loading punctuation")
            # Always FP32 and memory-mapped: its 272k-row embedding is most of it and is not an nn.Linear,
            # so INT8 would save little, while mmap keeps the untouched rows out of RAM (DESIGN.md).
            key = self.config.punc
            punc = _guarded(key, dirs[key], lambda: loader.load(dirs[key]))
        rec = Recognizer(asr, punc, device, half=(device == "cuda" and precision == "fp16"), onnx=onnx_model)
        name = torch.cuda.get_device_name(0) if device == "cuda" else cpu_name()
        info = RuntimeInfo(device, name, precision, threads, tuple(warnings), time.perf_counter() - t0, cache_state,
                           "onnx" if onnx_model is not None else "torch")
        gc.collect()
        malloc_trim()
        return LoadedSet(vad, asr, punc, rec, info, workers)

    def cpu_fallback(self, loaded: LoadedSet, reason: str) -> LoadedSet:
        """The ASR model on the CPU (INT8) instead of CUDA, keeping VAD and punctuation.

        The CPU copy is loaded before the CUDA one is dropped (it needs RAM, not GPU memory): if it cannot load,
        `loaded` stays as it was — still usable for the next file — and the ModelError says why.
        """
        folder = loaded.asr.folder
        try:
            asr, state = quantize.load_int8_cpu(folder, "asr", self.int8_cache_dir)
        except Exception as exc:
            log.exception("CPU fallback after CUDA out of memory failed")
            raise ModelError(f"{reason}, and the CPU could not take over: {first_line(exc)}. The GPU model stays "
                             f"loaded; try a shorter file or free GPU memory.", model_key="asr") from exc
        old = loaded.info
        loaded.asr = asr
        loaded.rec = Recognizer(asr, loaded.punc, "cpu", half=False)
        loaded.info = replace(old, device="cpu", device_name=cpu_name(), precision="int8", backend="torch",
                              warnings=old.warnings + (f"{reason}; continuing on the CPU (INT8)",), int8_cache=state)
        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        return loaded

    def _pick_device(self, warnings: list[str]) -> str:
        want = self.config.device
        has_cuda = torch.cuda.is_available()
        if want == "cuda" and not has_cuda:
            warnings.append("CUDA was requested but no CUDA GPU is available; running on the CPU")
            return "cpu"
        return "cuda" if want == "cuda" or (want == "auto" and has_cuda) else "cpu"

    def _wants_onnx(self, device: str, precision: str, warnings: list[str]) -> bool:
        want = self.config.backend
        if want == "torch" or device != "cpu" or (want == "auto" and precision != "int8"):
            if want == "onnx" and device != "cpu":
                warnings.append("ONNX Runtime is used on the CPU only; the GPU runs PyTorch")
            return False
        if not onnx_asr.available():
            if want == "onnx":
                warnings.append("onnxruntime is not installed; running PyTorch instead")
            return False
        return True

    def _load_onnx(self, folder: Path, precision: str, threads: int,
                   status: Callable[[str], None]) -> tuple[LoadedModel, onnx_asr.OnnxParaformer, str]:
        """Paraformer-large on ONNX Runtime, exported from model.pt once and cached beside the INT8 weights."""
        conf = loader.read_conf(folder)
        tok, fe, _mconf = loader.build_parts(conf)
        path = onnx_asr.cache_path(self.int8_cache_dir, folder / "model.pt", precision)
        parts = LoadedModel(None, fe, tok, conf, folder)  # type: ignore[arg-type]
        if path.is_file():
            try:
                return parts, onnx_asr.OnnxParaformer(path, threads), "hit"
            except Exception as exc:  # damaged or foreign file: export again
                log.warning("cached ONNX model %s not usable (%s); exporting again", path, exc)
                path.unlink(missing_ok=True)
        status(f"preparing the {precision.upper()} ONNX model (once; about a minute)")
        t = time.perf_counter()
        onnx_asr.export(folder, path, precision)
        gc.collect()
        malloc_trim()
        log.info("exported %s in %.1f s", path.name, time.perf_counter() - t)
        return parts, onnx_asr.OnnxParaformer(path, threads), "miss"

    def _load_asr(self, folder: Path, device: str, precision: str,
                  status: Callable[[str], None]) -> tuple[LoadedModel, str]:
        if device == "cpu":
            if precision == "int8":
                status("loading INT8 weights")
                return quantize.load_int8_cpu(folder, "asr", self.int8_cache_dir)
            return loader.load(folder), ""
        if precision == "int8":
            status("quantizing to INT8 (torchao)")
        return quantize.to_cuda(loader.load(folder), precision, device), ""


def _guarded(key: str, folder: Path, load: Callable[[], _T]) -> _T:
    """Run a model load; anything but our own errors becomes a ModelError naming the model and the file."""
    try:
        return load()
    except TingxieError:
        raise
    except Exception as exc:
        raise _load_error(key, folder, exc) from exc


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _load_error(key: str, folder: Path, exc: BaseException) -> BaseException:
    if isinstance(exc, TingxieError):
        return exc
    if isinstance(exc, ImportError):  # an incomplete install or bundle, not a bad model file
        log.exception("loading %s: import failed", key)
        return ModelError(f"Tingxie's installation is incomplete: {exc}. Reinstall the app (`make run` sets it "
                          f"up again); the model files were not checked.", model_key=key)
    text = str(exc).lower()
    bad = ("tokens.json" if "token" in text or "unk" in text else
           "config.yaml" if "yaml" in text or "config" in text else
           "am.mvn" if "mvn" in text else "model.pt")
    log.error("loading %s from %s failed", key, folder, exc_info=exc)
    return ModelError(
        f"The {key} model in {folder} could not be loaded ({first_line(exc)}); {bad} looks wrong or belongs to "
        f"another model. Check it with `python main.py models verify --deep {key}` and fix it with "
        f"`python main.py models repair {key}` (or import a good copy).",
        model_key=key, bad_file=bad,
    )
