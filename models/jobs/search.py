"""Search every transcript in the history. No Qt.

3+ characters: the FTS5 trigram index (`sentences_fts`), which matches any substring of 3 or more characters.
The trigram tokenizer cannot answer shorter queries, and most Chinese words are 1 or 2 characters, so those
scan the sentences with instr() instead: a full scan, measured at ~0.1 s per 300,000 sentences here (100 three-hour
meetings), cheaper to live with than a second unigram/bigram index that would double the index on disk and the
work of every segment insert (see tests/editor/bench_search.py).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from models.jobs.db import Database

CONTEXT_CHARS = 20


class SearchHit(NamedTuple):
    job_id: int
    index: int  # the sentence's position in its transcript
    start_ms: int
    context: str  # the sentence around the match, "…" where cut
    path: Path  # the job's file


def search(db: Database, query: str, limit: int = 500) -> list[SearchHit]:
    """Sentences containing query (case-insensitive for Latin letters), newest job first, in reading order."""
    q = query.strip()
    if not q:
        return []
    cols = "s.job_id, s.pos, s.start_ms, s.text, j.path"
    order = "ORDER BY j.id DESC, s.pos LIMIT ?"
    if len(q) >= 3:
        phrase = '"' + q.replace('"', '""') + '"'
        rows = db.query(f"SELECT {cols} FROM sentences_fts f JOIN sentences s ON s.id = f.rowid "
                        f"JOIN jobs j ON j.id = s.job_id WHERE sentences_fts MATCH ? {order}", (phrase, limit))
    else:
        rows = db.query(f"SELECT {cols} FROM sentences s JOIN jobs j ON j.id = s.job_id "
                        f"WHERE instr(lower(s.text), lower(?)) > 0 {order}", (q, limit))
    return [SearchHit(r[0], r[1], r[2], context(r[3], q), Path(os.fsdecode(bytes(r[4])))) for r in rows]


def context(text: str, query: str, width: int = CONTEXT_CHARS) -> str:
    """The text around the first match of query, cut to about 2 x width characters."""
    at = text.lower().find(query.lower())
    if at < 0:
        return text[: 2 * width]
    a, b = max(0, at - width), min(len(text), at + len(query) + width)
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")
