"""A forced loss of input is shown in the recorder panel at once, and marked in the recording's transcript."""
from __future__ import annotations

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

from desktop.recorder.panel import RecorderPanel
from models.asr.second_try import gap_text
from models.audio.gaps import read_gaps
from tests.recorder.fake_stream import BLOCK, RATE


def test_overflow_is_shown_in_the_panel_at_once_and_stays_after_stop(qtbot, fake_stream, panel_settings):
    from models.capture.capture import Recorder

    # 61 s are fed much faster than real time here: a ring that holds them all (a full ring is test_drops.py's)
    panel = RecorderPanel(panel_settings, recorder_factory=lambda: Recorder(ring_s=120))
    qtbot.addWidget(panel)
    panel.show()
    panel.record_button.click()
    stream = fake_stream[0]
    for _ in range(20 * 61):  # 1:01 of audio
        stream.feed(0.1)
    qtbot.wait(3 * 50)
    assert panel.drop_label.isHidden()
    stream.adc += 0.25
    stream.feed(0.1, overflow=True)
    qtbot.waitUntil(lambda: panel.drop_label.isVisible(), timeout=1000)  # while still recording
    qtbot.waitUntil(lambda: "0:01:01" in panel.drop_label.text(), timeout=1000)  # where, once written
    assert "0.25 s" in panel.drop_label.text()
    assert panel.is_recording
    stream.adc += 0.5
    stream.feed(0.1, overflow=True)
    qtbot.waitUntil(lambda: "2 gaps" in panel.drop_label.text(), timeout=2000)
    assert "0.75 s in all" in panel.drop_label.text()
    panel.stop_button.click()
    assert not panel.is_recording and panel.drop_label.isVisible()
    panel.record_button.click()  # a new recording starts clean
    assert panel.drop_label.isHidden()
    panel.stop_button.click()


def test_a_recordings_lost_span_is_marked_in_its_transcript(fake_stream, tmp_path, speech_clip, tiny_engine):
    from models.capture.capture import Recorder

    clip, rate = sf.read(speech_clip, dtype="float32")
    speech = resample_poly(clip, RATE // 16000, 1).astype("float32") if rate == 16000 else clip
    pause = np.zeros(RATE, dtype="float32")
    rec = Recorder()
    path = rec.start(None, tmp_path)
    stream = fake_stream[0]
    stream.feed_audio(np.concatenate([speech, pause]))
    blocks = -(-(len(speech) + RATE) // BLOCK)  # fed so far, the last one padded
    at_ms = blocks * BLOCK * 1000 // RATE
    stream.adc += 1.2  # 1.2 s lost, flagged by PortAudio
    stream.feed(0.0, overflow=True)
    stream.feed_audio(np.concatenate([pause, speech]))
    rec.stop()
    assert [(g.at_ms, g.lost_ms) for g in read_gaps(path)] == [(at_ms, 1200)]

    got = []
    transcript = tiny_engine.transcribe(path, on_segment=got.append)
    marker = gap_text(at_ms, at_ms + 1200, read_gaps(path)[0].describe())
    texts = [s.text for s in transcript.segments]
    assert texts.count(marker) == 1, texts
    assert [s.text for s in got] == texts  # also seen live (the job history saves what on_segment sees)
    starts = [s.start_ms for s in transcript.segments]
    assert starts == sorted(starts)
    i = texts.index(marker)
    assert 0 < i < len(texts) - 1  # speech before and after it
    assert transcript.segments[i].start_ms == at_ms and transcript.segments[i].end_ms == at_ms + 1200
    assert "1.20 s of audio lost while recording" in marker
