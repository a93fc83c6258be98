"""`make gpu-check`: the CUDA paths measured in one run (at most ~8 minutes on one GPU).

    python -m models.bench.gpu_check --models DIR --out DIR [--minutes 5]

Rows: FP32, FP16 and INT8 (torchao) on CUDA, each in a fresh Engine on the same audio: load time, transcription
time, peak VRAM, agreement with FP32 (text similarity and identical segments). Then a real out-of-memory: an FP32
engine whose per-process memory fraction is cut to just above what the loaded model holds, so decoding the first
segment fails twice and the engine must fall back to the CPU (INT8) as designed (Engine._run_asr). Speakers: the
first CUDA precision again with CAM++ and --speakers 2, against the 15 % target (models/bench/gpu_speakers.py). Writes
gpu-check.json and gpu-check.md. Without a CUDA GPU it stops at once with exit code 2 and says so.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from models.options import PRECISIONS as ALL_PRECISIONS

REPO = Path(__file__).resolve().parents[2]
# FP32 first: the others are compared with it.
PRECISIONS = tuple(sorted(ALL_PRECISIONS, key=lambda p: p != "fp32"))
NO_CUDA_EXIT = 2


class NoCuda(RuntimeError):
    pass


@dataclass
class Row:
    precision: str
    ok: bool = False
    load_s: float = 0.0
    transcribe_s: float = 0.0
    rtf: float = 0.0
    peak_vram_mb: float = 0.0
    segments: int = 0
    text_agreement: float | None = None  # difflib ratio of the whole text vs FP32
    same_segments: float | None = None  # share of segments whose text equals FP32's
    error: str = ""
    label: str = ""


@dataclass
class Report:
    device_name: str = ""
    audio_s: float = 0.0
    rows: list[Row] = field(default_factory=list)
    oom: dict[str, Any] = field(default_factory=dict)
    speakers: dict[str, Any] = field(default_factory=dict)  # models/bench/gpu_speakers.py
    total_s: float = 0.0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gpu-check", description=__doc__.split("\n\n")[0])
    p.add_argument("--models", type=Path, default=None, help="model cache root (default $MODELSCOPE_CACHE)")
    p.add_argument("--out", type=Path, default=Path("build/gpu-check"))
    p.add_argument("--minutes", type=float, default=5.0, help="length of the test audio (default 5)")
    p.add_argument("--precisions", default=",".join(PRECISIONS),
                   type=lambda v: [x for x in v.split(",") if x] if all(x in PRECISIONS for x in v.split(",") if x)
                   else _bad(v))
    p.add_argument("--no-oom", action="store_true", help="skip the out-of-memory fallback check")
    p.add_argument("--no-speakers", action="store_true", help="skip the speakers (diarization) row")
    return p


def _bad(value: str) -> list[str]:
    raise argparse.ArgumentTypeError(f"precisions are {', '.join(PRECISIONS)}, not {value!r}")


def require_cuda() -> str:
    """The GPU's name; NoCuda (with what to do) when torch sees none."""
    import torch

    if not torch.cuda.is_available():
        raise NoCuda("no CUDA GPU visible to torch: `make gpu-check` measures the CUDA paths and needs one "
                     f"(torch {torch.__version__}, CUDA build {torch.version.cuda or 'none'})")
    return torch.cuda.get_device_name(0)


def make_audio(out: Path, minutes: float) -> Path:
    testdata = Path(os.environ.get("TINGXIE_TESTDATA", REPO.parent / "shared" / "testdata"))
    wav = out / f"gpu-check-{minutes:g}min.wav"
    if not wav.is_file():
        subprocess.run([sys.executable, str(testdata / "make_long_audio.py"), "--out", str(wav),
                        "--duration", str(int(minutes * 60)), "--seed", "0"], check=True)
    return wav


def agreement(ref: list[str], other: list[str]) -> tuple[float, float]:
    """(difflib ratio of the joined texts, share of positions with equal segment text)."""
    ratio = difflib.SequenceMatcher(None, "".join(ref), "".join(other), autojunk=False).ratio()
    same = sum(a == b for a, b in zip(ref, other)) / max(1, max(len(ref), len(other)))
    return round(ratio, 4), round(same, 4)


def _engine(models: Path | None, precision: str):
    from models.asr.engine import Engine
    from models.options import EngineConfig
    from models.store.manager import ModelStore

    return Engine(EngineConfig(device="cuda", precision=precision), store=ModelStore(models) if models else None)


def measure(models: Path | None, precision: str, wav: Path, audio_s: float) -> tuple[Row, list[str]]:
    import torch

    row, texts = Row(precision), []
    eng = None
    try:
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        t = time.perf_counter()
        eng = _engine(models, precision)
        info = eng.load()
        row.load_s, row.label = round(time.perf_counter() - t, 2), info.label()
        torch.cuda.synchronize()
        t = time.perf_counter()
        tr = eng.transcribe(wav)
        torch.cuda.synchronize()
        row.transcribe_s = round(time.perf_counter() - t, 2)
        row.rtf = round(row.transcribe_s / audio_s, 4)
        row.peak_vram_mb = round(torch.cuda.max_memory_allocated() / 2**20, 1)
        texts = [s.text for s in tr.segments]
        row.segments, row.ok = len(texts), tr.device == "cuda"
        if not row.ok:
            row.error = f"ran on {tr.device}, not CUDA"
    except Exception as exc:  # one failing row must not hide the others
        row.error = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        if eng is not None:
            eng.close()
    return row, texts


