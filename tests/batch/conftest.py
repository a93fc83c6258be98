"""Inputs and a transcribe reference shared by the batch tests (issue 18)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from media import video_with_audio

CLIPS = ("funasr_asr_example_16k.wav", "funasr_llamacpp_sample_16k.wav", "wenet_aishell_BAC009S0724W0121_16k.wav",
         "localkin_default_zh_24k.wav")
BAD = "notes.mp3"
VIDEO = "lecture.mp4"
LONG = "long 长.wav"


def make_inputs(folder: Path, speech: Path) -> Path:
    """8 files: 4 clips, a copy under a unicode name, a video, a 40 s recording, a bad one (text named .mp3)."""
    folder.mkdir(parents=True)
    for c in CLIPS:
        shutil.copy(speech / c, folder / c)
    shutil.copy(speech / CLIPS[0], folder / "会议 记录 1.wav")
    video_with_audio(folder / VIDEO, speech / CLIPS[2])
    parts = []
    for c in CLIPS[:3] * 3:  # ~47 s at 16 kHz, with pauses: the file the longest-first dispatch starts with
        pcm, sr = sf.read(str(speech / c), dtype="int16")
        parts += [pcm, np.zeros(sr // 2, np.int16)]
    sf.write(str(folder / LONG), np.concatenate(parts), 16000, subtype="PCM_16")
    (folder / BAD).write_text("this is not audio")
    return folder


@pytest.fixture(scope="module")
def batch_env(tmp_path_factory: pytest.TempPathFactory, tiny_models: Path, testdata: Path):
    """Module-wide user folders and model cache (a module fixture cannot use the per-test isolated_user_dirs)."""
    base = tmp_path_factory.mktemp("batch-env")
    with pytest.MonkeyPatch.context() as mp:
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            (base / var).mkdir()
            mp.setenv(var, str(base / var))
        mp.setenv("MODELSCOPE_CACHE", str(tiny_models))
        yield {"base": base, "inputs": make_inputs(base / "in", testdata / "speech")}


def cli(argv: list[str]) -> int:
    """Run a command in this process (the engine loads here; models/cli/main.main would set up logging too)."""
    from models.cli import main as cli_main
    from models.cli import transcribe_cmd

    args = cli_main.build_parser().parse_args(argv)
    if args.command == "transcribe":
        return transcribe_cmd.cmd_transcribe(args)
    from models.cli.batch_cmd import cmd_batch

    return cmd_batch(args)


ENGINE_ARGS = ["--precision", "fp32", "--device", "cpu", "--threads", "1", "--format", "txt,srt,vtt,json", "-q"]


@pytest.fixture(scope="module")
def reference(batch_env: dict) -> Path:
    """`transcribe` of the same 8 files (one thread, as each of the 2 Ray workers gets on 2 CPUs)."""
    out = batch_env["base"] / "transcribe-out"
    rc = cli(["transcribe", str(batch_env["inputs"]), "-o", str(out), *ENGINE_ARGS])
    assert rc == 1  # the bad file
    return out


def exports(folder: Path) -> dict[str, bytes]:
    """Export files (not the manifest or report) by name."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in (".txt", ".srt", ".vtt", ".json") and not p.name.startswith("batch-report")
            and ".tingxie-batch" not in p.parts}


@pytest.fixture
def tiny_env(tiny_models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tiny models for a test's own runs (the per-test isolated_user_dirs points the cache elsewhere)."""
    monkeypatch.setenv("MODELSCOPE_CACHE", str(tiny_models))
