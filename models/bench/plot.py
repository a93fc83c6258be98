"""The benchmark chart (matplotlib, Agg): wall time, RTF by stage, peak memory, weight sizes; scaling if several
audio lengths were measured."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from models.bench.report import headline_audio
from models.bench.targets import TARGETS
from models.bench.stages import STAGES


def plot(rep: dict[str, Any], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in rep["results"] if r["status"] == "ok"]
    audio = headline_audio(rows)
    head = [r for r in rows if r["audio"] == audio]
    lengths = sorted({r["audio_s"] for r in rows})
    scaling = len(lengths) > 1
    fig, axes = plt.subplots(2, 3 if scaling else 2, figsize=(15 if scaling else 11, 8.5))
    ax = axes.flatten()
    labels = [f"{r['pipeline']}\n{r['precision'].upper()}" for r in head]
    others = {"seed-recipe": "#8c8c8c", "funasr-onnx": "#d98c2b"}  # the runtimes Tingxie is compared with
    colors = [others.get(r["pipeline"], "#2a7ab0") for r in head]
    x = list(range(len(head)))
    mins = [r["wall_s"] - r["wall_s_min"] for r in head]
    maxs = [r["wall_s_max"] - r["wall_s"] for r in head]
    bars = ax[0].bar(x, [r["wall_s"] for r in head], color=colors, yerr=[mins, maxs], capsize=4)
    ax[0].bar_label(bars, labels=[f"{r['wall_s']:.1f} s\nRTF {r['rtf']:.3f}" for r in head], fontsize=8)
    ax[0].set_title(f"Wall time, whole pipeline ({audio}; median, min–max)")
    ax[0].set_ylabel("seconds")
    bottom = [0.0] * len(head)
    cmap = plt.get_cmap("tab10")
    for i, st in enumerate(STAGES):
        vals = [r["stages_s"][st] / r["audio_s"] for r in head]
        ax[1].bar(x, vals, bottom=bottom, color=cmap(i % 10), label=st)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax[1].set_title("RTF by stage (lower is faster)")
    ax[1].legend(fontsize=7, ncol=3, loc="upper center")
    ax[1].set_ylabel("seconds per second of audio")
    k = 3 if scaling else 2
    mem_kind = "peak VRAM reserved" if rep["device"] == "cuda" else "peak RSS"
    bars = ax[k].bar(x, [r["peak_mem_mb"] for r in head], color=colors)
    ax[k].bar_label(bars, labels=[f"{r['peak_mem_mb']:.0f}" for r in head], fontsize=8)
    if rep["device"] == "cpu":
        ax[k].axhline(TARGETS["peak_rss_mb"], color="#c0392b", ls="--", lw=1, label="target 1.2 GB")
        ax[k].legend(fontsize=8)
    ax[k].set_title(f"Memory: {mem_kind} (MiB)")
    w = 0.38
    b1 = ax[k + 1].bar([i - w / 2 for i in x], [r["size_mb"] for r in head], w, color=colors, label="in memory")
    b2 = ax[k + 1].bar([i + w / 2 for i in x], [r["disk_mb"] for r in head], w, color=colors, alpha=0.45,
                       hatch="//", label="on disk")
    ax[k + 1].bar_label(b1, fmt="%.0f", fontsize=7)
    ax[k + 1].bar_label(b2, fmt="%.0f", fontsize=7)
    ax[k + 1].set_title("Model weights (MiB): in memory / on disk")
    ax[k + 1].legend(fontsize=8, loc="upper center", ncol=2)
    for a in (ax[0], ax[1], ax[k], ax[k + 1]):
        a.set_xticks(x, labels, fontsize=8)
        a.set_ylim(0, a.get_ylim()[1] * 1.18)  # room for the bar labels and the legend
    if scaling:
        for key, a, title in (("rtf", ax[2], "RTF against audio length"),
                              ("peak_mem_mb", ax[5], f"{mem_kind} (MiB) against audio length")):
            for pipe, prec in dict.fromkeys((r["pipeline"], r["precision"]) for r in rows):
                pts = sorted((r["audio_s"] / 60, r[key]) for r in rows
                             if r["pipeline"] == pipe and r["precision"] == prec)
                a.plot([p[0] for p in pts], [p[1] for p in pts], marker="o",
                       ls="--" if pipe in others else "-", label=f"{pipe} {prec.upper()}")
            a.set_xscale("log")
            a.set_xticks([m / 60 for m in lengths], [f"{m / 60:g}" for m in lengths])
            a.minorticks_off()
            a.set_xlabel("audio minutes")
            a.set_title(title)
            a.legend(fontsize=7)
            a.set_ylim(bottom=0)
    where = rep["machine"]["cpu"] if rep["device"] == "cpu" else rep["machine"].get("gpu")
    fig.suptitle(f"Tingxie benchmark: {rep['device'].upper()}, {where}, "
                 f"{rep['machine']['threads']} threads, {rep['date']}"
                 + (" (random-weight test models)" if rep["models"]["random_weights"] else ""), fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
