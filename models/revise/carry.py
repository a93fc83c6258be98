"""A transcript made again (another model or precision) gets the user's corrections back, matched by time.

    report = carry_corrections(jobs, job_id)     # after the re-transcription finished
    report.carried                               # [(pos, text)] now in the new transcript (one undo step)
    report.left                                  # corrections with no clear new sentence: shown to the user

Before a job is transcribed again its corrections move to a job of their own (models/jobs/kept_edits.py). Each
corrected sentence goes to the new sentence that shares most of its time (intersection over union of the two
spans at least MIN_OVERLAP), unless another correction wants the same sentence or it was corrected already;
the rest are listed, with why, so the user can redo them by hand. Nothing is lost: the kept job stays in History.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from models.jobs.edits import EditStore, Sentence
from models.jobs.kept_edits import KEPT_NOTE

MIN_OVERLAP = 0.5
LABEL = "carry"  # the undo step's label (the editor names it)


@dataclass(frozen=True)
class Left:
    start_ms: int
    end_ms: int
    text: str  # the user's correction
    reason: str  # "no sentence at that time" | "several corrections for one sentence" | ...


@dataclass
class CarryReport:
    kept_job: int | None  # the job holding the corrections (None: there were none)
    carried: list[tuple[int, str]] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)


def kept_job_for(jobs: Any, job_id: int) -> int | None:
    """The newest job holding `job_id`'s corrections from before its latest re-transcription."""
    job = jobs.get(job_id)
    # keep_aside copies the job's row: same file and creation time, no settings key, KEPT_NOTE first
    rows = jobs.db.query("SELECT id, warnings FROM jobs WHERE path = ? AND created_at = ? AND id != ? "
                         "AND settings_key IS NULL ORDER BY id DESC", (os.fsencode(job.path), job.created_at, job.id))
    return next((int(r[0]) for r in rows if KEPT_NOTE in r[1]), None)


def _inter(a: Sentence, b: Sentence) -> int:
    return min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)


def _iou(a: Sentence, b: Sentence) -> float:
    union = max(a.end_ms, b.end_ms) - min(a.start_ms, b.start_ms)
    return max(0, _inter(a, b)) / union if union > 0 else float(a.start_ms == b.start_ms)


def match(corrections: list[Sentence], new: list[Sentence]) -> tuple[dict[int, Sentence], list[Left]]:
    """{new position: correction} and the corrections left over (pure: no database).

    Each correction claims the new sentence it overlaps most. A sentence claimed by several corrections (the user
    split one and corrected the pieces) takes none of them: any one would drop the others' words."""
    wanted: dict[int, list[Sentence]] = {}
    left: list[Left] = []
    for c in corrections:
        best = max(new, key=lambda s: (_inter(c, s), _iou(c, s)), default=None)
        if best is None or (_inter(c, best) <= 0 and _iou(c, best) < MIN_OVERLAP):
            left.append(Left(c.start_ms, c.end_ms, c.text, "no new sentence at that time"))
            continue
        wanted.setdefault(best.pos, []).append(c)
    chosen: dict[int, Sentence] = {}
    by_pos = {s.pos: s for s in new}
    for pos, cs in wanted.items():
        if len(cs) > 1:
            left += [Left(c.start_ms, c.end_ms, c.text, "the new transcript has one sentence for several corrections")
                     for c in cs]
        elif _iou(cs[0], by_pos[pos]) < MIN_OVERLAP:
            left.append(Left(cs[0].start_ms, cs[0].end_ms, cs[0].text, "the new sentences are cut differently there"))
        elif by_pos[pos].edited:
            left.append(Left(cs[0].start_ms, cs[0].end_ms, cs[0].text, "that sentence was corrected already"))
        else:
            chosen[pos] = cs[0]
    return chosen, sorted(left, key=lambda x: x.start_ms)


def carry_corrections(jobs: Any, job_id: int, kept: int | None = None) -> CarryReport:
    """Put the corrections kept from job_id's previous transcript into its new one (one undo step)."""
    kept = kept if kept is not None else kept_job_for(jobs, job_id)
    report = CarryReport(kept)
    if kept is None:
        return report
    edits = EditStore(jobs.db)
    corrections = [s for s in edits.sentences(kept) if s.edited]
    chosen, report.left = match(corrections, edits.sentences(job_id))
    changes = [(pos, c.text) for pos, c in sorted(chosen.items())]
    if changes:
        edits.replace_many(job_id, changes, label=LABEL)
    report.carried = changes
    return report
