"""The user's corrections to a transcript: never lost, undoable across restarts. No Qt.

    edits = EditStore(jobs.db)                       # the JobStore's own Database: one lock, one connection
    edits.set_text(job_id, pos, "改过的句子。")        # one small transaction (WAL, synchronous=FULL)
    edits.undo(job_id); edits.redo(job_id)            # the log is in the database: it survives reopening
    transcript = edited_transcript(jobs, job_id)      # what every export and Copy should use

Sentences live in the `sentences` table (models/jobs/edits_schema.py): one per recognised segment until the user
splits or joins them; `segments` keeps what the recogniser said. Every change is a list of steps
"at pos, these rows become those rows", stored with the change in the same transaction, so undo applies the
steps backwards and redo forwards. Segments that arrive while the user edits are appended by a trigger after the
last sentence; positions of earlier sentences never move under the user. After a text change the characters
are re-timed by models.text.align.realign (edit distance), so cues and click-to-play still land right.
"""
from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models.core.transcript import Segment, Transcript
from models.jobs import job_state, speaker_steps
from models.text.timing import char_times, with_text
from models.jobs.db import Database, HistoryError
from models.jobs.job import transcript_of
from models.text.align import realign

Row = dict[str, Any]
_COLS = ("seq_first", "seq_last", "start_ms", "end_ms", "text", "original", "char_ms", "original_ms")
# Rows also carry the speaker so a split or join keeps it; a same-length undo/redo step never writes it
# (speaker changes are not in the undo log: undoing a text edit must not undo a later reassignment).
_ROW_COLS = _COLS + ("speaker",)


class EditConflict(HistoryError):
    """The transcript changed under an undo/redo step (e.g. it was re-transcribed); nothing was changed."""


@dataclass(frozen=True)
class Sentence:
    pos: int
    start_ms: int
    end_ms: int
    text: str
    original: str
    speaker: int = -1  # the diarization label the user sees (-1: none)

    @property
    def edited(self) -> bool:
        return self.text != self.original


@dataclass(frozen=True)
class LogEntry:
    n: int
    label: str  # edit | split | join | revert | replace | merge (speakers)
    undone: bool


