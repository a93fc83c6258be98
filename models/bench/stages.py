"""Measuring helpers for the benchmark: stage timers, process memory, tensor bytes, file sizes.

Stage times come from wrapping methods on the live instances (recognizer, funasr model, frontend, VAD), so the
same breakdown is taken for Tingxie's engine and for funasr's AutoModel without changing either:
    vad        FSMN-VAD (its own fbank included)
    fbank      ASR features (WavFrontend: fbank + LFR + CMVN)
    encoder    SANM encoder, 50 blocks
    cif        CIF predictor (token count + acoustic embeddings; the Python loop over frames)
    decoder    SANM decoder, 16 blocks (one non-autoregressive pass)
    timestamp  the second CIF (upsampled, BLSTM) for per-character times
    asr_other  the rest of the recognizer call (token lookup, timestamp post-processing, audio loading in funasr)
    punc       CT-Transformer punctuation
    other      the rest of the wall time: audio decoding, segment slicing, sentence building, Python overhead
"""
from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from models.runtime.system import cpu_name  # noqa: F401  (re-exported for bench / bench_worker)

ASR_PARTS = ("fbank", "encoder", "cif", "decoder", "timestamp")
STAGES = ("vad",) + ASR_PARTS + ("asr_other", "punc", "other")


class StageTimers:
    """Accumulated wall time per stage; `wrap` replaces a method on one object with a timed one."""

    def __init__(self, profile: bool = False) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.profile = profile  # also mark stages as torch.profiler ranges

    def wrap(self, obj: Any, name: str, key: str) -> None:
        fn: Callable[..., Any] = getattr(obj, name)
        if isinstance(obj, type):  # a class: keep it a plain function so it still binds `self`
            fn = obj.__dict__[name]

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                if self.profile:
                    from torch.profiler import record_function

                    with record_function(f"stage::{key}"):
                        return fn(*args, **kwargs)
                return fn(*args, **kwargs)
            finally:
                self.total[key] += time.perf_counter() - t
                self.calls[key] += 1

        setattr(obj, name, timed)

    def wrap_asr(self, model: Any, frontend: Any | None) -> None:
        """Paraformer's parts (the same methods in Tingxie's recognizer and in funasr's own inference)."""
        if frontend is not None:
            self.wrap(frontend, "forward", "fbank")
        for method, key in (("encode", "encoder"), ("calc_predictor", "cif"),
                            ("cal_decoder_with_predictor", "decoder"), ("calc_predictor_timestamp", "timestamp")):
            if hasattr(model, method):
                self.wrap(model, method, key)

    def reset(self) -> None:
        self.total.clear()
        self.calls.clear()

    def snapshot(self, wall_s: float) -> dict[str, Any]:
        t = self.total
        asr = t.get("asr", 0.0)
        stages = {k: t.get(k, 0.0) for k in ("vad",) + ASR_PARTS}
        stages["asr_other"] = max(0.0, asr - sum(t.get(k, 0.0) for k in ASR_PARTS))
        stages["punc"] = t.get("punc", 0.0)
        stages["other"] = max(0.0, wall_s - stages["vad"] - asr - stages["punc"])
        out = {"asr_s": asr, "stages_s": stages, "calls": dict(self.calls)}
        if "spk" in t:  # bench --speakers: CAM++ (runs in the decode threads; counted in "other" above too)
            out["spk_s"] = t["spk"]
        return out


# ---------------------------------------------------------------- memory

def mem(field: str) -> float:
    """VmHWM (peak RSS) or VmRSS of this process in MiB, from /proc; ru_maxrss where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def reset_peak_rss() -> bool:
    """Set VmHWM back to the current RSS (Linux: write 5 to /proc/self/clear_refs), so load and run peaks part."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _tensor_bytes(t: Any, seen: set) -> int:
    import torch

    if isinstance(t, (tuple, list)):
        return sum(_tensor_bytes(x, seen) for x in t)
    if not isinstance(t, torch.Tensor):
        return 0
    flatten = getattr(type(t), "__tensor_flatten__", None)
    if flatten is not None and type(t) not in (torch.Tensor, torch.nn.Parameter):  # torchao & co: inner tensors
        names, _ctx = t.__tensor_flatten__()
        return sum(_tensor_bytes(getattr(t, n), seen) for n in names)
    try:
        key = (t.untyped_storage().data_ptr(), t.storage_offset(), t.numel(), str(t.dtype))
    except (RuntimeError, NotImplementedError):
        key = (id(t),)
    if key in seen:
        return 0
    seen.add(key)
    return t.numel() * t.element_size()


def model_bytes(module: Any) -> int:
    """Bytes of a model's weights as held: the state dict's tensors (parameters and buffers).

    A dynamic-quantized Linear appears as its int8 weight (1 byte per value) + FP32 bias, a torchao tensor as
    the sum of its inner tensors; tensors shared between names count once.
    """
    if hasattr(module, "size_bytes"):  # an ONNX Runtime model: its initializers, i.e. the .onnx file
        return int(module.size_bytes())
    if module is None:
        return 0
    seen: set = set()
    return sum(_tensor_bytes(v, seen) for v in module.state_dict(keep_vars=True).values())


def disk_mb(path: Path) -> float:
    try:
        return path.stat().st_size / 2**20
    except OSError:
        return 0.0


class OnnxFile:
    """An ONNX graph the ONNX set runs, sized by its file (models.bench.stages.model_bytes)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def size_bytes(self) -> int:
        return self.path.stat().st_size


def onnx_file(folder: Path) -> Path:
    """The graph the ONNX set loads from a folder: INT8 where published (ASR, punctuation), else FP32 (VAD)."""
    return next((folder / f for f in ("model_quant.onnx", "model.onnx") if (folder / f).is_file()),
                folder / "model.onnx")
