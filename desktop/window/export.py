"""Export a finished job through models.export.formats: where files go, which formats, SRT line length.

Failures raise models.core.errors.ExportError with a message to show; the job keeps its transcript either way.
Within one export batch, files whose names would collide (talk.mp3 and talk.wav, or two talk.mp3 from different
folders, exported into one folder) get the audio's full name as the stem instead: talk.srt, talk.wav.srt,
talk (2).wav.srt... so nothing written by the batch is overwritten by the batch.
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
                      formats: list[str] | None = None, stem: str | None = None) -> list[Path]:
    """Write <folder>/<stem or audio stem>.<fmt> for each format; returns the files written. Raises ExportError."""
    from models.export import formats as exporters
    from models.core.errors import ExportError

    out = export_folder(settings, audio_path, folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Cannot create the export folder {out}: {exc.strerror or exc}") from exc
    fmts = formats or settings.export_formats()
    max_chars = max(4, int(settings.value(Key.SRT_MAX_CHARS)))
    try:
        written = exporters.write_all(transcript, out, fmts, stem=stem or Path(audio_path).stem, max_chars=max_chars)
    except ExportError:
        raise
    except OSError as exc:  # exporters wraps these, but a crash here must never lose the transcript
        raise ExportError(f"Cannot write to {out}: {exc.strerror or exc}") from exc
    log.info("exported %s -> %s", audio_path, ", ".join(p.name for p in written))
    return written


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "<file>: <message>" per job that could not be exported


def export_jobs(jobs: list[Job], settings: Settings, folder: Path | None = None) -> ExportResult:
    """Export each finished job; a failure is recorded on the job (export_error) and never raised."""
    from models.core.errors import ExportError

    result = ExportResult()
    taken: set[tuple[str, str]] = set()  # (folder, stem) written by this batch
    for job in jobs:
        if job.transcript is None or job.status is not JobStatus.DONE:
            continue
        try:
            stem = unique_stem(job.path, export_folder(settings, job.path, folder), taken)
            paths = export_transcript(job.transcript, job.path, settings, folder=folder, stem=stem)
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
