"""Figures for issue 5: dropped blocks, CPU use, duration error and correlation of a real recording.

Usage: python tests/recorder/measure_recording.py [--seconds 15] [--busy 0]
Starts the virtual microphone (../shared/tools/virtual-mic.sh, private XDG_RUNTIME_DIR), records in a child
process (record_child.py) while the speech clips play back to back, and prints one JSON line of figures.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.recorder.conftest import CLIP, TESTDATA, VMIC  # noqa: E402
from tests.recorder.helpers import correlation  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--busy", type=int, default=0)
    ap.add_argument("--latency", default="", help="high, low or seconds (default: the recorder's)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tingxie-measure-"))
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp / "run")}
    env.pop("PULSE_SERVER", None)
    subprocess.run(["bash", str(VMIC), "start"], env=env, check=True, stdout=subprocess.DEVNULL)
    try:
        time.sleep(2.0)  # a fresh daemon's null sink needs ~2 s before capture streams get data
        clip, rate_src = sf.read(TESTDATA / "speech" / CLIP, dtype="float32")
        loop = tmp / "loop.wav"
        reps = int(a.seconds / (len(clip) / rate_src)) + 2
        sf.write(loop, np.tile(clip, reps), rate_src, subtype="PCM_16")
        child = subprocess.Popen([sys.executable, str(Path(__file__).with_name("record_child.py")), str(tmp / "rec"),
                                  "--device", "pulse", "--seconds", str(a.seconds), "--busy", str(a.busy),
                                  "--latency", a.latency],
                                 env=env, stdout=subprocess.PIPE, text=True)
        player = None
        for line in child.stdout:
            st = json.loads(line)
            if player is None and st.get("elapsed", 0) > 0.05:
                player = subprocess.Popen(["paplay", "--device=vmic", "--latency-msec=100", str(loop)], env=env)
            if "done" in st:
                break
        child.wait()
        if player:
            player.kill()
        data, rate = sf.read(st["done"], dtype="float32")
        r, lag = correlation(data, rate, np.tile(clip, reps)[: int(len(data) / rate * rate_src)], rate_src)
        print(json.dumps({
            "seconds_asked": a.seconds, "busy_threads": a.busy, "file_s": round(len(data) / rate, 3),
            "wall_s": round(st["wall_s"], 3), "latency": a.latency, "dropped_blocks": st["dropped"], "lost_s": round(st["lost_s"], 3),
            "cpu_percent_of_one_core": round(100 * st["cpu_s"] / st["wall_s"], 2),
            "samplerate": rate, "correlation": round(r, 4), "lag_s": round(lag, 3)}))
    finally:
        subprocess.run(["bash", str(VMIC), "stop"], env=env)


if __name__ == "__main__":
    main()
