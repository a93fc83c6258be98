"""`main.py bench --speakers auto|N`: what diarization adds to a transcription, on the same audio.

For each audio file two rows run, each in a fresh worker process (models.bench.worker, task "run"): the engine
as the app runs it (CPU INT8, default backend) without speakers, then with them. Each row: load (CAM++ too when
on), the warm-up clip, then --repeat timed transcriptions. Compared: median wall time, peak RSS of the
transcription runs (after load; models stay resident, so it includes them) and of the whole process, and the time
spent in CAM++ (embed_segment, summed over the decode threads). Targets: <= 300 MiB more peak, <= 15 % more time.
Writes speakers.json and speakers.md to --out.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_MB = 300.0
TARGET_TIME = 0.15


def compare(args: argparse.Namespace, base: dict[str, Any], items: list[dict[str, Any]], warmup: str | None,
            out: Path, machine: dict[str, Any], say: Callable[[str], None],
            run_worker: Callable[[dict[str, Any], Path, str, float], dict[str, Any]]) -> int:
    """run_worker: models.bench.run.run_worker (passed in: run imports this module)."""
    precision = (args.precisions or ["int8"])[0]
    results = []
    if warmup:  # fill the graph and CAM++ caches first, so neither timed row pays a cold load (or its peak)
        say("priming the model caches (untimed)")
        run_worker({**base, "task": "run", "pipeline": "tingxie", "precision": precision, "audio": warmup,
                    "audio_s": 20.0, "warmup_audio": None, "speakers": str(args.speakers)}, out, "speakers-prime",
                   args.timeout)
    for item in items:
        pair = {}
        for mode in ("off", str(args.speakers)):
            spec = {**base, "task": "run", "pipeline": "tingxie", "precision": precision, "audio": item["path"],
                    "audio_s": item["audio_s"], "warmup_audio": warmup, "speakers": mode}
            name = f"speakers-{mode}-{Path(item['path']).stem}"
            say(f"{item['name']} ({item['audio_s']:.0f} s), speakers {mode}: started")
            res = run_worker(spec, out, name, args.timeout)
            if not res.get("ok"):
                say(f"{name}: {res.get('error') or res.get('skipped')}")
                return 1
            pair[mode] = _summary(res)
            say(f"{item['name']}, speakers {mode}: wall {pair[mode]['wall_s']:.1f} s, peak RSS "
                f"{pair[mode]['peak_rss_run_mb']:.0f} MiB (run) / {pair[mode]['peak_rss_mb']:.0f} MiB (process)")
        off, on = pair["off"], pair[str(args.speakers)]
        results.append({"audio": item["name"], "audio_s": item["audio_s"], "off": off, "on": on,
                        "added_time": on["wall_s"] / off["wall_s"] - 1,
                        "added_peak_run_mb": on["peak_rss_run_mb"] - off["peak_rss_run_mb"],
                        "added_peak_mb": on["peak_rss_mb"] - off["peak_rss_mb"]})
    rep = {"schema": "tingxie-bench-speakers/1", "date": _dt.date.today().isoformat(), "machine": machine,
           "speakers": str(args.speakers), "precision": precision, "repeat": args.repeat, "results": results}
    (out / "speakers.json").write_text(json.dumps(rep, ensure_ascii=False, indent=1), encoding="utf-8")
    md = render(rep)
    (out / "speakers.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


def _summary(res: dict[str, Any]) -> dict[str, Any]:
    walls = sorted(r["wall_s"] for r in res["runs"])
    mid = walls[len(walls) // 2]
    run = min(res["runs"], key=lambda r: abs(r["wall_s"] - mid))
    stages = {**run.get("stages_s", {}), "asr_s": run.get("asr_s"), "spk_s": run.get("spk_s")}
    return {"wall_s": mid, "walls_s": walls, "cpu_s": run.get("cpu_s"), "load_s": res.get("load_s"),
            "backend": res.get("backend"), "peak_rss_run_mb": res["peak_rss_run_mb"], "peak_rss_mb": res["peak_rss_mb"],
            "rss_after_load_mb": res["rss_after_load_mb"], "stages": stages, "labels": res.get("speaker_labels"),
            "threads": res.get("threads")}


def render(rep: dict[str, Any]) -> str:
    m = rep["machine"]
    lines = [f"## Diarization cost (`bench --speakers {rep['speakers']}`, {rep['date']})", "",
             f"{m.get('cpu')}, {m.get('threads')} threads, load average {m.get('load_avg_start')}; "
             f"{rep['precision'].upper()}, median of {rep['repeat']} run(s) per row, each row a fresh process.", "",
             "| audio | wall off | wall on | added time | CPU off | CPU on | added CPU | CAM++ time | peak RSS off | "
             "peak RSS on | added peak | speakers | targets |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rep["results"]:
        off, on = r["off"], r["on"]
        spk_s = on["stages"].get("spk_s")
        ok_t = max(r["added_time"], on["cpu_s"] / off["cpu_s"] - 1) <= TARGET_TIME
        ok_m = r["added_peak_mb"] <= TARGET_MB
        lines.append(f"| {r['audio']} ({r['audio_s'] / 60:.0f} min) | {off['wall_s']:.1f} s | {on['wall_s']:.1f} s | "
                     f"{r['added_time']:+.1%} | {off['cpu_s']:.1f} s | {on['cpu_s']:.1f} s | "
                     f"{on['cpu_s'] / off['cpu_s'] - 1:+.1%} | {f'{spk_s:.1f} s' if spk_s is not None else '?'} | "
                     f"{off['peak_rss_mb']:.0f} MiB | {on['peak_rss_mb']:.0f} MiB | {r['added_peak_mb']:+.0f} MiB | "
                     f"{on['labels']} | time {'met' if ok_t else 'NOT met'}, memory {'met' if ok_m else 'NOT met'} |")
    lines += ["", "CAM++ time is summed over the decode threads (segments are decoded in parallel), so it can exceed "
              "the wall-clock difference. CPU is the process's CPU time: on a shared machine it is the steadier "
              "measure of the added work. Targets: <= 15 % more time, <= 300 MiB more peak RSS; the verdict uses "
              "the larger of the wall and CPU increases.", ""]
    return "\n".join(lines)
