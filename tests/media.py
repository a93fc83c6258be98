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


def video_with_audio(path: Path, wav: Path) -> Path:
    """An MP4 (MPEG-4 video + AAC audio) whose sound is `wav` (mono): a recorded lecture or meeting."""
    from fractions import Fraction

    import soundfile as sf

    pcm, sr = sf.read(str(wav), dtype="int16")
    with av.open(str(path), "w") as c:
        v = c.add_stream("mpeg4", rate=10)
        v.width = v.height = 32
        v.pix_fmt = "yuv420p"
        a = c.add_stream("aac", rate=sr, layout="mono")
        for i in range(int(len(pcm) / sr * 10)):
            fr = av.VideoFrame.from_ndarray(np.full((32, 32, 3), i * 20 % 256, np.uint8), format="rgb24")
            fr.pts = i
            for pkt in v.encode(fr):
                c.mux(pkt)
        for pkt in v.encode():
            c.mux(pkt)
        cc = a.codec_context
        rs = av.AudioResampler(format=cc.format, layout="mono", rate=sr, frame_size=cc.frame_size or 1024)
        frame = av.AudioFrame.from_ndarray(pcm[None, :].copy(), format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = sr, 0, Fraction(1, sr)
        for f in rs.resample(frame) + rs.resample(None):
            for pkt in a.encode(f):
                c.mux(pkt)
        for pkt in a.encode():
            c.mux(pkt)
    return path
