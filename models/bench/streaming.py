"""Cost of live captions: the streaming Paraformer decoding a recording as it would arrive, one fresh process per
round.

    python -m models.bench.streaming --models build/models-full --audio long.wav [--precision int8] [--threads 1]

Each child imports models.streaming (no torch for the ONNX folder), loads the model (first round: optimising the
graphs and filling --graph-cache; later rounds: from the cache, as the app does after its first start), then feeds
the audio in 600 ms blocks, as a live source would, and reports: import s, load s, RSS after load, CPU seconds per
second of audio (process CPU time: ONNX Runtime's threads included), the wall time per chunk (median, p95, max:
what a chunk's text waits for once its audio is in) and peak RSS (VmHWM). Prints a JSON line per child and a table.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ONLINE = {"onnx": "iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-online-onnx",
          "torch": "iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-online"}
KEYS = ("import_s", "load_s", "rss_after_load_mb", "cpu_s_per_audio_s", "chunk_ms_p50", "chunk_ms_p95",
        "chunk_ms_max", "peak_mb", "pieces")


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(folder: Path, audio: Path, precision: str, threads: int, graph_cache: Path | None) -> dict[str, object]:
    t0 = time.perf_counter()
    import soundfile as sf

    from models.streaming import CHUNK_MS, load_streaming

    t1 = time.perf_counter()
    rec = load_streaming(folder, precision=precision, threads=threads, graph_cache=graph_cache)
    t2 = time.perf_counter()
    rss_load = _status_mb("VmRSS")
    x, sr = sf.read(str(audio), dtype="float32")
    if sr != 16000 or x.ndim != 1:
        raise SystemExit(f"{audio}: 16 kHz mono expected")
    block = CHUNK_MS * 16
    stream, pieces, walls = rec.start(), 0, []
    cpu0 = time.process_time()
    for i in range(0, x.size, block):
        w = time.perf_counter()
        pieces += len(stream.accept(x[i:i + block]))
        walls.append((time.perf_counter() - w) * 1000)
    pieces += len(stream.finish())
    cpu = time.process_time() - cpu0
    walls.sort()
    return {"import_s": round(t1 - t0, 3), "load_s": round(t2 - t1, 3), "rss_after_load_mb": round(rss_load),
            "cpu_s_per_audio_s": round(cpu / (x.size / 16000), 4), "chunk_ms_p50": round(statistics.median(walls), 1),
            "chunk_ms_p95": round(walls[int(0.95 * (len(walls) - 1))], 1), "chunk_ms_max": round(walls[-1], 1),
            "peak_mb": round(_status_mb("VmHWM")), "pieces": pieces, "audio_s": round(x.size / 16000, 1),
            "torch_imported": "torch" in sys.modules and sys.modules["torch"] is not None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", type=Path, required=True, help="ModelScope cache root (holding models/iic/...)")
    ap.add_argument("--audio", type=Path, required=True, help="16 kHz mono WAV")
    ap.add_argument("--runtime", choices=tuple(ONLINE), default="onnx")
    ap.add_argument("--precision", default="int8")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--graph-cache", type=Path, help="optimised-graph cache (default: a fresh temporary folder)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    root = args.models / "models" if (args.models / "models").is_dir() else args.models
    folder = root / ONLINE[args.runtime]
    if args.child:
        print(json.dumps(child(folder, args.audio, args.precision, args.threads, args.graph_cache)))
        return 0
    cache = args.graph_cache or Path(tempfile.mkdtemp(prefix="tingxie-graphs-"))
    rows = []
    for r in range(args.rounds + 1):  # round 0 optimises the graphs into the cache (first start): shown, not counted
        cmd = [sys.executable, "-m", "models.bench.streaming", "--child", "--models", str(args.models), "--audio",
               str(args.audio), "--runtime", args.runtime, "--precision", args.precision, "--threads",
               str(args.threads)] + (["--graph-cache", str(cache)] if args.runtime == "onnx" else [])
        res = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if res.returncode:
            print(res.stderr[-3000:], file=sys.stderr)
            return 1
        row = json.loads(res.stdout.strip().splitlines()[-1])
        print(json.dumps({"round": r, **row}), flush=True)
        rows += [row] if r else []
    print(f"| {args.runtime} {args.precision}, {args.threads} thread(s) | " + " | ".join(KEYS) + " |")
    print("|---" * (len(KEYS) + 1) + "|")
    print("| median | " + " | ".join(f"{statistics.median(float(r[k]) for r in rows):g}" for k in KEYS) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
