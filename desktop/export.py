"""Export a finished job through models.exporters: where files go, which formats, SRT line length.

Failures raise models.errors.ExportError with a message to show; the job keeps its transcript either way.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from desktop.settings import Key, Settings

log = logging.getLogger("tingxie.export")


def export_folder(settings: Settings, audio_path: Path, override: Path | None = None) -> Path:
    """The chosen folder (override, else the settings' folder), or the folder next to the audio file."""
    if override is not None:
        return Path(override)
    chosen = settings.value(Key.EXPORT_FOLDER)
    return Path(chosen).expanduser() if chosen else Path(audio_path).parent


def export_transcript(transcript: Any, audio_path: Path, settings: Settings, *, folder: Path | None = None,
                      formats: list[str] | None = None) -> list[Path]:
    """Write <folder>/<audio stem>.<fmt> for each format; returns the files written. Raises ExportError."""
    from models import exporters
    from models.errors import ExportError

    out = export_folder(settings, audio_path, folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Cannot create the export folder {out}: {exc.strerror or exc}") from exc
    fmts = formats or settings.export_formats()
    max_chars = max(4, int(settings.value(Key.SRT_MAX_CHARS)))
    try:
        written = exporters.write_all(transcript, out, fmts, stem=Path(audio_path).stem, max_chars=max_chars)
    except ExportError:
        raise
    except OSError as exc:  # exporters wraps these, but a crash here must never lose the transcript
        raise ExportError(f"Cannot write to {out}: {exc.strerror or exc}") from exc
    log.info("exported %s -> %s", audio_path, ", ".join(p.name for p in written))
    return written
