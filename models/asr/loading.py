"""Loading policy: which device, precision and runtime the engine really gets, and the models it loads.

Engine (the streaming pipeline, models/asr/engine.py) asks `ModelLoader.load()` for a `LoadedSet` and, after a
second CUDA out-of-memory on one segment, `ModelLoader.cpu_fallback()`. The recipes themselves (INT8 cache,
torchao, ONNX export) live in models/runtime/.

CPU + INT8 with the published ONNX set installed (registry CPU_SET: asr-onnx, vad-onnx, punc-onnx): VAD, Paraformer
and punctuation all run on ONNX Runtime (models/asr/ort_models.py) and torch is never imported. Every
other case (CUDA, FP32, backend=torch, the large punctuation model, only the PyTorch folders installed) keeps the
PyTorch folders: the converted ONNX cache for CPU INT8, else PyTorch. torch is imported only on those paths.
Without torch (the CPU bundle) only the ONNX set runs: a config that needs torch runs INT8 on it instead, with a
warning per change (options.torch_free), and a missing ONNX set is a ModelMissingError naming its first folder.
"""
from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from models.core import paths
from models.core.errors import ModelError, TingxieError
from models.options import EngineConfig, runtime_label, torch_free
from models.runtime import onnx_asr
from models.runtime.cuda_probe import cuda_available
from models.runtime.torch_probe import is_torch_missing, needs_torch_message, torch_available
from models.runtime.system import available_memory_mb, cpu_name, malloc_trim, mmap_large_blocks, physical_cores

if TYPE_CHECKING:  # torch comes in with these; the ONNX set's process never imports them
    from models.runtime.loader import LoadedModel
    from models.asr.recognizer import Recognizer

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
    """The loaded models and the recognizer over them; `workers` segments are decoded at once.

    On the ONNX set `vad` is an OnnxVadModel, `asr` and `punc` are None and `rec` is an OrtRecognizer (the same
    recognize / punctuate interface as Recognizer).
    """

    vad: Any  # LoadedModel | OnnxVadModel
    asr: LoadedModel | None
    punc: LoadedModel | None
    rec: Any  # Recognizer | OrtRecognizer
    info: RuntimeInfo
    workers: int = 1

    def vad_stream(self, live: bool = False) -> Any:
        """A fresh VAD stream (feed / in_silence / processed_ms) for one file; live: for audio still being
        captured (short chunks, so a segment is closed within a second of its end instead of per 60 s)."""
        if hasattr(self.vad, "stream"):
            return self.vad.stream(live=live)
        from models.asr.vad import VadStream

        return VadStream(self.vad, live=live)


