"""A queue row's own speaker choice, kept in its job's settings in the job history.

A row's choice is None (use Settings → Speakers) or a models.speakers.options.SpeakerOptions. It is stored under
CHOICE in the job's settings JSON, which the job runner rewrites when it claims the job (the settings it ran with);
the worker writes the choice back after the claim (desktop/queue/worker.py), so a row reloaded after a restart
keeps it. Rows saved before this existed have no CHOICE: they use the settings.
"""
from __future__ import annotations

import json
import logging
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QCoreApplication

from models.core.errors import TingxieError
from models.speakers.options import SpeakerOptions

log = logging.getLogger("tingxie.queue")

CHOICE = "queue_speakers"
translate = QCoreApplication.translate


def stored_choice(settings: dict | None) -> SpeakerOptions | None:
    """The row's choice from its job's settings; None when it has none (or it cannot be read)."""
    raw = (settings or {}).get(CHOICE)
    if not isinstance(raw, dict):
        return None
    try:
        return SpeakerOptions.from_dict(raw)
    except (TypeError, ValueError) as exc:
        log.warning("ignoring a stored speaker choice %r: %s", raw, exc)
        return None


def with_choice(settings: dict | None, choice: SpeakerOptions | None) -> dict:
    """`settings` with the choice set (or removed for None)."""
    out = {k: v for k, v in (settings or {}).items() if k != CHOICE}
    if choice is not None:
        out[CHOICE] = choice.to_dict()
    return out


def save_choice(jobs: Any, uid: str, choice: SpeakerOptions | None) -> None:
    """Write a row's choice into its job (jobs: models.jobs.store.JobStore). Logged, never raised: the choice
    still holds for this session."""
    try:
        job = jobs.get(uid)
        jobs.update(job.id, settings=json.dumps(with_choice(job.settings, choice)))
    except TingxieError as exc:
        log.warning("cannot save the speaker choice of job %s: %s", uid, exc)


def choice_text(choice: SpeakerOptions | None) -> str:
    """Short text for the queue's Speakers column: "Off", "Automatic", "3"."""
    if choice is None:
        return ""
    if choice.mode == "fixed":
        return translate("QueueModel", "%n speaker(s)", "", choice.n)
    if choice.mode == "auto":
        return translate("QueueModel", "Automatic")
    return translate("QueueModel", "Off")


def found_text(n: int) -> str:
    """The Speakers column of a finished file: how many speakers its transcript has ("Off" for none)."""
    return translate("QueueModel", "%n speaker(s)", "", n) if n > 0 else translate("QueueModel", "Off")


def count_found(jobs: Any, uid: str) -> int | None:
    """Speakers in a job's transcript as the user sees it now (jobs: models.jobs.store.JobStore); None when the
    job is not in the history."""
    try:
        return len(jobs.speaker_labels(jobs.get(uid).id))
    except TingxieError as exc:
        log.info("cannot count the speakers of job %s: %s", uid, exc)
        return None
