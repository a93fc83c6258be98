"""Endpoints the user allowed to receive transcripts although they are not on this computer (asked once each).

Stored as JSON in the config folder, shared by the CLI and the desktop app; written atomically."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from models.core import paths
from models.core.atomic import atomic_write
from models.summary.locality import endpoint_key, is_local

log = logging.getLogger(__name__)
FILE_NAME = "summary-endpoints.json"


def _file(folder: Path | None) -> Path:
    return (folder or paths.config_dir()) / FILE_NAME


def allowed(url: str, folder: Path | None = None) -> bool:
    """True when the endpoint is local, or the user already agreed to send transcripts there."""
    if is_local(url):
        return True
    return endpoint_key(url) in _read(_file(folder))


def allow(url: str, folder: Path | None = None) -> None:
    f = _file(folder)
    keys = _read(f)
    keys.add(endpoint_key(url))
    atomic_write(f, (json.dumps(sorted(keys), indent=1) + "\n").encode("utf-8"))


def _read(f: Path) -> set[str]:
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return set()
    except (OSError, ValueError) as exc:
        log.warning("cannot read %s (%s): every remote endpoint will be asked about again", f, exc)
        return set()
    return {str(k) for k in data} if isinstance(data, list) else set()


def warning_text(url: str) -> str:
    return (f"{url} is not on this computer: the transcript (with speaker names) will be sent over the network "
            "to that server to be summarised.")
