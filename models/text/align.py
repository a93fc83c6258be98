"""Carry per-character times from an old text to an edited one.

    times = realign("今天天气", [(0, 10), (10, 20), (20, 30), (30, 40)], "今天的天气")
    text, times = splice(old_text, old_times, [(start, end, "new text"), ...])

Kept characters keep their times; a replaced span's new characters share the replaced characters' time span
(one-to-one when the lengths agree); inserted characters are interpolated between their neighbours.
The transcript editor uses realign too, so its signature stays as it is.
"""
from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

Times = list[tuple[int, int]]


def spread(t0: int, t1: int, n: int) -> Times:
    """n consecutive equal slices of [t0, t1] (zero-length slices when the span is empty)."""
    if n <= 0:
        return []
    t1 = max(t0, t1)
    if n == 1:  # the common case (one hanzi per token): skip the arithmetic
        return [(t0, t1)]
    return [(t0 + (t1 - t0) * i // n, t0 + (t1 - t0) * (i + 1) // n) for i in range(n)]


def _fill(old_times: Sequence[tuple[int, int]], a: int, b: int, n: int) -> Times:
    """Times for n new characters standing in for old characters [a, b) (a == b: an insertion at a)."""
    if a < b:
        span = [(int(s), int(e)) for s, e in old_times[a:b]]
        if n == b - a:  # same length: one-to-one, keeps each character's own time
            return span
        return spread(span[0][0], max(e for _, e in span), n)
    # Insertion: between the previous character's end and the next one's start.
    left = int(old_times[a - 1][1]) if a > 0 else None
    right = int(old_times[a][0]) if a < len(old_times) else None
    if left is None and right is None:
        return [(0, 0)] * n
    if left is None:
        left = right
    if right is None:
        right = left
    return spread(left, max(left, right), n)


def splice(old_text: str, old_times: Sequence[tuple[int, int]],
           edits: Sequence[tuple[int, int, str]]) -> tuple[str, Times]:
    """Apply non-overlapping edits (start, end, replacement) given in old-text positions, in any order.

    Raises ValueError when lengths disagree or edits overlap / fall outside the text.
    """
    if len(old_text) != len(old_times):
        raise ValueError(f"{len(old_text)} characters but {len(old_times)} times")
    out_text: list[str] = []
    out_times: Times = []
    pos = 0
    for a, b, new in sorted(edits, key=lambda e: (e[0], e[1])):
        if a < pos or b < a or b > len(old_text):
            raise ValueError(f"edit ({a}, {b}) overlaps another or lies outside the text")
        out_text.append(old_text[pos:a])
        out_times.extend((int(s), int(e)) for s, e in old_times[pos:a])
        out_text.append(new)
        out_times.extend(_fill(old_times, a, b, len(new)))
        pos = b
    out_text.append(old_text[pos:])
    out_times.extend((int(s), int(e)) for s, e in old_times[pos:])
    return "".join(out_text), _monotone(out_times)


def realign(old_text: str, old_times: Sequence[tuple[int, int]], new_text: str) -> list[tuple[int, int]]:
    """Per-character times for new_text, from old_text's (one (start_ms, end_ms) per character).

    Edit-distance alignment (difflib opcodes, no junk heuristic so repeated hanzi and punctuation align too).
    An empty old text gives zero-length times at 0; an empty new text gives [].
    """
    if len(old_text) != len(old_times):
        raise ValueError(f"{len(old_text)} characters but {len(old_times)} times")
    if not new_text:
        return []
    if not old_text:
        return [(0, 0)] * len(new_text)
    sm = SequenceMatcher(None, old_text, new_text, autojunk=False)
    edits = [(i1, i2, new_text[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]
    text, times = splice(old_text, old_times, edits)
    assert text == new_text  # the opcodes rebuild new_text by construction
    return times


def _monotone(times: Times) -> Times:
    """Starts never go back in time and every end >= its start (input times may be slightly out of order)."""
    out: Times = []
    prev = None
    for s, e in times:
        if prev is not None and s < prev:
            s = prev
        e = max(e, s)
        out.append((s, e))
        prev = s
    return out


def map_span(old_text: str, new_text: str, start: int, end: int) -> tuple[int, int]:
    """Where old_text[start:end] ended up in new_text (an edit cutting through the span widens it to the edit)."""
    if old_text == new_text:
        return start, end
    ops = SequenceMatcher(None, old_text, new_text, autojunk=False).get_opcodes()

    def move(p: int, is_end: bool) -> int:
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal" and i1 <= p <= i2:
                return j1 + (p - i1)
            if tag != "equal" and (i1 < p < i2 or (i1 == p == i2)):
                return j2 if is_end else j1
        return len(new_text) if is_end else 0

    a = move(start, False)
    return a, max(a, move(end, True))
