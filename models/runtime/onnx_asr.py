"""Paraformer-large on ONNX Runtime (CPU): funasr's own ONNX export, INT8 by onnxruntime's dynamic quantization.

Why: on this project's 2-core AVX2 machine onnxruntime's INT8 MatMul kernels decode VAD segments 1.2-1.5x faster
per core than torch's dynamic-quantized Linear, and the INT8 graph (246 MiB) needs no FP32 copy to load
(docs/benchmarks.md). Only the ASR model runs here: VAD (its state machine is funasr Python code) and
punctuation (its 266 MiB embedding is not quantizable) stay in torch, and the features come from funasr's own
WavFrontend, so FP32 ONNX gives the torch path's tokens and timestamps exactly (measured: 56/56 segments).

The export runs once per model file (about a minute for Paraformer-large) and is cached like the torch INT8
weights: <cache>/onnx/asr-<sha16>-torch<version>-<fp32|int8>.onnx.
"""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from models.runtime.peaks import cif_fires

log = logging.getLogger(__name__)

OPSET = 14  # the legacy exporter at opset 14 handles funasr's CIF loops; the dynamo exporter fails (DESIGN.md)


# Peak memory of the export child per byte of model.pt: funasr's TorchScript export of the full-size Paraformer
# (model.pt 840 MiB) peaked at 4.66 GB (`/usr/bin/time -v`): the model, the constant-folded weight copies and the
# serialised graph in memory at once. The legacy exporter (the one that handles funasr's CIF) writes external
# data only above 2 GB, so the peak cannot be lowered from here; the loader checks free memory against it.
EXPORT_PEAK_PER_BYTE = 5.6


def export_peak_mb(model_file: Path) -> int:
    """Free memory (MiB) the export needs for this model.pt."""
    return int(model_file.stat().st_size * EXPORT_PEAK_PER_BYTE / 2**20) + 200


def available() -> bool:
    """onnxruntime (to run) and onnx (for funasr's export + quantization) are importable."""
    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))


def cache_path(root: Path, model_file: Path, precision: str) -> Path:
    """Beside the PyTorch INT8 cache, with its key (sha256 of model.pt + torch version): asr-<key>-<precision>.onnx."""
    from models.runtime.quantize import Int8Cache

    pt = Int8Cache(root).path_for("asr", model_file)
    return pt.with_name(f"{pt.stem}-{precision}.onnx")


@contextlib.contextmanager
def _legacy_exporter() -> Iterator[None]:
    """torch >= 2.11 exports with dynamo by default, which fails on funasr's VAD/CIF; use the TorchScript one."""
    import torch

    original = torch.onnx.export

    @functools.wraps(original)
    def export(*args: Any, **kwargs: Any) -> Any:
        kwargs["dynamo"] = False
        kwargs["opset_version"] = OPSET
        return original(*args, **kwargs)

    torch.onnx.export = export
    try:
        yield
    finally:
        torch.onnx.export = original


