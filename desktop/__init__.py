"""Tingxie desktop UI (PySide6): widgets, Qt item models, the worker thread, the recorder."""
