"""Recording on the virtual microphone while the machine is busy loses nothing.

Both cores spin (two subprocesses) and the tiny models transcribe a 10-minute file in a thread of this process (the
window's case: the queue's worker shares the recorder's process and its GIL). 30 s here; the 2- and 10-minute
figures come from tests/recorder/measure_load.py (docs/benchmarks.md, "Recorder under load").
"""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import numpy as np
import pytest
import soundfile as sf

from models.capture.capture import Recorder
from models.audio.gaps import gaps_path

pytestmark = pytest.mark.mic
SECONDS = 30.0


def test_busy_cpu_and_a_transcription_lose_no_block(vmic, speech_clip, tmp_path, tiny_engine, long_audio):
    long, _meta = long_audio
    clip, rate_src = sf.read(speech_clip, dtype="float32")
    loop = tmp_path / "loop.wav"
    sf.write(loop, np.tile(clip, int(SECONDS / (len(clip) / rate_src)) + 4), rate_src, subtype="PCM_16")
    stop = threading.Event()
    progress: list[float] = []

    def transcribe() -> None:
        while not stop.is_set():
            try:
                tiny_engine.transcribe(long, cancel=stop, on_progress=lambda p: progress.append(p.done_s))
            except Exception:  # noqa: BLE001 - Cancelled when the recording ends
                return

    worker = threading.Thread(target=transcribe, daemon=True)
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    rec = Recorder()
    player = None
    try:
        worker.start()
        path = rec.start(vmic.device, tmp_path / "rec")
        player = vmic.play(loop)
        t0 = time.monotonic()
        while time.monotonic() - t0 < SECONDS:
            assert rec.status().error is None
            time.sleep(0.2)
        t1 = time.monotonic()
        rec.stop()
    finally:
        stop.set()
        for p in spinners:
            p.kill()
            p.wait()
        if player is not None:
            player.kill()
            player.wait()
        worker.join(30)
    assert len(progress) > 10  # the transcription really ran alongside
    print(f"\n{rec.dropped_blocks} losses, {rec.lost_seconds:.3f} s lost in {t1 - t0:.1f} s; "
          f"transcribed {max(progress):.0f} s of audio meanwhile")
    assert rec.dropped_blocks == 0 and rec.lost_seconds == 0.0
    assert not gaps_path(path).exists()
    data, rate = sf.read(path, dtype="float32")
    assert abs(len(data) / rate - (t1 - t0)) <= 0.3
    seconds = data[: len(data) // rate * rate].reshape(-1, rate)
    assert (np.sqrt(np.mean(seconds[1:] ** 2, axis=1)) > 1e-4).all()  # the clips all along: no digital silence
