"""The window driving the REAL models.asr.engine.Engine on the tiny fixture models and a real speech clip.

Random weights: assert structure (segments arrive live, times in order, exports parse), never words.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from desktop.queue.model import JobStatus
from desktop.settings.store import Key
from desktop.queue.worker import ModelState


@pytest.fixture
def real_window(qtbot, settings, tiny_models, monkeypatch):
    from desktop.window.main_window import MainWindow

    monkeypatch.setenv("MODELSCOPE_CACHE", str(tiny_models))
    settings.set_value(Key.AUTO_START, False)
    settings.set_value(Key.DEVICE, "cpu")
    settings.set_value(Key.THREADS, 1)  # the test machines have 2 shared cores
    w = MainWindow(settings)  # default factory: models.asr.engine.Engine, imported in the worker thread
    w.confirm_close = False
    qtbot.addWidget(w)
    yield w
    w.close()
    assert not w.runner._thread.isRunning()


@pytest.mark.slow
def test_real_engine_transcribes_speech_clip_live(qtbot, real_window, testdata, tmp_path):
    from subtitles import check_cues, parse_srt

    w = real_window
    qtbot.waitUntil(lambda: w.runner.model_state in (ModelState.READY, ModelState.ERROR, ModelState.MISSING),
                    timeout=120_000)
    assert w.runner.model_state == ModelState.READY, w.runner.model_message
    assert w.engine_status.runtime_label.text() == "CPU · INT8 (ONNX Runtime) · 1 thread"  # the default

    clip = tmp_path / "clip.wav"
    shutil.copy(testdata / "speech" / "funasr_asr_example_16k.wav", clip)
    w.add_paths([clip])
    live: list[object] = []
    w.runner.segment_added.connect(lambda _id, seg: live.append(seg))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    with qtbot.waitSignal(w.runner.queue_stopped, timeout=120_000) as stopped:
        w.start()
    timer.stop()
    assert stopped.args == ["done"]
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert gaps and max(gaps) < 1.0, f"GUI event loop stalled {max(gaps):.2f} s while the real engine ran"
    job = w.queue.jobs[0]
    assert job.status is JobStatus.DONE, job.error
    transcript = w.jobs.transcript(job.id)
    assert transcript.segments and live == transcript.segments
    assert job.runtime == "CPU · INT8 (ONNX Runtime) · 1 thread"
    assert w.transcript.segment_count() == len(live)
    assert w.transcript.plain_text() == transcript.text
    assert job.done_s == pytest.approx(job.duration_s) and job.duration_s == pytest.approx(5.547, abs=0.05)

    written = w.export_all_done(tmp_path / "out")
    assert {p.suffix for p in written} == {".txt", ".srt"}
    srt = Path(tmp_path / "out" / "clip.srt").read_text(encoding="utf-8")
    check_cues(parse_srt(srt), duration_ms=transcript.duration_ms)
