"""How text splits into words: one definition for subtitle cues (models/export) and per-character times
(models/text). A wide character (hanzi, full-width) is a word alone; a run of other letters/digits is one word."""
from __future__ import annotations

import unicodedata


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
