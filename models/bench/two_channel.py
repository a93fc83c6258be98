"""A two-channel meeting recording for the benchmark, as the recorder writes one with "Both": channel 1 the
microphone (the local person, plus the loudspeakers' echo of the remote side: no headset), channel 2 the system
audio (the remote side), with the layout file beside it (models/audio/layout.py).

    python -m models.bench.two_channel --mic local.wav --system remote.wav --out meeting.wav
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

ECHO_DB, ECHO_MS = -12.0, 40  # the loudspeakers as the microphone hears them


def make(mic: Path, system: Path, out: Path, block_s: float = 60.0) -> None:
    """Both inputs must be mono at one rate; the shorter one is padded with silence. Written block by block."""
    import soundfile as sf

    from models.audio.layout import write_layout

    with sf.SoundFile(str(mic)) as a, sf.SoundFile(str(system)) as b:
        if a.samplerate != b.samplerate or a.channels != 1 or b.channels != 1:
            raise SystemExit("both inputs must be mono at the same rate")
        rate, n = a.samplerate, max(a.frames, b.frames)
        delay, gain = ECHO_MS * rate // 1000, np.float32(10 ** (ECHO_DB / 20))
        tail = np.zeros(delay, np.float32)  # the system audio's last `delay` samples: echoed in the next block
        step = int(block_s * rate)
        with sf.SoundFile(str(out), "w", rate, 2, subtype="PCM_16") as dst:
            for start in range(0, n, step):
                m = min(step, n - start)
                local = np.zeros(m, np.float32)
                remote = np.zeros(m, np.float32)
                x = a.read(m, dtype="float32")
                local[:len(x)] = x
                y = b.read(m, dtype="float32")
                remote[:len(y)] = y
                echo = np.concatenate([tail, remote])[:m]
                tail = np.concatenate([tail, remote])[-delay:] if delay else tail
                dst.write(np.clip(np.column_stack([local + gain * echo, remote]), -1, 1))
    write_layout(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mic", type=Path, required=True)
    ap.add_argument("--system", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    make(args.mic, args.system, args.out)


if __name__ == "__main__":
    main()