def oom_fallback(models: Path | None, wav: Path) -> dict[str, Any]:
    """Load FP32 on CUDA, cap the process just above what it holds, transcribe: must finish on the CPU."""
    import torch

    out: dict[str, Any] = {"ok": False}
    eng = _engine(models, "fp32")
    try:
        eng.load()
        total = torch.cuda.get_device_properties(0).total_memory
        held = torch.cuda.memory_reserved()
        fraction = min(1.0, (held + 8 * 2**20) / total)
        torch.cuda.set_per_process_memory_fraction(fraction, 0)
        out["memory_fraction"] = round(fraction, 5)
        t = time.perf_counter()
        tr = eng.transcribe(wav)
        out["transcribe_s"] = round(time.perf_counter() - t, 2)
        warnings = list(eng.info.warnings) if eng.info else []
        out.update(device_after=tr.device, segments=len(tr.segments), warnings=warnings)
        out["ok"] = tr.device == "cpu" and bool(tr.segments) and any("memory" in w for w in warnings)
    except Exception as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        torch.cuda.set_per_process_memory_fraction(1.0, 0)
        eng.close()
    return out


def render_markdown(rep: Report) -> str:
    lines = [f"# GPU check: {rep.device_name or 'unknown GPU'}", "",
             f"Audio: {rep.audio_s / 60:.1f} min. Total run: {rep.total_s:.0f} s.", "",
             "| precision | runtime | load s | transcribe s | RTF | peak VRAM MiB | segments | text vs FP32 "
             "| same segments | status |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rep.rows:
        agree = "" if r.text_agreement is None else f"{r.text_agreement:.4f}"
        same = "" if r.same_segments is None else f"{r.same_segments:.1%}"
        status = "ok" if r.ok else f"FAILED: {r.error}"
        lines.append(f"| {r.precision.upper()} | {r.label} | {r.load_s:.2f} | {r.transcribe_s:.2f} | {r.rtf:.4f} "
                     f"| {r.peak_vram_mb:.0f} | {r.segments} | {agree} | {same} | {status} |")
    if rep.oom:
        o = rep.oom
        verdict = "fell back to the CPU as designed" if o.get("ok") else f"FAILED ({o.get('error', o)})"
        lines += ["", f"Out-of-memory check (memory fraction {o.get('memory_fraction', '?')}): {verdict}."]
    if rep.speakers:
        from models.bench.gpu_speakers import render

        lines += ["", render(rep.speakers)]
    return "\n".join(lines) + "\n"


def write_report(rep: Report, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    js, md = out / "gpu-check.json", out / "gpu-check.md"
    js.write_text(json.dumps(asdict(rep), indent=1, ensure_ascii=False), encoding="utf-8")
    md.write_text(render_markdown(rep), encoding="utf-8")
    return js, md


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        name = require_cuda()
    except NoCuda as exc:
        print(f"gpu-check: {exc}", file=sys.stderr)
        return NO_CUDA_EXIT
    t0 = time.perf_counter()
    wav = make_audio(args.out, args.minutes)
    import soundfile as sf

    rep = Report(device_name=name, audio_s=sf.info(str(wav)).duration)
    ref: list[str] | None = None
    for precision in args.precisions:
        row, texts = measure(args.models, precision, wav, rep.audio_s)
        if precision == "fp32":
            ref = texts
        elif ref and texts:
            row.text_agreement, row.same_segments = agreement(ref, texts)
        rep.rows.append(row)
        print(f"{precision}: {row.transcribe_s} s, {row.peak_vram_mb} MiB {row.error}", file=sys.stderr)
    base = next((r for r in rep.rows if r.ok), None)  # the first precision that ran on CUDA (FP32 first)
    if not args.no_speakers and base is not None:
        from models.bench.gpu_speakers import speakers_row

        rep.speakers = speakers_row(args.models, base.precision, wav, base.transcribe_s, rep.audio_s)
        print(f"speakers: {rep.speakers.get('transcribe_s')} s {rep.speakers.get('error', '')}", file=sys.stderr)
    if not args.no_oom:
        rep.oom = oom_fallback(args.models, make_audio(args.out, 1.0))
    rep.total_s = time.perf_counter() - t0
    js, md = write_report(rep, args.out)
    print(render_markdown(rep))
    print(f"written: {js} {md}", file=sys.stderr)
    return 0 if all(r.ok for r in rep.rows) and (args.no_oom or rep.oom.get("ok")) and (
        not rep.speakers or rep.speakers.get("ok")) else 1


if __name__ == "__main__":
    sys.exit(main())
