"""`python main.py bench`: FP32 vs INT8 (vs FP16 on CUDA): speed, memory, size, drift, in one command.

    python main.py bench [--audio FILE | --minutes N[,N...]] [--device cpu|cuda] [--precisions fp32,int8,fp16]
                         [--pipelines tingxie,seed-recipe] [--repeat K] [--threads T] [--out DIR]

Each (audio, pipeline, precision) row is measured in a fresh worker process (models/bench/measure.py): load, one
warm-up transcription, then K timed runs of the whole pipeline (VAD + ASR + punctuation). Rows carry
pipeline "tingxie" (our Engine), "tingxie-torch" (the same on PyTorch), "seed-recipe" (the seed article's funasr
AutoModel(...).generate(batch_size_s=300), FP32, and INT8 by quantize_dynamic on model.model, run as a user's
script would, checked against a plain-script run of it) or "funasr-onnx" (FunASR's ONNX runtime on the published
ONNX set, in its own venv). Written to --out: bench.json, bench.md (also printed), bench.png. Compare numbers
only within one run: runs vary about ±10 % between processes.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from models.bench import plot as bench_plot
from models.bench import report as bench_report
from models.bench import targets as bench_targets
from models.bench.args import PIPELINES, build_parser  # noqa: F401  (PIPELINES: the bench's public names)
from models.bench.audio import prepare_audio, warmup_clip
from models.bench.measure import measure, run_worker
from models.bench.stages import cpu_name
from models.options import CPU_PRECISIONS, PRECISIONS
from models.runtime.system import physical_cores

SCHEMA = "tingxie-bench/1"


def write_report(rep: dict[str, Any], out: Path) -> str:
    """bench.md and bench.png from the report dict; returns the Markdown."""
    md = bench_report.render_markdown(rep)
    try:
        bench_plot.plot(rep, out / "bench.png")
        md += "\n![benchmark chart](bench.png)\n"
    except Exception as exc:  # a report without a chart beats no report
        md += f"\n(no chart: plotting failed: {exc})\n"
        print(f"warning: plot failed: {exc}", file=sys.stderr)
    (out / "bench.md").write_text(md, encoding="utf-8")
    return md


def _machine(device: str, threads: int) -> dict[str, Any]:
    import importlib.metadata as md

    def version(pkg: str) -> str:
        try:
            return md.version(pkg)
        except md.PackageNotFoundError:
            return "not installed"

    ram = 0.0
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    except (ValueError, OSError, AttributeError):
        pass
    m = {"cpu": cpu_name(), "cpus": os.cpu_count(), "threads": threads, "ram_gb": ram,
         "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
         "torch": version("torch"), "funasr": version("funasr"), "torchao": version("torchao"), "gpu": None,
         "load_avg_start": _loadavg()}
    if device == "cuda":
        import torch

        m["gpu"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    return m


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        return None


def _random_weights(asr_dir: Path) -> bool:
    try:
        return "RANDOM weights" in (asr_dir / "configuration.json").read_text(encoding="utf-8")
    except OSError:
        return False


def _cpu_set(store: Any, punc: str) -> dict[str, Path] | None:
    """The published ONNX set's folders (what a CPU user runs) when all of it is installed, else None."""
    from models.core import registry

    if punc not in ("", "punc"):  # the set has the Chinese punctuation only: the engine runs PyTorch then
        return None
    keys = ["asr-onnx", "vad-onnx"] + (["punc-onnx"] if punc else [])
    found = {}
    for key in keys:
        st = store.status(registry.MODELS[key])
        if not st.ready:
            return None
        found[key] = st.path
    return found


