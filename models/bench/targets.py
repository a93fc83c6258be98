"""The benchmark's CPU targets for Tingxie INT8, and the check that the seed-recipe rows are honest.

The seed check: after each seed-recipe row, the same recipe runs again as a user's plain script would
(models/bench/standalone/seed_bare.py: nothing of Tingxie imported, no timers, the user's environment). A seed row
whose median wall time differs from the plain script's by more than SEED_CHECK_TOLERANCE is flagged: its ratios
measure the harness, not the recipe.
"""
from __future__ import annotations

import statistics
from typing import Any

# What Tingxie INT8 must reach on the CPU (whole pipeline, same run).
TARGETS = {"rtf": 0.020, "vs_seed_int8": 1.5, "vs_own_fp32": 1.8, "peak_rss_mb": 1.2e9 / 2**20}
# The torch-free CPU set: 2.0x the seed recipe's INT8, 900 MB peak, start-up 1.5 s, no conversion.
TARGETS_17 = {"vs_seed_int8": 2.0, "peak_rss_mb": 900e6 / 2**20, "startup_s": 1.5}
# Against the runtimes a CPU user would otherwise run: the honest seed recipe and FunASR's own funasr-onnx.
TARGETS_RUNTIMES = {"vs_seed_int8": 2.0, "vs_funasr_onnx": 1.3}
SEED_CHECK_TOLERANCE = 0.15


def seed_checks(rows: list[dict[str, Any]], results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per plain-script run (`results`: audio, audio_s, precision + the script's result), compared with
    the seed-recipe row of the same audio and precision; the row gets the comparison as row["seed_check"]."""
    out = []
    for res in results:
        entry: dict[str, Any] = {"audio": res["audio"], "audio_s": res["audio_s"], "precision": res["precision"],
                                 "tolerance": SEED_CHECK_TOLERANCE, "flagged": None}
        row = next((r for r in rows if (r["pipeline"], r["audio"], r["precision"], r["status"])
                    == ("seed-recipe", res["audio"], res["precision"], "ok")), None)
        if not res.get("ok") or row is None:
            entry["status"] = "skipped" if res.get("skipped") or row is None else "error"
            entry["reason"] = res.get("skipped") or res.get("error") or "the seed-recipe row did not run"
            out.append(entry)
            continue
        walls = [r["wall_s"] for r in res["runs"]]
        bare = statistics.median(walls)
        diff = row["wall_s"] / bare - 1
        entry.update(status="ok", bare_wall_s=bare, bare_wall_runs=walls,
                     bare_cpu_s=statistics.median(r["cpu_s"] for r in res["runs"]), bare_load_s=res["load_s"],
                     bare_peak_rss_mb=res["peak_rss_mb"], seed_wall_s=row["wall_s"], seed_cpu_s=row["cpu_s"],
                     diff=diff, flagged=abs(diff) > SEED_CHECK_TOLERANCE)
        row["seed_check"] = {"bare_wall_s": bare, "diff": diff, "flagged": entry["flagged"]}
        out.append(entry)
    return out


def _at_least(sp: dict[str, float], key: str, target: float) -> bool | None:
    return None if key not in sp else sp[key] >= target


def targets(rows: list[dict[str, Any]], rat: list[dict[str, Any]],
            checks: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The CPU targets for Tingxie INT8, per audio length, and whether each seed row passed its check."""
    out = []
    for r in rows:
        if (r["pipeline"], r["precision"], r["device"], r["status"]) != ("tingxie", "int8", "cpu", "ok"):
            continue
        sp = {x["b"]: x["speedup"] for x in rat if x["audio"] == r["audio"] and x["a"] == "tingxie/int8"}
        checks_ = [("RTF, whole pipeline", f"≤ {TARGETS['rtf']}", r["rtf"], r["rtf"] <= TARGETS["rtf"]),
                   ("faster than seed recipe INT8", f"≥ {TARGETS['vs_seed_int8']}×", sp.get("seed-recipe/int8"),
                    _at_least(sp, "seed-recipe/int8", TARGETS["vs_seed_int8"])),
                   ("faster than Tingxie FP32", f"≥ {TARGETS['vs_own_fp32']}×", sp.get("tingxie/fp32"),
                    _at_least(sp, "tingxie/fp32", TARGETS["vs_own_fp32"])),
                   ("peak RSS", "≤ 1.2 GB (1144 MiB)", r["peak_rss_mb"], r["peak_rss_mb"] <= TARGETS["peak_rss_mb"])]
        t17 = TARGETS_17
        checks_ += [("CPU set: faster than seed recipe INT8", f"≥ {t17['vs_seed_int8']}×",
                     sp.get("seed-recipe/int8"), _at_least(sp, "seed-recipe/int8", t17["vs_seed_int8"])),
                    ("CPU set: peak RSS", "≤ 900 MB (858 MiB)", r["peak_rss_mb"],
                     r["peak_rss_mb"] <= t17["peak_rss_mb"]),
                    ("CPU set: start-up (imports + load, cached)", f"≤ {t17['startup_s']} s", r["startup_s"],
                     r["startup_s"] <= t17["startup_s"]),
                    ("CPU set: first use needs no conversion", "backend onnx, nothing converted",
                     f"{r['backend']}, cold load {'converted' if r['cold_int8_cache'] == 'miss' else 'nothing'}",
                     None if r["load_cold_s"] is None else r["backend"] == "onnx" and r["cold_int8_cache"] != "miss")]
        tr = TARGETS_RUNTIMES
        bare = next((c for c in checks or []
                     if (c["audio"], c["precision"], c["status"]) == (r["audio"], "int8", "ok")), None)
        checks_ += [("faster than funasr-onnx (same ONNX folders)", f"≥ {tr['vs_funasr_onnx']}×",
                     sp.get("funasr-onnx/int8"), _at_least(sp, "funasr-onnx/int8", tr["vs_funasr_onnx"])),
                    ("faster than the seed recipe INT8 as a plain script", f"≥ {tr['vs_seed_int8']}×",
                     bare and bare["bare_wall_s"] / r["wall_s"],
                     None if bare is None else bare["bare_wall_s"] / r["wall_s"] >= tr["vs_seed_int8"])]
        out += [{"audio": r["audio"], "audio_s": r["audio_s"], "check": c, "target": t, "measured": m, "met": ok}
                for c, t, m, ok in checks_]
    for c in checks or []:
        if c["status"] == "ok":
            out.append({"audio": c["audio"], "audio_s": c["audio_s"],
                        "check": f"seed recipe {c['precision'].upper()} row within the plain script's time",
                        "target": f"± {SEED_CHECK_TOLERANCE:.0%}", "measured": c["diff"], "met": not c["flagged"]})
    return out
