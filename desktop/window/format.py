"""Small text formatters shared by the widgets (durations, timestamps, byte sizes, speeds). No Qt."""
from __future__ import annotations


def clock(seconds: float) -> str:
    """12:34 or 1:02:03 (for ETAs and durations)."""
    s = max(0, int(round(seconds)))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def duration_text(seconds: float | None) -> str:
    return "" if seconds is None else clock(seconds)


def timestamp(ms: int) -> str:
    """00:01:02.345 — the transcript pane's timestamp format (matches SRT/VTT precision)."""
    ms = max(0, int(ms))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, milli = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{milli:03d}"


def size_text(n: float | None) -> str:
    if n is None:
        return "?"
    n = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def speed_text(bytes_per_s: float) -> str:
    return f"{size_text(bytes_per_s)}/s"
