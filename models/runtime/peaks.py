"""The timestamp head's CIF fires (funasr's cif_wo_hidden), in numpy, and the graph rewrite that leaves them to it.

funasr's export runs this loop inside the Paraformer graph as an ONNX Loop over every upsampled frame (three per
60 ms): ~5 % of the graph's time on the CPU, for a loop of one addition and one comparison per frame. The same
float32 arithmetic in the same order gives the same fires bit for bit, so the rewrite drops the graph's
`us_cif_peak` output (and the nodes only it needed) and models/runtime/onnx_asr.py computes it here instead.
"""
from __future__ import annotations

from typing import Any

import numpy as np

VERSION = "peaks-outside-1"
PEAKS = "us_cif_peak"  # funasr's output name (export_output_names)
FIRE_THRESHOLD = np.float32(1.0 - 1e-4)  # the export's `self.threshold - 1e-4` with threshold 1.0, as float32


def cif_fires(alphas: np.ndarray, threshold: float = float(FIRE_THRESHOLD)) -> np.ndarray:
    """funasr's cif_wo_hidden for one sequence: the float32 running sum, minus threshold after each fire.

    Sequential on purpose: a cumsum rounds differently and can move a fire by one frame.
    """
    thr = np.float32(threshold)
    integrate = np.float32(0.0)
    out = np.empty(alphas.shape[0], np.float32)
    for t, a in enumerate(alphas.astype(np.float32, copy=False).tolist()):
        integrate = np.float32(integrate + np.float32(a))
        out[t] = integrate
        if integrate >= thr:
            integrate = np.float32(integrate - thr)
    return out


def drop_peaks(model: Any) -> None:
    """Remove the `us_cif_peak` output and every node that only it needed (an onnx.ModelProto, in place)."""
    from models.runtime.cif_guard import NotApplicable, outer_names

    g = model.graph
    outputs = [o for o in g.output if o.name != PEAKS]
    if len(outputs) == len(g.output):
        raise NotApplicable(f"no {PEAKS!r} output")
    del g.output[:]
    g.output.extend(outputs)
    needed = {o.name for o in outputs}
    keep = []
    for n in reversed(list(g.node)):
        if any(o in needed for o in n.output):
            keep.append(n)
            needed |= set(n.input) | outer_names(n)
    del g.node[:]
    g.node.extend(reversed(keep))
    used = {i for n in keep for i in set(n.input) | outer_names(n)}
    inits = [t for t in g.initializer if t.name in used]
    del g.initializer[:]
    g.initializer.extend(inits)
