"""Recorder test fixtures: a PulseAudio virtual microphone (../shared/tools/virtual-mic.sh) and speech clips.

The daemon runs in a private XDG_RUNTIME_DIR, so a desktop session's own sound server is never touched.
Tests that need it are marked `mic` and skip when PulseAudio is not installed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("TINGXIE_SHARED") or ROOT.parent / "shared")
VMIC = SHARED / "tools" / "virtual-mic.sh"
TESTDATA = Path(os.environ.get("TINGXIE_TESTDATA") or SHARED / "testdata")
CLIP = "wenet_aishell_BAC009S0724W0121_16k.wav"  # 4.3 s of Mandarin speech


@dataclass
class VirtualMic:
    device: str | None  # PortAudio input device name that records vmic.monitor
    env: dict[str, str]  # environment for child processes

    def play(self, wav: Path, latency_ms: int = 100) -> subprocess.Popen:
        """'Speak into the microphone': play a file into the null sink (returns at once)."""
        return subprocess.Popen(["paplay", "--device=vmic", f"--latency-msec={latency_ms}", str(wav)],
                                env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _reinit_portaudio() -> None:
    import sounddevice as sd  # PortAudio scans devices once; rescan for the new (or gone) daemon
    sd._terminate()
    sd._initialize()


def _warm_up(device: str | None, timeout: float = 10.0) -> None:
    """Wait until a capture stream gets data: a fresh daemon's null sink can take ~2 s to start clocking."""
    import threading

    import sounddevice as sd

    got = threading.Event()
    with sd.InputStream(device=device, channels=1, callback=lambda *a: got.set()):
        if not got.wait(timeout):
            pytest.fail("the virtual microphone delivers no audio")


@pytest.fixture(scope="session")
def vmic(tmp_path_factory) -> VirtualMic:
    missing = [t for t in ("pulseaudio", "pactl", "pacat", "paplay") if not shutil.which(t)]
    if missing or not VMIC.exists():
        pytest.skip(f"virtual microphone unavailable: missing {missing or VMIC}")
    runtime = tmp_path_factory.mktemp("vmic")
    saved = {k: os.environ.get(k) for k in ("XDG_RUNTIME_DIR", "PULSE_SERVER")}
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    os.environ.pop("PULSE_SERVER", None)
    log = runtime / "start.log"
    with open(log, "w") as out:  # a file, not a pipe: the keepalive pacat would hold a pipe open
        rc = subprocess.run(["bash", str(VMIC), "start"], stdout=out, stderr=subprocess.STDOUT, timeout=30).returncode
    if rc != 0:
        pytest.fail(f"virtual-mic.sh start failed:\n{log.read_text()}")
    try:
        _reinit_portaudio()
        from desktop.recorder import list_input_devices
        names = [d.name for d in list_input_devices()]
        device = "pulse" if "pulse" in names else None
        _warm_up(device)
        yield VirtualMic(device=device, env=dict(os.environ))
    finally:
        subprocess.run(["bash", str(VMIC), "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        _reinit_portaudio()


@pytest.fixture(scope="session")
def speech_clip() -> Path:
    path = TESTDATA / "speech" / CLIP
    if not path.exists():
        pytest.skip(f"test clip missing: {path}")
    return path


def correlation(recorded: np.ndarray, rec_rate: int, source: np.ndarray, src_rate: int) -> tuple[float, float]:
    """(Pearson r, lag in s) of the source clip against the best-aligned part of the recording."""
    from math import gcd

    from scipy.signal import correlate, resample_poly

    g = gcd(rec_rate, src_rate)
    rec = resample_poly(recorded, src_rate // g, rec_rate // g) if rec_rate != src_rate else recorded
    xc = correlate(rec, source, mode="full", method="fft")
    lag = int(np.argmax(np.abs(xc))) - (len(source) - 1)
    a0, b0 = max(lag, 0), max(-lag, 0)
    n = min(len(rec) - a0, len(source) - b0)
    if n <= src_rate // 10:
        return 0.0, lag / src_rate
    a, b = rec[a0:a0 + n], source[b0:b0 + n]
    return float(np.corrcoef(a, b)[0, 1]), lag / src_rate
