"""FunASR's own ONNX runtime for Python (`funasr-onnx`) as a benchmark row: what a CPU user would pick instead.

    build/funasr-onnx-venv/bin/python models/bench/standalone/funasr_onnx_run.py SPEC.json RESULT.json

funasr-onnx pins numpy<=1.26.4, so it runs in a venv of its own (`make funasr-onnx-venv`,
packaging/funasr-onnx.lock) and this script imports nothing from Tingxie's package. Its own pipeline, wired as its
README and demos use the three classes, on the same published ONNX folders Tingxie's CPU set reads (SPEC "dirs"):
the audio read as its classes read it (librosa, 16 kHz), Fsmn_vad over the whole file (FP32 model.onnx), each
speech segment through Paraformer (model_quant.onnx, batch_size 1), the joined text through CT_Transformer (FP32
model.onnx), every session with intra_op_num_threads = the benchmark's threads. Timed with the benchmark's
protocol (bench_protocol.measure); stages: vad, fbank (its WavFrontend), encoder (the ONNX graph: the whole
Paraformer), asr (per-segment calls in all), punc.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any

import bench_protocol

SR = 16000


def _mb(path: str) -> float:
    return os.path.getsize(path) / 2**20


class FunasrOnnx:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.files: dict[str, str] = {}

    def load(self) -> dict[str, Any]:
        from funasr_onnx import CT_Transformer, Fsmn_vad, Paraformer

        dirs, threads = self.spec["dirs"], self.spec["threads"]
        self.vad = Fsmn_vad(dirs["vad"], quantize=False, intra_op_num_threads=threads)
        self.asr = Paraformer(dirs["asr"], batch_size=1, quantize=True, intra_op_num_threads=threads)
        self.files = {"vad": os.path.join(dirs["vad"], "model.onnx"),
                      "asr": os.path.join(dirs["asr"], "model_quant.onnx")}
        self.punc = None
        if dirs.get("punc"):
            self.punc = CT_Transformer(dirs["punc"], quantize=False, intra_op_num_threads=threads)
            self.files["punc"] = os.path.join(dirs["punc"], "model.onnx")
        return {"threads": threads, "precision_run": "int8", "backend": "onnx"}

    def instrument(self, timers: bench_protocol.StageTimers) -> None:
        self.timers = timers
        timers.wrap(self.asr, "extract_feat", "fbank")
        timers.wrap(self.asr, "infer", "encoder")

    def transcribe(self, path: str) -> str:
        import librosa

        timers = getattr(self, "timers", None) or bench_protocol.StageTimers()
        wav, _ = librosa.load(path, sr=SR)
        with timers.stage("vad"):
            segments = self.vad(wav)[0]  # [[start_ms, end_ms], ...] of the one waveform
        texts = []
        for start, end in segments:
            with timers.stage("asr"):
                res = self.asr(wav[start * SR // 1000: end * SR // 1000])
            texts.append(res[0]["preds"] if res else "")  # no result: it logged "silence or noise"
        text = "".join(texts)
        if self.punc is not None and text:
            with timers.stage("punc"):
                text = self.punc(text)[0]
        return text

    def sizes(self) -> dict[str, dict[str, float]]:
        """The graphs' files stand for the weights held (as for Tingxie's ONNX set)."""
        return {k: {"mem_mb": _mb(f), "disk_mb": _mb(f)} for k, f in self.files.items()}


def task(spec: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    import funasr_onnx  # noqa: F401
    import librosa  # noqa: F401

    import_s = time.perf_counter() - t0
    pipe = FunasrOnnx(spec)
    out = bench_protocol.measure(spec, pipe, import_s, bench_protocol.StageTimers())
    out["sizes"] = pipe.sizes()
    try:
        from importlib.metadata import version

        out["versions"] = {p: version(p) for p in ("funasr_onnx", "onnxruntime", "numpy")}
    except Exception:  # versions are a note in the report, not the measurement
        pass
    return out


if __name__ == "__main__":
    sys.exit(bench_protocol.main(task, sys.argv[1:]))
