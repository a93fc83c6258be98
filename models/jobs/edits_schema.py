"""Schema 2 -> 3: the editable sentences beside the recognised segments, the undo log, FTS5 search.

`segments` stays exactly what the recogniser produced. `sentences` is what the user sees and exports: triggers
append one row per inserted segment (so sentences keep arriving while the user edits earlier ones, whoever
writes the segments) and drop a job's sentences and undo log when its segments are reset. `sentences_fts` is an
external-content FTS5 index (trigram tokenizer: any 3+ character substring) kept in step by triggers.
"""
from __future__ import annotations

import sqlite3

DDL = (
    """CREATE TABLE sentences (
        id          INTEGER PRIMARY KEY,               -- rowid for the FTS index
        job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        pos         INTEGER NOT NULL,                  -- 0.. in reading order
        seq_first   INTEGER NOT NULL,                  -- the segments it came from (a join spans several)
        seq_last    INTEGER NOT NULL,
        start_ms    INTEGER NOT NULL,
        end_ms      INTEGER NOT NULL,
        text        TEXT    NOT NULL,                  -- what the user sees and exports
        original    TEXT    NOT NULL,                  -- the recognised text this sentence covers
        char_ms     TEXT,                              -- JSON [start, end] per character of text; NULL: the segment's
        original_ms TEXT,                              -- JSON per character of original; NULL: the segment's
        UNIQUE (job_id, pos)
    )""",
    "CREATE INDEX sentences_seq ON sentences (job_id, seq_last)",
    """CREATE TABLE edit_log (
        job_id    INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        n         INTEGER NOT NULL,                    -- 1.. in the order the edits were made
        label     TEXT    NOT NULL,                    -- edit | split | join | revert | replace
        steps     TEXT    NOT NULL,                    -- JSON [[pos, rows before, rows after], ...]
        merge_key TEXT    NOT NULL DEFAULT '',         -- typing pauses in one sentence amend one entry
        undone    INTEGER NOT NULL DEFAULT 0,          -- 1: on the redo side of the cursor
        at        REAL    NOT NULL,
        PRIMARY KEY (job_id, n)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER segments_add_sentence AFTER INSERT ON segments BEGIN
        INSERT INTO sentences (job_id, pos, seq_first, seq_last, start_ms, end_ms, text, original)
        VALUES (new.job_id, (SELECT COALESCE(MAX(pos), -1) + 1 FROM sentences WHERE job_id = new.job_id),
                new.seq, new.seq, new.start_ms, new.end_ms, new.text, new.text);
    END""",
    # A reset deletes every segment of the job (re-transcription): sentences from that segment on go with it.
    """CREATE TRIGGER segments_drop_sentences AFTER DELETE ON segments BEGIN
        DELETE FROM sentences WHERE job_id = old.job_id AND seq_last >= old.seq;
        DELETE FROM edit_log WHERE job_id = old.job_id;
    END""",
    """CREATE VIRTUAL TABLE sentences_fts USING fts5(
        text, content='sentences', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER sentences_fts_au AFTER UPDATE OF text ON sentences BEGIN
        INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
    END""",
)


def migrate(c: sqlite3.Connection) -> None:
    """2 -> 3: create the tables and fill `sentences` from the segments already stored (old histories)."""
    for sql in DDL:
        c.execute(sql)
    c.execute("""INSERT INTO sentences (job_id, pos, seq_first, seq_last, start_ms, end_ms, text, original)
                 SELECT job_id, ROW_NUMBER() OVER (PARTITION BY job_id ORDER BY seq) - 1, seq, seq, start_ms, end_ms,
                        text, text FROM segments ORDER BY job_id, seq""")
