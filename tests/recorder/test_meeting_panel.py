"""The recorder panel's source choice: Microphone / System audio / Both, remembered, a meter per source while both
are recorded, and a message that says why when the system audio cannot be recorded."""
from __future__ import annotations

import time

import pytest
import soundfile as sf

from desktop.recorder.panel import RecorderPanel
from models.capture import capture as capture_mod
from models.capture.files import RecorderError
from tests.recorder.helpers import DictSettings

pytestmark = pytest.mark.mic


class SavingSettings(DictSettings):
    def set_value(self, key, value) -> None:
        self.values[str(key)] = value


@pytest.fixture
def settings(tmp_path) -> SavingSettings:
    return SavingSettings(recorder__device="", recorder__folder=str(tmp_path / "recordings"))


def test_the_choice_is_remembered(qtbot, settings):
    panel = RecorderPanel(settings)
    qtbot.addWidget(panel)
    assert panel.sources.source() == "mic"
    panel.sources.combo.setCurrentIndex(panel.sources.combo.findData("both"))
    assert settings.value("recorder/source") == "both"
    again = RecorderPanel(settings)
    qtbot.addWidget(again)
    assert again.sources.source() == "both"


def test_both_records_two_channels_with_a_meter_each(qtbot, settings, speakers, vmic, speech_clip):
    settings.values["recorder/device"] = vmic.device or ""
    settings.values["recorder/source"] = "both"
    panel = RecorderPanel(settings)
    qtbot.addWidget(panel)
    finished = []
    panel.recording_finished.connect(finished.append)
    panel.record_button.click()
    assert panel.is_recording, panel.message_label.text()
    assert panel.sources.system_meter.isVisibleTo(panel) and not panel.sources.combo.isEnabled()
    assert "speakers.monitor" in panel.message_label.text()
    player = speakers.play(speech_clip)
    loudest = -100.0
    while player.poll() is None:
        qtbot.wait(50)
        loudest = max(loudest, panel.sources.system_meter.peak_db)
    assert loudest > -30.0  # the system audio's meter moved ...
    assert panel.sources.mic_meter.hold_db < -50.0  # ... the microphone's did not (nobody spoke into it)
    time.sleep(0.2)
    panel.stop_button.click()
    assert finished and sf.info(finished[0]).channels == 2
    assert panel.sources.combo.isEnabled() and not panel.sources.system_meter.isVisibleTo(panel)


def test_system_audio_unavailable_says_why(qtbot, settings, monkeypatch):
    def nowhere():
        raise RecorderError("The sound server offers no monitor of the speakers, so the system audio cannot be "
                            "recorded.")

    monkeypatch.setattr(capture_mod, "find_system_input", nowhere)
    settings.values["recorder/source"] = "system"
    panel = RecorderPanel(settings)
    qtbot.addWidget(panel)
    panel.record_button.click()
    assert not panel.is_recording
    assert "no monitor of the speakers" in panel.message_label.text()
    assert panel.record_button.isEnabled()
