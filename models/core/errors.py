"""User-facing error types. Each message says what went wrong and what to do; the UI and CLI show it as is."""
from __future__ import annotations


class TingxieError(Exception):
    """An expected failure with a message meant for the user (no traceback needed)."""


class AudioError(TingxieError):
    """The input file cannot be read as audio (missing, empty, corrupt, unsupported)."""


class ModelError(TingxieError):
    """A model is missing, incomplete or broken."""

    def __init__(self, message: str, *, model_key: str | None = None, bad_file: str | None = None) -> None:
        super().__init__(message)
        self.model_key = model_key
        self.bad_file = bad_file


class ModelMissingError(ModelError):
    """The model is not in the cache; the user must download or import it."""


class DownloadError(ModelError):
    """Downloading failed (offline, server error); the message says how to import instead."""


class Cancelled(TingxieError):
    """The user cancelled the operation."""


class ExportError(TingxieError):
    """Writing an export file failed (read-only folder, disk full)."""
