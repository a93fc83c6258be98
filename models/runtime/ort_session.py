"""One way to open an ONNX Runtime CPU session, shared by the VAD, punctuation and Paraformer runners."""
from __future__ import annotations

from pathlib import Path

import onnxruntime as ort


def session(path: Path, threads: int = 1) -> ort.InferenceSession:
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # One fixed level: the fusions change float rounding, so the level is part of "same input, same output".
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting on a busy machine
    so.log_severity_level = 3
    if not Path(path).is_file():
        raise FileNotFoundError(f"{Path(path).name} is missing in {Path(path).parent}")
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
