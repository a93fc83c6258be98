"""Schema 4 -> 5: who said what, in the job history.

- `speaker_embeddings`: one row per (job, VAD segment) with its CAM++ window embeddings
  (models.speakers.windows.SegmentEmbeddings.to_bytes), written in the same transaction as that segment's
  sentences and checkpoint, so a resumed job never computes them again.
- `speaker_names`: the names the user gave to labels, per job ("说话人N" for the others).
- `sentences.speaker`: the speaker of each editable sentence (the user's view: reassigning a sentence or merging
  two speakers changes it; `segments.speaker` keeps what clustering said). The trigger that appends a sentence
  per segment now copies the segment's speaker.
"""
from __future__ import annotations

import sqlite3

DDL = (
    """CREATE TABLE speaker_embeddings (
        job_id    INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        vad_index INTEGER NOT NULL,
        data      BLOB    NOT NULL,                     -- SegmentEmbeddings.to_bytes()
        PRIMARY KEY (job_id, vad_index)
    ) WITHOUT ROWID""",
    """CREATE TABLE speaker_names (
        job_id  INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        speaker INTEGER NOT NULL,                       -- the label (0, 1, ...)
        name    TEXT    NOT NULL,
        PRIMARY KEY (job_id, speaker)
    ) WITHOUT ROWID""",
    "ALTER TABLE sentences ADD COLUMN speaker INTEGER NOT NULL DEFAULT -1",
    "DROP TRIGGER segments_add_sentence",
    """CREATE TRIGGER segments_add_sentence AFTER INSERT ON segments BEGIN
        INSERT INTO sentences (job_id, pos, seq_first, seq_last, start_ms, end_ms, text, original, speaker)
        VALUES (new.job_id, (SELECT COALESCE(MAX(pos), -1) + 1 FROM sentences WHERE job_id = new.job_id),
                new.seq, new.seq, new.start_ms, new.end_ms, new.text, new.text, new.speaker);
    END""",
    """UPDATE sentences SET speaker = COALESCE((SELECT g.speaker FROM segments g WHERE g.job_id = sentences.job_id
                                               AND g.seq = sentences.seq_first), -1)""",
)


def migrate(c: sqlite3.Connection) -> None:
    for sql in DDL:
        c.execute(sql)
