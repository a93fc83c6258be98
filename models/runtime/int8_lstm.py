"""The timestamp head's LSTM in INT8 inside an INT8 Paraformer graph, as Tingxie's PyTorch INT8 recipe has it.

funasr's exporter quantizes only the MatMuls, so in the published `model_quant.onnx` the bidirectional LSTM of
the timestamp head (two directions x 2048 x 1024 weights, run once per upsampled frame) stays FP32: ~20 % of the
graph's time on the CPU. ONNX Runtime's DynamicQuantizeLSTM runs the same LSTM with INT8 weights (symmetric,
one scale per gate row, as onnxruntime's own quantizer makes them) about 3x faster (92 -> 26 ms for 600 frames,
one thread). It feeds only the per-character times: the decoder, and so the text, never reads it, and the
times move by at most a frame or two where they move at all (tests/cpu/test_graph_rewrites.py; measured figures
in docs/benchmarks.md). FP32 graphs are left as they are.
"""
from __future__ import annotations

from typing import Any

VERSION = "int8-lstm-1"
_INT8_OPS = {"MatMulInteger", "DynamicQuantizeMatMul", "MatMulIntegerToFloat", "DynamicQuantizeLinear"}


def quantize_lstm(model: Any) -> int:
    """Replace every LSTM with FP32 weight initializers by DynamicQuantizeLSTM (onnx.ModelProto, in place); only
    in a graph that is INT8 already. Returns how many were replaced."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    from models.runtime.cif_guard import NotApplicable

    g = model.graph
    if not any(n.op_type in _INT8_OPS for n in g.node):
        raise NotApplicable("an FP32 graph: its LSTM stays FP32")
    inits = {t.name: t for t in g.initializer}
    readers: dict[str, int] = {}
    for n in g.node:
        for i in n.input:
            readers[i] = readers.get(i, 0) + 1
    replaced = 0
    for k, n in enumerate(list(g.node)):
        if n.op_type != "LSTM" or n.input[1] not in inits or n.input[2] not in inits:
            continue
        if any(inits[w].data_type != TensorProto.FLOAT or readers[w] != 1 for w in n.input[1:3]):
            continue
        new_inputs = list(n.input[:8]) + [""] * (8 - len(n.input[:8]))
        extra: list[str] = []
        for slot in (1, 2):
            name = n.input[slot]
            w = numpy_helper.to_array(inits[name])  # [directions, 4 * hidden, input]
            scale = np.abs(w).max(axis=2) / 127.0
            scale[scale == 0] = 1.0
            q = np.clip(np.round(w / scale[:, :, None]), -127, 127).astype(np.int8)
            # DynamicQuantizeLSTM reads its weights as [directions, input, 4 * hidden]
            g.initializer.remove(inits[name])
            g.initializer.append(numpy_helper.from_array(np.ascontiguousarray(q.transpose(0, 2, 1)), name + "_q"))
            g.initializer.append(numpy_helper.from_array(scale.astype(np.float32), name + "_scale"))
            g.initializer.append(numpy_helper.from_array(np.zeros(scale.shape, np.int8), name + "_zero"))
            new_inputs[slot] = name + "_q"
            extra += [name + "_scale", name + "_zero"]
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute if a.name != "layout"}
        node = helper.make_node("DynamicQuantizeLSTM", new_inputs + extra, list(n.output),
                                name=(n.name or "lstm") + "_int8", domain="com.microsoft", **attrs)
        g.node.remove(n)
        g.node.insert(k, node)
        replaced += 1
    if not replaced:
        raise NotApplicable("no LSTM with its own FP32 weights")
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return replaced
