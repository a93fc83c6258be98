"""Durations, times and sizes as text: the one formatter of each, for the CLI, the exports and the widgets."""
from __future__ import annotations


def clock(seconds: float, *, hours: bool = False, pad: bool = False) -> str:
    """"1:02" or "1:02:03" (whole seconds, rounded down like a player's clock).

    hours: always show them ("0:01:02": a running counter keeps its width); pad: two digits in the first field too
    ("01:02", "00:01:02": a column of start times, meeting minutes)."""
    s = max(0, int(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    first = "{:02d}" if pad else "{}"
    if h or hours:
        return f"{first.format(h)}:{m:02d}:{sec:02d}"
    return f"{first.format(m)}:{sec:02d}"


def timestamp(ms: int, sep: str = ".") -> str:
    """"00:01:02.345": SRT (sep ","), VTT and the transcript pane."""
    h, rem = divmod(max(0, int(ms)), 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, milli = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"


def size_text(n: float | None) -> str:
    """"512 B", "3.4 MB"; "?" when unknown."""
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
