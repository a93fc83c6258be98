"""Live-session fixtures: a meeting-like file (clips with pauses) and its audio."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from models.audio.layout import write_layout

SR = 16000
CLIPS = ("funasr_asr_example_16k.wav", "wenet_aishell_BAC009S0724W0121_16k.wav")


def make_meeting(speech_clips: dict, path: Path, rounds: int = 2) -> tuple[Path, np.ndarray]:
    """The clips `rounds` times, each followed by 2 s of silence, as a 16 kHz PCM_16 WAV (what the recorder
    writes) and the samples as read back from it."""
    parts: list[np.ndarray] = []
    for name in CLIPS * rounds:
        clip, rate = sf.read(speech_clips[name]["path"], dtype="float32")
        assert rate == SR
        parts += [clip, np.zeros(2 * SR, np.float32)]
    sf.write(path, np.concatenate(parts), SR, subtype="PCM_16")
    audio, _ = sf.read(path, dtype="float32")
    return path, audio


@pytest.fixture(scope="session")
def meeting(speech_clips: dict, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    return make_meeting(speech_clips, tmp_path_factory.mktemp("meeting") / "meeting.wav")


def push_all(session, audio: np.ndarray, block: int = 1600) -> None:
    """Push audio the way a recorder does: 100 ms blocks."""
    for i in range(0, audio.size, block):
        session.push(audio[i:i + block])


TWO_CHANNEL_CLIPS = ("wenet_aishell_BAC009S0724W0121_16k.wav", "funasr_asr_example_16k.wav")


def make_two_channel_meeting(speech_clips: dict, path: Path, rate: int) -> np.ndarray:
    """~40 s: the remote side (system) and the local person (microphone) take turns and talk over each other once;
    no headset, so the microphone hears the loudspeakers 12 dB down, 40 ms late. Written at `rate` with the
    recorder's layout; returns the samples as stored (n x 2)."""
    clip = {n: sf.read(speech_clips[n]["path"], dtype="float32")[0] for n in TWO_CHANNEL_CLIPS}
    n = 40 * 16000
    mic, system = np.zeros(n, np.float32), np.zeros(n, np.float32)
    for at_s, ch, name in ((0.5, 1, TWO_CHANNEL_CLIPS[0]), (7.0, 0, TWO_CHANNEL_CLIPS[1]), (14.0, 1, TWO_CHANNEL_CLIPS[1]), (16.5, 0, TWO_CHANNEL_CLIPS[0]),
                           (26.0, 1, TWO_CHANNEL_CLIPS[0])):
        x, i = clip[name], int(at_s * 16000)
        x = x[: n - i]
        (system if ch else mic)[i:i + len(x)] += x
        if ch:
            d = 640
            mic[i + d:i + d + len(x)] += 0.25 * x[: max(0, n - i - d)]
    data = np.column_stack([mic, system])
    if rate != 16000:  # the recorder's native rate
        t = np.arange(int(n * rate / 16000)) * 16000 / rate
        data = np.column_stack([np.interp(t, np.arange(n), data[:, c]) for c in (0, 1)]).astype(np.float32)
    sf.write(path, np.clip(data, -1, 1), rate, subtype="PCM_16")
    write_layout(path)
    return sf.read(path, dtype="float32")[0]
