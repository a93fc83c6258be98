"""Benchmark report: rows from worker results, ratios, target checks, Markdown and the PNG chart."""
from __future__ import annotations

import statistics
import unicodedata
from typing import Any

from models.bench.stages import STAGES

# The seed article's published comparison (Paraformer-large on a GPU, 5-minute audio).
SEED_ARTICLE = {"audio_s": 300, "wall_s": (18.7, 7.3), "vram_gb": (10.2, 6.8), "size_mb": (1800, 920),
                "wer_pct": (5.2, 5.4)}
COMPARISONS = [  # (a, b): how a compares to b
    (("tingxie", "int8"), ("tingxie", "fp32")),
    (("tingxie", "fp16"), ("tingxie", "fp32")),
    (("seed-recipe", "int8"), ("seed-recipe", "fp32")),
    (("seed-recipe", "fp16"), ("seed-recipe", "fp32")),
    (("tingxie", "int8"), ("seed-recipe", "int8")),
    (("tingxie", "fp32"), ("seed-recipe", "fp32")),
    (("tingxie", "fp16"), ("seed-recipe", "fp16")),
    (("tingxie", "int8"), ("seed-recipe", "fp32")),
    (("tingxie", "int8"), ("tingxie-torch", "int8")),  # ONNX Runtime vs PyTorch INT8
    (("tingxie-torch", "int8"), ("tingxie", "fp32")),
    (("tingxie-torch", "int8"), ("seed-recipe", "int8")),
    (("tingxie", "int8"), ("funasr-onnx", "int8")),  # FunASR's own ONNX runtime, same ONNX folders
    (("funasr-onnx", "int8"), ("seed-recipe", "int8")),
]
ROW_KEYS = ("pipeline", "precision", "device", "device_name", "threads", "audio", "audio_s", "status", "reason",
            "repeat", "wall_s", "wall_s_min", "wall_s_max", "wall_runs", "rtf", "rtf_min", "rtf_max", "cpu_s",
            "asr_s", "asr_rtf", "stages_s", "load_s", "load_cold_s", "import_s", "startup_s", "first_run_s",
            "peak_mem_mb",
            "peak_mem_kind", "peak_rss_mb", "peak_rss_load_mb", "peak_rss_run_mb", "rss_after_load_mb",
            "peak_rss_cold_load_mb", "peak_rss_cold_children_mb", "cold_int8_cache", "backend", "peak_vram_allocated_mb", "peak_vram_reserved_mb", "size_mb", "disk_mb",
            "sizes", "vad_segments", "text_chars", "agreement_vs_fp32", "cer", "cer_note", "seed_check",
            "omp_wait_policy")


# ---------------------------------------------------------------- rows

