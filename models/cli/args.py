"""The argparse pieces `transcribe`, `batch` and `watch` share: engine options, export formats, -v, how an error
ends a run. Choices, defaults and help text come from models/options.py, so the commands cannot drift apart."""
from __future__ import annotations

import argparse
import sys

from models.core.errors import ModelError, TingxieError
from models.options import (BACKENDS, DEFAULT_BACKEND, DEFAULT_DEVICE, DEFAULT_FORMATS, DEFAULT_PRECISION,
                            DEFAULT_PUNC, DEFAULT_THREADS, DEVICES, EXIT_FAILED, EXIT_MODELS, FORMATS, NO_PUNC,
                            PRECISIONS, PUNCS, EngineConfig)


def formats(value: str) -> list[str]:
    """"txt,srt" -> ["txt", "srt"]; an unknown name is a usage error that lists the formats."""
    fmts = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(bad) or value!r}; "
                                         f"choose from {', '.join(FORMATS)}")
    return fmts


def add_format_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("-f", "--format", type=formats, default=list(DEFAULT_FORMATS),
                   help=f"comma-separated: {','.join(FORMATS)} (default {','.join(DEFAULT_FORMATS)})")


def add_engine_arguments(p: argparse.ArgumentParser, threads_help: str = "CPU threads (default: physical cores)"
                         ) -> None:
    """--precision, --device, --threads, --backend, --punc; engine_config(args) reads them back."""
    p.add_argument("--precision", choices=PRECISIONS, default=DEFAULT_PRECISION,
                   help=f"default {DEFAULT_PRECISION}; fp16 is CUDA only (the CPU runs fp32 then and says so)")
    p.add_argument("--device", choices=DEVICES, default=DEFAULT_DEVICE)
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS, help=threads_help)
    p.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND,
                   help="what runs the speech model on the CPU (auto: ONNX Runtime for INT8 when installed)")
    p.add_argument("--punc", choices=PUNCS + (NO_PUNC,), default=DEFAULT_PUNC,
                   help="punctuation model: Chinese, Chinese + English (large), or none")


def engine_config(args: argparse.Namespace) -> EngineConfig:
    """The EngineConfig of add_engine_arguments' options."""
    return EngineConfig(device=args.device, precision=args.precision, threads=args.threads,
                        punc="" if args.punc == NO_PUNC else args.punc, backend=args.backend)


def add_verbose_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also show the libraries' own warnings and progress messages")


def report_error(exc: TingxieError) -> int:
    """Say a run's error to the CLI user; the exit code: 3 when the models are missing or cannot load, else 1."""
    print(f"error: {exc}", file=sys.stderr)
    return EXIT_MODELS if isinstance(exc, ModelError) else EXIT_FAILED
