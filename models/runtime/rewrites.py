"""The changes made to a published graph before ONNX Runtime runs it (once: the optimised graph is cached).

    cif guard       the Paraformer decoder never fails on a one-token CIF mismatch (models/runtime/cif_guard.py)
    peaks outside   the timestamp head's CIF fires in numpy instead of a per-frame ONNX Loop (models/runtime/peaks.py)
    int8 lstm       INT8 graphs only: the timestamp head's LSTM in INT8 too (models/runtime/int8_lstm.py)
    signed weights  INT8 weights as signed bytes where the CPU multiplies those exactly, faster
                    (models/runtime/signed_weights.py)
Each step that does not apply to a graph (another exporter, another architecture) is skipped with a warning; the
others still run. The steps' versions and this CPU's answer are part of the graph cache's key.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from models.runtime import cif_guard, int8_lstm, peaks, signed_weights
from models.runtime.ort_session import Rewrite

log = logging.getLogger(__name__)

Step = tuple[str, Callable[[Any], object]]


def for_paraformer() -> Rewrite:
    """What the Paraformer graph (FP32 or INT8, published or converted) gets."""
    return _compose([(cif_guard.VERSION, cif_guard.guard), (peaks.VERSION, peaks.drop_peaks),
                     (int8_lstm.VERSION, int8_lstm.quantize_lstm), *_signed()])


def for_quantized() -> Rewrite | None:
    """What another INT8 graph (punctuation) gets; None where nothing applies on this CPU."""
    steps = _signed()
    return _compose(steps) if steps else None


def _signed() -> list[Step]:
    return [(signed_weights.VERSION, signed_weights.to_signed)] if signed_weights.cpu_multiplies_exactly() else []


def _compose(steps: list[Step]) -> Rewrite:
    def apply(data: bytes) -> bytes:
        import onnx

        model = onnx.load_from_string(data)
        done = 0
        for version, step in steps:
            try:
                step(model)
                done += 1
            except cif_guard.NotApplicable as exc:
                log.info("%s does not apply to this graph: %s", version, exc)
        if not done:
            raise cif_guard.NotApplicable("no rewrite applies to this graph")
        return model.SerializeToString()

    return Rewrite("+".join(v for v, _ in steps), apply)
