"""Bad input (issue 7, item 3), table-driven: every case gets its own clear message, and the next file still runs.

All files go through ONE CLI subprocess (startup with torch costs seconds), a good clip last; the error cases
also go through Engine.transcribe directly. Output folders, broken models and CUDA out-of-memory run in-process.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import struct
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
import soundfile as sf

from jobhelp import cli, cli_env
from media import video_only
from models.core import atomic
from models.export import formats as exporters
from models.core.errors import AudioError, ExportError, ModelError, TingxieError
from models.core.transcript import Transcript

CLIP = "funasr_asr_example_16k.wav"
SECONDS = 3.0  # of the clip: enough speech for the VAD, short enough to decode fast
SILENCE_S = 240


def _speech(testdata: Path) -> np.ndarray:
    x, _ = sf.read(str(testdata / "speech" / CLIP), dtype="float32", frames=int(SECONDS * 16000))
    return x


def _resample(x: np.ndarray, rate: int) -> np.ndarray:
    r = av.AudioResampler(format="flt", layout="mono", rate=rate)
    fr = av.AudioFrame.from_ndarray(x[None, :], format="flt", layout="mono")
    fr.sample_rate, fr.pts, fr.time_base = 16000, 0, Fraction(1, 16000)
    return np.concatenate([f.to_ndarray().reshape(-1) for f in r.resample(fr) + r.resample(None)])


def _unknown_codec(p: Path, x: np.ndarray) -> None:
    data = np.zeros(1000, np.int16).tobytes()
    fmt = struct.pack("<HHIIHH", 0x1234, 1, 16000, 32000, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    p.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def _video_only(p: Path, x: np.ndarray) -> None:
    video_only(p)


def _mp3_bytes(x: np.ndarray, tmp: Path) -> bytes:
    sf.write(str(tmp), x, 16000, format="MP3")
    return tmp.read_bytes()


def _wav_bytes(x: np.ndarray, tmp: Path) -> bytes:
    sf.write(str(tmp), x, 16000, subtype="PCM_16")
    return tmp.read_bytes()


def _nan(x: np.ndarray) -> np.ndarray:
    y = x.copy()
    y[1000:2000] = np.nan
    y[5000:5100] = np.inf
    return y


Maker = Callable[[Path, np.ndarray], None]
ERR, OK, EMPTY = "error", "ok", "empty"

# (file name, how to make it, expected outcome, regex for the error message / a warning on stderr, duration s)
CASES: list[tuple[str, Maker | None, str, str, float]] = [
    ("missing.wav", None, ERR, r"File not found: .*missing\.wav", 0),
    ("empty.wav", lambda p, x: p.write_bytes(b""), ERR, r"The file is empty \(0 bytes\): empty\.wav", 0),
    ("zero_length.wav", lambda p, x: sf.write(str(p), np.zeros((0, 1)), 16000), ERR,
     r"contains no audio samples: zero_length\.wav", 0),
    ("header_only.mp3", lambda p, x: p.write_bytes(_mp3_bytes(x, p.with_suffix(".tmp.mp3"))[:200]), ERR,
     r"header_only\.mp3 .*damaged", 0),
    ("text.wav", lambda p, x: p.write_text("this is not audio\n" * 100), ERR,
     r"text\.wav is not an audio file", 0),
    ("random.m4a", lambda p, x: p.write_bytes(np.random.default_rng(0).bytes(50_000)), ERR,
     r"random\.m4a is not an audio file", 0),
    ("pdf.wav", lambda p, x: p.write_bytes(b"%PDF-1.4\n" + np.random.default_rng(1).bytes(4000)), ERR,
     r"pdf\.wav is not an audio file", 0),
    ("image.mp3", lambda p, x: p.write_bytes(b"\x89PNG\r\n\x1a\n" + np.random.default_rng(2).bytes(5000)), ERR,
     r"image\.mp3 is an image, not an audio", 0),
    ("codec.wav", _unknown_codec, ERR, r"Unsupported audio codec in codec\.wav", 0),
    ("video_only.mp4", _video_only, ERR, r"video_only\.mp4 has no audio track", 0),
    # damaged but with audio in it: what is there is transcribed, with a warning
    ("truncated.wav", lambda p, x: p.write_bytes((b := _wav_bytes(x, p.with_suffix(".tmp.wav")))[: len(b) // 2]), OK,
     r"truncated\.wav: .*truncated", SECONDS / 2),
    ("truncated_mp3.mp3", lambda p, x: p.write_bytes((b := _mp3_bytes(x, p.with_suffix(".tmp.mp3")))[: len(b) // 2]),
     OK, r"truncated_mp3\.mp3: .*truncated", SECONDS / 2),
    ("nan.wav", lambda p, x: sf.write(str(p), _nan(x), 16000, subtype="FLOAT"), OK,
     r"nan\.wav: 1100 invalid samples", SECONDS),
    # wrong extension: the content decides
    ("wav_inside.mp3", lambda p, x: p.write_bytes(_wav_bytes(x, p.with_suffix(".tmp.wav"))), OK, "", SECONDS),
    ("mp3_inside.wav", lambda p, x: p.write_bytes(_mp3_bytes(x, p.with_suffix(".tmp.mp3"))), OK, "", SECONDS),
    # sample formats, channels, rates
    *[(f"{st.lower()}.wav", lambda p, x, st=st: sf.write(str(p), x, 16000, subtype=st), OK, "", SECONDS)
      for st in ("PCM_U8", "PCM_24", "PCM_32", "FLOAT", "DOUBLE")],
    *[(f"ch{n}.wav", lambda p, x, n=n: sf.write(str(p), np.tile(x[:, None], (1, n)), 16000), OK, "", SECONDS)
      for n in range(1, 9)],
    *[(f"sr{r}.wav", lambda p, x, r=r: sf.write(str(p), _resample(x, r), r), OK, "", SECONDS)
      for r in (8000, 11025, 22050, 44100, 48000, 96000, 192000)],
    ("录音 文件 #1 (测试).flac", lambda p, x: sf.write(str(p), x, 16000), OK, "", SECONDS),
    ("silence.flac", lambda p, x: sf.write(str(p), np.zeros(SILENCE_S * 16000, np.float32), 16000), EMPTY, "",
     SILENCE_S),
]
ERROR_CASES = [c for c in CASES if c[2] == ERR]


@pytest.fixture(scope="module")
def inputs(testdata: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("bad input")
    x = _speech(testdata)
    for name, make, *_ in CASES:
        if make is not None:
            make(d / name, x)
    for tmp in d.glob("*.tmp.*"):
        tmp.unlink()
    sf.write(str(d / "good.wav"), x, 16000)
    return d


def test_cli_every_case_then_a_good_file(inputs: Path, tiny_models: Path, tmp_path: Path) -> None:
    import torch

    out = tmp_path / "out"
    files = [str(inputs / name) for name, *_ in CASES] + [str(inputs / "good.wav")]
    proc = cli(["transcribe", "-q", "--device", "cuda", "--precision", "fp32", "-f", "json", "-o", str(out), *files],
               cli_env(tiny_models, tmp_path / "home"))
    _, stderr = proc.communicate(timeout=600)
    lines = stderr.splitlines()
    print(stderr)
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert f"{len(ERROR_CASES)} of {len(files)} file(s) failed" in stderr
    if not torch.cuda.is_available():
        assert "warning: CUDA was requested but no CUDA GPU is available; running on the CPU" in stderr
    for name, _make, outcome, words, seconds in CASES:
        path = str(inputs / name)
        errors = [ln for ln in lines if ln.startswith(f"error: {path}: ")]
        result = out / (Path(name).stem + ".json")
        if outcome == ERR:
            assert len(errors) == 1 and re.search(words, errors[0]), (name, errors)
            assert not result.exists()
            continue
        assert not errors, errors
        t = Transcript.from_dict(json.loads(result.read_text("utf-8")))
        assert abs(t.duration_ms - seconds * 1000) <= 0.05 * seconds * 1000 + 30, (name, t.duration_ms)
        assert (len(t.segments) == 0) if outcome == EMPTY else (len(t.segments) >= 1), (name, t.segments)
        if words:
            assert any(re.search(words, ln) for ln in lines), (name, words)
    assert (out / "good.json").is_file()  # the good file after all the bad ones still ran


@pytest.mark.parametrize("name, words", [(c[0], c[3]) for c in ERROR_CASES] + [("folder.wav", r"is a folder")])
def test_engine_error_messages(tiny_engine, inputs: Path, name: str, words: str) -> None:
    path = inputs / name
    if name == "folder.wav":
        path.mkdir(exist_ok=True)
    with pytest.raises(AudioError, match=words):
        tiny_engine.transcribe(path)
    # and the engine still works afterwards
    assert tiny_engine.transcribe(inputs / "good.wav").segments


def test_engine_long_silence_is_an_empty_transcript(tiny_engine, inputs: Path) -> None:
    t = tiny_engine.transcribe(inputs / "silence.flac")
    assert t.segments == [] and t.text == "" and t.duration_ms == SILENCE_S * 1000


# ------------------------------------------------------------------------------------------------ output folder
@pytest.mark.parametrize("problem, words", [
    ("read-only", r"Cannot write to .*: permission denied \(read-only folder\?\)"),
    ("full", r"Not enough disk space to save good\.srt"),
])
def test_output_folder_problems_keep_the_transcript(tiny_engine, inputs: Path, tmp_path: Path, monkeypatch,
                                                    problem: str, words: str) -> None:
    from models.cli import main as cli_mod
    from models.cli import transcribe_cmd
    from models.jobs.runner import JobRunner
    from models.jobs.store import JobState, JobStore

    out = tmp_path / "out"
    out.mkdir()
    if problem == "read-only" and os.geteuid() != 0:
        out.chmod(0o555)  # a real read-only folder (root ignores permissions: fake it below)
    else:
        code = errno.EACCES if problem == "read-only" else errno.ENOSPC

        def fail(*a, **k):
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(atomic.tempfile, "mkstemp", fail)
    jobs = JobStore.open_default()
    args = cli_mod.build_parser().parse_args(["transcribe", "-q", "-o", str(out), "-f", "srt", str(inputs / "good.wav")])
    try:
        with pytest.raises(ExportError, match=words):
            transcribe_cmd._transcribe_one(tiny_engine, JobRunner(jobs), inputs / "good.wav", args, out / "good")
        assert not list(out.iterdir())
        # the transcript is not lost: it is in the history, ready to export once the folder is fixed
        (job,) = jobs.list_jobs([JobState.DONE])
        monkeypatch.undo()
        out.chmod(0o755)
        exporters.write_all(jobs.transcript(job.id), out, ["srt"], stem="good")
        assert (out / "good.srt").read_text("utf-8").strip()
    finally:
        out.chmod(0o755)
        jobs.close()


# ------------------------------------------------------------------------------------------------ models
def _copy_models(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, copy_function=shutil.copy2)  # real copies: never damage the shared fixture models
    return next(p for p in dst.rglob("model.pt") if "paraformer" in str(p)).parent


@pytest.mark.parametrize("damage, bad_file, words", [
    (lambda d: (d / "model.pt").write_bytes((d / "model.pt").read_bytes()[:100_000]), "model.pt",
     r"is damaged: model\.pt .*models repair asr"),
    (lambda d: (d / "tokens.json").unlink(), "tokens.json", r"is incomplete: tokens\.json is missing.*download asr"),
    (lambda d: (d / "config.yaml").write_text("model: [unclosed"), "config.yaml", r"config\.yaml does not parse"),
])
def test_damaged_model_folder_names_the_file(tiny_models: Path, tmp_path: Path, int8_cache_dir: Path,
                                             damage, bad_file: str, words: str) -> None:
    from models.asr.engine import Engine, EngineConfig
    from models.store.manager import ModelStore

    damage(_copy_models(tiny_models, tmp_path / "cache"))
    eng = Engine(EngineConfig(device="cpu", precision="fp32"), store=ModelStore(tmp_path / "cache"),
                 int8_cache_dir=int8_cache_dir)
    with pytest.raises(ModelError, match=words) as err:
        eng.load()
    assert err.value.bad_file == bad_file and err.value.model_key == "asr"


def test_wrong_checkpoint_is_a_model_error(tiny_models: Path, tmp_path: Path, int8_cache_dir: Path) -> None:
    from models.asr.engine import Engine, EngineConfig
    from models.store.manager import ModelStore

    asr = _copy_models(tiny_models, tmp_path / "cache")
    punc = next(p for p in (tmp_path / "cache").rglob("model.pt") if "punc" in str(p))
    shutil.copy2(punc, asr / "model.pt")
    eng = Engine(EngineConfig(device="cpu", precision="fp32"), store=ModelStore(tmp_path / "cache"),
                 int8_cache_dir=int8_cache_dir)
    with pytest.raises(ModelError, match="model.pt") as err:
        eng.load()
    assert err.value.model_key == "asr" and err.value.bad_file == "model.pt"
    assert "repair" in str(err.value)
