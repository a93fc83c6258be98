"""Media files the audio and bad-input tests generate with PyAV."""
from __future__ import annotations

from pathlib import Path

import av
import numpy as np


def video_only(path: Path) -> Path:
    """A tiny MPEG-4 video with no audio stream."""
    with av.open(str(path), "w") as c:
        v = c.add_stream("mpeg4", rate=10)
        v.width = v.height = 32
        v.pix_fmt = "yuv420p"
        for i in range(5):
            fr = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8), format="rgb24")
            fr.pts = i
            for pkt in v.encode(fr):
                c.mux(pkt)
        for pkt in v.encode():
            c.mux(pkt)
    return path
