"""The PortAudio side of a recording: opening an input stream whose callback feeds an InputTap (trying the device's
own rate and channels first, then common ones), waiting at Stop for the audio captured up to that moment, and
stopping and closing the streams. The Recorder (models/capture/capture.py) decides when; this module knows how."""
from __future__ import annotations

import logging
from typing import Any

from models.capture.files import RecorderError
from models.capture.loopback import opening
from models.capture.tap import InputTap

log = logging.getLogger("tingxie.recorder")


def open_input(sd: Any, device: int | str | None, env: dict[str, str], what: str, *, block_s: float,
               ring_s: float, latency: float | str) -> tuple[Any, InputTap, str]:
    """An input stream (not started) on `device`, its tap and the device's name. `env` is set while opening (the
    system audio's PulseAudio source); `what` names the input in errors ("the microphone")."""
    try:
        info = sd.query_devices(device, "input")
    except Exception as e:  # PortAudioError "Error querying device -1", ValueError "No input device matching"
        raise RecorderError("No microphone found. Connect one, or check that the sound system "
                            f"(PulseAudio/PipeWire) is running. ({e})") from e
    name = str(info["name"])
    native = int(info["default_samplerate"] or 48000)
    chans = max(1, min(2, int(info["max_input_channels"])))
    tries = [(native, chans), (native, 1), (48000, chans), (44100, chans), (16000, 1)]
    last: Exception | None = None
    for rate, ch in dict.fromkeys(tries):
        tap = InputTap(rate, ch, block_s=block_s, ring_s=ring_s)
        try:
            with opening(env):
                stream = sd.InputStream(device=device, channels=ch, samplerate=rate, dtype="float32",
                                        blocksize=int(rate * block_s), latency=latency, callback=tap.callback)
        except Exception as e:
            last = e
            continue
        return stream, tap, name
    raise RecorderError(f"Cannot open {what} {name}: {last}")


def wait_for_tail(pairs: list[tuple[Any, InputTap]], block_s: float) -> None:
    """Mark the current stream time on each running stream's tap and wait until PortAudio has delivered the audio
    captured up to it (ADC timestamps), so nothing said before Stop is dropped."""
    waits = []
    for stream, tap in pairs:
        if stream.active:
            try:
                stop_at = stream.time
            except Exception:
                stop_at = 0.0
            if stop_at > 0:  # some host APIs report no timestamps: then simply stop
                tap.stop_at = stop_at
                waits.append((tap, 2 * (stream.latency + block_s) + 0.2))
    for tap, timeout in waits:
        tap.tail_in.wait(timeout=timeout)


def close_streams(streams: list[Any]) -> None:
    """Stop and close each stream; a failure is logged, never raised (the file still has to be finished)."""
    for s in streams:
        try:
            s.stop()
        except Exception as e:
            log.warning("stopping the input stream failed: %s", e)
        try:
            s.close()
        except Exception as e:
            log.warning("closing the input stream failed: %s", e)
