"""Regression: torch in the worker QThread across slot calls.

PySide6 6.12 gives each queued slot a fresh Python thread state; torch 2.11 then deadlocked when transcribe()
(second slot) touched tensors made in load() (first slot). The worker pins one thread state (desktop/common/qtfix.py).
Runs in a subprocess: a regression would hang, and a hung test process would take the whole session with it.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import os, sys, threading
    sys.path.insert(0, sys.argv[1])
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication, QTimer
    from desktop.queue.model import QueueModel
    from desktop.queue.runner import QueueRunner
    from desktop.settings.store import Settings
    from models.asr.loading import RuntimeInfo
    from models.core.transcript import Transcript

    class TorchEngine:
        def __init__(self, spec):
            self.loaded = False
        def load(self, on_status=None):
            import torch
            self.parts = [torch.ones(16) for _ in range(4)]
            self.linear = torch.nn.Linear(16, 16)
            self.loaded = True
            return RuntimeInfo("cpu", "cpu", "fp32", 1)
        def transcribe(self, path, on_segment=None, on_progress=None, cancel=None, start_ms=0, text=None):
            import torch
            x = torch.cat(self.parts)            # tensors from the other slot call
            self.linear(x.view(4, 16)).sum().item()
            return Transcript(source=str(path), duration_ms=0)
        def close(self):
            pass

    app = QCoreApplication([])
    model = QueueModel()
    runner = QueueRunner(model, Settings(sys.argv[2]), TorchEngine)
    runner.engine_ready.connect(lambda info: runner.start())   # load in one slot call, transcribe in the next
    runner.queue_stopped.connect(lambda why: (print("stopped", why, [j.status.value for j in model.jobs]), app.quit()))
    model.add_paths([sys.argv[3]])
    runner.load_engine()
    QTimer.singleShot(60000, lambda: (print("timeout"), app.quit()))
    app.exec()
    runner.shutdown()
""")


def test_torch_tensors_survive_between_worker_slots(tmp_path, make_wav):
    wav = make_wav("a.wav", 1.0)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(REPO), str(tmp_path / "s.ini"), str(wav)],
                          capture_output=True, text=True, timeout=90, cwd=REPO)
    assert "stopped done ['done']" in proc.stdout, proc.stdout + proc.stderr[-2000:]
