"""Records from an input device in a child process, for the kill -9 test and the CPU figures (issue 5).

Usage: python tests/recorder/record_child.py FOLDER [--device NAME] [--source mic|system|both] [--seconds S] [--busy N]
Prints one JSON line per 0.1 s: {"path", "elapsed", "dropped"}; with --seconds, stops by itself and prints
{"done": path, "elapsed", "dropped", "cpu_s", "wall_s"} (cpu_s: user+system time of this process while recording).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.capture.capture import Recorder  # noqa: E402


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _spin() -> None:
    x = 0
    while True:
        x = (x + 1) % 1_000_003


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--device", default="")
    ap.add_argument("--source", default="mic")
    ap.add_argument("--seconds", type=float, default=0.0)
    ap.add_argument("--latency", default="", help="high, low or seconds (default: the recorder's)")
    ap.add_argument("--busy", type=int, default=0, help="threads running pure-Python loops (GIL contention)")
    a = ap.parse_args()
    for _ in range(a.busy):
        threading.Thread(target=_spin, daemon=True).start()
    rec = Recorder() if not a.latency else Recorder(
        latency=a.latency if a.latency in ("high", "low") else float(a.latency))
    path = rec.start(a.device or None, Path(a.folder), source=a.source)
    cpu0, t0 = _cpu(), time.monotonic()
    while not a.seconds or time.monotonic() - t0 < a.seconds:
        print(json.dumps({"path": str(path), "elapsed": rec.elapsed, "dropped": rec.dropped_blocks}), flush=True)
        time.sleep(0.1)
    rec.stop()
    print(json.dumps({"done": str(path), "elapsed": rec.elapsed, "dropped": rec.dropped_blocks,
                      "lost_s": rec.lost_seconds, "cpu_s": _cpu() - cpu0, "wall_s": time.monotonic() - t0, "pid": os.getpid()}), flush=True)


if __name__ == "__main__":
    main()