class ModelLoader:
    def __init__(self, config: EngineConfig, store: object | None = None, int8_cache_dir: Path | None = None) -> None:
        self.config = config
        self._store = store
        self._int8_cache_dir = int8_cache_dir

    @property
    def int8_cache_dir(self) -> Path:
        return self._int8_cache_dir or paths.cache_dir() / "int8"

    @property
    def graph_cache_dir(self) -> Path:
        """ONNX Runtime's optimised graphs (models/runtime/ort_session.py): saved once, memory-mapped after."""
        return self.int8_cache_dir / "ort-graphs"

    def _model_store(self) -> Any:
        from models.store.manager import ModelStore

        return self._store or ModelStore()

    def model_dirs(self) -> dict[str, Path]:
        """Local folders of the models this config loads, by registry key, resolved without any network access
        (raises ModelMissingError): the ONNX set's keys when `onnx_set_dirs()` picks it, else the PyTorch ones."""
        from models.core import registry

        onnx_dirs = self.onnx_set_dirs()
        if onnx_dirs is not None:
            return onnx_dirs
        store = self._model_store()
        if not torch_available():  # the ONNX set is all this process can run: name what is missing of it
            return {k: store.resolve(registry.MODELS[k]) for k in _onnx_keys(self.runnable()[0])}
        keys = ["vad", "asr"] + ([self.config.punc] if self.config.punc else [])
        return {k: store.resolve(registry.MODELS[k]) for k in keys}

    def runnable(self) -> tuple[EngineConfig, tuple[str, ...]]:
        """The config this process runs and a warning per change: the asked one, or without torch its
        torch-free twin (INT8 on ONNX Runtime, CPU)."""
        if torch_available():
            return self.config, ()
        cfg, changes = torch_free(self.config)
        return cfg, tuple(f"{needs_torch_message(what)}; running {instead} instead" for what, instead in changes)

    def onnx_set_dirs(self) -> dict[str, Path] | None:
        """The published ONNX set's folders ({"vad-onnx", "asr-onnx"[, "punc-onnx"]}) when this config runs on it:
        CPU (asked, or auto without CUDA), INT8, backend auto|onnx, no or the Chinese punctuation, all installed."""
        from models.core import registry

        cfg = self.runnable()[0]
        if cfg.backend == "torch" or cfg.precision != "int8" or cfg.punc not in ("", "punc"):
            return None
        store = self._model_store()
        if not hasattr(store, "status"):  # a test double that only resolves
            return None
        dirs: dict[str, Path] = {}
        for key in _onnx_keys(cfg):
            spec = registry.MODELS[key]
            st = store.status(spec)
            if not st.ready:
                return None
            dirs[spec.key] = st.path
        if cfg.device == "cuda" or (cfg.device == "auto" and cuda_available()):  # asked last: may import torch
            return None
        return dirs

    def load(self, status: Callable[[str], None]) -> LoadedSet:
        t0 = time.perf_counter()
        onnx_dirs = self.onnx_set_dirs()
        if onnx_dirs is None and not torch_available():
            onnx_dirs = self.model_dirs()  # the ONNX set's folders, or ModelMissingError for the first missing one
        if onnx_dirs is not None:
            return self._load_onnx_set(onnx_dirs, status, t0)
        import torch

        from models.runtime import loader
        from models.asr.recognizer import Recognizer

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

    def _load_onnx_set(self, dirs: dict[str, Path], status: Callable[[str], None], t0: float) -> LoadedSet:
        """The torch-free CPU pipeline on the published ONNX set (INT8 ASR + punctuation, FP32 VAD)."""
        from models.asr import ort_models

        threads = self.config.threads or physical_cores()
        workers = threads if self.config.parallel else 1
        status("loading the ONNX models")
        mmap_large_blocks()
        punc = dirs.get("punc-onnx")
        try:
            models = ort_models.load(dirs["asr-onnx"], dirs["vad-onnx"], punc, quantized=True,
                                     threads=1 if workers > 1 else threads, graph_cache=self.graph_cache_dir)
        except Exception as exc:
            key = next((k for k, d in dirs.items() if str(d) in str(exc)), "asr-onnx")
            raise _load_error(key, dirs[key], exc) from exc
        warnings = self.runnable()[1]
        info = RuntimeInfo("cpu", cpu_name(), "int8", threads, warnings, time.perf_counter() - t0, "", "onnx")
        gc.collect()
        malloc_trim()
        return LoadedSet(models.vad, None, None, models.rec, info, workers)

    def cpu_fallback(self, loaded: LoadedSet, reason: str) -> LoadedSet:
        """The ASR model on the CPU (INT8) instead of CUDA, keeping VAD and punctuation.

        The CPU copy is loaded before the CUDA one is dropped (it needs RAM, not GPU memory): if it cannot load,
        `loaded` stays as it was — still usable for the next file — and the ModelError says why.
        """
        import torch

        from models.asr.recognizer import Recognizer
        from models.runtime import quantize

        assert loaded.asr is not None, "only a CUDA set falls back to the CPU"
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
        has_cuda = cuda_available()
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
        from models.runtime import loader

        conf = loader.read_conf(folder)
        tok, fe, _mconf = loader.build_parts(conf)
        path = onnx_asr.cache_path(self.int8_cache_dir, folder / "model.pt", precision)
        parts = loader.LoadedModel(None, fe, tok, conf, folder)  # type: ignore[arg-type]
        if path.is_file():
            try:
                return parts, onnx_asr.OnnxParaformer(path, threads, self.graph_cache_dir), "hit"
            except Exception as exc:  # damaged or foreign file: export again
                log.warning("cached ONNX model %s not usable (%s); exporting again", path, exc)
                path.unlink(missing_ok=True)
        free, need = available_memory_mb(), onnx_asr.export_peak_mb(folder / "model.pt")
        if free is not None and free < need:  # a 4 GB laptop: PyTorch INT8 instead of being killed mid-export
            raise ModelError(f"not enough free memory to prepare the ONNX model once ({free} MiB free, about "
                             f"{need} MiB needed); download the CPU (ONNX) model set to skip this step", model_key="asr")
        status(f"preparing the {precision.upper()} ONNX model (once; about a minute)")
        t = time.perf_counter()
        onnx_asr.export(folder, path, precision)
        gc.collect()
        malloc_trim()
        log.info("exported %s in %.1f s", path.name, time.perf_counter() - t)
        return parts, onnx_asr.OnnxParaformer(path, threads, self.graph_cache_dir), "miss"

    def _load_asr(self, folder: Path, device: str, precision: str,
                  status: Callable[[str], None]) -> tuple[LoadedModel, str]:
        from models.runtime import loader
        from models.runtime import quantize

        if device == "cpu":
            if precision == "int8":
                status("loading INT8 weights")
                return quantize.load_int8_cpu(folder, "asr", self.int8_cache_dir)
            return loader.load(folder), ""
        if precision == "int8":
            status("quantizing to INT8 (torchao)")
        return quantize.to_cuda(loader.load(folder), precision, device), ""


def _onnx_keys(cfg: EngineConfig) -> list[str]:
    """Registry keys of the ONNX set that `cfg` loads (VAD, Paraformer[, punctuation])."""
    from models.core import registry

    return [registry.ONNX_OF[r] for r in ("vad", "asr") + (("punc",) if cfg.punc else ())]


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
    if is_torch_missing(exc):  # a PyTorch path in a build without torch (the CPU bundle)
        return ModelError(needs_torch_message(f"The {key} model from its PyTorch folder") + ".", model_key=key)
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
