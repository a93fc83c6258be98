"""RecorderPanel: buttons, elapsed time, level meter, warnings, recovery offer (issue 5)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import soundfile as sf

from models.capture.capture import RecorderStatus, State
from desktop.recorder.panel import SILENCE_WARN_S, RecorderPanel
from tests.recorder.helpers import crashed_recording as _crashed
from tests.recorder.helpers import pcm_tone as _pcm


class FakeRecorder:
    """Stands in for Recorder: the test sets `st` fields, the panel polls them."""

    def __init__(self) -> None:
        self.device_name = "Fake mic"
        self.elapsed = 0.0
        self.st = RecorderStatus(State.IDLE, None, 0.0, 0.0, 0.0, 0.0, False, 0, None)
        self.stopped = 0
        self.polls = 0  # status() calls: the panel's timer ticks (tests wait for ticks, not for time)

    @property
    def state(self) -> State:
        return self.st.state

    def start(self, device, folder) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "fake.wav"
        self.st = replace(self.st, state=State.RECORDING, path=path)
        return path

    def pause(self) -> None:
        self.st = replace(self.st, state=State.PAUSED)

    def resume(self) -> None:
        self.st = replace(self.st, state=State.RECORDING)

    def stop(self) -> Path:
        self.stopped += 1
        self.st = replace(self.st, state=State.IDLE)
        return self.st.path

    def status(self) -> RecorderStatus:
        self.polls += 1
        return self.st


@pytest.fixture
def fake_panel(qtbot, panel_settings):
    panel = RecorderPanel(panel_settings, recorder_factory=FakeRecorder)
    qtbot.addWidget(panel)
    panel.record_button.click()
    assert panel.is_recording
    return panel


def test_silence_and_clipping_warnings(fake_panel, qtbot):
    rec = fake_panel.recorder
    rec.st = replace(rec.st, elapsed_s=30.0, silent_s=SILENCE_WARN_S - 1)
    polls = rec.polls
    qtbot.waitUntil(lambda: rec.polls >= polls + 2)  # the panel has seen this status
    assert fake_panel.warning_label.isHidden()
    rec.st = replace(rec.st, silent_s=SILENCE_WARN_S + 2)
    qtbot.waitUntil(lambda: "No sound" in fake_panel.warning_label.text())
    assert not fake_panel.warning_label.isHidden()
    rec.st = replace(rec.st, silent_s=0.0, clipping=True, peak=1.0, rms=0.7)
    qtbot.waitUntil(lambda: "clipping" in fake_panel.warning_label.text())
    assert fake_panel.meter.hold_db == 0.0
    assert fake_panel.elapsed_label.text() == "0:00:30"
    rec.st = replace(rec.st, clipping=False, rms=0.05, peak=0.1)
    qtbot.waitUntil(lambda: fake_panel.warning_label.text() == "")


def test_pause_button_toggles(fake_panel):
    fake_panel.pause_button.click()
    assert fake_panel.recorder.state is State.PAUSED and fake_panel.pause_button.text() == "Resume"
    fake_panel.pause_button.click()
    assert fake_panel.recorder.state is State.RECORDING and fake_panel.pause_button.text() == "Pause"


def test_writer_error_stops_and_keeps_the_file(fake_panel, qtbot):
    rec = fake_panel.recorder
    with qtbot.waitSignal(fake_panel.recording_finished, timeout=2000) as blocker:
        rec.st = replace(rec.st, error="Writing the recording failed: No space left on device")
    assert blocker.args == [str(rec.st.path)]
    assert rec.stopped == 1 and not fake_panel.is_recording
    assert "No space left" in fake_panel.message_label.text()


def test_unfinished_recordings_are_repaired_and_offered(qtbot, panel_settings):
    folder = Path(panel_settings.values["recorder/folder"])
    crashed = _crashed(folder, "2026-01-01_09-00-00", _pcm(1.5))
    empty = _crashed(folder, "2026-01-01_09-30-00", b"")
    panel = RecorderPanel(panel_settings)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.unfinished_found, timeout=1000) as found:
        assert panel.check_unfinished() == [str(crashed)]
    assert found.args == [[str(crashed)]]
    assert sf.info(str(crashed)).duration == pytest.approx(1.5, abs=0.01)
    assert empty.exists() and not list(folder.glob(".*.recording"))  # repaired too, but not offered
    assert not panel.recovered_frame.isHidden() and "0:00:01" in panel.recovered_label.text()
    with qtbot.waitSignal(panel.recording_finished, timeout=1000) as added:
        panel.recover_add_button.click()
    assert added.args == [str(crashed)] and panel.recovered_frame.isHidden()
    assert panel.check_unfinished() == []


@pytest.mark.mic
def test_record_from_the_virtual_mic(qtbot, vmic, speech_clip, panel_settings):
    panel_settings.values["recorder/device"] = vmic.device or ""
    panel = RecorderPanel(panel_settings)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.recording_started, timeout=3000):
        panel.record_button.click()
    assert not panel.record_button.isEnabled() and panel.stop_button.isEnabled()
    qtbot.waitUntil(lambda: panel.recorder.elapsed > 0.05, timeout=3000)
    player = vmic.play(speech_clip)
    try:
        qtbot.waitUntil(lambda: panel.meter.hold_db > -40, timeout=3000)  # the meter moves with speech
        qtbot.waitUntil(lambda: panel.elapsed_label.text() == "0:00:01", timeout=3000)
    finally:
        player.kill()
        player.wait()
    with qtbot.waitSignal(panel.recording_finished, timeout=3000) as done:
        panel.stop_button.click()
    path = Path(done.args[0])
    assert path.parent == Path(panel_settings.values["recorder/folder"])
    assert sf.info(str(path)).duration >= 1.0
    assert panel.record_button.isEnabled() and not panel.is_recording
    assert path.name in panel.message_label.text()


def test_missing_saved_device_falls_back_to_default(qtbot, panel_settings, monkeypatch):
    from models.capture import devices

    monkeypatch.setattr(devices, "list_input_devices", lambda refresh=False: [devices.InputDevice(0, "Other")])
    panel_settings.values["recorder/device"] = "USB Mic"
    panel = RecorderPanel(panel_settings, recorder_factory=FakeRecorder)
    qtbot.addWidget(panel)
    panel.record_button.click()
    assert "“USB Mic” not found" in panel.message_label.text()
    panel.stop_button.click()


@pytest.mark.mic
def test_sound_server_dying_mid_recording_keeps_the_file(qtbot, vmic, panel_settings, tmp_path, monkeypatch):
    """The microphone vanishes (here: its PulseAudio daemon is killed): a message, the audio so far is kept."""
    import os
    import signal
    import subprocess

    from tests.recorder.conftest import VMIC

    run = tmp_path / "run2"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))  # a second daemon; the ALSA pulse plugin connects at open
    subprocess.run(["bash", str(VMIC), "start"], check=True, stdout=subprocess.DEVNULL, timeout=30)
    try:
        panel_settings.values["recorder/device"] = vmic.device or ""
        panel = RecorderPanel(panel_settings)
        qtbot.addWidget(panel)
        panel.record_button.click()
        qtbot.waitUntil(lambda: panel.recorder.elapsed > 0.3, timeout=5000)
        os.kill(int((run / "pulse" / "pid").read_text()), signal.SIGKILL)
        with qtbot.waitSignal(panel.recording_finished, timeout=5000) as done:
            pass
    finally:
        subprocess.run(["bash", str(VMIC), "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    assert "stopped delivering audio" in panel.message_label.text()
    assert not panel.is_recording and panel.record_button.isEnabled()
    assert sf.info(done.args[0]).duration >= 0.3
