"""Editor playback on the PulseAudio null sink (../shared/tools/virtual-mic.sh, private XDG_RUNTIME_DIR).

The position advances; Ctrl+click-to-play starts within 200 ms of the sentence start; the highlight follows the
player's reported position with lag < 100 ms, measured from the position signal's timestamps (playback_child.py).
FAILS (never skips) when PulseAudio or the clip is missing: `make test` installs them (issue 13).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("TINGXIE_SHARED") or ROOT.parent / "shared")
VMIC = SHARED / "tools" / "virtual-mic.sh"
TESTDATA = Path(os.environ.get("TINGXIE_TESTDATA") or SHARED / "testdata")
CLIP = TESTDATA / "speech" / "wenet_aishell_BAC009S0724W0121_16k.wav"  # 4.3 s


@pytest.fixture(scope="module")
def pulse(tmp_path_factory) -> dict[str, str]:
    missing = [t for t in ("pulseaudio", "pactl", "pacat") if not shutil.which(t)]
    if missing or not VMIC.exists():
        pytest.fail(f"PulseAudio null sink unavailable: missing {missing or VMIC} (apt: pulseaudio pulseaudio-utils)")
    if not CLIP.exists():
        pytest.fail(f"test clip missing: {CLIP} (set TINGXIE_TESTDATA)")
    run = tmp_path_factory.mktemp("pulse")
    env = {**os.environ, "XDG_RUNTIME_DIR": str(run), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PULSE_SERVER", None)
    log = run / "start.log"
    with open(log, "w") as out:  # a file, not a pipe: the keepalive pacat would hold a pipe open
        rc = subprocess.run(["bash", str(VMIC), "start"], env=env, stdout=out, stderr=subprocess.STDOUT,
                            timeout=30).returncode
    if rc != 0:
        pytest.fail(f"virtual-mic.sh start failed:\n{log.read_text()}")
    yield env
    subprocess.run(["bash", str(VMIC), "stop"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=30)


def test_click_to_play_position_and_highlight_lag(pulse) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "editor" / "playback_child.py"), str(CLIP)],
                          env=pulse, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr[-3000:]
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not r["error"], r
    assert r["advanced_ms"] >= 2000, r  # the position advances while it plays
    assert r["first_reported_ms"] is not None and abs(r["first_reported_ms"] - r["start_ms"]) < 200, r
    assert r["first_moving_ms"] - r["start_ms"] < 200, r  # the audio starts within 200 ms of the sentence start
    assert 900 < r["rate_ms_per_s"] < 1100, r  # it plays at 1x
    assert r["rows_seen"] == [1, 2, 3], r  # the highlight went from the clicked sentence through the next ones
    assert r["rows"] == [2, 3] and all(-100 < lag < 100 for lag in r["lags_ms"]), r  # (early: extrapolated)
