"""`python main.py bench`: FP32 vs INT8 (vs FP16 on CUDA): speed, memory, size, drift, in one command.

    python main.py bench [--audio FILE | --minutes N[,N...]] [--device cpu|cuda] [--precisions fp32,int8,fp16]
                         [--pipelines tingxie,seed-recipe] [--repeat K] [--threads T] [--out DIR]

Each (audio, pipeline, precision) row is measured in a fresh worker process (`models.bench.worker`): load, one
warm-up transcription, then K timed runs of the whole pipeline (VAD + ASR + punctuation). Rows carry
pipeline "tingxie" (our Engine) or "seed-recipe" (the seed article's funasr AutoModel(...).generate(
batch_size_s=300), FP32, and INT8 by quantize_dynamic on model.model). Written to --out: bench.json, bench.md
(also printed), bench.png. Compare numbers only within one run: runs vary about ±10 % between processes.
"""
from __future__ import annotations

import argparse
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
from models.bench.args import PIPELINES, build_parser  # noqa: F401  (PIPELINES: the bench's public names)
from models.bench.stages import cpu_name
from models.options import CPU_PRECISIONS, PRECISIONS
from models.runtime.system import physical_cores

REPO = Path(__file__).resolve().parents[2]
SR = 16000
SCHEMA = "tingxie-bench/1"
WARMUP_S = 20.0


# ---------------------------------------------------------------- audio

def _testdata() -> Path:
    return Path(os.environ.get("TINGXIE_TESTDATA", REPO.parent / "shared" / "testdata")).resolve()


def _reference(path: Path) -> str | None:
    side = path.with_suffix(".json")
    if side.is_file():
        try:
            return json.loads(side.read_text(encoding="utf-8")).get("reference_text") or None
        except (OSError, ValueError):
            return None
    txt = path.with_suffix(".txt")
    return txt.read_text(encoding="utf-8").strip() or None if txt.is_file() else None


