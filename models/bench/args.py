"""The benchmark's command line (`main.py bench ...`, `python -m models.bench ...`)."""
from __future__ import annotations

import argparse
from pathlib import Path

from models.options import DEFAULT_PUNC, DEVICES, NO_PUNC, PRECISIONS, PUNCS
from models.speakers.options import add_speaker_argument


def _list(kind: str, allowed: tuple[str, ...]):
    def parse(value: str) -> list[str]:
        items = [v.strip().lower() for v in value.split(",") if v.strip()]
        bad = [v for v in items if v not in allowed]
        if bad or not items:
            raise argparse.ArgumentTypeError(f"unknown {kind} {', '.join(bad) or value!r}; choose from "
                                             + ", ".join(allowed))
        return list(dict.fromkeys(items))
    return parse


def _minutes(value: str) -> list[float]:
    try:
        out = [float(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--minutes takes numbers like 5 or 1,5,20,60, not {value!r}") from None
    if not out or any(m <= 0 for m in out):
        raise argparse.ArgumentTypeError("--minutes must be positive")
    return sorted(dict.fromkeys(out))


PIPELINES = ("tingxie", "tingxie-torch", "seed-recipe", "funasr-onnx")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tingxie bench", description="FP32 vs INT8 (vs FP16 on CUDA) benchmark: "
                                "speed, peak memory, model size, drift; writes bench.json, bench.md, bench.png.")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--audio", type=Path, action="append", metavar="FILE",
                     help="audio to measure (repeatable); reference text from FILE's .json sidecar "
                          "('reference_text') or a .txt next to it")
    src.add_argument("--minutes", type=_minutes, metavar="N[,N...]",
                     help="build test audio of these lengths from the shared speech clips (default 5)")
    p.add_argument("--device", choices=tuple(d for d in DEVICES if d != "auto"), default="cpu")
    p.add_argument("--precisions", type=_list("precision", PRECISIONS),
                   help="default: fp32,int8 on cpu; fp32,fp16,int8 on cuda")
    p.add_argument("--pipelines", type=_list("pipeline", PIPELINES), default=list(PIPELINES),
                   help="tingxie: the app's engine as configured by default (CPU INT8 on ONNX Runtime); "
                        "tingxie-torch: the same engine on PyTorch only (INT8 rows); seed-recipe: the seed "
                        "article's funasr recipe; funasr-onnx: FunASR's ONNX runtime for Python on the same ONNX "
                        "folders, in its own venv (INT8 row on the CPU) (default: all four)")
    p.add_argument("--no-seed-check", action="store_true",
                   help="skip the check that runs the seed recipe again as a plain script after each seed row")
    p.add_argument("--funasr-onnx-python", type=Path, metavar="PYTHON",
                   help="interpreter with funasr-onnx installed (default build/funasr-onnx-venv/bin/python, "
                        "`make funasr-onnx-venv`)")
    p.add_argument("--repeat", type=int, default=3, metavar="K", help="timed runs per row (median, min, max)")
    p.add_argument("--threads", type=int, default=0, help="CPU threads for both pipelines (default: physical cores)")
    p.add_argument("--punc", choices=PUNCS + (NO_PUNC,), default=DEFAULT_PUNC, help="punctuation model")
    p.add_argument("--out", type=Path, default=Path("bench-out"), help="output folder (default ./bench-out)")
    p.add_argument("--models", type=Path, metavar="DIR", help="model cache root (default: $MODELSCOPE_CACHE)")
    p.add_argument("--no-warmup", action="store_true", help="time the first transcription too")
    p.add_argument("--no-drift", action="store_true", help="skip the FP32-vs-INT8 drift measurement")
    p.add_argument("--profile", action="store_true",
                   help="one extra run per row under torch.profiler; top operators to DIR/profile-*.txt")
    p.add_argument("--timeout", type=float, default=0, help="seconds allowed per worker process (0: no limit)")
    p.add_argument("--render", type=Path, metavar="DIR", help="only re-write DIR/bench.md and bench.png from "
                   "DIR/bench.json (after a report change)")
    p.add_argument("--jobs", type=int, default=1, help="workers at once (default 1; more only for smoke tests: "
                   "parallel rows slow each other down)")
    p.add_argument("--text", action="store_true", help="only time the text steps (glossary, numbers, script) on "
                   "a 3,000-sentence (about 3-hour) synthetic transcript, median of --repeat cold runs")
    add_speaker_argument(p)  # not off: only the with/without diarization comparison (models/bench/speakers.py)
    return p
