"""Export a finished job through models.export.formats: where files go, which formats, SRT line length.

Failures raise models.core.errors.ExportError with a message to show; the job keeps its transcript either way.
Within one export batch, files whose names would collide (talk.mp3 and talk.wav, or two talk.mp3 from different
folders, exported into one folder) get the audio's full name as the stem instead: talk.srt, talk.wav.srt,
talk (2).wav.srt... so nothing written by the batch is overwritten by the batch.

Issue 14: with the job history (store) every format is written from models.jobs.edits.edited_transcript, so the
user's corrections are what gets exported; the JSON keeps each sentence's recognised text beside the edited one
(edits.with_originals: "original_text", "edited").
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


def unique_stem(audio_path: Path, out: Path, taken: set[tuple[str, str]]) -> str:
    """The audio stem, unless this batch already used it in `out`: then "<name>.<ext>", then "<stem> (2).<ext>"..."""
    p = Path(audio_path)
    candidates = [p.stem, p.name]
    candidates += [f"{p.stem} ({n}){p.suffix}" for n in range(2, 1000)]
    where = str(Path(out).absolute())
    for stem in candidates:
        if (where, stem) not in taken:
            taken.add((where, stem))
            return stem
    return p.name  # a thousand files of one name in one batch: give up renaming


def export_transcript(transcript: Any, audio_path: Path, settings: Settings, *, folder: Path | None = None,
                      formats: list[str] | None = None, stem: str | None = None,
                      originals: list[str] | None = None, minutes: Any = None) -> list[Path]:
    """Write <folder>/<stem or audio stem>.<fmt> for each format; returns the files written. Raises ExportError.
    originals: each segment's recognised text (the JSON keeps it beside the edited text); minutes: the job's
    summary (models.summary.minutes.Minutes), part of the Markdown and DOCX minutes."""
    from models.export import formats as exporters
    from models.core.errors import ExportError

    out = export_folder(settings, audio_path, folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Cannot create the export folder {out}: {exc.strerror or exc}") from exc
    fmts = formats or settings.export_formats()
    max_chars = max(4, int(settings.value(Key.SRT_MAX_CHARS)))
    stem = stem or Path(audio_path).stem
    try:
        written = []
        for fmt in fmts:
            if fmt == "json" and originals is not None:
                written.append(_write_json(transcript, originals, out / f"{stem}.json"))
            else:
                written += exporters.write_all(transcript, out, [fmt], stem=stem, minutes=minutes,
                                               max_chars=max_chars)
    except ExportError:
        raise
    except OSError as exc:  # exporters wraps these, but a crash here must never lose the transcript
        raise ExportError(f"Cannot write to {out}: {exc.strerror or exc}") from exc
    log.info("exported %s -> %s", audio_path, ", ".join(p.name for p in written))
    return written


def _write_json(transcript: Any, originals: list[str], path: Path) -> Path:
    """The JSON export with "original_text" and "edited" per sentence (same layout as models.export otherwise)."""
    import json

    from models.export import speakers as spk_hooks
    from models.export.atomic import atomic_write
    from models.export.formats import JSON_FORMAT, JSON_VERSION
    from models.jobs.edits import with_originals

    d = {"format": JSON_FORMAT, "version": JSON_VERSION,
         **spk_hooks.add_json_names(transcript, with_originals(transcript, originals))}
    atomic_write(path, (json.dumps(d, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path


def edited(job: Job, store: Any) -> tuple[Any, list[str] | None]:
    """The job's transcript with the user's corrections and each sentence's recognised text, from the job
    history; the queue row's own transcript (no originals) when the history does not have it."""
    from models.jobs.db import HistoryError
    from models.jobs.edits import EditStore, edited_transcript

    if store is None:
        return job.transcript, None
    try:
        sid = store.get(job.id).id
        return edited_transcript(store, sid), EditStore(store.db).originals(sid)
    except HistoryError as exc:
        log.info("exporting %s without edits: %s", job.path, exc)
        return job.transcript, None


def saved_minutes(job: Job, store: Any) -> Any:
    """The job's summary from the job history (None: none was made, or no history)."""
    from models.jobs.db import HistoryError
    from models.jobs.summaries import load_minutes

    if store is None:
        return None
    try:
        return load_minutes(store.db, store.get(job.id).id)
    except HistoryError as exc:
        log.info("exporting %s without a summary: %s", job.path, exc)
        return None


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "<file>: <message>" per job that could not be exported


def export_jobs(jobs: list[Job], settings: Settings, folder: Path | None = None, store: Any = None) -> ExportResult:
    """Export each finished job; a failure is recorded on the job (export_error) and never raised.
    store: the JobStore: export the user's corrections (without it, the recognised text)."""
    from models.core.errors import ExportError

    result = ExportResult()
    taken: set[tuple[str, str]] = set()  # (folder, stem) written by this batch
    for job in jobs:
        if job.transcript is None or job.status is not JobStatus.DONE:
            continue
        try:
            stem = unique_stem(job.path, export_folder(settings, job.path, folder), taken)
            transcript, originals = edited(job, store)
            paths = export_transcript(transcript, job.path, settings, folder=folder, stem=stem, originals=originals,
                                      minutes=saved_minutes(job, store))
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
