"""Figures for "recording never drops audio": blocks lost while the machine is busy.

Usage: python tests/recorder/measure_load.py [--seconds 120] [--spin 2] [--models build/models-tiny-XXXX]
                                             [--precision fp32] [--long FILE]
Starts the virtual microphone (../shared/tools/virtual-mic.sh, private XDG_RUNTIME_DIR), plays speech into it,
and records for --seconds in this process while --spin subprocesses spin on the CPU and, with --models, an Engine
in a thread of this process transcribes --long (made by make_long_audio.py when not given) over and over: the
window's case, where the queue's worker thread shares the recorder's process. Prints one JSON line of figures.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.recorder.conftest import CLIP, TESTDATA, VMIC  # noqa: E402


def _transcribe_loop(models: Path, precision: str, long: Path, stop: threading.Event, out: dict) -> None:
    from models.asr.engine import Engine, EngineConfig
    from models.store.manager import ModelStore

    eng = Engine(EngineConfig(device="cpu", precision=precision), store=ModelStore(models),
                 int8_cache_dir=Path(tempfile.mkdtemp(prefix="tingxie-int8-")))
    eng.load()
    out["loaded"] = True
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            eng.transcribe(long, cancel=stop)
        except Exception as e:  # noqa: BLE001 - Cancelled at the end
            if not stop.is_set():
                out["error"] = repr(e)
                return
        else:
            out["files"] = out.get("files", 0) + 1
            out["file_s"] = round(time.monotonic() - t0, 1)
    eng.close()


def hog_gil(stall_ms: float, stop: threading.Event) -> None:
    """Hold the GIL for about stall_ms at a time (one long C call: sum() over a range never lets go of it), then
    let go for as long: what a long Qt or numpy call in the window's process does to the audio callback."""
    n = 100_000
    t0 = time.perf_counter()
    sum(range(n))
    n = max(1000, int(n * stall_ms / 1000 / max(1e-6, time.perf_counter() - t0)))
    while not stop.is_set():
        sum(range(n))
        time.sleep(stall_ms / 1000)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--spin", type=int, default=2, help="subprocesses spinning on the CPU")
    ap.add_argument("--models", type=Path, help="ModelStore root: transcribe --long in a thread meanwhile")
    ap.add_argument("--precision", default="fp32")
    ap.add_argument("--long", type=Path)
    ap.add_argument("--ring", type=float, default=None, help="ring buffer seconds (default: the recorder's)")
    ap.add_argument("--latency", default=None, help="the stream's latency: high, low or seconds (default: the recorder's)")
    ap.add_argument("--hog", type=float, default=0.0, help="a thread holds the GIL this many ms at a time")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tingxie-load-"))
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp / "run")}
    env.pop("PULSE_SERVER", None)
    os.environ.update(XDG_RUNTIME_DIR=env["XDG_RUNTIME_DIR"])
    os.environ.pop("PULSE_SERVER", None)
    subprocess.run(["bash", str(VMIC), "start"], env=env, check=True, stdout=subprocess.DEVNULL)
    spinners: list[subprocess.Popen] = []
    player = None
    stop = threading.Event()
    worker_out: dict = {}
    try:
        time.sleep(2.0)  # a fresh daemon's null sink needs ~2 s before capture streams get data
        from models.capture.capture import Recorder

        clip, rate_src = sf.read(TESTDATA / "speech" / CLIP, dtype="float32")
        loop = tmp / "loop.wav"
        sf.write(loop, np.tile(clip, int(a.seconds / (len(clip) / rate_src)) + 4), rate_src, subtype="PCM_16")
        worker = None
        if a.models:
            long = a.long
            if long is None:
                long = tmp / "long.wav"
                subprocess.run([sys.executable, str(TESTDATA / "make_long_audio.py"), "--out", str(long),
                                "--duration", "600", "--seed", "0"], check=True, stdout=subprocess.DEVNULL)
            worker = threading.Thread(target=_transcribe_loop, args=(a.models, a.precision, long, stop, worker_out),
                                      daemon=True)
            worker.start()
            while worker.is_alive() and not worker_out.get("loaded"):
                time.sleep(0.1)
        spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(a.spin)]
        if a.hog:
            threading.Thread(target=hog_gil, args=(a.hog, stop), daemon=True).start()
        kw: dict = {} if a.ring is None else {"ring_s": a.ring}
        if a.latency is not None:
            kw["latency"] = a.latency if a.latency in ("high", "low") else float(a.latency)
        rec = Recorder(**kw)
        path = rec.start("pulse", tmp / "rec")
        player = subprocess.Popen(["paplay", "--device=vmic", "--latency-msec=100", str(loop)], env=env)
        t0 = time.monotonic()
        while time.monotonic() - t0 < a.seconds:
            time.sleep(0.5)
        t1 = time.monotonic()
        rec.stop()
        gaps = [g.__dict__ if hasattr(g, "__dict__") else g for g in getattr(rec, "gaps", [])]
        print(json.dumps({
            "seconds": a.seconds, "spinners": a.spin, "gil_hog_ms": a.hog, "transcribing": bool(a.models), "precision": a.precision,
            "files_transcribed": worker_out.get("files", 0), "transcriber_error": worker_out.get("error"),
            "file_s": round(sf.info(path).duration, 3), "wall_s": round(t1 - t0, 3),
            "latency": getattr(rec, "latency", None), "dropped_blocks": rec.dropped_blocks,
            "lost_s": round(rec.lost_seconds, 3), "gaps": [str(g) for g in gaps][:20],
            "load_avg": os.getloadavg()}))
    finally:
        stop.set()
        for p in spinners:
            p.kill()
        if player:
            player.kill()
        subprocess.run(["bash", str(VMIC), "stop"], env=env)


if __name__ == "__main__":
    main()
