"""How text splits into words: one definition for subtitle cues (models/export) and per-character times
(models/text). A wide character (hanzi, full-width) is a word alone; a run of other letters/digits is one word."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def is_wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in ("W", "F") and c.isalnum()


WORD_EXTRA = frozenset("'’_-")


def is_word_char(c: str) -> bool:
    return c.isalnum() or c in WORD_EXTRA


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token in text: a wide character alone, or a run of other word characters."""
    spans, i = [], 0
    while i < len(text):
        c = text[i]
        if is_wide(c):
            spans.append((i, i + 1))
            i += 1
        elif is_word_char(c):
            j = i + 1
            while j < len(text) and is_word_char(text[j]) and not is_wide(text[j]):
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def token_positions(text: str, tokens: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each recognised token sits in text (only separators and punctuation between them), or None when
    they do not match (then callers spread times by width instead)."""
    low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # same length as text
    if tokens and all(len(t) == 1 for t in tokens):  # fast path: one character per token (hanzi)
        pos_ = [i for i, c in enumerate(low) if is_word_char(c)]
        if len(pos_) == len(tokens) and all(low[i] == t.lower() for i, t in zip(pos_, tokens)):
            return [(i, i + 1) for i in pos_]
    spans, pos = [], 0
    for tok in tokens:
        t = tok.strip().lower()
        if not t:
            return None
        while pos < len(text) and not is_word_char(text[pos]):
            pos += 1
        if not low.startswith(t, pos):
            return None
        spans.append((pos, pos + len(t)))
        pos += len(t)
    if any(is_word_char(c) for c in text[pos:]):
        return None
    return spans
