"""End to end: `python main.py FILE` while Tingxie runs hands FILE to the running window and exits (issue 8).

Fails when desktop/app/app.py stops wiring in desktop.app.single_instance (it used to be skipped then)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.timeout(120)]


def test_second_launch_queues_its_file_in_the_first_window(tmp_path, isolated_user_dirs):
    from PySide6.QtCore import QDir

    from desktop.app.single_instance import server_name

    clip = tmp_path / "会议 录音.wav"
    clip.write_bytes(b"RIFF")  # any file: the running window decides what to make of it
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    log = Path(env["XDG_STATE_HOME"]) / "Tingxie" / "log" / "tingxie.log"
    first = subprocess.Popen([sys.executable, str(REPO / "main.py")], cwd=str(tmp_path), env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while "single instance: listening" not in (log.read_text(encoding="utf-8") if log.exists() else ""):
            assert first.poll() is None, "the first instance exited"
            assert time.monotonic() < deadline, "the first instance never listened"
            time.sleep(0.2)
        assert (Path(QDir.tempPath()) / server_name()).exists() or sys.platform == "win32"
        t0 = time.monotonic()
        second = subprocess.run([sys.executable, str(REPO / "main.py"), clip.name], cwd=str(tmp_path), env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - t0 < 30  # it handed over and left; it did not load a model
        deadline = time.monotonic() + 10
        while "received 1 file(s)" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")[-2000:]
            time.sleep(0.1)
        assert first.poll() is None  # still running, one window
    finally:
        first.terminate()
        first.wait(30)
