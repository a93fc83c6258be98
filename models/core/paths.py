"""Every user folder Tingxie touches, from platformdirs (XDG_* variables isolate a run)."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "Tingxie"


def _dir(p: str) -> Path:
    path = Path(p)
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """Job history database, recordings (default)."""
    return _dir(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    return _dir(platformdirs.user_config_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """Derived data that can be rebuilt: cached INT8 weights, decoded audio scratch files."""
    return _dir(platformdirs.user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    return _dir(platformdirs.user_log_dir(APP, appauthor=False))


def recordings_dir() -> Path:
    return _dir(str(data_dir() / "recordings"))


def modelscope_cache() -> Path:
    """The ModelScope hub cache root, the same one modelscope and funasr use (MODELSCOPE_CACHE or ~/.cache/modelscope/hub)."""
    env = os.environ.get("MODELSCOPE_CACHE")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "modelscope" / "hub"


def voices_dir() -> Path:
    """The voice library (biometric data: local only, never in an export) and the per-job match records."""
    return _dir(str(data_dir() / "voices"))
