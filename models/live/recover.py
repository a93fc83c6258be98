"""After a crash during a live recording: the recorder repairs the file (its header), and the live job, which
holds every final sentence committed before the crash, is bound to the repaired file. Transcribing that file then
resumes after the last committed sentence instead of starting over (models.jobs.runner: live_origin)."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from models.core.errors import AudioError
from models.jobs.identity import LIVE_HEAD, FileIdentity

log = logging.getLogger(__name__)


def bind_recovered(store: Any, path: str | Path) -> Any | None:
    """Bind the unfinished live job of this (repaired) recording to the file as it is now; the job, or None
    when the recording had no live transcript. Call after the file's header was repaired."""
    try:
        ident = FileIdentity.of(path)
    except AudioError as exc:
        log.warning("cannot bind the live transcript of %s: %s", path, exc)
        return None
    with store.db.transaction() as c:
        row = c.execute("SELECT id FROM jobs WHERE path = ? AND head_sha256 = ? AND state != 'done' "
                        "ORDER BY id DESC LIMIT 1", (os.fsencode(ident.path), LIVE_HEAD)).fetchone()
        if row is None:
            return None
        jid = int(row[0])
        c.execute("UPDATE jobs SET size = ?, mtime_ns = ?, head_sha256 = ?, owner = '', "
                  "state = CASE WHEN state = 'running' THEN 'interrupted' ELSE state END WHERE id = ?",
                  (ident.size, ident.mtime_ns, ident.head_sha256, jid))
    job = store.get(jid)
    log.info("recording %s: its live transcript (%d segments, to %.1f s) resumes from there", ident.path.name,
             job.vad_done, job.resume_ms / 1000)
    return job