class EditStore:
    """Reads and changes one database's sentences. Thread-safe through Database's lock."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading
    def sentences(self, job_id: int, start: int = 0) -> list[Sentence]:
        rows = self.db.query("SELECT pos, start_ms, end_ms, text, original, speaker FROM sentences WHERE job_id = ? "
                             "AND pos >= ? ORDER BY pos", (job_id, start))
        return [Sentence(*r) for r in rows]

    def count(self, job_id: int) -> int:
        return int(self.db.query("SELECT COUNT(*) FROM sentences WHERE job_id = ?", (job_id,))[0][0])

    def times(self, job_id: int, pos: int) -> list[tuple[int, int]]:
        """Per-character (start_ms, end_ms) of the sentence's current text."""
        with self.db.lock:
            c = self.db.conn
            return _times(c, job_id, _rows(c, job_id, pos, 1)[0], "char_ms")

    def history(self, job_id: int) -> list[LogEntry]:
        rows = self.db.query("SELECT n, label, undone FROM edit_log WHERE job_id = ? ORDER BY n", (job_id,))
        return [LogEntry(r[0], r[1], bool(r[2])) for r in rows]

    def segments(self, job_id: int) -> list[Segment]:
        """The effective (edited) sentences as Segments with tokens re-timed to the edited text."""
        rows = self.db.query(
            "SELECT s.start_ms, s.end_ms, s.text, s.char_ms, g.tokens, g.token_ms, g.vad_index, s.speaker, "
            "g.replacements, g.channel FROM sentences s LEFT JOIN segments g ON g.job_id = s.job_id "
            "AND g.seq = s.seq_first WHERE s.job_id = ? ORDER BY s.pos", (job_id,))
        out = []
        for start, end, text, cms, toks, tms, vad, spk, reps, ch in rows:
            vad, spk, ch = -1 if vad is None else vad, -1 if spk is None else spk, -1 if ch is None else ch
            if cms is None:  # untouched: the recogniser's own tokens (and its glossary replacements)
                tokens = tuple(json.loads(toks)) if toks else ()
                token_ms = tuple((int(a), int(b)) for a, b in json.loads(tms)) if tms else ()
                spans = tuple((int(a), int(b), str(o)) for a, b, o in json.loads(reps or "[]"))
                out.append(Segment(start, end, text, tokens, token_ms, vad, spk, spans, channel=ch))
            else:  # edited: tokens are the new text's words, timed from the re-aligned characters
                out.append(with_text(Segment(start, end, "", vad_index=vad, speaker=spk, channel=ch), text,
                                     json.loads(cms)))
        return out

    def originals(self, job_id: int) -> list[str]:
        """The recognised text of each effective sentence, in the order of segments()."""
        return [r[0] for r in self.db.query("SELECT original FROM sentences WHERE job_id = ? ORDER BY pos", (job_id,))]

    # -- changing (each call is one transaction and one undo step)
    def set_text(self, job_id: int, pos: int, text: str, merge_key: str = "") -> None:
        """Replace a sentence's text. Calls with the same non-empty merge_key in a row amend one undo step."""
        with self.db.transaction() as c:
            row = _rows(c, job_id, pos, 1)[0]
            if row["text"] == text:
                return
            new = dict(row, text=text)
            if text == row["original"]:
                new["char_ms"] = row["original_ms"]
            else:
                new["char_ms"] = realign(row["text"], _times(c, job_id, row, "char_ms"), text)
            _log(c, job_id, "edit", [[pos, [row], [new]]], merge_key)

    def revert(self, job_id: int, pos: int) -> None:
        """Back to the recognised text of this sentence."""
        with self.db.transaction() as c:
            row = _rows(c, job_id, pos, 1)[0]
            if row["text"] != row["original"]:
                _log(c, job_id, "revert", [[pos, [row], [dict(row, text=row["original"], char_ms=row["original_ms"])]]])

    def split(self, job_id: int, pos: int, offset: int) -> None:
        """Cut sentence pos before character `offset` of its text into two sentences."""
        with self.db.transaction() as c:
            row = _rows(c, job_id, pos, 1)[0]
            text = row["text"]
            if not 0 < offset < len(text):
                raise ValueError(f"cannot split a {len(text)}-character sentence at {offset}")
            t, ot = _times(c, job_id, row, "char_ms"), _times(c, job_id, row, "original_ms")
            cut = t[offset][0]
            orig = row["original"]
            if orig == text:
                k = offset
            else:  # the first recognised word character at or after the cut time
                k = next((i for i, (a, _) in enumerate(ot) if a >= cut and orig[i].isalnum()), len(orig))
            left = dict(row, end_ms=max(row["start_ms"], cut), text=text[:offset], char_ms=t[:offset],
                        original=orig[:k], original_ms=ot[:k])
            right = dict(row, start_ms=max(row["start_ms"], cut), text=text[offset:], char_ms=t[offset:],
                         original=orig[k:], original_ms=ot[k:])
            _log(c, job_id, "split", [[pos, [row], [left, right]]])

    def join(self, job_id: int, pos: int) -> None:
        """Join sentence pos with the one after it."""
        with self.db.transaction() as c:
            a, b = _rows(c, job_id, pos, 2)
            new = dict(seq_first=a["seq_first"], seq_last=b["seq_last"], start_ms=a["start_ms"], speaker=a["speaker"],
                       end_ms=max(a["end_ms"], b["end_ms"]), text=a["text"] + b["text"],
                       original=a["original"] + b["original"],
                       char_ms=_times(c, job_id, a, "char_ms") + _times(c, job_id, b, "char_ms"),
                       original_ms=_times(c, job_id, a, "original_ms") + _times(c, job_id, b, "original_ms"))
            _log(c, job_id, "join", [[pos, [a, b], [new]]])

    def replace_many(self, job_id: int, changes: Sequence[tuple[int, str]], label: str = "replace") -> None:
        """Several sentences' new texts as one undo step (replace all)."""
        with self.db.transaction() as c:
            steps = []
            for pos, text in changes:
                row = _rows(c, job_id, pos, 1)[0]
                if row["text"] != text:
                    cms = row["original_ms"] if text == row["original"] else \
                        realign(row["text"], _times(c, job_id, row, "char_ms"), text)
                    steps.append([pos, [row], [dict(row, text=text, char_ms=cms)]])
            if steps:
                _log(c, job_id, label, steps)

    @staticmethod
    def _step(c: Any, job_id: int, steps_json: str, forward: bool) -> tuple[list, Any, Any]:
        """An edit_log entry's row steps and snapshots; a speaker merge is applied here and has neither."""
        steps = json.loads(steps_json)
        if isinstance(steps, dict) and "speakers" in steps:  # a speaker step (merge): models/jobs/speaker_steps.py
            speaker_steps.apply(c, job_id, steps, forward=forward)
            return [], None, None
        return job_state.parse(steps_json)

    def undo(self, job_id: int) -> bool:
        """Undo the latest edit still done; False when there is none."""
        with self.db.transaction() as c:
            r = c.execute("SELECT n, steps FROM edit_log WHERE job_id = ? AND undone = 0 ORDER BY n DESC LIMIT 1",
                          (job_id,)).fetchone()
            if r is None:
                return False
            rows, before_state, _after = self._step(c, job_id, r[1], forward=False)
            for pos, before, after in reversed(rows):
                _apply(c, job_id, pos, after, before)
            _restore(c, job_id, before_state)
            c.execute("UPDATE edit_log SET undone = 1 WHERE job_id = ? AND n = ?", (job_id, r[0]))
            return True

    def redo(self, job_id: int) -> bool:
        """Redo the earliest undone edit; False when there is none."""
        with self.db.transaction() as c:
            r = c.execute("SELECT n, steps FROM edit_log WHERE job_id = ? AND undone = 1 ORDER BY n LIMIT 1",
                          (job_id,)).fetchone()
            if r is None:
                return False
            rows, _before, after_state = self._step(c, job_id, r[1], forward=True)
            for pos, before, after in rows:
                _apply(c, job_id, pos, before, after)
            _restore(c, job_id, after_state)
            c.execute("UPDATE edit_log SET undone = 0 WHERE job_id = ? AND n = ?", (job_id, r[0]))
            return True


