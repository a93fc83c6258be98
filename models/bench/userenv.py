"""The environment a user's own script would run in: without what `import models` added to it.

Importing `models` sets OMP_WAIT_POLICY=PASSIVE (models/__init__.py) for the app's sake, and every benchmark
worker imports `models`, as does the `main.py bench` process whose environment the workers inherit. The seed
recipe and FunASR's runtime are measured as a user runs them, so their processes drop what Tingxie set and keep
what the user set. Measured on a 3-minute file, 2 threads: seed recipe INT8 5.2 s with libgomp's default waiting,
8.0 s with passive waiting.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from models import OMP_MARK


def user_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """`environ` less the variables Tingxie set itself (a variable the user set is kept)."""
    env = dict(environ)
    mark = env.pop(OMP_MARK, None)
    if mark is not None and env.get("OMP_WAIT_POLICY") == mark:
        del env["OMP_WAIT_POLICY"]
    return env


def restore_user_environ() -> None:
    """Make this process's environment the user's; before torch loads libgomp, which reads OMP_WAIT_POLICY once."""
    if "torch" in sys.modules or _openmp_loaded():
        raise RuntimeError("an OpenMP runtime is already loaded: it has read OMP_WAIT_POLICY")
    env = user_environ(os.environ)
    for key in [k for k in os.environ if k not in env]:
        del os.environ[key]


def _openmp_loaded() -> bool:
    """libgomp already mapped into this process (torch's, or scikit-learn's vendored copy)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            return "libgomp" in f.read()
    except OSError:  # no /proc: torch in sys.modules is the check left
        return False
