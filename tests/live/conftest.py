"""Live-session fixtures: a meeting-like file (clips with pauses) and its audio."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

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