def prepare_audio(args: argparse.Namespace, out: Path) -> list[dict[str, Any]]:
    from models.audio import decode as audio

    items = []
    if args.audio:
        for f in args.audio:
            info = audio.probe(f)
            items.append({"name": f.name, "path": str(f.resolve()), "audio_s": info.duration_s, "synthetic": False,
                          "reference": _reference(f)})
        return items
    folder = out / "audio"
    folder.mkdir(parents=True, exist_ok=True)
    maker = _testdata() / "make_long_audio.py"
    for mins in args.minutes or [5.0]:
        name = f"long-{mins:g}min.wav"
        path = folder / name
        synthetic = not maker.is_file()
        if synthetic:
            write_synthetic(path, mins * 60)
        elif not path.is_file():
            subprocess.run([sys.executable, str(maker), "--duration", str(mins * 60), "--seed", "0",
                            "--out", str(path)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        items.append({"name": name, "path": str(path), "audio_s": audio.probe(path).duration_s,
                      "synthetic": synthetic, "reference": None if synthetic else _reference(path)})
    return items


def write_synthetic(path: Path, seconds: float, seed: int = 0) -> None:
    """Speech-like audio when the shared clips are absent: voiced 'syllables' (harmonics of a gliding f0 under
    a syllable-rate envelope) in phrases of 1-6 s with pauses. The VAD may find little in it."""
    import numpy as np
    import soundfile as sf

    rng = np.random.default_rng(seed)
    total, pos = int(seconds * SR), 0
    with sf.SoundFile(str(path), "w", samplerate=SR, channels=1, subtype="PCM_16") as f:
        while pos < total:
            gap = min(total - pos, int(rng.uniform(0.4, 2.0) * SR))
            f.write(rng.standard_normal(gap).astype(np.float32) * 1e-3)
            pos += gap
            phrase = min(total - pos, int(rng.uniform(1.0, 6.0) * SR))
            if phrase <= 0:
                break
            t = np.arange(phrase) / SR
            f0 = rng.uniform(110, 220) * (1 + 0.15 * np.sin(2 * np.pi * rng.uniform(0.3, 1.0) * t))
            phase = 2 * np.pi * np.cumsum(f0) / SR
            voice = sum(np.sin(h * phase) / h for h in range(1, 16))
            env = np.clip(np.sin(2 * np.pi * rng.uniform(3.0, 5.0) * t), 0, None) ** 0.7
            x = 0.15 * voice * env + rng.standard_normal(phrase) * 1e-3
            f.write(x.astype(np.float32))
            pos += phrase


def _warmup_clip(item: dict[str, Any], out: Path) -> str:
    from models.audio import decode as audio

    path = out / "audio" / "warmup.wav"
    if not path.is_file():
        import numpy as np
        import soundfile as sf

        need, got = int(WARMUP_S * SR), []
        for block in audio.stream(item["path"], block_s=WARMUP_S):
            got.append(block)
            if sum(b.size for b in got) >= need:
                break
        path.parent.mkdir(parents=True, exist_ok=True)
        sf.write(str(path), np.concatenate(got)[:need], SR, subtype="PCM_16")
    return str(path)


# ---------------------------------------------------------------- workers

def run_worker(spec: dict[str, Any], out: Path, name: str, timeout: float) -> dict[str, Any]:
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    spec_path, result_path = work / f"{name}.spec.json", work / f"{name}.result.json"
    log_path = out / "logs" / f"{name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    spec_path.write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    result_path.unlink(missing_ok=True)
    pypath = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env = {**os.environ, "PYTHONPATH": pypath}
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            proc = subprocess.run([sys.executable, "-m", "models.bench.worker", str(spec_path), str(result_path)],
                                  cwd=str(REPO), env=env, stdout=log, stderr=subprocess.STDOUT,
                                  timeout=timeout or None)
        except subprocess.TimeoutExpired:
            return {"ok": False, "error": f"worker ran past --timeout {timeout:g} s (log: {log_path})"}
    if not result_path.is_file():
        return {"ok": False, "error": f"worker exited with code {proc.returncode} and no result (log: {log_path})"}
    return json.loads(result_path.read_text(encoding="utf-8"))


def _measure(args: argparse.Namespace, base: dict[str, Any], items: list[dict[str, Any]], precisions: list[str],
             warmup: str | None, out: Path, say) -> tuple[dict | None, list[dict], dict | None]:
    """Run the workers: INT8 cold load first (it fills the cache the INT8 rows load from), the rows, drift."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = []
    for item in items:
        for pipe in args.pipelines:
            for prec in precisions:
                if pipe == "tingxie-torch" and (prec != "int8" or args.device != "cpu" or "tingxie" not in
                                                args.pipelines):
                    continue  # elsewhere "tingxie" already runs PyTorch: the row would repeat it
                spec = {**base, "task": "run", "pipeline": pipe, "precision": prec, "audio": item["path"],
                        "audio_s": item["audio_s"], "warmup_audio": warmup}
                name = f"{pipe}-{prec}-{Path(item['path']).stem}"
                if args.profile:
                    spec["profile"] = str(out / f"profile-{name}.txt")
                jobs.append((name, spec, item))
    cpu_int8 = "int8" in precisions and args.device == "cpu"
    cold_pipes = [p for p in ("tingxie", "tingxie-torch") if cpu_int8 and p in args.pipelines]

    def work(name: str, spec: dict[str, Any], label: str) -> dict[str, Any]:
        say(f"{label}: started")
        res = run_worker(spec, out, name, args.timeout)
        if spec["task"] == "run" and res.get("ok"):
            walls = sorted(r["wall_s"] for r in res["runs"])
            say(f"{label}: wall {walls[len(walls) // 2]:.2f} s, RTF {walls[len(walls) // 2] / spec['audio_s']:.4f}, "
                f"peak RSS {res['peak_rss_mb']:.0f} MiB")
        else:
            say(f"{label}: " + ("done" if res.get("ok") else res.get("skipped") or res.get("error", "failed")))
        return res

    def depends(spec: dict[str, Any]) -> bool:
        return spec["pipeline"] in cold_pipes and spec["precision"] == "int8"

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:  # one worker: FIFO, so strictly in order
        cold_fs = {p: ex.submit(work, f"cold-load-int8-{p}", {**base, "task": "cold-load", "pipeline": p,
                                                              "precision": "int8"},
                                f"{p} INT8 cold load (empty cache)") for p in cold_pipes}
        futures: dict[str, Any] = {}
        later = [j for j in jobs if args.jobs > 1 and depends(j[1])]
        for name, spec, item in [j for j in jobs if j not in later]:
            futures[name] = ex.submit(work, name, spec, f"{spec['pipeline']} {spec['precision'].upper()} on "
                                      f"{item['name']} ({item['audio_s']:.0f} s) x{args.repeat}")
        cold = {p: f.result() for p, f in cold_fs.items()}
        for name, spec, item in later:
            futures[name] = ex.submit(work, name, spec, f"{spec['pipeline']} {spec['precision'].upper()} on "
                                      f"{item['name']} ({item['audio_s']:.0f} s) x{args.repeat}")
        drift_f, drift_item = None, min(items, key=lambda a: a["audio_s"])
        if not args.no_drift and "tingxie" in args.pipelines and "fp32" in precisions and len(precisions) > 1:
            drift_f = ex.submit(work, "drift", {**base, "task": "drift", "precisions": precisions,
                                                "pipelines": args.pipelines, "audio": drift_item["path"]},
                                f"drift: FP32 vs {', '.join(p for p in precisions if p != 'fp32')} on "
                                f"{drift_item['name']}")
        rows = [bench_report.make_row({**spec, "audio": item["name"]}, futures[name].result(),
                                      cold.get(spec["pipeline"]))
                for name, spec, item in jobs]
        drift = drift_f.result() if drift_f else None
    if drift is not None:
        drift["audio"] = drift_item["name"]
    return cold, rows, drift


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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv if argv is not None else sys.argv[1:])
    if args.render:
        rep = json.loads((args.render / "bench.json").read_text(encoding="utf-8"))
        print(write_report(rep, args.render.resolve()))
        return 0
    if args.text:  # issue 16 target: a 3-hour transcript through every text step in under a second
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
    warmup = None if args.no_warmup else _warmup_clip(min(items, key=lambda a: a["audio_s"]), out)
    notes: list[str] = []
    t_start = time.monotonic()

    def say(msg: str) -> None:
        print(f"[bench {time.monotonic() - t_start:6.0f} s] {msg}", file=sys.stderr, flush=True)

    if args.speakers.enabled:  # issue 15: what diarization adds (time, peak RSS) on the same audio
        from models.bench import speakers as spk_bench

        return spk_bench.compare(args, base, items, warmup, out, machine, say, run_worker)
    cold, rows, drift = _measure(args, base, items, precisions, warmup, out, say)
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
                      "random_weights": random_weights, "dirs": {k: str(v) for k, v in dirs.items()}},
           "audio": [{k: v for k, v in i.items() if k != "reference"} | {"has_reference": bool(i["reference"])}
                     for i in items],
           "results": rows, "ratios": rat, "targets": bench_report.targets(rows, rat) if args.device == "cpu" else [],
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
