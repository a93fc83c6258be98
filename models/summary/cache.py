"""Where finished chunk summaries are kept so a crash or Cancel never asks the model for them again.

A key names the request exactly (model, template text, the chunk's rendered text): an edited sentence changes
only its own chunk's key. The desktop keeps them in the job history (models/jobs/summaries.py); the CLI in a
sidecar JSON file next to the transcript, written atomically after every chunk.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Protocol

from models.core.atomic import atomic_write

log = logging.getLogger(__name__)


class ChunkCache(Protocol):
    def get(self, key: str) -> str | None: ...

    def put(self, key: str, text: str) -> None: ...


def request_key(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class MemoryCache:
    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.items.get(key)

    def put(self, key: str, text: str) -> None:
        self.items[key] = text


class SidecarCache:
    """A JSON file {key: text}; every put rewrites it atomically (a kill leaves the previous complete file)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.items: dict[str, str] = {str(k): str(v) for k, v in data.get("chunks", {}).items()}
        except FileNotFoundError:
            self.items = {}
        except (OSError, ValueError, AttributeError) as exc:
            log.warning("ignoring unreadable summary cache %s (%s)", self.path, exc)
            self.items = {}

    def get(self, key: str) -> str | None:
        return self.items.get(key)

    def put(self, key: str, text: str) -> None:
        self.items[key] = text
        data = {"format": "tingxie-summary-cache", "version": 1, "chunks": self.items}
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def discard(self) -> None:
        """Once the summary is written, the cache has served its purpose."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
