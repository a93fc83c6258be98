"""Pause and Resume with a fake PortAudio stream (issue 13 fix 3): a pause is not lost input."""
from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from models.capture.capture import Recorder
from tests.recorder.fake_stream import BLOCK, RATE


def test_pause_is_not_counted_as_lost_input(fake_stream, tmp_path, caplog):
    rec = Recorder()
    path = rec.start(None, tmp_path)
    stream = fake_stream[0]
    for _ in range(4):
        stream.feed(0.25)
    rec.pause()
    for _ in range(10):  # half a second paused
        stream.feed(0.5)
    rec.resume()
    for _ in range(4):
        stream.feed(0.25)
    rec.stop()
    data, rate = sf.read(str(path), dtype="float32")
    assert rate == RATE and len(data) == 8 * BLOCK  # the paused blocks are not in the file
    assert np.allclose(data, 0.25, atol=1e-3)
    assert rec.dropped_blocks == 0 and rec.lost_seconds == 0.0
    assert "input lost" not in caplog.text


def test_a_real_hole_after_resume_is_still_counted(fake_stream, tmp_path):
    rec = Recorder()
    rec.start(None, tmp_path)
    stream = fake_stream[0]
    stream.feed(0.25)
    rec.pause()
    stream.feed(0.5)
    rec.resume()
    stream.feed(0.25)
    stream.adc += 0.3  # 0.3 s that never reached the callback
    stream.feed(0.25)
    rec.stop()
    assert rec.dropped_blocks == 1 and rec.lost_seconds == pytest.approx(0.3, abs=0.01)
