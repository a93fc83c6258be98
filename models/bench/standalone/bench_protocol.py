"""The benchmark's timing protocol and stage timers, standard library only.

Shared by the in-package worker (models/bench/worker.py) and the scripts that must not import `models`
(seed_bare.py, funasr_onnx_run.py in this folder, run by path), so every row is measured the same way:
imports, load, one warm-up transcription, then `repeat` timed transcriptions (wall and process CPU time, stage
times), peak RSS of the load and of the runs apart.

Stages (what the timers are wrapped around; not every pipeline has every one):
    vad        FSMN-VAD (its own fbank included)
    fbank      ASR features (WavFrontend: fbank + LFR + CMVN)
    encoder    SANM encoder, 50 blocks (ONNX Runtime: the whole Paraformer graph, one call per segment)
    cif        CIF predictor (token count + acoustic embeddings; the Python loop over frames)
    decoder    SANM decoder, 16 blocks (one non-autoregressive pass)
    timestamp  the second CIF (upsampled, BLSTM) for per-character times
    asr_other  the rest of the recognizer call (token lookup, timestamp post-processing, audio loading in funasr)
    punc       CT-Transformer punctuation
    other      the rest of the wall time: audio decoding, segment slicing, sentence building, Python overhead
"""
from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

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
            with self.stage(key):
                return fn(*args, **kwargs)

        setattr(obj, name, timed)

    @contextmanager
    def stage(self, key: str) -> Iterator[None]:
        """Time a block as `key` (for pipelines whose steps are plain calls, not methods to wrap)."""
        t = time.perf_counter()
        try:
            if self.profile:
                from torch.profiler import record_function

                with record_function(f"stage::{key}"):
                    yield
            else:
                yield
        finally:
            self.total[key] += time.perf_counter() - t
            self.calls[key] += 1

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


# ---------------------------------------------------------------- the protocol

class Pipeline(Protocol):
    def load(self) -> dict[str, Any]: ...

    def instrument(self, timers: StageTimers) -> None: ...

    def transcribe(self, path: str) -> str: ...


def measure(spec: dict[str, Any], pipe: Pipeline, import_s: float, timers: StageTimers | None = None,
            sync: Callable[[], None] = lambda: None,
            after_load: Callable[[], dict[str, Any]] = dict) -> dict[str, Any]:
    """Load, warm up on spec["warmup_audio"] (if any), then spec["repeat"] timed runs on spec["audio"].

    timers None: nothing is wrapped (the bare seed recipe: a plain script's calls, untouched).
    """
    t1 = time.perf_counter()
    out: dict[str, Any] = dict(pipe.load())
    out["load_s"] = time.perf_counter() - t1
    out["import_s"] = import_s
    # what torch's OpenMP read: passive waiting made the seed recipe 1.5-2x slower than a user's script
    out["omp_wait_policy"] = os.environ.get("OMP_WAIT_POLICY")
    out["rss_after_load_mb"] = mem("VmRSS")
    out["peak_rss_load_mb"] = mem("VmHWM")
    out.update(after_load())
    out["peak_reset"] = reset_peak_rss()  # from here VmHWM is the peak of the transcription runs alone
    if timers is not None:
        pipe.instrument(timers)
    if spec.get("warmup_audio"):
        t = time.perf_counter()
        pipe.transcribe(spec["warmup_audio"])
        sync()
        out["first_run_s"] = time.perf_counter() - t
    runs, text = [], ""
    for _ in range(spec["repeat"]):
        if timers is not None:
            timers.reset()
        c0, t = time.process_time(), time.perf_counter()
        text = pipe.transcribe(spec["audio"])
        sync()
        wall = time.perf_counter() - t
        runs.append({"wall_s": wall, "cpu_s": time.process_time() - c0,
                     **(timers.snapshot(wall) if timers is not None else {})})
    out["runs"] = runs
    out["text"] = text
    out["peak_rss_run_mb"] = mem("VmHWM")
    out["peak_rss_mb"] = max(out["peak_rss_load_mb"], out["peak_rss_run_mb"])
    return out


def main(task: Callable[[dict[str, Any]], dict[str, Any]], argv: list[str],
         skipped: tuple[type[BaseException], ...] = ()) -> int:
    """`script SPEC.json RESULT.json`: run `task(spec)`, write {"ok": True, ...} or the error (the row says why)."""
    spec_path, result_path = Path(argv[0]), Path(argv[1])
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    try:
        result = {"ok": True, **task(spec)}
    except skipped as exc:
        result = {"ok": False, "skipped": str(exc)}
    except Exception as exc:  # reported in the row; the other rows still run
        traceback.print_exc()
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    tmp = result_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, result_path)
    return 0
