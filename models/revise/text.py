"""Glossary, numbers and script applied again to a finished transcript, without transcribing it again.

    p = plan(jobs, job_id, TextOptions(glossary_paths=("术语.txt",), itn=True, script="traditional"))
    p.changed        # uncorrected sentences whose text changes
    p.corrections    # sentences the user corrected that the steps would change (shown to the user first)
    apply(jobs, job_id, p, corrections=False)      # one undo step; True: the corrections change too

The steps run on what the recogniser said (segments.recognised, kept by the job history; for jobs saved before
it was kept, the stored text is the best there is). A sentence the user did not correct takes the new text; one
the user corrected keeps the user's text unless `corrections` says otherwise, and its recognised text (what
Revert goes back to) becomes the new one either way. The job's settings take the new text options, so they say
what the transcript holds; undo puts text and settings back.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from models.core.transcript import Segment
from models.jobs import job_state
from models.jobs.edits import EditConflict, log_job_step, row_times, sentence_rows
from models.jobs.identity import engine_part, settings_key
from models.text.align import map_span
from models.text.pipeline import TextOptions, TextSteps
from models.text.timing import char_times, with_text

LABEL = "text"  # the undo step's label (the editor names it)


@dataclass(frozen=True)
class Change:
    pos: int
    start_ms: int
    old: str  # the text the user sees now
    new: str  # the text after the steps


@dataclass
class TextPlan:
    """What apply() would do; computed without changing anything."""

    options: TextOptions
    changed: list[Change] = field(default_factory=list)  # uncorrected sentences
    corrections: list[Change] = field(default_factory=list)  # corrected sentences the steps would change
    errors: list[str] = field(default_factory=list)  # glossary files or lines that could not be used
    settings: dict[str, Any] = field(default_factory=dict)  # the job's settings afterwards
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)  # pos -> the row afterwards (user text kept)
    corrected_rows: dict[int, dict[str, Any]] = field(default_factory=dict)  # pos -> the row with the steps
    seen: dict[int, str] = field(default_factory=dict)  # pos -> the text when planned (an edit since: conflict)
    settings_key: str | None = None

    @property
    def empty(self) -> bool:
        return not self.rows and not self.corrected_rows


def recognised_segments(db: Any, job_id: int) -> tuple[list[Segment], list[Segment]]:
    """(what the recogniser said, what is stored after the text steps) per stored segment, in order."""
    raw, final = [], []
    for a, b, text, toks, tms, vad, rec in db.query(
            "SELECT start_ms, end_ms, text, tokens, token_ms, vad_index, recognised FROM segments WHERE job_id = ? "
            "ORDER BY seq", (job_id,)):
        seg = Segment(a, b, text, tuple(json.loads(toks)), tuple((int(x), int(y)) for x, y in json.loads(tms)), vad)
        final.append(seg)
        if rec:
            rt, rtoks, rtms = json.loads(rec)
            seg = Segment(a, b, rt, tuple(rtoks), tuple((int(x), int(y)) for x, y in rtms), vad)
        raw.append(seg)
    return raw, final


def plan(jobs: Any, job_id: int, options: TextOptions) -> TextPlan:
    """The text steps with `options` on job_id's recognised sentences (nothing is changed yet)."""
    steps = TextSteps(options)
    out = TextPlan(options, errors=list(steps.report.errors))
    raw, final = recognised_segments(jobs.db, job_id)
    new = steps(raw) if raw else []
    seqs = [r[0] for r in jobs.db.query("SELECT seq FROM segments WHERE job_id = ? ORDER BY seq", (job_id,))]
    by_seq = {q: (f, n) for q, f, n in zip(seqs, final, new)}
    settings = {k: v for k, v in jobs.get(job_id).settings.items() if k != "text"}
    if steps.active:
        settings["text"] = steps.settings()
    out.settings = settings
    with jobs.db.lock:
        c = jobs.db.conn
        rows = sentence_rows(c, job_id)
        offsets: dict[tuple[int, int], int] = {}  # split pieces of one segment: where the next piece starts
        for pos, row in enumerate(rows):  # positions are 0.. in order
            rng = (row["seq_first"], row["seq_last"])
            parts = [by_seq[q] for q in range(rng[0], rng[1] + 1) if q in by_seq]
            old_base = "".join(f.text for f, _n in parts)
            new_base = "".join(n.text for _f, n in parts)
            off = offsets.get(rng, 0)
            orig = row["original"]
            offsets[rng] = off + len(orig)
            if not parts or old_base[off:off + len(orig)] != orig:
                continue  # joined across split pieces: its recognised text cannot be told apart; left as it is
            a, b = (0, len(new_base)) if len(orig) == len(old_base) else map_span(old_base, new_base, off, off + len(orig))
            times = [t for _f, n in parts for t in char_times(n)][a:b]
            new_orig = new_base[a:b]
            if new_orig == orig and times == row_times(c, job_id, row, "original_ms"):
                continue
            after = dict(row, original=new_orig, original_ms=times)
            if row["text"] == orig:  # not corrected: the new text
                after.update(text=new_orig, char_ms=times)
                if new_orig != orig:
                    out.changed.append(Change(pos, row["start_ms"], orig, new_orig))
            out.rows[pos] = after
            out.seen[pos] = row["text"]
        for pos, row in enumerate(rows):
            if row["text"] == row["original"] or not row["text"]:
                continue
            cur = with_text(Segment(row["start_ms"], row["end_ms"], ""), row["text"],
                            row_times(c, job_id, row, "char_ms"))
            seg = steps([cur])[0]
            if seg.text != row["text"]:
                base = out.rows.get(pos, row)
                out.corrected_rows[pos] = dict(base, text=seg.text, char_ms=char_times(seg))
                out.corrections.append(Change(pos, row["start_ms"], row["text"], seg.text))
                out.seen[pos] = row["text"]
    out.settings_key = settings_key(engine_part(settings))
    return out


def apply(jobs: Any, job_id: int, p: TextPlan, corrections: bool | Sequence[int] = False) -> int:
    """Carry out a plan as one undo step; corrections: True (all), or the positions of the corrected sentences
    to change too. Returns the number of sentences whose text changed. Raises EditConflict when the transcript
    changed since the plan."""
    chosen = set(p.corrected_rows) if corrections is True else set(corrections or ())
    after = dict(p.rows)
    after.update({pos: r for pos, r in p.corrected_rows.items() if pos in chosen})
    with jobs.db.transaction() as c:
        before_state = job_state.snapshot(c, job_id)
        now = dict(enumerate(sentence_rows(c, job_id)))
        if any(pos not in now or now[pos]["text"] != p.seen[pos] for pos in after):
            raise EditConflict("The transcript changed since the list of changes was made; nothing was changed. "
                               "Try again.")
        steps = [[pos, [now[pos]], [_plain(after[pos])]] for pos in sorted(after)]
        c.execute("UPDATE jobs SET settings = ?, settings_key = ? WHERE id = ?",
                  (json.dumps(p.settings, ensure_ascii=False), p.settings_key, job_id))
        if steps:  # settings alone are no step the user could see undone
            log_job_step(c, job_id, LABEL, steps, before_state)
    return sum(1 for s in steps if s[1][0]["text"] != s[2][0]["text"])


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready times (lists of [start, end])."""
    return {k: ([list(t) for t in v] if k.endswith("_ms") and isinstance(v, list) else v) for k, v in row.items()}
