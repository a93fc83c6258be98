"""The benchmark's audio: test files of N minutes built from the shared speech clips (or synthetic speech-like
audio where they are missing), the user's files with their reference text, and the warm-up clip."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SR = 16000
WARMUP_S = 20.0


def _testdata() -> Path:
    return Path(os.environ.get("TINGXIE_TESTDATA", REPO.parent / "shared" / "testdata")).resolve()


def _reference(path: Path) -> str | None:
    side = path.with_suffix(".json")
    if side.is_file():
        try:
            return json.loads(side.read_text(encoding="utf-8")).get("reference_text") or None
        except (OSError, ValueError):
            return None
    txt = path.with_suffix(".txt")
    return txt.read_text(encoding="utf-8").strip() or None if txt.is_file() else None


def prepare_audio(args: argparse.Namespace, out: Path) -> list[dict[str, Any]]:
    from models.audio import decode as audio

    items = []
    if args.audio:
        for f in args.audio:
            info = audio.probe(f)
            items.append({"name": f.name, "path": str(f.resolve()), "audio_s": info.duration_s, "synthetic": False,
                          "reference": _reference(f)})
        return items
    folder = out / "audio"
    folder.mkdir(parents=True, exist_ok=True)
    maker = _testdata() / "make_long_audio.py"
    for mins in args.minutes or [5.0]:
        name = f"long-{mins:g}min.wav"
        path = folder / name
        synthetic = not maker.is_file()
        if synthetic:
            write_synthetic(path, mins * 60)
        elif not path.is_file():
            subprocess.run([sys.executable, str(maker), "--duration", str(mins * 60), "--seed", "0",
                            "--out", str(path)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        items.append({"name": name, "path": str(path), "audio_s": audio.probe(path).duration_s,
                      "synthetic": synthetic, "reference": None if synthetic else _reference(path)})
    return items


def write_synthetic(path: Path, seconds: float, seed: int = 0) -> None:
    """Speech-like audio when the shared clips are absent: voiced 'syllables' (harmonics of a gliding f0 under
    a syllable-rate envelope) in phrases of 1-6 s with pauses. The VAD may find little in it."""
    import numpy as np
    import soundfile as sf

    rng = np.random.default_rng(seed)
    total, pos = int(seconds * SR), 0
    with sf.SoundFile(str(path), "w", samplerate=SR, channels=1, subtype="PCM_16") as f:
        while pos < total:
            gap = min(total - pos, int(rng.uniform(0.4, 2.0) * SR))
            f.write(rng.standard_normal(gap).astype(np.float32) * 1e-3)
            pos += gap
            phrase = min(total - pos, int(rng.uniform(1.0, 6.0) * SR))
            if phrase <= 0:
                break
            t = np.arange(phrase) / SR
            f0 = rng.uniform(110, 220) * (1 + 0.15 * np.sin(2 * np.pi * rng.uniform(0.3, 1.0) * t))
            phase = 2 * np.pi * np.cumsum(f0) / SR
            voice = sum(np.sin(h * phase) / h for h in range(1, 16))
            env = np.clip(np.sin(2 * np.pi * rng.uniform(3.0, 5.0) * t), 0, None) ** 0.7
            x = 0.15 * voice * env + rng.standard_normal(phrase) * 1e-3
            f.write(x.astype(np.float32))
            pos += phrase


def warmup_clip(item: dict[str, Any], out: Path) -> str:
    from models.audio import decode as audio

    path = out / "audio" / "warmup.wav"
    if not path.is_file():
        import numpy as np
        import soundfile as sf

        need, got = int(WARMUP_S * SR), []
        for block in audio.stream(item["path"], block_s=WARMUP_S):
            got.append(block)
            if sum(b.size for b in got) >= need:
                break
        path.parent.mkdir(parents=True, exist_ok=True)
        sf.write(str(path), np.concatenate(got)[:need], SR, subtype="PCM_16")
    return str(path)