def main(argv: list[str] | None = None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    if argv[:1] == ["--live"]:  # live captions: models/bench/live.py (its own options)
        from models.bench import live

        return live.main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.render:
        rep = json.loads((args.render / "bench.json").read_text(encoding="utf-8"))
        print(write_report(rep, args.render.resolve()))
        return 0
    if args.text:  # target: a 3-hour transcript through every text step in under a second
        from models.text.bench import time_pipeline

        res = time_pipeline(3000, repeat=args.repeat)
        print(json.dumps(res, indent=1))
        print(f"text steps on {res['audio_hours']} h of transcript: {res['all_s']:.2f} s "
              f"(target < 1 s: {'met' if res['all_s'] < 1 else 'not met'})")
        return 0
    from models.core import registry
    from models.core.errors import ModelMissingError, TingxieError
    from models.store.manager import ModelStore

    if args.models:
        os.environ["MODELSCOPE_CACHE"] = str(args.models.resolve())
    store = ModelStore(args.models.resolve()) if args.models else ModelStore()
    punc = "" if args.punc == "none" else args.punc
    try:
        dirs = {k: store.resolve(registry.MODELS[k]) for k in ["asr", "vad"] + ([punc] if punc else [])}
    except ModelMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    cpu_set = _cpu_set(store, punc)
    if args.repeat < 1 or args.jobs < 1:
        print("error: --repeat and --jobs must be at least 1", file=sys.stderr)
        return 2
    # FP32 first: it is the reference the other rows' drift and ratios are measured against
    offered = CPU_PRECISIONS if args.device == "cpu" else PRECISIONS
    precisions = args.precisions or ["fp32"] + [p for p in offered if p != "fp32"]
    threads = args.threads or physical_cores()
    machine = _machine(args.device, threads)
    if args.device == "cuda" and not machine["gpu"]:
        print("error: --device cuda, but torch sees no CUDA GPU", file=sys.stderr)
        return 2
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    try:
        items = prepare_audio(args, out)
    except (TingxieError, subprocess.CalledProcessError, OSError) as exc:
        print(f"error: audio: {exc}", file=sys.stderr)
        return 2
    cache = out / "int8-cache"
    shutil.rmtree(cache, ignore_errors=True)  # "cold" must be cold
    base = {"device": args.device, "threads": threads, "punc": punc, "int8_cache_dir": str(cache),
            "models_root": os.environ.get("MODELSCOPE_CACHE") or None, "repeat": args.repeat}
    warmup = None if args.no_warmup else warmup_clip(min(items, key=lambda a: a["audio_s"]), out)
    notes: list[str] = []
    t_start = time.monotonic()

    def say(msg: str) -> None:
        print(f"[bench {time.monotonic() - t_start:6.0f} s] {msg}", file=sys.stderr, flush=True)

    if args.speakers.enabled:  # what diarization adds (time, peak RSS) on the same audio
        from models.bench import speakers as spk_bench

        return spk_bench.compare(args, base, items, warmup, out, machine, say, run_worker)
    sets = {"torch": {("punc" if k.startswith("punc") else k): str(d) for k, d in dirs.items()},
            "onnx": cpu_set and {k.removesuffix("-onnx"): str(d) for k, d in cpu_set.items()}}
    cold, rows, drift, bare = measure(args, base, items, precisions, warmup, out, say, sets)
    checks = bench_targets.seed_checks(rows, bare)
    if any(c["flagged"] for c in checks):
        notes.append(f"a seed-recipe row differs from the recipe run as a plain script by more than "
                     f"{bench_targets.SEED_CHECK_TOLERANCE:.0%} (see the seed recipe check): its ratios are in doubt")
    if cpu_set is None and args.device == "cpu":
        notes.append("the published ONNX set (asr-onnx, vad-onnx, punc-onnx) is not installed: Tingxie INT8 ran on "
                     "the PyTorch folders through the converted cache (torch imported), not what a CPU user runs, and "
                     "funasr-onnx did not run; `make fixtures` builds the set for the test models")
    for pipe, res in cold.items():
        if not res.get("ok"):
            notes.append(f"{pipe} INT8 cold load failed: {res.get('error')}")
    if args.jobs > 1:
        notes.append(f"--jobs {args.jobs}: rows ran in parallel and disturbed each other's timings (smoke test only)")
    random_weights = _random_weights(dirs["asr"])
    block = "random test weights: the text is arbitrary, so CER says nothing" if random_weights else None
    bench_report.add_text_metrics(rows, {i["name"]: i["reference"] for i in items}, block)
    if any(i["synthetic"] for i in items):
        notes.append("the shared speech clips were not found, so the audio is synthetic and speech-like; the VAD "
                     "may find little speech in it, which makes ASR time small")
    if random_weights:
        notes.append("random-weight models have the real architecture and sizes, so time, memory and size are "
                     "representative; text, CER and token agreement are not (random CIF fires at a set rate)")
    if "seed-recipe" in args.pipelines:
        notes.append("seed recipe: funasr AutoModel(model, vad_model, punc_model, ncpu=threads).generate(input, "
                     "batch_size_s=300); its frontend keeps funasr's dither=1.0, so its text varies run to run")
    machine["load_avg_end"] = _loadavg()
    busy = max((machine["load_avg_start"] or [0])[0], (machine["load_avg_end"] or [0])[0])
    if busy > (os.cpu_count() or 1):
        notes.append(f"the machine was busy (1-min load average up to {busy:.1f} on {os.cpu_count()} CPUs): "
                     "other processes competed for the cores, so times are high and noisy")
    rat = bench_report.ratios(rows)
    rep = {"schema": SCHEMA, "date": _dt.date.today().isoformat(),
           "created": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
           "device": args.device, "machine": machine,
           "args": {"pipelines": args.pipelines, "precisions": precisions, "repeat": args.repeat,
                    "threads": threads, "punc": args.punc, "warmup": warmup is not None},
           "models": {"root": str(store.root) if hasattr(store, "root") else os.environ.get("MODELSCOPE_CACHE"),
                      "random_weights": random_weights, "dirs": {k: str(v) for k, v in dirs.items()},
                      "cpu_set": cpu_set and {k: str(v) for k, v in cpu_set.items()}},
           "audio": [{k: v for k, v in i.items() if k != "reference"} | {"has_reference": bool(i["reference"])}
                     for i in items],
           "results": rows, "ratios": rat, "seed_checks": checks,
           "targets": bench_targets.targets(rows, rat, checks) if args.device == "cpu" else [],
           "drift": drift, "seed_article": bench_report.SEED_ARTICLE, "notes": notes, "units": {
               "mb": "MiB (2**20 bytes)", "peak_mem_mb": "peak RSS (cpu) or peak torch VRAM reserved (cuda)",
               "size_mb": "bytes of the loaded weights (state dict tensors; INT8 Linear = int8 weight + bias)",
               "disk_mb": "model files a start reads (INT8 CPU: the cached quantized files + FP32 VAD)"}}
    (out / "bench.json").write_text(json.dumps(rep, ensure_ascii=False, indent=1), encoding="utf-8")
    print(write_report(rep, out))
    print(f"wrote {out / 'bench.json'}, {out / 'bench.md'}, {out / 'bench.png'}", file=sys.stderr)
    return 0 if all(r["status"] != "error" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
