"""The one definition of the engine's options and of the runtime label.

Settings (GUI), the CLI, the benchmark, the queue worker, the batch runner and the tests import these names;
nothing else spells the lists out. The label is always formatted from data (device, device name, precision,
backend, threads), never parsed back.
"""
from __future__ import annotations

from dataclasses import dataclass

PRECISIONS = ("int8", "fp32", "fp16")  # fp16: CUDA only (the engine runs FP32 on the CPU and says so)
CPU_PRECISIONS = ("int8", "fp32")  # what a machine without a CUDA GPU can run as asked
DEVICES = ("auto", "cpu", "cuda")
BACKENDS = ("auto", "torch", "onnx")  # what runs the ASR model on the CPU
SCRIPTS = ("simplified", "traditional", "taiwan", "hongkong")  # output script of the text (models/text/script.py)
DEFAULT_PRECISION = "int8"
DEFAULT_DEVICE = "auto"
DEFAULT_BACKEND = "auto"
DEFAULT_SCRIPT = "simplified"


@dataclass(frozen=True)
class EngineConfig:
    """What an Engine is built with; also what the GUI keeps and compares to decide whether a reload is due."""

    device: str = DEFAULT_DEVICE  # auto | cpu | cuda
    precision: str = DEFAULT_PRECISION  # int8 | fp32 | fp16 (fp16: CUDA only)
    threads: int = 0  # 0 = physical cores
    punc: str = "punc"  # registry key of the punctuation model, "" = none
    parallel: bool = True  # CPU: decode one segment per core at once (each single-threaded) instead of 1 at a time
    # CPU runtime of the ASR model: auto = ONNX Runtime for INT8 (faster per core, docs/benchmarks.md) when it is
    # installed, else PyTorch; torch | onnx force one (onnx also runs FP32 on ONNX Runtime).
    backend: str = DEFAULT_BACKEND

    def __post_init__(self) -> None:
        check("backend", self.backend, BACKENDS)
        check("device", self.device, DEVICES)
        check("precision", self.precision, PRECISIONS)
        if self.threads < 0:
            raise ValueError(f"threads must be 0 (automatic) or more, not {self.threads}")


def check(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """`value` if it is one of `allowed`, else a ValueError that lists them (the CLI and settings show it)."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def runtime_label(device: str, device_name: str = "", precision: str = "", backend: str = "torch",
                  threads: int = 0) -> str:
    """"CUDA · NVIDIA RTX 4090 · FP16" / "CPU · INT8 (ONNX Runtime) · 2 threads" from what actually ran.

    Parts that are unknown (an old job row without a device name or thread count) are left out.
    """
    prec = precision.upper()
    if device == "cuda":
        return " · ".join(p for p in ("CUDA", device_name, prec) if p)
    if device != "cpu":  # unknown device: a job that has not run yet
        return " · ".join(p for p in (device.upper(), prec) if p)
    runtime = f"{prec} (ONNX Runtime)" if backend == "onnx" and prec else prec
    thread_text = f"{threads} thread{'s' if threads != 1 else ''}" if threads > 0 else ""
    return " · ".join(p for p in ("CPU", runtime, thread_text) if p)
