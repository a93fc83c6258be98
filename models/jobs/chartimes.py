"""Per-character times of a sentence's text, and back to tokens (issue 14).

The recogniser gives times per token (a hanzi or an English word) while Segment.text also holds the punctuation
CT-punc added. The editor re-times per character (models.text.align.realign), so a sentence's times are spread
over every character of its text: a token's characters share its span, a separator gets a zero-length time at
the end of what precedes it. `tokens_of` goes back to Segment.tokens/token_ms so the exporters split cues at the
right time.
"""
from __future__ import annotations

from collections.abc import Sequence

from models.core.transcript import Segment

CharTimes = list[tuple[int, int]]


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "'’_-"


def _is_wide(c: str) -> bool:
    return "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\U00020000" <= c <= "\U0003ffff"


def char_times(seg: Segment) -> CharTimes:
    """One (start_ms, end_ms) per character of seg.text; proportional to position when tokens do not match."""
    text = seg.text
    out: CharTimes = []
    pos, prev_end = 0, seg.start_ms
    if seg.tokens and len(seg.tokens) == len(seg.token_ms):
        low = text.lower()
        for tok, (a, b) in zip(seg.tokens, seg.token_ms):
            t = tok.strip().lower()
            while pos < len(text) and not low.startswith(t, pos) and not _is_word_char(text[pos]):
                out.append((prev_end, prev_end))
                pos += 1
            if not t or not low.startswith(t, pos):
                break
            out.extend([(int(a), int(b))] * len(t))
            pos += len(t)
            prev_end = int(b)
        else:
            out.extend([(prev_end, prev_end)] * (len(text) - pos))
            return out
    n = len(text)  # no usable token times: spread the sentence evenly
    span = max(0, seg.end_ms - seg.start_ms)
    return [(seg.start_ms + span * k // n, seg.start_ms + span * (k + 1) // n) for k in range(n)]


def tokens_of(text: str, times: Sequence[tuple[int, int]]) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Segment tokens for text: each wide character alone, runs of other word characters as one word."""
    toks: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if not _is_word_char(c):
            i += 1
            continue
        j = i + 1
        if not _is_wide(c):
            while j < len(text) and _is_word_char(text[j]) and not _is_wide(text[j]):
                j += 1
        toks.append(text[i:j])
        spans.append((int(times[i][0]), int(times[j - 1][1])))
        i = j
    return tuple(toks), tuple(spans)
