"""Fixtures for the desktop tests: fake engine, settings, small wav files.

User folders (XDG_*) and MODELSCOPE_CACHE are isolated per test by tests/conftest.py's autouse fixture."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Callable  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import soundfile as sf  # noqa: E402

import desktop.common.qtfix  # noqa: E402,F401  (PySide 6.12 emit() refcount bug)
from tests.desktop.fakes import FakeControl  # noqa: E402


@pytest.fixture
def settings(isolated_user_dirs: Path):
    from desktop.settings.store import Settings

    return Settings()


@pytest.fixture
def control() -> FakeControl:
    return FakeControl()


@pytest.fixture
def make_wav(tmp_path: Path) -> Callable[..., Path]:
    """make_wav("a.wav", seconds=3.0) -> a 16 kHz mono wav with a quiet tone."""

    def make(name: str, seconds: float = 3.0, folder: Path | None = None) -> Path:
        folder = folder or tmp_path / "audio"
        folder.mkdir(parents=True, exist_ok=True)
        t = np.arange(int(seconds * 16000)) / 16000
        path = folder / name
        sf.write(str(path), (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16000)
        return path

    return make


@pytest.fixture
def runner(qtbot, settings, control):
    from desktop.queue.model import QueueModel
    from desktop.queue.runner import QueueRunner

    model = QueueModel()
    r = QueueRunner(model, settings, control.factory())
    yield r
    assert r.shutdown(5000)
