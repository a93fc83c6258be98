"""Timed test sentences: one token per hanzi / Latin word, 100 ms each, from a given start."""
from __future__ import annotations

from models.core.transcript import Segment
from models.core.words import word_spans


def timed(text: str, start: int = 1000, ms: int = 100, vad_index: int = 0) -> Segment:
    spans = word_spans(text)
    tokens = tuple(text[a:b] for a, b in spans)
    token_ms = tuple((start + k * ms, start + (k + 1) * ms) for k in range(len(spans)))
    return Segment(start, start + len(spans) * ms, text, tokens, token_ms, vad_index)


def token_time(seg: Segment, token: str) -> tuple[int, int]:
    """The time of the only token equal to `token` in seg."""
    hits = [t for tok, t in zip(seg.tokens, seg.token_ms) if tok == token]
    assert len(hits) == 1, f"{token!r} found {len(hits)} times in {seg.tokens}"
    return hits[0]