def log_job_step(c: Any, job_id: int, label: str, rows: list[list[Any]], before: job_state.Snapshot) -> None:
    """Inside the caller's transaction, after it changed speakers or settings itself (before: job_state.snapshot
    taken first): apply `rows` and record everything as one undo step (models/jobs/job_state.py)."""
    for pos, old, new in rows:
        _apply(c, job_id, pos, old, new)
    after = job_state.snapshot(c, job_id)
    _log(c, job_id, label, [], entry=job_state.entry(rows, before, after))


def edited_transcript(jobs: Any, job_id: int) -> Transcript:
    """The job's transcript with the user's edits (jobs: a models.jobs.store.JobStore)."""
    return transcript_of(jobs.get(job_id), EditStore(jobs.db).segments(job_id), jobs.speaker_names(job_id))


def sentence_rows(c: Any, job_id: int) -> list[Row]:
    """Every sentence row of a job in the form undo steps store (inside the caller's transaction)."""
    n = c.execute("SELECT COUNT(*) FROM sentences WHERE job_id = ?", (job_id,)).fetchone()[0]
    return _rows(c, job_id, 0, n) if n else []


def row_times(c: Any, job_id: int, row: Row, key: str) -> list[tuple[int, int]]:
    """A row's per-character times: key "char_ms" (its text) or "original_ms" (its recognised text)."""
    return _times(c, job_id, row, key)


# ------------------------------------------------------------------------------------------------ internals
def _rows(c: Any, job_id: int, pos: int, n: int) -> list[Row]:
    got = c.execute(f"SELECT {', '.join(_ROW_COLS)} FROM sentences WHERE job_id = ? AND pos >= ? AND pos < ? "
                    "ORDER BY pos", (job_id, pos, pos + n)).fetchall()
    if len(got) != n:
        raise IndexError(f"job {job_id} has no sentence {pos + len(got)}")
    return [{k: (json.loads(v) if k.endswith("_ms") and isinstance(v, str) else v) for k, v in zip(_ROW_COLS, r)}
            for r in got]


