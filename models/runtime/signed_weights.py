"""INT8 graphs with their weights as signed bytes, where the CPU multiplies those exactly and faster.

funasr's exporter (and so the published `model_quant.onnx` files) quantizes MatMul weights to unsigned bytes
(QUInt8). ONNX Runtime multiplies unsigned activations by unsigned weights with a widening int16 kernel on x86;
unsigned by signed bytes has a kernel of its own (VNNI's vpdpbusd), which is what the CPU was built for.
Moving every weight and its zero point down by 128 keeps (w - zero point) the same integer, so the integer
matrix products and everything after them are unchanged, bit for bit.

Only on CPUs with VNNI (AVX512-VNNI or AVX-VNNI): without it ONNX Runtime's unsigned-by-signed kernel adds
pairs of products in 16 bits with saturation (vpmaddubsw), which could change results; there the graph stays
as published. The CPU check is part of the optimised-graph cache key (models/runtime/ort_session.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

VERSION = "signed-weights-1"
_VNNI_FLAGS = ("avx512_vnni", "avx_vnni")


def cpu_multiplies_exactly() -> bool:
    """True when this CPU has VNNI (Linux: /proc/cpuinfo flags; elsewhere not known, so False)."""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            return any(f in flags for f in _VNNI_FLAGS)
    return False


def to_signed(model: Any) -> int:
    """Rewrite an onnx.ModelProto in place: the unsigned weight (and zero point) initializers of MatMulInteger
    nodes become signed. Returns how many weights changed (0: nothing to do)."""
    import numpy as np
    from onnx import TensorProto, numpy_helper

    g = model.graph
    inits = {t.name: t for t in g.initializer}
    users: dict[str, list[tuple[Any, int]]] = {}
    for n in g.node:
        for k, name in enumerate(n.input):
            users.setdefault(name, []).append((n, k))
    changed = 0
    for n in g.node:
        if n.op_type != "MatMulInteger" or n.input[1] not in inits:
            continue
        w = inits[n.input[1]]
        zp_name = n.input[3] if len(n.input) > 3 else ""
        if w.data_type != TensorProto.UINT8 or (zp_name and zp_name not in inits):
            continue
        # Every reader of these initializers must be this kind of input of a MatMulInteger, or changing the
        # stored bytes would change what another node reads.
        names = [n.input[1]] + ([zp_name] if zp_name else [])
        if any(m.op_type != "MatMulInteger" or k not in (1, 3) for name in names for m, k in users[name]):
            continue
        for name in names:
            t = inits[name]
            if t.data_type != TensorProto.UINT8:  # converted already through another node
                continue
            signed = (numpy_helper.to_array(t).astype(np.int16) - 128).astype(np.int8)
            t.CopyFrom(numpy_helper.from_array(signed, name))
        if not zp_name:  # the default zero point of uint8 is 0, i.e. -128 once signed
            zp = n.output[0] + "_signed_zero_point"
            g.initializer.append(numpy_helper.from_array(np.array(-128, np.int8), zp))
            while len(n.input) < 3:
                n.input.append("")
            n.input.append(zp)
        changed += 1
    return changed


def signed_bytes(data: bytes) -> bytes:
    """The serialised graph with signed weights (the same bytes when there is nothing to change)."""
    import onnx

    model = onnx.load_from_string(data)
    return model.SerializeToString() if to_signed(model) else data
