"""Make a Paraformer ONNX graph safe against a CIF token-count mismatch, without re-exporting it.

In funasr's export the predictor gives two counts for one segment: `token_num` = floor(sum of the CIF weights),
and the number of tokens the CIF loop actually fired (the rows of the acoustic embeddings). They are the same
number in exact arithmetic, but the loop subtracts 1.0 at every fire in float32, so when the sum lies within a
rounding error of an integer the two differ by one, depending on the CPU's kernels (seen: Intel AVX-512 VNNI
but not AMD EPYC on the same input). The decoder builds its mask from `token_num` and multiplies it with the
fired rows: "Attempting to broadcast an axis by a dimension other than 1. 19 by 20", and the segment is lost.

The published graphs cannot be exported again, so this rewrites the loaded graph around that spot:
    fired      = the token axis of what the decoder multiplies with its mask
    tokens     = min(token_num, fired)
    mask       = positions [0, fired), valid below `tokens`   (the decoder can always run)
    token_num  = tokens (the graph output, and the timestamp head's count)
A masked position is zero where the decoder's FSMN memory reads it, which is what truncating the fired rows to
`tokens` gives too; the PyTorch recogniser truncates (models/asr/recognizer.py), so both paths keep
min(token_num, fired) tokens. Inputs without a mismatch give the same outputs as the original graph.
"""
from __future__ import annotations

import heapq
import logging
from collections import deque
from typing import Any

log = logging.getLogger(__name__)

VERSION = "cif-guard-1"  # part of the optimised-graph cache key: a changed rewrite builds a new entry
TOKEN_NUM = "token_num"  # funasr's output name for the token count (export_output_names)


class NotApplicable(Exception):
    """The graph does not have the shape this rewrite knows (another exporter or architecture)."""


def guard_bytes(data: bytes) -> bytes:
    """The rewritten graph, serialised (raises NotApplicable or ImportError without the onnx package)."""
    import onnx

    model = onnx.load_from_string(data)
    guard(model)
    return model.SerializeToString()


def guard(model: Any) -> None:
    """Rewrite an onnx.ModelProto in place (see the module docstring)."""
    from onnx import TensorProto, helper

    g = model.graph
    if TOKEN_NUM not in {o.name for o in g.output}:
        raise NotApplicable(f"no {TOKEN_NUM!r} output")
    consumers = _consumers(g)
    users = consumers.get(TOKEN_NUM, [])
    range_max = [n for n in users if n.op_type == "ReduceMax"]
    if len(range_max) != 1:
        raise NotApplicable("the decoder's mask length is not a ReduceMax of token_num")
    fired_src = _masked_operand(g, consumers, range_max[0])
    raw = TOKEN_NUM + "_cif_floor"
    for n in g.node:
        n.output[:] = [raw if o == TOKEN_NUM else o for o in n.output]
    p = "/cif_guard/"
    fired_1 = p + "fired"
    new_nodes = [
        helper.make_node("Shape", [fired_src], [p + "shape"], name=p + "Shape"),
        helper.make_node("Constant", [], [p + "axis"], name=p + "Axis",
                         value=helper.make_tensor(p + "axis_v", TensorProto.INT64, [1], [1])),
        helper.make_node("Gather", [p + "shape", p + "axis"], [p + "fired64"], name=p + "Gather", axis=0),
        helper.make_node("Cast", [p + "fired64"], [fired_1], name=p + "Cast", to=TensorProto.INT32),
        helper.make_node("Cast", [raw], [p + "raw32"], name=p + "CastRaw", to=TensorProto.INT32),
        helper.make_node("Min", [p + "raw32", fired_1], [p + "tokens32"], name=p + "Min"),
        helper.make_node("Cast", [p + "tokens32"], [TOKEN_NUM], name=p + "CastOut", to=_elem_type(g, TOKEN_NUM)),
    ]
    for n in users:
        src = fired_1 if n is range_max[0] else TOKEN_NUM
        if n is range_max[0] and _elem_type(g, TOKEN_NUM) != TensorProto.INT32:
            src = p + "fired_cast"
            new_nodes.append(helper.make_node("Cast", [fired_1], [src], name=p + "CastFired",
                                              to=_elem_type(g, TOKEN_NUM)))
        n.input[:] = [src if i == TOKEN_NUM else i for i in n.input]
    g.node.extend(new_nodes)
    _sort(g)


def _consumers(g: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for n in g.node:
        for i in set(n.input) | outer_names(n):
            out.setdefault(i, []).append(n)
    return out


def _masked_operand(g: Any, consumers: dict[str, list[Any]], mask_length: Any) -> str:
    """The tensor the decoder first multiplies with its token mask: its axis 1 is the number of fired tokens.

    Searched from the mask's length (ReduceMax of token_num) only: the timestamp head reads token_num too, and
    its multiplications are with time-axis tensors."""
    derived = _descendants([TOKEN_NUM], consumers)
    mask = _descendants(list(mask_length.output), consumers, stop_at="Mul")  # the mask, before it is applied
    free = {i for n in g.node if n.op_type == "Mul" and len(n.input) == 2 and set(n.input) & mask
            for i in n.input if i not in derived}
    if len(free) != 1:
        raise NotApplicable(f"{len(free)} candidates for the decoder input multiplied with the token mask")
    return free.pop()


def _descendants(names: list[str], consumers: dict[str, list[Any]], stop_at: str = "") -> set[str]:
    """Tensors computed from `names` (not through nodes of type stop_at)."""
    seen = set(names)
    queue = deque(names)
    while queue:
        for n in consumers.get(queue.popleft(), []):
            if n.op_type == stop_at:
                continue
            for o in n.output:
                if o not in seen:
                    seen.add(o)
                    queue.append(o)
    return seen


def _elem_type(g: Any, name: str) -> int:
    for o in g.output:
        if o.name == name:
            return o.type.tensor_type.elem_type
    raise NotApplicable(f"no output {name!r}")


def outer_names(node: Any) -> set[str]:
    """Names a node's subgraphs (Loop / If / Scan bodies) read from the enclosing graph."""
    names: set[str] = set()
    for attr in node.attribute:
        for sub in ([attr.g] if attr.HasField("g") else []) + list(attr.graphs):
            local = {i.name for i in sub.input} | {t.name for t in sub.initializer}
            local |= {o for n in sub.node for o in n.output}
            for n in sub.node:
                names |= {i for i in n.input if i and i not in local}
                names |= outer_names(n) - local
    return names


def _sort(g: Any) -> None:
    """Order the nodes so that every input is produced before it is read (stable: keeps the original order
    wherever it already was valid); the new nodes read a tensor of the decoder's first layer."""
    produced_by = {o: k for k, n in enumerate(g.node) for o in n.output if o}
    nodes = list(g.node)
    deps = [{produced_by[i] for i in set(n.input) | outer_names(n) if i in produced_by} - {k}
            for k, n in enumerate(nodes)]
    waiting: dict[int, list[int]] = {}
    missing = [len(d) for d in deps]
    for k, d in enumerate(deps):
        for j in d:
            waiting.setdefault(j, []).append(k)
    ready = [k for k, m in enumerate(missing) if m == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        k = heapq.heappop(ready)
        order.append(k)
        for w in waiting.get(k, []):
            missing[w] -= 1
            if missing[w] == 0:
                heapq.heappush(ready, w)
    if len(order) != len(nodes):
        raise NotApplicable("the rewritten graph has a cycle")
    del g.node[:]
    g.node.extend(nodes[k] for k in order)
