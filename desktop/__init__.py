"""Tingxie desktop UI (PySide6): widgets, Qt item models, the worker thread, the recorder."""
# PySide6 6.12 leaks a reference per signal emit (see qtfix); patch before any desktop module emits.
from desktop.common import qtfix as _qtfix  # noqa: F401
