"""Load cost of the torch-free CPU set, one variant of ONNX Runtime settings per fresh process.

    python -m models.bench.ort_memory --models build/models-full --rounds 3 [--clip WAV] [variant ...]

Each round starts one child per variant (alternating, so machine load hits every variant alike) that imports the
ONNX pipeline, loads the three models (models.asr.ort_models.load) and reports import s, load s, RSS after load
and peak RSS (VmHWM from /proc, the same as ru_maxrss), then transcribes --clip and reports the peak again and a
digest of the words + times (equal digests: the variant changes no output). Prints a JSON line per child and a
table of medians. Variants patch onnxruntime.InferenceSession's options in the child, so they measure settings
before any of them is made the default (models/runtime/ort_session.py holds the chosen ones).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ASR = "iic/speech_paraformer-large-vad-punc_asr_nat-zh-cn-16k-common-vocab8404-onnx"
VAD = "iic/speech_fsmn_vad_zh-cn-16k-common-onnx"
PUNC = "iic/punc_ct-transformer_zh-cn-common-vocab272727-onnx"

# name -> (SessionOptions attributes, session config entries); "default" is what main ran before the optimised-graph cache.
# "NAME+cache" runs NAME's settings with the optimised-graph cache (models/runtime/ort_session.py).
VARIANTS: dict[str, tuple[dict[str, object], dict[str, str]]] = {
    "default": ({}, {}),
    "no-arena": ({"enable_cpu_mem_arena": False}, {}),
    "no-mempattern": ({"enable_mem_pattern": False}, {}),
    "no-prepack": ({}, {"session.disable_prepacking": "1"}),
    "extended": ({"graph_optimization_level": "ORT_ENABLE_EXTENDED"}, {}),
    "no-arena-no-prepack": ({"enable_cpu_mem_arena": False}, {"session.disable_prepacking": "1"}),
}


def status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(models: Path, variant: str, clip: Path | None, env_variant: str) -> dict[str, object]:
    t0 = time.perf_counter()
    import onnxruntime as ort

    attrs, entries = VARIANTS.get(variant, ({}, {}))
    real = ort.InferenceSession

    def patched(path: object, so: ort.SessionOptions | None = None, *a: object, **kw: object) -> object:
        so = so or ort.SessionOptions()
        for k, v in attrs.items():
            setattr(so, k, getattr(ort.GraphOptimizationLevel, v) if isinstance(v, str) else v)
        for k, v in entries.items():
            so.add_session_config_entry(k, v)
        return real(path, so, *a, **kw)

    ort.InferenceSession = patched  # type: ignore[misc]
    from models.asr import ort_models

    import_s = time.perf_counter() - t0
    t = time.perf_counter()
    cache = Path(os.environ.get("TINGXIE_BENCH_GRAPH_CACHE", "build/ort-graph-cache")) if "+cache" in env_variant \
        else None
    m = ort_models.load(models / ASR, models / VAD, models / PUNC, quantized=True, threads=1, graph_cache=cache)
    out: dict[str, object] = {"variant": env_variant, "import_s": round(import_s, 3),
                              "load_s": round(time.perf_counter() - t, 3),
                              "rss_after_load_mb": round(status_mb("VmRSS")), "peak_load_mb": round(status_mb("VmHWM"))}
    if clip is not None:
        from models.bench.torchfree import SR
        from models.audio import decode as audio
        import numpy as np

        digest = hashlib.sha256()
        t = time.perf_counter()
        data = np.concatenate(list(audio.stream(clip, block_s=60.0)))
        vad = m.vad.stream()
        for a, b in vad.feed(data, is_final=True):
            words, ms = m.rec.recognize(data[a * SR // 1000: b * SR // 1000], a)
            digest.update(json.dumps([words, ms, m.rec.punctuate(words)]).encode())
        out |= {"run_s": round(time.perf_counter() - t, 3), "peak_run_mb": round(status_mb("VmHWM")),
                "digest": digest.hexdigest()[:12]}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("variants", nargs="*", default=["default"])
    ap.add_argument("--models", type=Path, default=Path("build/models-full/models"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clip", type=Path)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--env", action="append", default=[], help="VARIANT:KEY=VALUE environment for that variant")
    args = ap.parse_args(argv)
    models = args.models / "models" if (args.models / "models").is_dir() else args.models
    if args.child:
        print(json.dumps(child(models, args.child.split("+")[0], args.clip, args.child)))
        return 0
    rows: dict[str, list[dict[str, object]]] = {v: [] for v in args.variants}
    for r in range(args.rounds + 1):  # round 0: only the "+cache" variants, to save their graphs (not counted)
        for v in args.variants:
            if r == 0 and "+cache" not in v:
                continue
            env = dict(os.environ)
            for e in args.env:
                name, _, kv = e.partition(":")
                if name == v:
                    k, _, val = kv.partition("=")
                    env[k] = val
            cmd = [sys.executable, "-m", "models.bench.ort_memory", "--models", str(models), "--child", v]
            if args.clip:
                cmd += ["--clip", str(args.clip)]
            res = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
            if res.returncode:
                print(res.stderr[-2000:], file=sys.stderr)
                continue
            row = json.loads(res.stdout.strip().splitlines()[-1])
            print(json.dumps(row), flush=True)
            if r:
                rows[v].append(row)
    keys = ("import_s", "load_s", "rss_after_load_mb", "peak_load_mb", "run_s", "peak_run_mb")
    print("| variant | " + " | ".join(keys) + " | digest |")
    print("|---" * (len(keys) + 2) + "|")
    for v, rs in rows.items():
        med = [f"{statistics.median(float(r[k]) for r in rs):g}" if rs and k in rs[0] else "–" for k in keys]
        digests = sorted({str(r.get("digest", "–")) for r in rs})
        print(f"| {v} | " + " | ".join(med) + f" | {','.join(digests)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
