"""Audio input devices through PortAudio (sounddevice, imported only when asked): list them, find one by name.
Qt-free, like the recorder."""
from __future__ import annotations

import logging
from typing import Any, NamedTuple

from models.capture.files import ACTIVE, RecorderError

log = logging.getLogger("tingxie.recorder")


class InputDevice(NamedTuple):
    index: int
    name: str


def portaudio() -> Any:
    """Import sounddevice lazily: it loads PortAudio, which may be missing (OSError)."""
    try:
        import sounddevice
    except OSError as e:
        raise RecorderError(f"The audio library PortAudio is not available ({e}). "
                            "Install it (Debian/Ubuntu: libportaudio2) to record.") from e
    return sounddevice


def list_input_devices(refresh: bool = False) -> list[InputDevice]:
    """Input devices as (PortAudio index, name); [] when there are none.

    refresh: rescan (PortAudio lists devices once, at import); ignored while a recording is running.
    Raises RecorderError when the audio system cannot be queried at all.
    """
    sd = portaudio()
    try:
        if refresh and not ACTIVE:
            sd._terminate()
            sd._initialize()
        devices = sd.query_devices()
        apis = sd.query_hostapis()
    except Exception as e:  # PortAudioError, or anything a broken driver throws while listing
        raise RecorderError(f"Cannot list the audio input devices: {e}") from e
    found = [(i, d) for i, d in enumerate(devices) if d.get("max_input_channels", 0) > 0]
    names = [d["name"] for _, d in found]
    out = []
    for i, d in found:
        name = d["name"]
        if names.count(name) > 1:  # Windows lists one microphone once per host API
            name = f"{name} ({apis[d['hostapi']]['name']})"
        out.append(InputDevice(i, name))
    return out


def resolve_device(name: str) -> int | None:
    """Settings keep a device by name (indexes change when devices come and go); "" or unknown -> None (default)."""
    if not name:
        return None
    for dev in list_input_devices():
        if dev.name == name:
            return dev.index
    log.warning("input device %r not found; using the default", name)
    return None
