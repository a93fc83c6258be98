"""Shared pieces of the streaming tests: the fixture's folders, the 16 kHz test clips, feeding a stream."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

ONLINE_ID = "iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-online"
ONLINE_ONNX_ID = ONLINE_ID + "-onnx"


def torch_dir(root: Path) -> Path:
    return root / "models" / ONLINE_ID


def onnx_dir(root: Path) -> Path:
    return root / "models" / ONLINE_ONNX_ID


def clips16k(speech_clips: dict) -> dict[str, np.ndarray]:
    """The 16 kHz test clips, and all of them one after another (a longer stream)."""
    out = {}
    for name, c in sorted(speech_clips.items()):
        if c["sample_rate"] == 16000:
            out[name] = sf.read(str(c["path"]), dtype="float32")[0]
    out["all"] = np.concatenate(list(out.values()))
    return out


def run(rec, audio: np.ndarray, block: int) -> list[tuple[str, int]]:
    """Feed `audio` in blocks of `block` samples, then finish: every piece the stream returned."""
    stream = rec.start()
    out = []
    for i in range(0, audio.size, block):
        out += stream.accept(audio[i:i + block])
    return out + stream.finish()
