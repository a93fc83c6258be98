"""Engine: load VAD + Paraformer-large + CT-punc once, transcribe files segment by segment.

The CLI, the GUI worker and the benchmark all drive this class. No Qt here.
"""
from __future__ import annotations

import gc
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
import torch

from models.audio import decode as audio
from models.asr import loader
from models.runtime import onnx_asr
from models.core import paths
from models.runtime import quantize
from models.core.errors import Cancelled, ModelError, TingxieError
from models.asr.loader import LoadedModel
from models.asr.recognizer import Recognizer
from models.asr.sentences import build_segments
from models.core.transcript import Segment, Transcript
from models.asr.vad import VadStream

log = logging.getLogger(__name__)
_T = TypeVar("_T")

SR = 16000
BLOCK_S = 60.0  # decode/VAD block; segments are at most 60 s (VAD max_single_segment_time)
BACKENDS = ("auto", "torch", "onnx")
KEEP_S = 240.0  # audio kept in memory behind the VAD position: a finished segment always lies inside it


@dataclass(frozen=True)
class EngineConfig:
    device: str = "auto"  # auto | cpu | cuda
    precision: str = "int8"  # fp32 | int8 | fp16 (fp16: CUDA only)
    threads: int = 0  # 0 = physical cores
    punc: str = "punc"  # registry key of the punctuation model, "" = none
    parallel: bool = True  # CPU: decode one segment per core at once (each single-threaded) instead of 1 at a time
    # CPU runtime of the ASR model: auto = ONNX Runtime for INT8 (faster per core, docs/benchmarks.md) when it is
    # installed, else PyTorch; torch | onnx force one (onnx also runs FP32 on ONNX Runtime).
    backend: str = "auto"

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, not {self.backend!r}")
        if self.device not in ("auto", "cpu", "cuda"):
            raise ValueError(f"device must be auto, cpu or cuda, not {self.device!r}")
        if self.precision not in quantize.PRECISIONS:
            raise ValueError(f"precision must be one of {quantize.PRECISIONS}, not {self.precision!r}")


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
        if self.device == "cuda":
            return f"CUDA · {self.device_name} · {self.precision.upper()}"
        runtime = " (ONNX Runtime)" if self.backend == "onnx" else ""
        return f"CPU · {self.precision.upper()}{runtime} · {self.threads} thread{'s' if self.threads != 1 else ''}"


@dataclass(frozen=True)
class Progress:
    done_s: float
    total_s: float
    segments_done: int
    segments_total: int  # VAD segments found so far (grows while the file is read)
    stage: str  # "asr" | "done"


@dataclass
class _Models:
    vad: LoadedModel
    asr: LoadedModel
    punc: LoadedModel | None
    extra: dict = field(default_factory=dict)


class _Window:
    """The last KEEP_S seconds of decoded 16 kHz audio, addressable by absolute sample index."""

    def __init__(self) -> None:
        self.blocks: list[tuple[int, np.ndarray]] = []
        self.end = 0

    def append(self, block: np.ndarray) -> None:
        self.blocks.append((self.end, block))
        self.end += block.size
        keep_from = self.end - int(KEEP_S * SR)
        while self.blocks and self.blocks[0][0] + self.blocks[0][1].size < keep_from:
            self.blocks.pop(0)

    def slice(self, a: int, b: int) -> np.ndarray:
        b = min(b, self.end)
        if self.blocks and a < self.blocks[0][0]:
            raise RuntimeError(f"audio at sample {a} already dropped (window starts at {self.blocks[0][0]})")
        parts = [blk[max(0, a - s): max(0, b - s)] for s, blk in self.blocks if s < b and s + blk.size > a]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)


