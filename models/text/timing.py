"""Per-character times of a Segment's text, and a Segment rebuilt from new text + per-character times.

    times = char_times(seg)                        # one (start_ms, end_ms) per character of seg.text
    seg2 = with_text(seg, new_text, new_times)     # tokens/token_ms rebuilt from the characters

Tokens are mapped onto the text the way models/export/formats.py maps them (a wide character alone, or a run of
other word characters; separators and punctuation between them), so cue splitting keeps using real times.
A Latin word's time is split evenly over its letters; punctuation and spaces get a zero-length time at the end of
the character before them (the sentence start when they lead).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from models.core.transcript import Segment
from models.core.words import token_positions, word_spans
from models.text.align import Times, spread


def char_times(seg: Segment) -> Times:
    """One (start_ms, end_ms) per character of seg.text."""
    text = seg.text
    spans = None
    if seg.tokens and len(seg.tokens) == len(seg.token_ms):
        spans = token_positions(text, seg.tokens)
    if spans is not None:
        token_times = [(int(a), int(b)) for a, b in seg.token_ms]
    else:  # no usable token times: spread the sentence over its words
        spans = word_spans(text)
        token_times = spread(seg.start_ms, seg.end_ms, len(spans))
    times: list[tuple[int, int] | None] = [None] * len(text)
    for (a, b), (t0, t1) in zip(spans, token_times):
        for k, t in enumerate(spread(t0, t1, b - a)):
            times[a + k] = t
    out: Times = []
    prev_end = int(seg.start_ms)
    for t in times:
        if t is None:
            t = (prev_end, prev_end)
        out.append(t)
        prev_end = t[1]
    return out


def with_text(seg: Segment, text: str, times: Sequence[tuple[int, int]]) -> Segment:
    """seg with new text; tokens are the text's words, each timed from its characters' times."""
    if len(text) != len(times):
        raise ValueError(f"{len(text)} characters but {len(times)} times")
    if text == seg.text and list(times) == char_times(seg):
        return seg
    spans = word_spans(text)
    tokens = tuple(text[a:b] for a, b in spans)
    token_ms = tuple((int(times[a][0]), int(max(e for _, e in times[a:b]))) for a, b in spans)
    return replace(seg, text=text, tokens=tokens, token_ms=token_ms)
