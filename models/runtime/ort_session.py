"""One way to open an ONNX Runtime CPU session, shared by the VAD, punctuation and Paraformer runners.

Optimised-graph cache (start-up and memory): building a session from a published graph costs seconds
(graph optimisation at ORT_ENABLE_ALL) and a transient copy of every weight (protobuf + initializers + the
optimiser's copies: peak 1.15 GB for the CPU set where the weights are 550 MB). So the first load saves the
optimised graph once (SessionOptions.optimized_model_filepath) with its weights in an external data file, and
every later load opens that graph with ORT_DISABLE_ALL: nothing is optimised again, and ONNX Runtime maps the
external data file into memory instead of copying it, so a weight costs memory only once its pages are read
(the punctuation model's 272k-row embedding is mostly never read). The saved graph is what ORT_ENABLE_ALL made of
the source, so outputs are identical (tests/cpu/test_ort_graph_cache.py). The cache key holds the source's path,
size and mtime, the ONNX Runtime version and the CPU (ORT_ENABLE_ALL may pick CPU-specific kernels); a damaged
entry is rebuilt.
"""
from __future__ import annotations

import hashlib
import logging
import os
import platform
import shutil
import tempfile
from pathlib import Path
from typing import Callable, NamedTuple

import onnxruntime as ort

log = logging.getLogger(__name__)
DATA_NAME = "weights.data"
GRAPH_NAME = "model.onnx"


def options(threads: int = 1, optimize: bool = True) -> ort.SessionOptions:
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # One fixed level: the fusions change float rounding, so the level is part of "same input, same output".
    # A graph from the cache was optimised at this level when it was saved; optimising it again is skipped.
    so.graph_optimization_level = (ort.GraphOptimizationLevel.ORT_ENABLE_ALL if optimize
                                   else ort.GraphOptimizationLevel.ORT_DISABLE_ALL)
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting on a busy machine
    for kv in filter(None, os.environ.get("TINGXIE_ORT_CONFIG", "").split(",")):  # experiments: key=value
        key, _, value = kv.partition("=")
        so.add_session_config_entry(key.strip(), value.strip())
    so.log_severity_level = 3
    return so


class Rewrite(NamedTuple):
    """A change made to a graph before ONNX Runtime sees it (e.g. models/runtime/cif_guard.py).

    apply(serialised graph) -> serialised graph; raises when the graph is not one it knows, and the source is
    then run as it is. version: part of the cache key, so a changed rewrite never reuses an old entry."""

    version: str
    apply: Callable[[bytes], bytes]


def session(path: Path, threads: int = 1, graph_cache: Path | None = None,
            rewrite: Rewrite | None = None) -> ort.InferenceSession:
    """A CPU session for `path`; with `graph_cache`, from the cached optimised graph (saved on first use)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path.name} is missing in {path.parent}")
    if graph_cache is not None:
        try:
            return _cached(path, threads, Path(graph_cache), rewrite)
        except Exception as exc:  # noqa: BLE001 - the cache is an optimisation; the source graph still loads
            log.warning("optimised graph cache not used for %s: %s", path, exc)
    return ort.InferenceSession(_source(path, rewrite), options(threads), providers=["CPUExecutionProvider"])


def _source(path: Path, rewrite: Rewrite | None) -> str | bytes:
    """What ONNX Runtime loads: the file itself, or its rewritten bytes (the file when the rewrite cannot apply)."""
    if rewrite is None:
        return str(path)
    try:
        return rewrite.apply(path.read_bytes())
    except Exception as exc:  # noqa: BLE001 - an unknown graph still runs, without the rewrite's protection
        log.warning("%s not applied to %s: %s", rewrite.version, path, exc)
        return str(path)


def entry_dir(path: Path, graph_cache: Path, rewrite: Rewrite | None = None) -> Path:
    st = path.stat()
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|ort{ort.__version__}|{_cpu_id()}"
    if rewrite is not None:
        key += f"|{rewrite.version}"
    return graph_cache / f"{path.parent.name[:40]}-{path.stem}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _cached(path: Path, threads: int, graph_cache: Path, rewrite: Rewrite | None = None) -> ort.InferenceSession:
    entry = entry_dir(path, graph_cache, rewrite)
    if not (entry / ".complete").is_file():
        _save_optimized(path, entry, rewrite)
    try:
        return ort.InferenceSession(str(entry / GRAPH_NAME), options(threads, optimize=False),
                                    providers=["CPUExecutionProvider"])
    except Exception:
        shutil.rmtree(entry, ignore_errors=True)  # damaged: the next load saves it again
        raise


def _save_optimized(path: Path, entry: Path, rewrite: Rewrite | None = None) -> None:
    """Optimise `path` once and save graph + external weights into `entry` (written beside it, then renamed)."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".saving-", dir=entry.parent))
    try:
        so = options(1)
        so.optimized_model_filepath = str(tmp / GRAPH_NAME)
        so.add_session_config_entry("session.optimized_model_external_initializers_file_name", DATA_NAME)
        so.add_session_config_entry("session.optimized_model_external_initializers_min_size_in_bytes", "1024")
        ort.InferenceSession(_source(path, rewrite), so, providers=["CPUExecutionProvider"])
        (tmp / ".complete").write_text(f"{path}\n")
        shutil.rmtree(entry, ignore_errors=True)
        os.replace(tmp, entry)
        log.info("saved the optimised graph of %s in %s", path, entry)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _cpu_id() -> str:
    """The CPU model and flags (ORT_ENABLE_ALL may choose kernels and layouts for this CPU)."""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return platform.processor() or platform.machine()
    keep = [ln for ln in text.splitlines() if ln.startswith(("model name", "flags", "Features"))]
    return hashlib.sha256("\n".join(sorted(set(keep))).encode()).hexdigest()[:12]