class Engine:
    def __init__(self, config: EngineConfig | None = None, store: object | None = None,
                 int8_cache_dir: Path | None = None) -> None:
        self.config = config or EngineConfig()
        self._store = store
        self._int8_cache_dir = int8_cache_dir
        self._models: _Models | None = None
        self._rec: Recognizer | None = None
        self.info: RuntimeInfo | None = None
        self._workers = 1
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._rec is not None

    # ---------- loading ----------
    def model_dirs(self) -> dict[str, Path]:
        """Local folders of the models, resolved without any network access (raises ModelMissingError)."""
        from models.core import registry
        from models.store.manager import ModelStore

        store = self._store or ModelStore()
        keys = ["vad", "asr"] + ([self.config.punc] if self.config.punc else [])
        return {k: store.resolve(registry.MODELS[k]) for k in keys}

    def load(self, on_status: Callable[[str], None] | None = None) -> RuntimeInfo:
        status = on_status or (lambda _m: None)
        t0 = time.perf_counter()
        with self._lock:
            dirs = self.model_dirs()
            warnings: list[str] = []
            device = self._pick_device(warnings)
            precision = self.config.precision
            if precision == "fp16" and device == "cpu":
                warnings.append("FP16 needs a CUDA GPU; running FP32 on the CPU instead")
                precision = "fp32"
            threads = self.config.threads or quantize.physical_cores()
            # On the CPU, decode `threads` segments at once with one torch thread each: measured 1.34x (INT8)
            # and 1.48x (FP32) faster than one segment on two intra-op threads, with identical words.
            self._workers = threads if device == "cpu" and self.config.parallel else 1
            torch.set_num_threads(1 if self._workers > 1 else threads)
            status("loading voice activity detection")
            vad = _guarded("vad", dirs["vad"], lambda: loader.load(dirs["vad"]))
            status("loading Paraformer-large")
            onnx_model, asr, cache_state = None, None, ""
            if self._wants_onnx(device, precision, warnings):
                _mmap_large_blocks()  # before the session: its load peak counts too
                try:
                    asr, onnx_model, cache_state = self._load_onnx(dirs["asr"], precision, status)
                except Exception as exc:  # never worse than before: PyTorch runs the same model
                    if self.config.backend == "onnx":
                        if isinstance(exc, TingxieError):
                            raise
                        raise _load_error("asr", dirs["asr"], exc) from exc
                    log.exception("ONNX Runtime model not usable; using PyTorch")
                    warnings.append(f"ONNX Runtime could not run the model ({_first_line(exc)}); using PyTorch")
            if asr is None:
                asr, cache_state = _guarded("asr", dirs["asr"],
                                            lambda: self._load_asr(dirs["asr"], device, precision, status))
            punc = None
            if self.config.punc:
                status("loading punctuation")
                # Always FP32 and memory-mapped: its 272k-row embedding is most of it and is not an nn.Linear,
                # so INT8 would save little, while mmap keeps the untouched rows out of RAM (DESIGN.md).
                key = self.config.punc
                punc = _guarded(key, dirs[key], lambda: loader.load(dirs[key]))
            self._models = _Models(vad, asr, punc)
            self._rec = Recognizer(asr, punc, device, half=(device == "cuda" and precision == "fp16"),
                                   onnx=onnx_model)
            name = torch.cuda.get_device_name(0) if device == "cuda" else cpu_name()
            self.info = RuntimeInfo(device, name, precision, threads, tuple(warnings),
                                    time.perf_counter() - t0, cache_state,
                                    "onnx" if onnx_model is not None else "torch")
            gc.collect()
            _malloc_trim()
        for w in warnings:
            log.warning(w)
        log.info("engine ready: %s in %.1f s (int8 cache: %s)", self.info.label(), self.info.load_s, cache_state)
        status("ready")
        return self.info

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

    def _load_onnx(self, folder: Path, precision: str,
                   status: Callable[[str], None]) -> tuple[LoadedModel, onnx_asr.OnnxParaformer, str]:
        """Paraformer-large on ONNX Runtime, exported from model.pt once and cached beside the INT8 weights."""
        conf = loader.read_conf(folder)
        tok, fe, _mconf = loader.build_parts(conf)
        path = onnx_asr.cache_path(self._int8_cache_dir or paths.cache_dir() / "int8", folder / "model.pt", precision)
        threads = 1 if self._workers > 1 else (self.config.threads or quantize.physical_cores())
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
        _malloc_trim()
        log.info("exported %s in %.1f s", path.name, time.perf_counter() - t)
        return parts, onnx_asr.OnnxParaformer(path, threads), "miss"

    def _load_cpu(self, folder: Path, name: str, precision: str) -> tuple[LoadedModel, str]:
        """A model on the CPU; INT8 through the on-disk cache of quantized weights."""
        if precision != "int8":
            return loader.load(folder), ""
        cache = quantize.Int8Cache(self._int8_cache_dir or paths.cache_dir() / "int8")
        cpath = cache.path_for(name, folder / "model.pt")
        sd = cache.load(cpath)
        if sd is not None:
            try:
                conf = loader.read_conf(folder)
                tok, fe, mconf = loader.build_parts(conf)
                model = quantize.skeleton_int8(loader.build_skeleton(conf, mconf))
                loader.assign_weights(model, sd)
                del sd
                quantize.quantize_lstm_cpu(model)
                return LoadedModel(model.eval(), fe, tok, conf, folder), "hit"
            except Exception as exc:  # stale or foreign cache: rebuild it
                log.warning("INT8 cache %s not usable (%s); quantizing again", cpath, exc)
                cpath.unlink(missing_ok=True)
        lm = loader.load(folder)
        quantize.detach_from_file(lm.model)
        quantize.quantize_dynamic_cpu(lm.model)
        cache.save(cpath, lm.model)
        quantize.quantize_lstm_cpu(lm.model)
        return lm, "miss"

    def _load_asr(self, folder: Path, device: str, precision: str,
                  status: Callable[[str], None]) -> tuple[LoadedModel, str]:
        if device == "cpu":
            if precision == "int8":
                status("loading INT8 weights")
            return self._load_cpu(folder, "asr", precision)
        lm = loader.load(folder)
        model = lm.model
        if precision == "fp16":
            model.encoder.half()
            model.decoder.half()
        model.to(device)
        if precision == "int8":
            status("quantizing to INT8 (torchao)")
            quantize.quantize_torchao_int8(model.encoder)
            quantize.quantize_torchao_int8(model.decoder)
        return lm, ""

    def close(self) -> None:
        with self._lock:
            self._models = None
            self._rec = None
            self.info = None
            gc.collect()
            if torch.cuda.is_available():
                torch.cuda.empty_cache()
            _malloc_trim()

    # ---------- transcription ----------
    def transcribe(
        self,
        path: str | Path,
        on_segment: Callable[[Segment], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        start_ms: int = 0,
    ) -> Transcript:
        """Transcribe one file. Segments ending at or before start_ms are skipped (resume)."""
        if self._rec is None or self._models is None:
            raise ModelError("the engine is not loaded")
        path = Path(path)
        info = audio.probe(path)
        total_s = info.duration_s
        vad = VadStream(self._models.vad)
        window = _Window()
        segments: list[Segment] = []
        state = {"found": 0, "done": 0, "done_ms": 0}

        def report(stage: str = "asr") -> None:
            if on_progress:
                done = min(total_s, state["done_ms"] / 1000) if stage != "done" else total_s
                on_progress(Progress(done, total_s, state["done"], state["found"], stage))

        # Up to `workers` VAD segments are decoded at once, each alone (one torch thread per segment: the
        # same words as one-by-one, unlike padded batching); results are emitted strictly in order.
        workers = self._workers
        inflight: deque[tuple[int, Future[list[Segment]] | None]] = deque()

        def emit_first() -> None:
            b_ms, fut = inflight.popleft()
            for seg in fut.result() if fut is not None else []:
                segments.append(seg)
                if on_segment:
                    on_segment(seg)
            state["done"] += 1
            state["done_ms"] = max(state["done_ms"], b_ms)
            report()

        def check_cancel() -> None:
            if cancel is not None and cancel.is_set():
                for _b, fut in inflight:
                    if fut is not None:
                        fut.cancel()
                raise Cancelled("transcription cancelled")

        def handle(block: np.ndarray, final: bool) -> None:
            window.append(block)
            found = vad.feed(block, is_final=final)
            first_index = state["found"]
            state["found"] += len(found)
            end_ms = window.end * 1000 // SR if final else None
            for k, (a, b) in enumerate(found):
                check_cancel()
                fut = None
                if b > start_ms:
                    chunk = window.slice(a * SR // 1000, b * SR // 1000)
                    fut = pool.submit(self._segment, chunk, a, b, first_index + k, end_ms)
                inflight.append((b, fut))
                while len(inflight) >= workers or (inflight and inflight[0][1] is None):
                    emit_first()
                    check_cancel()
            while inflight and inflight[0][1] is not None and inflight[0][1].done():
                emit_first()
            if not inflight and vad.in_silence():
                state["done_ms"] = max(state["done_ms"], vad.processed_ms())
            report()

        with self._lock, ThreadPoolExecutor(workers, thread_name_prefix="asr") as pool:
            try:
                pending: np.ndarray | None = None
                for block in audio.stream(path, block_s=BLOCK_S):
                    check_cancel()
                    if pending is not None:
                        handle(pending, final=False)
                    pending = block
                handle(pending if pending is not None else np.zeros(0, np.float32), final=True)
                while inflight:
                    emit_first()
                    check_cancel()
            finally:
                for _b, fut in inflight:  # cancel or error: drop what has not started
                    if fut is not None:
                        fut.cancel()
        duration_ms = window.end * 1000 // SR
        report("done")
        rt = self.info
        return Transcript(
            source=str(path),
            duration_ms=duration_ms,
            segments=segments,
            model="paraformer-large-vad-punc",
            device=rt.label() if rt else "",
            precision=rt.precision if rt else "",
        )

    def detect_speech(self, path: str | Path) -> list[tuple[int, int]]:
        """The VAD's speech segments [start_ms, end_ms] for a file (the same ones transcribe() decodes)."""
        if self._models is None:
            raise ModelError("the engine is not loaded")
        vad = VadStream(self._models.vad)
        found: list[tuple[int, int]] = []
        pending: np.ndarray | None = None
        with self._lock:
            for block in audio.stream(path, block_s=BLOCK_S):
                if pending is not None:
                    found += vad.feed(pending, is_final=False)
                pending = block
            found += vad.feed(pending if pending is not None else np.zeros(0, np.float32), is_final=True)
        return found

    def _segment(self, chunk: np.ndarray, a_ms: int, b_ms: int, index: int, end_ms: int | None) -> list[Segment]:
        """One VAD segment's audio -> its sentences (runs in a decode thread)."""
        rec = self._rec
        assert rec is not None
        words, word_ms = self._run_asr(chunk, a_ms)
        hi = min(b_ms, end_ms) if end_ms is not None else b_ms
        return build_segments(words, word_ms, rec.punctuate(words), index, (a_ms, max(a_ms, hi)))

    def _run_asr(self, chunk: np.ndarray, offset_ms: int) -> tuple[list[str], list[tuple[int, int]]]:
        assert self._rec is not None
        try:
            return self._rec.recognize(chunk, offset_ms)
        except torch.cuda.OutOfMemoryError:
            log.warning("CUDA out of memory on a %.1f s segment; retrying", chunk.size / SR)
            torch.cuda.empty_cache()
            try:
                return self._rec.recognize(chunk, offset_ms)
            except torch.cuda.OutOfMemoryError:
                self._fall_back_to_cpu()
                return self._rec.recognize(chunk, offset_ms)

    def _fall_back_to_cpu(self) -> None:
        """Second OOM on the same segment: move to the CPU (INT8) and say so, rather than fail the file."""
        assert self._models is not None
        warning = "CUDA ran out of memory; continuing on the CPU (INT8)"
        log.warning(warning)
        folder = self._models.asr.folder
        self._models.asr = None  # type: ignore[assignment]
        self._rec = None
        gc.collect()
        torch.cuda.empty_cache()
        asr, state = self._load_cpu(folder, "asr", "int8")
        self._models.asr = asr
        self._rec = Recognizer(asr, self._models.punc, "cpu", half=False)
        old = self.info
        threads = old.threads if old else quantize.physical_cores()
        self.info = RuntimeInfo("cpu", cpu_name(), "int8", threads,
                                (old.warnings if old else ()) + (warning,), old.load_s if old else 0.0, state)


def _guarded(key: str, folder: Path, load: Callable[[], _T]) -> _T:
    """Run a model load; anything but our own errors becomes a ModelError naming the model and the file."""
    try:
        return load()
    except TingxieError:
        raise
    except Exception as exc:
        raise _load_error(key, folder, exc) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _load_error(key: str, folder: Path, exc: Exception) -> Exception:
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
        f"The {key} model in {folder} could not be loaded ({_first_line(exc)}); {bad} looks wrong or belongs to "
        f"another model. Check it with `python main.py models verify --deep {key}` and fix it with "
        f"`python main.py models repair {key}` (or import a good copy).",
        model_key=key, bad_file=bad,
    )


def cpu_name() -> str:
    """The CPU's model name, for status lines and benchmark reports."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or "CPU"


def _mmap_large_blocks(threshold: int = 4 << 20) -> None:
    """glibc: serve blocks >= 4 MiB with mmap, so they go back to the OS when freed.

    The VAD's features of a 60 s block (~130 MiB of short-lived tensors) otherwise stay in the heap beside the
    decoder's memory. Measured on the 5-minute file with ONNX Runtime: peak RSS 1165 -> 1101 MiB, time unchanged
    (ONNX Runtime keeps its own arena, so decoding does not page-fault); the PyTorch path allocates every
    activation through malloc and got ~14 % slower, so it is set only for the ONNX Runtime backend.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-3, threshold)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):  # not glibc
        pass


def _malloc_trim() -> None:
    """Give freed heap back to the OS (glibc keeps it otherwise: RSS stays at the load peak)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


__all__ = ["Engine", "EngineConfig", "RuntimeInfo", "Progress", "TingxieError"]
