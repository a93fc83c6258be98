"""Logging to a rotating file in the user log dir; the app shows where (log_file()).

The CLI's stderr carries our own messages only: third-party libraries (ONNX Runtime's quantizer, funasr,
modelscope) and Python warnings go to the log file unless -v asks for them, and so does a child process's
(the ONNX export runs in one: child_config() / setup_child()).
"""
from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import Any

from models.core import paths

_FMT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_NOISY = ("funasr", "modelscope", "jieba", "numba", "matplotlib", "urllib3", "PIL")
OURS = ("models", "desktop", "tingxie")  # first parts of our loggers' names
_state = {"console": False, "verbose": False}


class _ConsoleFormatter(logging.Formatter):
    """'warning: ...' like the CLI's own 'error: ...' lines."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


class _OursOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.split(".")[0] in OURS


class _LogStream:
    """A stdout for a child process: what a library prints there goes to the log (funasr's ffmpeg notice)."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                self.logger.info(line)
        return len(text)

    def flush(self) -> None:
        pass


def log_file() -> Path:
    return paths.log_dir() / "tingxie.log"


def setup(level: int = logging.INFO, console: bool = False, verbose: bool = False) -> Path:
    """Configure the root logger once: rotating file (5 x 2 MB), optional stderr. Returns the log file path.

    console: our warnings on stderr; verbose: also our info and everyone else's warnings."""
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
        sh.setLevel(logging.INFO if verbose else logging.WARNING)
        if not verbose:
            sh.addFilter(_OursOnly())
        sh.setFormatter(_ConsoleFormatter())
        sh._tingxie = True  # type: ignore[attr-defined]
        root.addHandler(sh)
        logging.captureWarnings(True)  # Python warnings: to the log ("py.warnings"), on stderr only with -v
    root.setLevel(level)
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
    _state.update(console=console, verbose=verbose)
    return path


def child_config() -> dict[str, Any]:
    """What a child process needs to log as this one does (picklable; pass it to setup_child)."""
    return dict(_state)


def setup_child(config: dict[str, Any] | None) -> None:
    """Logging in a child process (spawned: it has none): as the parent's, and its stdout into the log unless
    the parent is verbose (a child prints nothing of ours)."""
    config = config or {}
    setup(console=bool(config.get("console")), verbose=bool(config.get("verbose")))
    if not config.get("verbose"):
        sys.stdout = _LogStream(logging.getLogger("stdout"))  # type: ignore[assignment]
