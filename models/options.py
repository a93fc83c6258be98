"""The one definition of every option: the engine's, the export formats, the model sets, the defaults, the exit
codes; and the runtime label.

Settings (GUI), the CLI, the benchmark, the queue worker, the batch runner and the tests import these names;
nothing else spells the lists out. The label is always formatted from data (device, device name, precision,
backend, threads), never parsed back.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

PRECISIONS = ("int8", "fp32", "fp16")  # fp16: CUDA only (the engine runs FP32 on the CPU and says so)
CPU_PRECISIONS = ("int8", "fp32")  # what a machine without a CUDA GPU can run as asked
DEVICES = ("auto", "cpu", "cuda")
BACKENDS = ("auto", "torch", "onnx")  # what runs the ASR model on the CPU
SCRIPTS = ("simplified", "traditional", "taiwan", "hongkong")  # output script of the text (models/text/script.py)
DEFAULT_PRECISION = "int8"
DEFAULT_DEVICE = "auto"
DEFAULT_BACKEND = "auto"
DEFAULT_SCRIPT = "simplified"
PUNCS = ("punc", "punc-large")  # registry keys of the punctuation models: Chinese, Chinese + English (large)
DEFAULT_PUNC = "punc"
NO_PUNC = "none"  # the CLI's word for no punctuation model (EngineConfig.punc "")
DEFAULT_THREADS = 0  # 0 = the physical cores
FORMATS = ("txt", "srt", "vtt", "json", "md", "docx")  # export formats (models/export)
MINUTES_FORMATS = ("md", "docx")  # meeting minutes: title, participants, one paragraph per speaker turn
DEFAULT_FORMATS = ("txt", "srt")
FALLBACK_FORMAT = "txt"  # exported when the settings name no format this version knows
# What a recording captures: the microphone, what the computer plays (an online meeting's remote side), or both on
# two channels (1: microphone, 2: system audio). CHANNEL_LABELS name the channels in transcripts until renamed.
SOURCES = ("mic", "system", "both")
DEFAULT_SOURCE = "mic"
CHANNEL_LABELS = ("我", "对方")
MODEL_SETS = ("auto", "cpu", "gpu")  # which models to download: this machine's, the ONNX CPU set, the PyTorch set
DEFAULT_MODEL_SET = "auto"
# Exit codes of the CLI (transcribe, batch, models) and of main.py's dispatch.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_MODELS, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_HANG = 4  # --smoke-test: the window did not close within a minute (a stuck worker)
# Only PyTorch runs these: a build without torch (the CPU bundle) offers the rest and runs the ONNX set.
TORCH_ONLY_PRECISIONS = ("fp32", "fp16")
TORCH_ONLY_BACKENDS = ("torch",)
TORCH_ONLY_PUNC = ("punc-large",)  # no published ONNX export of the Chinese + English model


# The choices of each engine option (the settings dialog offers these; the CLI adds NO_PUNC).
CHOICES: dict[str, tuple[str, ...]] = {"device": DEVICES, "precision": PRECISIONS, "backend": BACKENDS, "punc": PUNCS}


@dataclass(frozen=True)
class EngineConfig:
    """What an Engine is built with; also what the GUI keeps and compares to decide whether a reload is due."""

    device: str = DEFAULT_DEVICE  # auto | cpu | cuda
    precision: str = DEFAULT_PRECISION  # int8 | fp32 | fp16 (fp16: CUDA only)
    threads: int = DEFAULT_THREADS  # 0 = physical cores
    punc: str = DEFAULT_PUNC  # registry key of the punctuation model (PUNCS), "" = none
    parallel: bool = True  # CPU: decode one segment per core at once (each single-threaded) instead of 1 at a time
    # CPU runtime of the ASR model: auto = ONNX Runtime for INT8 (faster per core, docs/benchmarks.md) when it is
    # installed, else PyTorch; torch | onnx force one (onnx also runs FP32 on ONNX Runtime).
    backend: str = DEFAULT_BACKEND

    def __post_init__(self) -> None:
        for name, allowed in CHOICES.items():
            check(name, getattr(self, name), allowed + (("",) if name == "punc" else ()))
        if self.threads < 0:
            raise ValueError(f"threads must be 0 (automatic) or more, not {self.threads}")

    @classmethod
    def from_stored(cls, values: Mapping[str, Any]) -> tuple[EngineConfig, list[str]]:
        """A config from stored values (the settings file) that never fails: a value this version does not know
        becomes its default. Returns the config and one line per value replaced (for the log)."""
        kept: dict[str, Any] = {}
        replaced: list[str] = []
        for f in fields(cls):
            if f.name not in values:
                continue
            value = values[f.name]
            try:
                kept[f.name] = check(f.name, value, CHOICES[f.name]) if f.name in CHOICES else value
            except ValueError as exc:
                replaced.append(f"{exc}; using {f.default!r}")
        if kept.get("threads", 0) < 0:
            replaced.append(f"threads must be 0 (automatic) or more, not {kept.pop('threads')}; using 0")
        return cls(**kept), replaced


def torch_free(cfg: EngineConfig) -> tuple[EngineConfig, tuple[tuple[str, str], ...]]:
    """What a process without PyTorch runs instead of `cfg`: INT8 on the CPU with ONNX Runtime, the Chinese
    punctuation model. Returns the config and, per change, (what needs torch, what runs instead) for messages."""
    changes: list[tuple[str, str]] = []
    new = cfg
    if cfg.precision in TORCH_ONLY_PRECISIONS:
        changes.append((cfg.precision.upper(), "INT8 on ONNX Runtime"))
        new = replace(new, precision="int8")
    if cfg.backend in TORCH_ONLY_BACKENDS:
        changes.append(("The PyTorch runtime", "ONNX Runtime"))
        new = replace(new, backend="auto")
    if cfg.punc in TORCH_ONLY_PUNC:
        changes.append(("The large punctuation model (Chinese + English)", "the Chinese punctuation model"))
        new = replace(new, punc=DEFAULT_PUNC)
    if cfg.device == "cuda":
        changes.append(("CUDA", "the CPU"))
        new = replace(new, device="cpu")
    return new, tuple(changes)


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
