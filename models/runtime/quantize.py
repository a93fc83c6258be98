"""Precision handling: FP32, FP16 (CUDA), INT8 (CPU: dynamic quantization of nn.Linear; CUDA: torchao).

CPU INT8 weights are cached on disk (user cache dir), keyed by the model file's sha256 and the torch version, so
a second INT8 start loads 250 MB of int8 weights instead of 860 MB of FP32 and does not quantize again.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

import torch
from torch import nn

from models.runtime import loader
from models.runtime.loader import LoadedModel

log = logging.getLogger(__name__)

def quantize_dynamic_cpu(model: nn.Module) -> nn.Module:
    """Real INT8 on CPU: nn.Linear -> dynamically quantized Linear (int8 weights, int8 GEMM via fbgemm/qnnpack).

    This is what the on-disk cache holds; quantize_lstm_cpu runs after it on every load.
    """
    from torch.ao.quantization import quantize_dynamic

    # inplace: a copy would duplicate the memory-mapped FP32 weights in RAM
    return quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8, inplace=True)


def quantize_lstm_cpu(model: nn.Module) -> nn.Module:
    """nn.LSTM -> dynamic INT8 LSTM (Paraformer's timestamp BLSTM: 13 % of INT8 wall time in FP32).

    Measured on the 5-minute file: the BLSTM stage 3.5 s -> 2.6 s per core, words identical, 99.7 % of word
    boundaries identical (max 21 ms apart). Not in the cache: a quantized LSTM's state dict holds TorchScript
    objects that torch.load(weights_only=True) refuses, and quantizing 4 M weights takes ~50 ms.
    """
    from torch.ao.quantization import quantize_dynamic

    return quantize_dynamic(model, {nn.LSTM}, dtype=torch.qint8, inplace=True)


def skeleton_int8(model: nn.Module) -> nn.Module:
    """Swap every plain nn.Linear for an empty dynamic-quantized Linear, so a cached INT8 state dict can load."""
    from torch.ao.nn.quantized.dynamic import Linear as QLinear

    for name, child in list(model.named_children()):
        if type(child) is nn.Linear:  # exact type, like quantize_dynamic's mapping
            # Packed with a 1x1 placeholder: packing zeros of the real shape would cost another 215 MB of peak
            # RSS for Paraformer-large; load_state_dict packs the cached weights and sets the real shape.
            q = QLinear(1, 1, bias_=child.bias is not None, dtype=torch.qint8)
            q.in_features, q.out_features = child.in_features, child.out_features
            setattr(model, name, q)
        else:
            skeleton_int8(child)
    return model


def quantize_torchao_int8(model: nn.Module) -> nn.Module:
    """Real INT8 on CUDA: torchao int8 weights + dynamic int8 activations (int8 GEMM through torch._int_mm)."""
    from torchao.quantization import Int8DynamicActivationInt8WeightConfig, quantize_

    quantize_(model, Int8DynamicActivationInt8WeightConfig(), filter_fn=lambda m, _: type(m) is nn.Linear)
    return model


def count_quantized(model: nn.Module) -> int:
    from torch.ao.nn.quantized.dynamic import LSTM as QLSTM, Linear as QLinear

    return sum(isinstance(m, (QLinear, QLSTM)) for m in model.modules())


def detach_from_file(model: nn.Module) -> None:
    """Copy every tensor but the Linear weights (which quantization replaces) out of the memory-mapped file.

    Call before quantize_dynamic_cpu. torch.load(mmap=True) maps model.pt once and the mapping lives while any
    tensor views it, biases kept by the quantized Linears included: the FP32 weights that quantization read then
    stay resident beside their INT8 copies (RSS 1.7 GB after a first INT8 start, measured).
    """
    for module in model.modules():
        for name, t in list(module.named_parameters(recurse=False)) + list(module.named_buffers(recurse=False)):
            if t is None or (type(module) is nn.Linear and name == "weight"):
                continue
            t.data = t.data.clone()


class Int8Cache:
    """Quantized state dicts on disk: <root>/<model-name>-<sha16>-torch<version>.pt (atomic writes)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _sums_file(self) -> Path:
        return self.root / "checksums.json"

    def checksum(self, model_file: Path) -> str:
        """sha256 of the model file, remembered by (path, size, mtime) so it is computed once."""
        st = model_file.stat()
        ident = f"{model_file.resolve()}|{st.st_size}|{st.st_mtime_ns}"
        sums: dict[str, str] = {}
        try:
            sums = json.loads(self._sums_file().read_text())
        except (OSError, ValueError):
            pass
        if ident in sums:
            return sums[ident]
        h = hashlib.sha256()
        with open(model_file, "rb") as f:
            for chunk in iter(lambda: f.read(8 << 20), b""):
                h.update(chunk)
        sums[ident] = h.hexdigest()
        self._atomic_write(self._sums_file(), json.dumps(sums, indent=1).encode())
        return sums[ident]

    def path_for(self, name: str, model_file: Path) -> Path:
        version = torch.__version__.split("+")[0]
        return self.root / f"{name}-{self.checksum(model_file)[:16]}-torch{version}.pt"

    def load(self, path: Path) -> dict[str, torch.Tensor] | None:
        if not path.is_file():
            return None
        try:
            # Not memory-mapped: the packed int8 weights would keep the mapped file pages resident beside them
            # (measured: peak 1290 MiB mmap vs 1162 MiB plain on a 1-minute file).
            return torch.load(path, map_location="cpu", weights_only=True)
        except Exception as exc:  # a damaged cache is rebuilt, never fatal
            log.warning("INT8 cache %s unreadable (%s); quantizing again", path, exc)
            path.unlink(missing_ok=True)
            return None

    def save(self, path: Path, model: nn.Module) -> None:
        """Write the quantized weights; on any failure run without the cache and leave no .tmp behind."""
        tmp = ""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
            os.close(fd)
            torch.save(model.state_dict(), tmp)
            os.replace(tmp, path)
        # torch.save reports a full disk as RuntimeError ("PytorchStreamWriter failed writing file"), not
        # OSError: either way it is the cache that failed, never the model the user downloaded.
        except (OSError, RuntimeError) as exc:
            log.warning("could not write INT8 cache %s: %s", path, exc)
            if tmp:
                Path(tmp).unlink(missing_ok=True)

    def _atomic_write(self, path: Path, data: bytes) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("could not write %s: %s", path, exc)


def load_int8_cpu(folder: Path, name: str, cache_root: Path) -> tuple[LoadedModel, str]:
    """The CPU INT8 recipe: cached quantized weights when there are some ("hit"), else quantize and cache ("miss")."""
    cache = Int8Cache(cache_root)
    cpath = cache.path_for(name, folder / "model.pt")
    sd = cache.load(cpath)
    if sd is not None:
        try:
            conf = loader.read_conf(folder)
            tok, fe, mconf = loader.build_parts(conf)
            model = skeleton_int8(loader.build_skeleton(conf, mconf))
            loader.assign_weights(model, sd)
            del sd
            quantize_lstm_cpu(model)
            return LoadedModel(model.eval(), fe, tok, conf, folder), "hit"
        except Exception as exc:  # stale or foreign cache: rebuild it
            log.warning("INT8 cache %s not usable (%s); quantizing again", cpath, exc)
            cpath.unlink(missing_ok=True)
    lm = loader.load(folder)
    detach_from_file(lm.model)
    quantize_dynamic_cpu(lm.model)
    cache.save(cpath, lm.model)
    quantize_lstm_cpu(lm.model)
    return lm, "miss"


def match_input_dtypes(module: nn.Module) -> int:
    """Cast each layer's floating inputs to its weights' dtype (forward pre-hooks); returns how many layers.

    For FP16: funasr's SANM decoder multiplies its activations by FP32 masks (scama sequence_mask), which promotes
    them back to FP32 before the next FP16 layer ("Input type (FloatTensor) and weight type (HalfTensor) should be
    the same"). Autocast is no cure: it also reruns the encoder's ops in other precisions (NaN, measured on the CPU).
    """
    def cast(layer: nn.Module, args: tuple) -> tuple:
        dtype = layer.weight.dtype
        return tuple(a.to(dtype) if isinstance(a, torch.Tensor) and a.is_floating_point() and a.dtype != dtype
                     else a for a in args)

    n = 0
    for layer in module.modules():
        w = getattr(layer, "weight", None) if isinstance(layer, (nn.Linear, nn.Conv1d, nn.LayerNorm)) else None
        if isinstance(w, torch.Tensor) and w.is_floating_point():
            layer.register_forward_pre_hook(cast)
            n += 1
    return n


def to_cuda(lm: LoadedModel, precision: str, device: str = "cuda") -> LoadedModel:
    """The CUDA recipe: FP32 as is, FP16 encoder/decoder, or torchao INT8 on the encoder and decoder."""
    model = lm.model
    if precision == "fp16":
        model.encoder.half()
        model.decoder.half()
        match_input_dtypes(model.decoder)  # else its FP32 masks make the next FP16 layer refuse the input
    model.to(device)
    if precision == "int8":
        quantize_torchao_int8(model.encoder)
        quantize_torchao_int8(model.decoder)
    return lm
