"""Speakers in the job history: embeddings per VAD segment, labels per sentence, names per job. No Qt.

    jobs.add_segments(job_id, sentences, vad_done, resume_ms, embeddings=[(vad_index, rec)])  # one transaction
    jobs.speaker_embeddings(job_id)          # every stored SegmentEmbeddings, for clustering at the end of a run
    jobs.set_speaker_labels(job_id, segs)    # clustering's labels -> segments.speaker and sentences.speaker
    jobs.rename_speaker(job_id, 0, "张三")   # once for the whole transcript (every export uses the name)
    jobs.merge_speakers(job_id, 2, 0)        # every sentence of speaker 2 becomes speaker 0's
    jobs.reassign_speaker(job_id, pos, 1)    # one sentence (editor position) to another speaker

`segments.speaker` is what clustering said; `sentences.speaker` is what the user sees and exports (merge and
reassign change only it, as text edits change only `sentences.text`). Names apply to both.
"""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence

from models.core.transcript import SPEAKER_PREFIX, Segment
from models.jobs.db import Database
from models.speakers.windows import SegmentEmbeddings

log = logging.getLogger(__name__)


def save_embeddings(c: sqlite3.Connection, job_id: int, items: Iterable[tuple[int, SegmentEmbeddings]]) -> None:
    """Inside the caller's transaction (the checkpoint's)."""
    c.executemany("INSERT OR REPLACE INTO speaker_embeddings (job_id, vad_index, data) VALUES (?, ?, ?)",
                  [(job_id, int(i), sqlite3.Binary(rec.to_bytes())) for i, rec in items])


def load_embeddings(db: Database, job_id: int) -> list[tuple[int, SegmentEmbeddings]]:
    """(vad_index, record) in VAD order; a damaged row is left out with a warning (its sentences then take the
    nearest turn's speaker)."""
    out = []
    for vad_index, data in db.query("SELECT vad_index, data FROM speaker_embeddings WHERE job_id = ? "
                                    "ORDER BY vad_index", (job_id,)):
        try:
            out.append((int(vad_index), SegmentEmbeddings.from_bytes(bytes(data))))
        except ValueError as exc:
            log.warning("job %d: speaker embeddings of VAD segment %d are damaged (%s); left out", job_id,
                        vad_index, exc)
    return out


def set_labels(db: Database, job_id: int, segments: Sequence[Segment]) -> None:
    """Store each segment's .speaker (segments: all of the job's, in stored order) and copy them to sentences."""
    with db.transaction() as c:
        seqs = [r[0] for r in c.execute("SELECT seq FROM segments WHERE job_id = ? ORDER BY seq", (job_id,))]
        if len(seqs) != len(segments):
            raise ValueError(f"job {job_id} has {len(seqs)} stored segments, not {len(segments)}")
        c.executemany("UPDATE segments SET speaker = ? WHERE job_id = ? AND seq = ?",
                      [(s.speaker, job_id, q) for s, q in zip(segments, seqs)])
        c.execute("""UPDATE sentences SET speaker = COALESCE((SELECT g.speaker FROM segments g WHERE
                     g.job_id = sentences.job_id AND g.seq = sentences.seq_first), -1) WHERE job_id = ?""", (job_id,))


def names(db: Database, job_id: int) -> dict[int, str]:
    return {int(r[0]): str(r[1]) for r in db.query("SELECT speaker, name FROM speaker_names WHERE job_id = ?",
                                                  (job_id,))}


def labels(db: Database, job_id: int) -> list[int]:
    """The labels the job's sentences use now (>= 0), ascending."""
    return [int(r[0]) for r in db.query("SELECT DISTINCT speaker FROM sentences WHERE job_id = ? AND speaker >= 0 "
                                        "ORDER BY speaker", (job_id,))]


def prefix_of(settings: dict | None) -> str:
    """The unnamed-speaker label for a job run with these settings: in the script its text steps wrote."""
    from models.text.script import speaker_prefix  # OpenCC is loaded only for jobs in another script

    script = ((settings or {}).get("text") or {}).get("script") or "simplified"
    try:
        return speaker_prefix(str(script))
    except (ValueError, ImportError) as exc:  # an unknown script or no OpenCC: the labels stay Simplified
        log.warning("speaker labels stay Simplified (script %r): %s", script, exc)
        return SPEAKER_PREFIX


def rename(db: Database, job_id: int, speaker: int, name: str) -> None:
    """Name a label for the whole transcript; an empty name goes back to "说话人N"."""
    _check(speaker)
    name = name.strip()
    with db.transaction() as c:
        if name:
            c.execute("INSERT OR REPLACE INTO speaker_names (job_id, speaker, name) VALUES (?, ?, ?)",
                      (job_id, speaker, name))
        else:
            c.execute("DELETE FROM speaker_names WHERE job_id = ? AND speaker = ?", (job_id, speaker))


def merge(db: Database, job_id: int, source: int, target: int) -> int:
    """Every sentence of `source` becomes `target`'s; target keeps its name (or takes source's when it has none).
    One undo step (models/jobs/speaker_steps.py). Returns the number of sentences changed."""
    _check(source)
    _check(target)
    if source == target:
        return 0
    from models.jobs.speaker_steps import log_merge  # one undo step in the edit log

    with db.transaction() as c:
        return log_merge(c, job_id, source, target)


def reassign(db: Database, job_id: int, pos: int, speaker: int) -> None:
    """Sentence `pos` (the editor's position) to `speaker` (any label >= 0: max(labels) + 1 is a new speaker)."""
    _check(speaker)
    with db.transaction() as c:
        if c.execute("UPDATE sentences SET speaker = ? WHERE job_id = ? AND pos = ?",
                     (speaker, job_id, pos)).rowcount != 1:
            raise IndexError(f"job {job_id} has no sentence {pos}")


def reset(c: sqlite3.Connection, job_id: int) -> None:
    """The job starts over: its embeddings and names go with its segments (labels will mean other people)."""
    c.execute("DELETE FROM speaker_embeddings WHERE job_id = ?", (job_id,))
    c.execute("DELETE FROM speaker_names WHERE job_id = ?", (job_id,))


def _check(speaker: int) -> None:
    if int(speaker) < 0:
        raise ValueError(f"a speaker label is 0 or more, not {speaker}")



def name_channels(db: Database, job_id: int, segments: Sequence[Segment], remote_prefix: str,
                  local: str) -> None:
    """A meeting recording's speakers get their channel's name where the user gave none: the microphone's label
    `local` ("我"), the system audio's `remote_prefix` ("对方"), numbered when the remote side has several."""
    remote = sorted({s.speaker for s in segments if s.channel > 0 and s.speaker >= 0})
    wanted = {s.speaker: local for s in segments if s.channel == 0 and s.speaker >= 0}
    for k, label in enumerate(remote, 1):
        wanted[label] = remote_prefix if len(remote) == 1 else f"{remote_prefix}{k}"
    with db.transaction() as c:
        c.executemany("INSERT OR IGNORE INTO speaker_names (job_id, speaker, name) VALUES (?, ?, ?)",
                      [(job_id, k, v) for k, v in sorted(wanted.items())])
