"""Export finished jobs through models.export.formats: where files go, which formats, SRT line length.

The job history is the one copy of a transcript: every format is written from models.jobs.edits.edited_transcript,
so the user's corrections are what gets exported, and the JSON keeps each sentence's recognised text beside the
edited one. File names follow models/export/names.py, as the CLI's do. Failures are recorded on the job
(export_error) with a message to show; the transcript stays in the history either way.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.queue.model import Job, JobStatus
from desktop.settings.store import Key, Settings

log = logging.getLogger("tingxie.export")


def export_folder(settings: Settings, audio_path: Path, override: Path | None = None) -> Path:
    """The chosen folder (override, else the settings' folder), or the folder next to the audio file."""
    if override is not None:
        return Path(override)
    chosen = settings.value(Key.EXPORT_FOLDER)
    return Path(chosen).expanduser() if chosen else Path(audio_path).parent


def export_job(job: Job, target: Path, settings: Settings, store: Any, formats: list[str] | None = None) -> list[Path]:
    """Write <target>.<fmt> for each format (None: those in Settings) from the job's transcript in the history
    (with the user's corrections); returns the files written. Raises ExportError."""
    from models.core.errors import ExportError
    from models.export import formats as exporters
    from models.jobs.db import HistoryError
    from models.jobs.edits import EditStore, edited_transcript

    try:
        sid = store.get(job.id).id
        transcript, originals = edited_transcript(store, sid), EditStore(store.db).originals(sid)
    except HistoryError as exc:
        raise ExportError(f"The transcript of {job.path.name} is not in the job history: {exc}") from exc
    out = target.parent
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Cannot create the export folder {out}: {exc.strerror or exc}") from exc
    max_chars = max(4, int(settings.value(Key.SRT_MAX_CHARS)))
    try:
        written = exporters.write_all(transcript, out, formats or settings.export_formats(), stem=target.name,
                                      originals=originals, minutes=saved_minutes(sid, store), max_chars=max_chars)
    except OSError as exc:  # exporters wraps these, but a crash here must never lose the transcript
        raise ExportError(f"Cannot write to {out}: {exc.strerror or exc}") from exc
    log.info("exported %s -> %s", job.path, ", ".join(p.name for p in written))
    return written


def saved_minutes(sid: int, store: Any) -> Any:
    """The job's summary from the job history (None: none was made), for the Markdown and DOCX minutes."""
    from models.jobs.db import HistoryError
    from models.jobs.summaries import load_minutes

    try:
        return load_minutes(store.db, sid)
    except HistoryError as exc:
        log.info("exporting job %s without a summary: %s", sid, exc)
        return None


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "<file>: <message>" per job that could not be exported


def export_jobs(jobs: list[Job], settings: Settings, folder: Path | None, store: Any,
                formats: list[str] | None = None) -> ExportResult:
    """Export each finished job; a failure is recorded on the job (export_error) and never raised.
    store: the JobStore that holds the transcripts; formats: None for those in Settings."""
    from models.core.errors import ExportError
    from models.export.names import export_targets

    result = ExportResult()
    done = [job for job in jobs if job.status is JobStatus.DONE]
    targets = export_targets([job.path for job in done], lambda p: export_folder(settings, p, folder))
    for job, target in zip(done, targets):
        try:
            paths = export_job(job, target, settings, store, formats)
        except ExportError as exc:
            job.export_error = str(exc)
        except Exception as exc:  # noqa: BLE001 - an export bug must never crash the app or lose the text
            log.exception("export crashed for %s", job.path)
            job.export_error = f"{type(exc).__name__}: {exc}"
        else:
            job.exported, job.export_error = paths, ""
            result.written.extend(paths)
            continue
        result.failed.append(f"{job.path.name}: {job.export_error}")
    return result
