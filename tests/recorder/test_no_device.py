"""No input device at all: a message, never a crash (issue 5)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import sounddevice as sd

from models.capture.capture import Recorder, RecorderError
from models.capture.devices import list_input_devices
from desktop.recorder.panel import RecorderPanel
from tests.recorder.conftest import ROOT


@pytest.fixture
def no_devices(monkeypatch):
    """What PortAudio reports on a machine without a sound card (measured: [] and 'Error querying device -1')."""

    def query_devices(device=None, kind=None):
        if device is None and kind is None:
            return sd.DeviceList([])
        raise sd.PortAudioError("Error querying device -1")

    monkeypatch.setattr(sd, "query_devices", query_devices)


def test_recorder_says_no_microphone(no_devices, tmp_path):
    assert list_input_devices() == []
    rec = Recorder()
    with pytest.raises(RecorderError, match="No microphone found"):
        rec.start(None, tmp_path)
    assert not list(tmp_path.iterdir())  # nothing left behind


def test_listing_failure_is_a_message(monkeypatch):
    def broken(*a, **k):
        raise sd.PortAudioError("Internal PortAudio error")

    monkeypatch.setattr(sd, "query_devices", broken)
    with pytest.raises(RecorderError, match="Cannot list the audio input devices"):
        list_input_devices()


def test_open_failure_is_a_message(monkeypatch, tmp_path):
    monkeypatch.setattr(sd, "query_devices", lambda *a, **k: {
        "name": "Broken mic", "default_samplerate": 48000.0, "max_input_channels": 2, "hostapi": 0})

    def refuse(*a, **k):
        raise sd.PortAudioError("Device unavailable")

    monkeypatch.setattr(sd, "InputStream", refuse)
    with pytest.raises(RecorderError, match="Cannot open the microphone Broken mic: Device unavailable"):
        Recorder().start(None, tmp_path)


def test_panel_shows_the_message(no_devices, qtbot, panel_settings):
    panel = RecorderPanel(panel_settings)
    qtbot.addWidget(panel)
    with qtbot.assertNotEmitted(panel.recording_finished), qtbot.assertNotEmitted(panel.recording_started):
        panel.record_button.click()
    assert "No microphone found" in panel.message_label.text()
    assert panel.record_button.isEnabled() and not panel.stop_button.isEnabled()
    assert not panel.is_recording


def test_real_portaudio_without_a_sound_server():
    """PortAudio itself, with PulseAudio unreachable: on a machine without sound cards it lists nothing."""
    code = ("import json; from models.capture.capture import Recorder, RecorderError\n"
            "from models.capture.devices import list_input_devices\n"
            "devs = list_input_devices()\n"
            "try:\n    Recorder().start(None, '/nonexistent-never-created')\n    msg = None\n"
            "except RecorderError as e:\n    msg = str(e)\n"
            "print(json.dumps({'devices': devs, 'message': msg}))")
    env = {**os.environ, "PULSE_SERVER": "unix:/nonexistent/pulse", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["devices"]:
        pytest.skip(f"this machine has real input devices: {result['devices']}")
    assert result["message"].startswith("No microphone found")