def _med(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def make_row(job: dict[str, Any], res: dict[str, Any], cold: dict[str, Any] | None) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(ROW_KEYS)
    row.update({k: job[k] for k in ("pipeline", "precision", "device", "audio", "audio_s", "repeat")})
    if not res.get("ok"):
        row["status"] = "skipped" if res.get("skipped") else "error"
        row["reason"] = res.get("skipped") or res.get("error") or "worker gave no result"
        return row
    runs, audio_s = res["runs"], job["audio_s"]
    walls = [r["wall_s"] for r in runs]
    row.update(status="ok", device_name=res.get("device_name"), threads=res.get("threads"),
               wall_s=_med(walls), wall_s_min=min(walls), wall_s_max=max(walls), wall_runs=walls,
               cpu_s=_med([r["cpu_s"] for r in runs]), asr_s=_med([r["asr_s"] for r in runs]),
               stages_s={k: _med([r["stages_s"].get(k, 0.0) for r in runs]) for k in STAGES},
               load_s=res["load_s"], import_s=res["import_s"], startup_s=res["import_s"] + res["load_s"],
               first_run_s=res.get("first_run_s"), backend=res.get("backend"),
               omp_wait_policy=res.get("omp_wait_policy"),
               peak_rss_mb=res["peak_rss_mb"], peak_rss_load_mb=res["peak_rss_load_mb"],
               peak_rss_run_mb=res["peak_rss_run_mb"] if res.get("peak_reset") else None,
               rss_after_load_mb=res["rss_after_load_mb"],
               vad_segments=runs[-1]["calls"].get("asr", 0), text_chars=len(_norm(res.get("text", ""))))
    row["rtf"], row["rtf_min"], row["rtf_max"] = (row["wall_s"] / audio_s, min(walls) / audio_s,
                                                  max(walls) / audio_s)
    row["asr_rtf"] = row["asr_s"] / audio_s
    vram = [res.get("peak_vram_load") or {}, res.get("peak_vram_run") or {}]
    if job["device"] == "cuda":
        row["peak_vram_allocated_mb"] = max(v.get("allocated_mb", 0.0) for v in vram)
        row["peak_vram_reserved_mb"] = max(v.get("reserved_mb", 0.0) for v in vram)
        row["peak_mem_mb"], row["peak_mem_kind"] = row["peak_vram_reserved_mb"], "vram_reserved"
    else:
        row["peak_mem_mb"], row["peak_mem_kind"] = row["peak_rss_mb"], "rss"
    sizes = res.get("sizes") or {}
    row["sizes"] = sizes
    row["size_mb"] = sum(s["mem_mb"] for s in sizes.values())
    row["disk_mb"] = sum(s["disk_mb"] for s in sizes.values())
    if cold and job["precision"] == "int8" and job["device"] == "cpu":
        row["load_cold_s"] = cold.get("load_cold_s")
        row["peak_rss_cold_load_mb"] = cold.get("peak_rss_cold_load_mb")
        row["peak_rss_cold_children_mb"] = cold.get("peak_rss_cold_children_mb")
        row["cold_int8_cache"] = cold.get("int8_cache")  # "miss": that start converted/quantized; "": nothing to do
    row["_text"] = res.get("text", "")
    return row


def _norm(text: str) -> str:
    """Letters and digits only, lower case: punctuation and spaces do not count as errors."""
    return "".join(c for c in text.lower() if unicodedata.category(c)[0] in "LN")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, a row at a time with numpy (fast enough for an hour of text)."""
    import numpy as np

    if not a or not b:
        return max(len(a), len(b))
    aa = np.frombuffer(a.encode("utf-32-le"), dtype=np.uint32)
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(b) + 1)
    prev = idx.copy()
    for i in range(1, len(aa) + 1):
        sub = prev[:-1] + (bb != aa[i - 1])
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, sub)
        cur = np.minimum.accumulate(cur - idx) + idx  # insertions: cur[j] = min(cur[j], cur[j-1] + 1)
        prev = cur
    return int(prev[-1])


def cer(hyp: str, ref: str) -> float | None:
    ref_n = _norm(ref)
    return edit_distance(_norm(hyp), ref_n) / len(ref_n) if ref_n else None


def add_text_metrics(rows: list[dict[str, Any]], refs: dict[str, str | None], cer_block: str | None) -> None:
    """Agreement with Tingxie FP32 on the same audio (1 - CER against it) and CER against the references."""
    for row in rows:
        text = row.pop("_text", None)
        if row["status"] != "ok":
            continue
        base = next((r for r in rows if r["audio"] == row["audio"] and r["pipeline"] == "tingxie"
                     and r["precision"] == "fp32" and r["status"] == "ok"), None)
        if base is not None and "_text_kept" in base:
            c = cer(text or "", base["_text_kept"])
            row["agreement_vs_fp32"] = None if c is None else 1.0 - c
        row["_text_kept"] = text or ""
        ref = refs.get(row["audio"])
        if cer_block:
            row["cer_note"] = cer_block
        elif not ref:
            row["cer_note"] = "no reference transcript for this audio"
        else:
            row["cer"] = cer(text or "", ref)
    for row in rows:
        row.pop("_text_kept", None)


def ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for audio in dict.fromkeys(r["audio"] for r in rows):
        pick = {(r["pipeline"], r["precision"]): r for r in rows if r["audio"] == audio and r["status"] == "ok"}
        for a, b in COMPARISONS:
            ra, rb = pick.get(a), pick.get(b)
            if not ra or not rb:
                continue
            out.append({"audio": audio, "audio_s": ra["audio_s"], "a": "/".join(a), "b": "/".join(b),
                        "speedup": rb["wall_s"] / ra["wall_s"],
                        "asr_speedup": rb["asr_s"] / ra["asr_s"] if ra["asr_s"] else None,
                        "peak_mem_ratio": ra["peak_mem_mb"] / rb["peak_mem_mb"],
                        "size_ratio": ra["size_mb"] / rb["size_mb"] if rb["size_mb"] else None,
                        "disk_ratio": ra["disk_mb"] / rb["disk_mb"] if rb["disk_mb"] else None,
                        "load_ratio": ra["load_s"] / rb["load_s"] if rb["load_s"] else None})
    return out


# ---------------------------------------------------------------- markdown

def _f(x: Any, fmt: str = "{:.2f}", none: str = "–") -> str:
    return none if x is None else fmt.format(x)


def _label(r: dict[str, Any]) -> str:
    return f"{r['pipeline']} {r['precision'].upper()}"


def headline_audio(rows: list[dict[str, Any]]) -> str | None:
    ok = [r for r in rows if r["status"] == "ok"]
    if not ok:
        return None
    return min(ok, key=lambda r: abs(r["audio_s"] - SEED_ARTICLE["audio_s"]))["audio"]


def _pair(rows: list[dict[str, Any]], audio: str, pipeline: str, fast: str) -> tuple[dict, dict] | None:
    pick = {r["precision"]: r for r in rows if r["audio"] == audio and r["pipeline"] == pipeline
            and r["status"] == "ok"}
    return (pick["fp32"], pick[fast]) if "fp32" in pick and fast in pick else None


def render_markdown(rep: dict[str, Any]) -> str:
    rows, m = rep["results"], rep["machine"]
    lines = [f"# Tingxie benchmark: {rep['device'].upper()}, {rep['date']}", "",
             f"- Machine: {m['cpu']} ({m['cpus']} CPUs, {m['threads']} threads used), {m['ram_gb']:.0f} GB RAM"
             + (f", GPU {m['gpu']}" if m.get("gpu") else ""),
             f"- Load average (1, 5, 15 min) at start {m.get('load_avg_start')}, at end {m.get('load_avg_end')}",
             f"- Software: Python {m['python']}, torch {m['torch']}, funasr {m['funasr']}, {m['os']}",
             f"- Models: {rep['models']['root']}"
             + (" (RANDOM test weights: text is arbitrary, CER not meaningful)" if rep["models"]["random_weights"]
                else ""),
             f"- Audio: " + "; ".join(f"{a['name']} ({a['audio_s']:.0f} s{', synthetic' if a['synthetic'] else ''})"
                                      for a in rep["audio"]),
             f"- Repeats: {rep['args']['repeat']} per row (median, min–max), one fresh process per row", ""]
    audio = headline_audio(rows)
    if audio:
        lines += _headline(rep, audio) + [""]
    if rep["targets"]:
        lines += ["## Targets (Tingxie INT8, CPU)", "", "| audio | check | target | measured | met |",
                  "|---|---|---|---|---|"]
        for t in rep["targets"]:
            meas = t["measured"] if isinstance(t["measured"], str) else _f(
                t["measured"], "{:.3f}" if "RTF" in t["check"] else "{:.0f} MiB" if "RSS" in t["check"] else
                "{:.2f} s" if "start-up" in t["check"] else "{:+.1%}" if "within" in t["check"] else "{:.2f}×")
            met = "–" if t["met"] is None else ("yes" if t["met"] else "**no**")
            lines.append(f"| {t['audio']} | {t['check']} | {t['target']} | {meas} | {met} |")
        lines.append("")
    lines += _all_rows(rows) + [""] + _seed_checks(rep) + _stage_table(rows) + [""] + _drift(rep) + [""]
    if rep.get("notes"):
        lines += ["## Notes", ""] + [f"- {n}" for n in rep["notes"]] + [""]
    return "\n".join(lines)


def _headline(rep: dict[str, Any], audio: str) -> list[str]:
    rows, sa = rep["results"], SEED_ARTICLE
    fast = "int8" if rep["device"] == "cpu" else "fp16"
    cols = [(p, _pair(rows, audio, p, fast)) for p in ("seed-recipe", "tingxie")]
    mem_name = "peak RSS" if rep["device"] == "cpu" else "peak VRAM (reserved)"
    audio_s = next(r["audio_s"] for r in rows if r["audio"] == audio)
    head = [f"## FP32 → {fast.upper()} on {audio} ({audio_s / 60:.1f} min), the seed article's table", "",
            f"| | seed article (published, GPU, 5 min) | seed recipe, measured here | Tingxie, measured here |",
            "|---|---|---|---|"]

    def cell(p: tuple[dict, dict] | None, key: str, fmt: str, scale: float = 1.0) -> str:
        if not p or p[0][key] is None or p[1][key] is None:
            return "–"
        a, b = p[0][key] * scale, p[1][key] * scale
        return f"{fmt.format(a)} → {fmt.format(b)} ({a / b:.2f}×)" if b else "–"

    def acc(p: tuple[dict, dict] | None) -> str:
        if not p:
            return "–"
        if p[0]["cer"] is not None and p[1]["cer"] is not None:
            return f"CER {p[0]['cer'] * 100:.1f} → {p[1]['cer'] * 100:.1f} %"
        agr = p[1]["agreement_vs_fp32"]
        return "CER n/a" + (f"; text agreement with Tingxie FP32 {agr * 100:.1f} %" if agr is not None else "")

    body = [
        ("wall time, whole pipeline",
         f"{sa['wall_s'][0]} s → {sa['wall_s'][1]} s ({sa['wall_s'][0] / sa['wall_s'][1]:.2f}×)",
         "wall_s", "{:.1f} s", 1.0),
        ("RTF", f"{sa['wall_s'][0] / 300:.3f} → {sa['wall_s'][1] / 300:.3f}", "rtf", "{:.3f}", 1.0),
        ("RTF, ASR alone", "–", "asr_rtf", "{:.3f}", 1.0),
        (mem_name, f"VRAM {sa['vram_gb'][0]} → {sa['vram_gb'][1]} GB", "peak_mem_mb", "{:.2f} GB", 2**20 / 1e9),
        ("model size on disk", f"{sa['size_mb'][0] / 1000:.1f} GB → {sa['size_mb'][1]} MB", "disk_mb", "{:.0f} MiB",
         1.0),
        ("model size in memory", "–", "size_mb", "{:.0f} MiB", 1.0),
        ("load time (INT8: cached)", "–", "load_s", "{:.1f} s", 1.0),
        ("start-up: imports + load", "–", "startup_s", "{:.1f} s", 1.0),
    ]
    for name, seed, key, fmt, scale in body:
        head.append(f"| {name} | {seed} | " + " | ".join(cell(p, key, fmt, scale) for _, p in cols) + " |")
    head.append(f"| accuracy | WER {sa['wer_pct'][0]} → {sa['wer_pct'][1]} % | "
                + " | ".join(acc(p) for _, p in cols) + " |")
    head.append("")
    head.append(f"The ratio in brackets is FP32 / {fast.upper()} (above 1: the faster precision is smaller or "
                "quicker).")
    return head


def _all_rows(rows: list[dict[str, Any]]) -> list[str]:
    out = ["## All rows", "",
           "| pipeline | precision | audio | wall s (min–max) | CPU s | RTF | ASR RTF | × own FP32 "
           "| × seed same prec. "
           "| load s (cold) | peak mem MiB | weights MiB (mem / disk) | agreement | CER | status |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["status"] != "ok":
            out.append(f"| {r['pipeline']} | {r['precision']} | {r['audio']} | | | | | | | | | | | | "
                       f"{r['status']}: {r['reason']} |")
            continue

        def speed(pipe: str, prec: str) -> str:
            b = next((x for x in rows if x["audio"] == r["audio"] and x["pipeline"] == pipe
                      and x["precision"] == prec and x["status"] == "ok"), None)
            return "–" if b is None or b is r else f"{b['wall_s'] / r['wall_s']:.2f}"

        ours = r["pipeline"].startswith("tingxie")
        own = "tingxie" if ours else r["pipeline"]  # tingxie-torch's FP32 row is tingxie's (both PyTorch)
        other = "seed-recipe" if ours else "tingxie"
        load = _f(r["load_s"], "{:.1f}") + (f" ({r['load_cold_s']:.1f})" if r["load_cold_s"] else "")
        out.append(
            f"| {r['pipeline']} | {r['precision']} | {r['audio']} | {r['wall_s']:.2f} ({r['wall_s_min']:.2f}–"
            f"{r['wall_s_max']:.2f}) | {_f(r['cpu_s'], '{:.1f}')} | {r['rtf']:.4f} | {r['asr_rtf']:.4f} | "
            f"{speed(own, 'fp32')} | "
            f"{speed(other, r['precision']) if ours else '–'} | {load} | "
            f"{r['peak_mem_mb']:.0f} ({r['peak_mem_kind']}) | {r['size_mb']:.0f} / {r['disk_mb']:.0f} | "
            f"{_f(r['agreement_vs_fp32'], '{:.1%}')} | {_f(r['cer'], '{:.1%}')} | {_status(r)} |")
    out.append("")
    out.append("× own FP32: the same pipeline's FP32 wall time / this row's (higher = faster); × seed same prec.: "
               "the seed recipe's wall time at this precision / Tingxie's. CPU s: process CPU time of the median run "
               "(less sensitive than wall time to other load on the machine, but it counts threads spinning at "
               "barriers). Agreement: 1 − CER of this row's text against Tingxie FP32's on the same audio.")
    return out


def _status(r: dict[str, Any]) -> str:
    check = r.get("seed_check")
    if not check or not check["flagged"]:
        return "ok"
    return f"**flagged**: {check['diff']:+.0%} against the recipe as a plain script"


def _seed_checks(rep: dict[str, Any]) -> list[str]:
    checks = rep.get("seed_checks") or []
    if not checks:
        return []
    out = ["## Seed recipe check: the row against the recipe as a plain script", "",
           "After each seed-recipe row the same recipe runs again as a user's script would (nothing of Tingxie "
           "imported, no stage timers, the user's environment), same warm-up and repeats. A row more than "
           f"{checks[0]['tolerance']:.0%} off is flagged: its ratios would measure the harness, not the recipe.", "",
           "| audio | precision | seed row wall s | plain script wall s (runs) | row CPU s | script CPU s | difference "
           "| flagged |", "|---|---|---|---|---|---|---|---|"]
    for c in checks:
        if c["status"] != "ok":
            out.append(f"| {c['audio']} | {c['precision']} | | | | | | {c['status']}: {c['reason']} |")
            continue
        runs = ", ".join(f"{w:.2f}" for w in c["bare_wall_runs"])
        out.append(f"| {c['audio']} | {c['precision']} | {c['seed_wall_s']:.2f} | {c['bare_wall_s']:.2f} ({runs}) | "
                   f"{_f(c['seed_cpu_s'], '{:.1f}')} | {c['bare_cpu_s']:.1f} | {c['diff']:+.1%} | "
                   f"{'**yes**' if c['flagged'] else 'no'} |")
    return out + [""]


def _stage_table(rows: list[dict[str, Any]]) -> list[str]:
    out = ["## Where the time goes (median run, % of wall time)", "",
           "| pipeline | precision | audio | " + " | ".join(STAGES) + " | VAD segments |",
           "|---|---|---|" + "---|" * len(STAGES) + "---|"]
    for r in rows:
        if r["status"] != "ok" or not r["wall_s"]:
            continue
        st = r["stages_s"]
        out.append(f"| {r['pipeline']} | {r['precision']} | {r['audio']} | "
                   + " | ".join(f"{100 * st[k] / r['wall_s']:.1f}" for k in STAGES) + f" | {r['vad_segments']} |")
    return out


def _drift(rep: dict[str, Any]) -> list[str]:
    d = rep.get("drift")
    if not d:
        return []
    if not d.get("ok"):
        return ["## Drift against FP32", "", f"not measured: {d.get('error') or d.get('skipped')}"]
    out = ["## Drift against FP32 (Tingxie, same VAD segments)", "",
           f"{d['segments']} segments, {d['speech_s']:.0f} s of speech from {d['audio']}.", "",
           "| precision | encoder cosine mean | encoder cosine min | token agreement | segments identical |",
           "|---|---|---|---|---|"]
    for p, v in d["by_precision"].items():
        out.append(f"| {p} | {_f(v['encoder_cosine_mean'], '{:.4f}')} | {_f(v['encoder_cosine_min'], '{:.4f}')} | "
                   f"{_f(v['token_agreement'], '{:.1%}')} | {v['segments_identical']} / {d['segments']} |")
    return out
