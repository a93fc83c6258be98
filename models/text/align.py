"""PLACEHOLDER aligner: re-time characters after an edit (difflib). The real one comes from models/text/align.py.

Kept characters keep their times; inserted ones are interpolated between their neighbours' times.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence


def realign(old_text: str, old_times: Sequence[tuple[int, int]], new_text: str) -> list[tuple[int, int]]:
    """Per-character (start_ms, end_ms) for new_text, from old_text's per-character times."""
    if not new_text:
        return []
    if not old_times:
        return [(0, 0)] * len(new_text)
    out: list[tuple[int, int] | None] = [None] * len(new_text)
    sm = difflib.SequenceMatcher(a=old_text, b=new_text, autojunk=False)
    for tag, a0, a1, b0, b1 in sm.get_opcodes():
        if tag == "equal":
            for k in range(b1 - b0):
                out[b0 + k] = tuple(old_times[a0 + k])  # type: ignore[assignment]
        elif tag == "replace" and a1 > a0:
            lo, hi = old_times[a0][0], old_times[a1 - 1][1]
            n = b1 - b0
            for k in range(n):
                out[b0 + k] = (lo + (hi - lo) * k // n, lo + (hi - lo) * (k + 1) // n)
    # inserted characters: between the previous known end and the next known start
    first, last = old_times[0][0], old_times[-1][1]
    i = 0
    while i < len(out):
        if out[i] is not None:
            i += 1
            continue
        j = i
        while j < len(out) and out[j] is None:
            j += 1
        lo = out[i - 1][1] if i > 0 else first  # type: ignore[index]
        hi = out[j][0] if j < len(out) else last  # type: ignore[index]
        hi = max(hi, lo)
        n = j - i
        for k in range(n):
            out[i + k] = (lo + (hi - lo) * k // n, lo + (hi - lo) * (k + 1) // n)
        i = j
    return [t for t in out if t is not None]
