"""Glossary replacements in the editor (issues 14 + 16): which characters of each sentence a glossary rule wrote.

No Qt. The recogniser's segments carry `replacements`: (start, end, recognised text) spans in the segment's text
(models/jobs `segments.replacements`, JSON). The user's sentences can be split, joined and edited, but the
concatenation of every sentence's `original` is always the concatenation of the segments' texts (a split cuts
an original in two, a join glues two), so a span is placed by its offset in that running text. In an edited
sentence a span is mapped through an alignment of the original to the current text and kept only while the
current text still has the replaced characters there.
"""
from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from typing import NamedTuple

from models.jobs.db import Database
from models.jobs.edits import Sentence


class Replacement(NamedTuple):
    start: int  # in the sentence's current text
    end: int
    recognised: str  # what the recogniser said before the glossary replaced it

    def reverted(self, text: str) -> str:
        """The sentence text with the recognised words put back."""
        return text[:self.start] + self.recognised + text[self.end:]


Spans = tuple[Replacement, ...]


def load(db: Database, job_id: int, sentences: Sequence[Sentence]) -> list[Spans]:
    """Per sentence (in the order given: all of the job's sentences), the replacements still in its text."""
    rows = db.query("SELECT text, replacements FROM segments WHERE job_id = ? ORDER BY seq", (job_id,))
    spans: list[tuple[int, int, str]] = []  # in the running text of all segments
    full: list[str] = []
    at = 0
    for text, reps in rows:
        for a, b, rec in json.loads(reps or "[]"):
            spans.append((at + int(a), at + int(b), str(rec)))
        full.append(text)
        at += len(text)
    if not spans:
        return [()] * len(sentences)
    running = "".join(full)
    out: list[Spans] = []
    at, k = 0, 0
    for s in sentences:
        end = at + len(s.original)
        while k < len(spans) and spans[k][0] < at:
            k += 1
        mine: list[tuple[int, int, str]] = []
        j = k
        while j < len(spans) and spans[j][1] <= end:
            mine.append((spans[j][0] - at, spans[j][1] - at, spans[j][2]))
            j += 1
        if mine and running[at:end] == s.original:
            out.append(in_text(s.original, s.text, mine))
        else:
            out.append(())
        at = end
    return out


def in_text(original: str, text: str, spans: Sequence[tuple[int, int, str]]) -> Spans:
    """Spans of `original` placed in the edited `text`; a span whose characters were changed is dropped."""
    if text == original:
        return tuple(Replacement(a, b, r) for a, b, r in spans if b > a)
    blocks = difflib.SequenceMatcher(None, original, text, autojunk=False).get_matching_blocks()
    out = []
    for a, b, rec in spans:
        for oa, ta, n in blocks:
            if oa <= a and b <= oa + n and b > a:  # the whole span sits in one unchanged run
                out.append(Replacement(ta + a - oa, ta + b - oa, rec))
                break
    return tuple(out)


def at_cursor(spans: Spans, cursor: int) -> Replacement | None:
    """The replacement under (or right before) the text cursor, else the sentence's first one."""
    for r in spans:
        if r.start <= cursor <= r.end:
            return r
    return spans[0] if spans else None