def _times(c: Any, job_id: int, row: Row, key: str) -> list[tuple[int, int]]:
    """The row's per-character times (char_ms or original_ms), from its segment when not stored."""
    if row[key] is not None:
        return [(int(a), int(b)) for a, b in row[key]]
    g = c.execute("SELECT start_ms, end_ms, text, tokens, token_ms FROM segments WHERE job_id = ? AND seq = ?",
                  (job_id, row["seq_first"])).fetchone()
    if g is None:
        return char_times(Segment(row["start_ms"], row["end_ms"], row["original"]))
    seg = Segment(g[0], g[1], g[2], tuple(json.loads(g[3])), tuple(tuple(t) for t in json.loads(g[4])))
    return char_times(seg)


def _restore(c: Any, job_id: int, snap: job_state.Snapshot | None) -> None:
    if snap is not None and not job_state.restore(c, job_id, snap):
        raise EditConflict("The transcript changed since this step (it may have been transcribed again); "
                           "it cannot be undone or redone.")


def _log(c: Any, job_id: int, label: str, steps: list[list[Any]], merge_key: str = "",
         entry: dict[str, Any] | None = None) -> None:
    """Apply the steps and record them as the newest undo step (dropping anything undone). entry: a job-wide
    step already applied (log_job_step), stored as it is."""
    for pos, before, after in steps:
        _apply(c, job_id, pos, before, after)
    c.execute("DELETE FROM edit_log WHERE job_id = ? AND undone = 1", (job_id,))
    last = c.execute("SELECT n, steps, merge_key, label FROM edit_log WHERE job_id = ? ORDER BY n DESC LIMIT 1",
                     (job_id,)).fetchone()
    if merge_key and last is not None and last[2] == merge_key and last[3] == label == "edit":
        old = json.loads(last[1])
        if len(old) == 1 and old[0][0] == steps[0][0]:  # same sentence: keep the first "before", take the new "after"
            old[0][2] = steps[0][2]
            c.execute("UPDATE edit_log SET steps = ?, at = ? WHERE job_id = ? AND n = ?",
                      (json.dumps(old, ensure_ascii=False), time.time(), job_id, last[0]))
            return
    n = 1 if last is None else last[0] + 1
    c.execute("INSERT INTO edit_log (job_id, n, label, steps, merge_key, at) VALUES (?, ?, ?, ?, ?, ?)",
              (job_id, n, label, json.dumps(entry if entry is not None else steps, ensure_ascii=False), merge_key,
               time.time()))


def _apply(c: Any, job_id: int, pos: int, before: list[Row], after: list[Row]) -> None:
    """Rows pos .. pos+len(before) become `after`; later sentences shift by the difference."""
    now = c.execute("SELECT text FROM sentences WHERE job_id = ? AND pos >= ? AND pos < ? ORDER BY pos",
                    (job_id, pos, pos + len(before))).fetchall()
    if [r[0] for r in now] != [r["text"] for r in before]:
        raise EditConflict("The transcript changed since this edit (it may have been transcribed again); "
                           "the edit cannot be undone or redone.")
    enc = [[json.dumps(r[k]) if k.endswith("_ms") and r[k] is not None else r[k] for k in _COLS] for r in after]
    if len(before) == len(after):
        for i, vals in enumerate(enc):
            c.execute(f"UPDATE sentences SET {', '.join(f'{k} = ?' for k in _COLS)} WHERE job_id = ? AND pos = ?",
                      (*vals, job_id, pos + i))
        return
    was = c.execute("SELECT speaker FROM sentences WHERE job_id = ? AND pos = ?", (job_id, pos)).fetchone()
    speakers = [r.get("speaker", was[0] if was else -1) for r in after]  # log entries from before speakers existed lack it
    c.execute("DELETE FROM sentences WHERE job_id = ? AND pos >= ? AND pos < ?", (job_id, pos, pos + len(before)))
    shift = len(after) - len(before)
    # Two passes through negative positions: UNIQUE (job_id, pos) is checked row by row.
    c.execute("UPDATE sentences SET pos = -(pos + ?) - 1 WHERE job_id = ? AND pos >= ?", (shift, job_id, pos + len(before)))
    c.execute("UPDATE sentences SET pos = -pos - 1 WHERE job_id = ? AND pos < 0", (job_id,))
    c.executemany(f"INSERT INTO sentences (job_id, pos, speaker, {', '.join(_COLS)}) "
                  f"VALUES (?, ?, ?, {', '.join('?' * len(_COLS))})",
                  [(job_id, pos + i, speakers[i], *vals) for i, vals in enumerate(enc)])
