"""Recorder test fixtures: a PulseAudio virtual microphone (../shared/tools/virtual-mic.sh) and speech clips.

The daemon runs in a private XDG_RUNTIME_DIR, so a desktop session's own sound server is never touched.
Tests that need it FAIL when PulseAudio or the clip is missing: `make test` installs them, so their absence is a
broken setup, not a reason to skip (issue 13).
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
import subprocess  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.recorder.fake_stream import fake_stream  # noqa: E402,F401 (fixture for every recorder test)
from tests.recorder.helpers import DictSettings  # noqa: E402

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
        pytest.fail(f"virtual microphone unavailable: missing {missing or VMIC} (apt: pulseaudio pulseaudio-utils)")
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
        from models.capture.devices import list_input_devices
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
        pytest.fail(f"test clip missing: {path} (set TINGXIE_TESTDATA)")
    return path


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch) -> Path:
    """Never touch the user's folders (paths.recordings_dir() and friends point into tmp)."""
    home = tmp_path_factory.mktemp("xdg")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    return home


@pytest.fixture
def panel_settings(tmp_path) -> DictSettings:
    return DictSettings(recorder__device="", recorder__folder=str(tmp_path / "recordings"),
                        recorder__auto_transcribe=True)




@dataclass
class Speakers:
    """A second null sink, "speakers": what the computer plays in an online meeting. Its monitor is the system
    audio the recorder captures (the default sink's monitor) while the virtual microphone stays the microphone."""

    env: dict[str, str]

    def play(self, wav: Path, latency_ms: int = 100) -> subprocess.Popen:
        return subprocess.Popen(["paplay", "--device=speakers", f"--latency-msec={latency_ms}", str(wav)],
                                env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.fixture
def speakers(vmic) -> Speakers:
    module = subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=speakers", "rate=16000",
                             "channels=1", "sink_properties=device.description=Speakers"],
                            capture_output=True, text=True, check=True).stdout.strip()
    # Keep it clocked at low latency, like the microphone's sink (an idle null sink delivers in 2 s bursts).
    keep = subprocess.Popen(["pacat", "--playback", "--device=speakers", "--latency-msec=20", "--raw",
                             "--format=s16le", "--rate=16000", "--channels=1", "/dev/zero"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["pactl", "set-default-sink", "speakers"], check=True)
    try:
        yield Speakers(env=dict(os.environ))
    finally:
        keep.kill()
        keep.wait()
        subprocess.run(["pactl", "set-default-sink", "vmic"], check=False)
        subprocess.run(["pactl", "unload-module", module], check=False)
