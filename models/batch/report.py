"""The final batch report: <out>/batch-report.json and batch-report.md, written atomically."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from models.core.textfmt import clock
from models.core.atomic import atomic_write

REPORT_JSON, REPORT_MD = "batch-report.json", "batch-report.md"


def write_report(out_dir: Path, summary: dict[str, Any], meta: dict[str, Any]) -> tuple[Path, Path]:
    """Write both files; `summary` is BatchProgress.summary(), `meta` what ran (cluster, workers, settings)."""
    data = {**meta, **summary}
    j = Path(out_dir) / REPORT_JSON
    m = Path(out_dir) / REPORT_MD
    atomic_write(j, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    atomic_write(m, markdown(data).encode("utf-8"))
    return m, j


def markdown(d: dict[str, Any]) -> str:
    lines = [
        "# Tingxie batch report", "",
        f"- cluster: {d.get('cluster', 'none')}, workers: {len(d.get('workers', []))}",
        f"- files: {d['files_total']} ({d['done']} done, {d['failed']} failed, {d['skipped']} skipped as already "
        f"done, {d['retried']} retried after a lost worker)",
        f"- audio: {d['audio_hours_done']:.3f} h in {clock(d['wall_hours'] * 3600, hours=True)} "
        f"= {d['audio_hours_per_hour']:.1f} audio hours per hour",
        "",
    ]
    if d.get("workers"):
        lines += ["| worker | files | audio h | busy h | audio h / h |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {w['name']} | {w['files']} | {w['audio_hours']:.3f} | {w['busy_hours']:.3f} | "
                  f"{w['audio_hours_per_hour']:.1f} |" for w in d["workers"]]
        lines.append("")
    if d.get("failures"):
        lines += ["## Failures", ""]
        lines += [f"- `{f['path']}`: {f['error']}" for f in d["failures"]]
        lines.append("")
    return "\n".join(lines)
