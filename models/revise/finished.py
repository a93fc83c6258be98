"""Is a file already transcribed, with other speaker settings only? Then speakers are added, not transcribed again.

    job = done_without_speakers(jobs, engine, path, text_options, speakers)   # the CLI, before JobRunner.run
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from models.jobs.identity import FileIdentity, engine_part, engine_settings, settings_key, without_speakers
from models.speakers.options import SpeakerOptions
from models.text.pipeline import TextOptions, TextSteps


def done_without_speakers(jobs: Any, engine: Any, path: str | Path, text: TextOptions | None,
                          speakers: SpeakerOptions) -> Any:
    """The newest finished job of this file whose settings differ from this run's in the speakers alone (a Job of
    models.jobs.store), or None: no such job, or one with exactly these settings exists (JobRunner replays it)."""
    steps = TextSteps(text) if text is not None else None
    wanted = engine_settings(engine, steps, speakers)
    ident = FileIdentity.of(path)
    rows = jobs.db.query("SELECT id, settings_key FROM jobs WHERE path = ? AND size = ? AND mtime_ns = ? AND "
                         "head_sha256 = ? AND state = 'done' AND settings_key IS NOT NULL ORDER BY id DESC",
                         (os.fsencode(ident.path), ident.size, ident.mtime_ns, ident.head_sha256))
    key = settings_key(wanted)
    if any(r[1] == key for r in rows):
        return None
    base = without_speakers(wanted)
    for r in rows:
        job = jobs.get(int(r[0]))
        if without_speakers(engine_part(job.settings)) == base:
            return job
    return None
