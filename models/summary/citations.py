"""Citations of sentence times in the model's text ("[00:12:30]"): kept only when they point at a real sentence.

A model copies times imperfectly: "[12:30]", "[00:12:31]" for a sentence that starts at 00:12:30.4, several times
in one bracket, full-width brackets. clean() rewrites each cited time to the start (in whole seconds) of the
sentence it falls in, or that starts within SNAP_S of it, and drops the rest, so every citation left can be played.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from models.summary.chunks import Line, stamp

SNAP_S = 2
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
CITATION = re.compile(rf"\s?[\[【](\s*{_TIME}(?:\s*(?:[,，、;；]|-|–|~|\]\s*\[)\s*{_TIME})*\s*)[\]】]")
_ONE = re.compile(_TIME)
EXACT = re.compile(r"\[(\d{2}):(\d{2}):(\d{2})\]")


def _seconds(t: str) -> int:
    parts = [int(p) for p in t.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


class Sentences:
    """The sentence times a text may cite."""

    def __init__(self, lines: Iterable[Line]) -> None:
        spans = sorted({(ln.start_ms // 1000, max(ln.end_ms, ln.start_ms) // 1000) for ln in lines})
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def resolve(self, sec: int) -> int | None:
        """The start second of the sentence `sec` points at, or None."""
        if not self.starts:
            return None
        i = bisect.bisect_right(self.starts, sec) - 1
        if i >= 0 and (self.starts[i] == sec or sec <= self.ends[i]):
            return self.starts[i]
        near = [s for s in self.starts[max(0, i):i + 2] if abs(s - sec) <= SNAP_S]
        return min(near, key=lambda s: abs(s - sec)) if near else None


def clean(text: str, sentences: Sentences) -> str:
    """The text with every citation pointing at a real sentence ("[HH:MM:SS]" each), the others removed."""

    def fix(m: re.Match[str]) -> str:
        found: list[int] = []
        for t in _ONE.findall(m.group(1)):
            sec = sentences.resolve(_seconds(t))
            if sec is not None and sec not in found:
                found.append(sec)
        lead = " " if m.group(0)[:1].isspace() else ""
        return lead + "".join(stamp(s * 1000) for s in found) if found else ""

    return CITATION.sub(fix, text)


def cited_ms(text: str) -> list[int]:
    """The times (ms) of the normalised citations in a cleaned text, in order of appearance."""
    return [(int(h) * 3600 + int(m) * 60 + int(s)) * 1000 for h, m, s in EXACT.findall(text)]
