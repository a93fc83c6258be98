"""Reload glossary files when they change on disk (mtime + size check); the GUI polls it from a timer (no Qt here).

    watcher = GlossaryWatcher(["~/.config/tingxie/glossary.txt", "/talks/glossary.txt"])
    if watcher.changed():            # cheap: one stat() per file
        glossary, errors = watcher.load()
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from models.text.glossary import Glossary, GlossaryError, load_all

_Stamp = tuple[int, int] | None  # (mtime_ns, size), None when missing


class GlossaryWatcher:
    def __init__(self, paths: Iterable[str | Path]) -> None:
        self.paths = [Path(os.path.expanduser(str(p))) for p in paths]
        self._stamps: list[_Stamp] | None = None  # None: never loaded, so the first changed() says True

    def _now(self) -> list[_Stamp]:
        out: list[_Stamp] = []
        for p in self.paths:
            try:
                st = p.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return out

    def changed(self) -> bool:
        """True when any file was created, removed or modified since the last load() (or before the first)."""
        return self._stamps != self._now()

    def load(self) -> tuple[Glossary, list[GlossaryError]]:
        """Load and merge the files that exist (global first); missing files are skipped silently."""
        stamps = self._now()
        glossary, errors = load_all(p for p, s in zip(self.paths, stamps) if s is not None)
        self._stamps = stamps
        return glossary, errors
