"""Turn recognised words + per-word times + punctuation ids into sentence Segments."""
from __future__ import annotations

from collections.abc import Sequence

from models.core.transcript import Segment

SENTENCE_END = frozenset("。？！?!.")


def join_words(words: Sequence[str]) -> str:
    """Chinese characters run together; a space only between two Latin/digit words."""
    out = ""
    for w in words:
        if out and w and out[-1].isascii() and out[-1].isalnum() and w[0].isascii() and w[0].isalnum():
            out += " "
        out += w
    return out


def build_segments(
    words: Sequence[str],
    word_ms: Sequence[tuple[int, int]],
    puncs: Sequence[str] | None,
    vad_index: int,
    clamp: tuple[int, int],
) -> list[Segment]:
    """Split at sentence-final punctuation; the VAD segment's end always closes the last sentence.

    puncs[i] is the mark after words[i] ("" for none), or None when punctuation is unavailable (then the whole
    VAD segment is one sentence ending in "。").
    """
    if not words:
        return []
    if puncs is None or len(puncs) != len(words):
        puncs = [""] * (len(words) - 1) + ["。"]
    lo, hi = clamp
    segments: list[Segment] = []
    cur_words: list[str] = []
    cur_ms: list[tuple[int, int]] = []
    text = ""

    def close() -> None:
        nonlocal text, cur_words, cur_ms
        if cur_words:
            start = max(lo, min(cur_ms[0][0], hi))
            end = max(start, min(cur_ms[-1][1], hi))
            segments.append(Segment(start, end, text, tuple(cur_words), tuple(cur_ms), vad_index))
        text, cur_words, cur_ms = "", [], []

    for i, (w, ms, p) in enumerate(zip(words, word_ms, puncs)):
        text = join_words([text, w]) if text else w
        cur_words.append(w)
        cur_ms.append((int(ms[0]), int(ms[1])))
        if p:
            text += p
        last = i == len(words) - 1
        if last and text[-1] not in SENTENCE_END:
            # A VAD segment ends a sentence: turn a trailing comma into a full stop, or add one.
            text = (text[:-1] if text[-1] in "，、,;；" else text) + ("." if w.isascii() else "。")
        if p in SENTENCE_END or last:
            close()
    return segments
