"""Logging to a rotating file in the user log dir; the app shows where (log_file())."""
from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from models.core import paths

_FMT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_NOISY = ("funasr", "modelscope", "jieba", "numba", "matplotlib", "urllib3", "PIL")


class _ConsoleFormatter(logging.Formatter):
    """'warning: ...' like the CLI's own 'error: ...' lines."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def log_file() -> Path:
    return paths.log_dir() / "tingxie.log"


def setup(level: int = logging.INFO, console: bool = False) -> Path:
    """Configure the root logger once: rotating file (5 x 2 MB), optional stderr. Returns the log file path."""
    root = logging.getLogger()
    path = log_file()
    if any(getattr(h, "_tingxie", False) for h in root.handlers):
        return path
    fh = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    fh.setFormatter(logging.Formatter(_FMT))
    fh._tingxie = True  # type: ignore[attr-defined]
    root.addHandler(fh)
    # A frozen windowed build has no stderr.
    if console and sys.stderr is not None:
        sh = logging.StreamHandler(sys.stderr)
        sh.setLevel(logging.WARNING)
        sh.setFormatter(_ConsoleFormatter())
        sh._tingxie = True  # type: ignore[attr-defined]
        root.addHandler(sh)
    root.setLevel(level)
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
    return path
