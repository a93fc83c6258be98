"""The system audio ("what you hear": the remote participants of an online meeting) as an input. Qt-free.

Which way, per system (compared for this choice; nothing here needs a package beyond sounddevice/PortAudio):
- Linux: PulseAudio and PipeWire (through pipewire-pulse) expose every output's monitor as a capture source,
  "<sink>.monitor". PortAudio's ALSA "pulse" device records the source named by PULSE_SOURCE, which libpulse reads
  when the stream is opened: so the recorder opens one stream with PULSE_SOURCE set to the default output's monitor
  and one without (the microphone). Both streams then have PortAudio's ADC timestamps, which the drift correction
  (models/capture/align.py) uses. The `soundcard` package also records monitors (and WASAPI loopback, and macOS
  through BlackHole) but gives no capture timestamps and would be a second audio stack next to PortAudio.
- Windows: PortAudio's own WASAPI loopback lists each output once more as an input named "... [Loopback]"
  (PortAudio since 2022; sounddevice's bundled DLL gets it with the next PortAudio release). Where such a device
  is listed it is used; PyAudioWPatch does the same through a PyAudio fork (Windows only, a second PortAudio).
- macOS has no loopback of its own: a virtual device such as BlackHole is needed; it is offered when present.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from models.capture.devices import list_input_devices
from models.capture.files import RecorderError

# Input devices that carry another device's output (Windows WASAPI loopback, macOS virtual devices).
LOOPBACK_NAMES = ("[loopback]", "blackhole", "soundflower", "loopback audio", "stereo mix", "立体声混音")
_ENV_LOCK = threading.Lock()


@dataclass(frozen=True)
class SystemInput:
    """How to open the system audio with PortAudio."""

    device: int | str | None  # PortAudio device (index or name)
    name: str  # for the user and the log
    env: dict[str, str] = field(default_factory=dict)  # environment while the stream opens (PULSE_SOURCE)


@contextmanager
def opening(env: dict[str, str]) -> Iterator[None]:
    """Set `env` while a stream opens (libpulse reads PULSE_SOURCE then), and put the old values back."""
    with _ENV_LOCK:
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            yield
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def _pactl(*args: str) -> str:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=5, check=True).stdout


def _pulse_monitor() -> SystemInput:
    if not shutil.which("pactl"):
        raise RecorderError("Recording the system audio needs PulseAudio or PipeWire's pulse server and its "
                            "command pactl. Install pulseaudio-utils (Debian/Ubuntu) and try again.")
    try:
        info = _pactl("info")
        sources = _pactl("list", "short", "sources")
    except (OSError, subprocess.SubprocessError) as e:
        raise RecorderError("Cannot reach the sound server (PulseAudio/PipeWire) to record the system audio. "
                            f"Is it running? ({e})") from e
    sink = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Default Sink:")),
                "")
    monitors = [line.split("\t")[1] for line in sources.splitlines() if "\t" in line
                and line.split("\t")[1].endswith(".monitor")]
    monitor = f"{sink}.monitor" if f"{sink}.monitor" in monitors else (monitors[0] if monitors else "")
    if not monitor:
        raise RecorderError("The sound server offers no monitor of the speakers, so the system audio cannot be "
                            "recorded. Choose an output device in the sound settings and try again.")
    names = [d.name for d in list_input_devices()]
    if "pulse" not in names:
        raise RecorderError("PortAudio cannot reach the sound server: install the ALSA pulse plugin "
                            "(libasound2-plugins on Debian/Ubuntu) to record the system audio.")
    return SystemInput("pulse", monitor, {"PULSE_SOURCE": monitor})


def _listed_loopback() -> SystemInput | None:
    for dev in list_input_devices():
        if any(word in dev.name.lower() for word in LOOPBACK_NAMES):
            return SystemInput(dev.index, dev.name)
    return None


def find_system_input(platform: str = sys.platform) -> SystemInput:
    """The system audio as an input, or RecorderError saying why it cannot be recorded and what to do."""
    if platform.startswith("linux"):
        return _pulse_monitor()
    found = _listed_loopback()
    if found is not None:
        return found
    if platform == "darwin":
        raise RecorderError("macOS cannot record what the computer plays by itself. Install a loopback device "
                            "such as BlackHole (free), send the meeting's sound to it (a Multi-Output Device in "
                            "Audio MIDI Setup keeps the speakers too), then choose System audio again.")
    raise RecorderError("No loopback input was found for the speakers, so the system audio cannot be recorded. "
                        "Update Tingxie (its audio library lists \"[Loopback]\" devices from PortAudio 19.8), or "
                        "enable \"Stereo Mix\" in the Windows sound settings.")


__all__ = ["SystemInput", "find_system_input", "opening"]
