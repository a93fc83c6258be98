"""An online meeting (microphone + system audio on two channels) recorded in the window with live captions: the
final sentences reach the editor labelled 我 / 对方 while it records, the live lines say whose side spoke, and Stop
leaves the file's transcript (the real Recorder on two fake PortAudio streams, the real engine on tiny models)."""
from __future__ import annotations

import numpy as np

from desktop.queue.model import JobStatus
from desktop.settings.store import Key
from models.capture.loopback import SystemInput
from models.jobs.store import JobState, JobStore
from models.options import CHANNEL_LABELS
from tests.desktop.test_live_desktop import TIMEOUT_MS, _window, live_models  # noqa: F401 (fixture)
from tests.live.conftest import make_two_channel_meeting
from tests.recorder.fake_stream import BLOCK, RATE, fake_stream  # noqa: F401 (fixture)


def test_a_meeting_on_two_channels_is_labelled_while_it_records(qtbot, settings, tmp_path, live_models,  # noqa: F811
                                                                 monkeypatch, int8_cache_dir, fake_stream,  # noqa: F811
                                                                 speech_clips) -> None:
    from desktop.live.controller import Phase
    from models.capture import capture as capture_mod

    monkeypatch.setattr(capture_mod, "find_system_input", lambda: SystemInput(device=1, name="Fake monitor"))
    audio = make_two_channel_meeting(speech_clips, tmp_path / "src.wav", RATE)
    w = _window(qtbot, settings, tmp_path, JobStore(":memory:"), live_models, monkeypatch, int8_cache_dir)
    try:
        settings.set_value(Key.RECORDER_SOURCE, "both")
        w.recorder_panel.sources.combo.setCurrentIndex(w.recorder_panel.sources.combo.findData("both"))
        lines: list[list[tuple[str, bool]]] = []
        c = w.live.controller
        c.lines_changed.connect(lambda: lines.append(w.live.lines.texts()))
        w.recorder_panel.record_button.click()
        assert w.recorder_panel.is_recording, w.recorder_panel.message_label.text()
        mic, system = fake_stream
        qtbot.waitUntil(lambda: c.phase == Phase.LIVE, timeout=TIMEOUT_MS)
        for i in range(0, len(audio), BLOCK):
            mic.feed(np.ascontiguousarray(audio[i:i + BLOCK, 0]))
            system.feed(np.ascontiguousarray(audio[i:i + BLOCK, 1]))
            if i % (BLOCK * 10) == 0:
                qtbot.wait(50)  # about five times real time
        qtbot.waitUntil(lambda: bool(c.uid) and {s.channel for s in w.jobs.segments(c.uid)} == {0, 1},
                        timeout=TIMEOUT_MS)
        assert w.recorder_panel.is_recording  # labelled while still recording: in the history and the editor
        assert {s.speaker for s in w.jobs.segments(c.uid)} == {0, 1}
        assert w.jobs.speaker_names(c.uid) == {0: CHANNEL_LABELS[0], 1: CHANNEL_LABELS[1]}
        model = w.transcript.editor.model  # the editor names them as they come, not 说话人1 / 说话人2
        qtbot.waitUntil(lambda: {model.name(s.speaker) for s in model.rows} == set(CHANNEL_LABELS), timeout=TIMEOUT_MS)
        with qtbot.waitSignal(c.finished, timeout=TIMEOUT_MS) as done:
            w.recorder_panel.stop_button.click()
        path, uid, failure = done.args
        assert failure == ""
        job = w.jobs.get(uid)
        assert job.state is JobState.DONE and w.queue.job(uid).status is JobStatus.DONE
        assert w.jobs.speaker_names(uid) == {0: CHANNEL_LABELS[0], 1: CHANNEL_LABELS[1]}
        rows = [(s.start_ms, s.channel, s.text) for s in w.jobs.segments(uid)]
        shown = {t for snap in lines for t, final in snap if final and t}
        assert any(t.startswith(CHANNEL_LABELS[1] + "：") for t in shown)
        assert any(t.startswith(CHANNEL_LABELS[0] + "：") for t in shown)
        assert rows and len({ch for _a, ch, _t in rows}) == 2
        assert w.transcript.segment_count() == len(rows)
    finally:
        w.close()