def export(folder: Path, dest: Path, precision: str) -> Path:
    """Export the Paraformer in `folder` to `dest` (one .onnx file, written atomically).

    Each step runs in its own child process: tracing peaks at ~3 GB and quantization at ~2.5 GB for
    Paraformer-large (5.1 GB when both ran in one process, measured), and none of it stays in the app.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="export-", dir=dest.parent))
    try:
        fp32 = tmp / "model.onnx"
        _in_child(_export_fp32, str(folder), str(fp32))
        made = fp32
        if precision == "int8":
            made = tmp / "model_quant.onnx"
            _in_child(_quantize, str(fp32), str(made))
        os.replace(made, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _in_child(target: Callable[..., None], *args: str) -> None:
    """Run target(*args) in a fresh process (spawn: no copy of the app's threads or models); raise its error."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    from models.core import logsetup

    proc = ctx.Process(target=_child_main, args=(target, args, send, logsetup.child_config()),
                       name="tingxie-onnx-export", daemon=True)
    proc.start()
    send.close()
    try:
        error = receive.recv()
    except EOFError:  # killed (out of memory?) before it could answer
        error = None
    proc.join()
    if error or proc.exitcode != 0:
        raise RuntimeError(error or f"the export process ended with code {proc.exitcode} (out of memory?)")


def _child_main(target: Callable[..., None], args: tuple[str, ...], send: Any, log_config: Any = None) -> None:
    from models.core import logsetup

    logsetup.setup_child(log_config)  # the quantizer's and funasr's chatter: to the log, as in the parent
    try:
        target(*args)
        send.send("")
    except BaseException as exc:  # reported to the parent, which decides what to do
        send.send(f"{type(exc).__name__}: {exc}")
        raise


def _export_fp32(folder: str, out: str) -> None:
    """funasr's own exporter (export_utils, as AutoModel.export calls it) on our loaded model."""
    import torch
    from funasr.utils import export_utils

    from models.runtime import loader

    lm = loader.load(Path(folder))
    conf = {k: v for k, v in lm.conf.items() if k not in ("model", "data_in", "type")}
    # The config names the Export wrapper classes (encoder: SANMEncoder -> SANMEncoderExport ...).
    kwargs = {**conf, "quantize": False, "opset_version": OPSET, "type": "onnx",
              "output_dir": str(Path(out).parent), "device": "cpu"}
    with _legacy_exporter(), torch.no_grad(), contextlib.redirect_stdout(None):
        export_utils.export(lm.model, **kwargs)
    if not Path(out).is_file():
        raise RuntimeError(f"funasr's export wrote no {Path(out).name}")


def _quantize(src: str, dst: str) -> None:
    """Dynamic INT8 exactly as funasr's export_utils._onnx does it (MatMul weights, per channel, uint8)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.WARNING)  # the quantizer logs every tensor at INFO
    names = [n.name for n in onnx.load(src, load_external_data=False).graph.node]
    exclude = [n for n in names if "output" in n or "bias_encoder" in n or "bias_decoder" in n]
    quantize_dynamic(model_input=src, model_output=dst, op_types_to_quantize=["MatMul"], per_channel=True,
                     reduce_range=False, weight_type=QuantType.QUInt8, nodes_to_exclude=exclude)


class OnnxParaformer:
    """One ONNX Runtime session; run() is called from several decode threads at once (one core each)."""

    def __init__(self, path: Path, threads: int = 1, graph_cache: Path | None = None) -> None:
        """graph_cache: the optimised-graph cache folder (models/runtime/ort_session.py), None = optimise here."""
        from models.runtime import rewrites
        from models.runtime.ort_session import session

        self.path = path
        # The published graphs fail on a segment whose CIF token count and fired tokens differ by one (float
        # rounding, CPU-dependent): rewritten so that the decoder keeps the smaller of the two instead.
        self.session = session(path, threads, graph_cache, rewrites.for_paraformer())
        names = [o.name for o in self.session.get_outputs()]
        if names[:3] != ["logits", "token_num", "us_alphas"]:
            raise RuntimeError(f"{path.name} is not a BiCif Paraformer export (outputs {names})")
        self._peaks_in_graph = names[3:4] == ["us_cif_peak"]  # else computed here (models/runtime/peaks.py)

    def run(self, feats: np.ndarray) -> tuple[np.ndarray, int, np.ndarray, np.ndarray]:
        """(logits [tokens, vocab], token count, upsampled alphas, CIF peaks) for one segment's LFR features."""
        out = self.session.run(None, {"speech": feats[None].astype(np.float32, copy=False),
                                      "speech_lengths": np.array([feats.shape[0]], np.int32)})
        logits, token_num, us_alphas = out[:3]
        us_peaks = out[3][0] if self._peaks_in_graph else cif_fires(us_alphas[0])
        return logits[0], int(token_num[0]), us_alphas[0], us_peaks

    def size_bytes(self) -> int:
        return self.path.stat().st_size
