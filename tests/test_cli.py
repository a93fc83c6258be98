"""The headless CLI end to end, in a subprocess, as a user runs it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from subtitles import check_cues, parse_srt

REPO = Path(__file__).resolve().parents[1]


def run_cli(args: list[str], env_extra: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def test_transcribe_good_and_bad_files(tiny_models: Path, speech_clips: dict, tmp_path: Path) -> None:
    src = speech_clips["funasr_asr_example_16k.wav"]["path"]
    good = tmp_path / "会议 记录 1.wav"  # unicode and spaces in the path
    shutil.copy(src, good)
    bad = tmp_path / "notes.mp3"
    bad.write_text("this is not audio")
    missing = tmp_path / "gone.wav"
    other = speech_clips["localkin_default_zh_24k.wav"]["path"]
    out = tmp_path / "out" / "nested"
    r = run_cli(["transcribe", str(good), str(bad), str(missing), str(other), "-o", str(out), "--format",
                 "txt,srt,vtt,json", "--precision", "fp32", "--device", "cpu"],
                {"MODELSCOPE_CACHE": str(tiny_models)})
    assert r.returncode == 1, r.stderr
    assert "notes.mp3" in r.stderr and "not an audio file" in r.stderr
    assert "gone.wav" in r.stderr and "not found" in r.stderr.lower()
    assert "2 of 4 file(s) failed" in r.stderr
    assert "Traceback" not in r.stderr
    for stem in ("会议 记录 1", "localkin_default_zh_24k"):
        data = json.loads((out / f"{stem}.json").read_text("utf-8"))
        assert data["segments"], stem
        cues = parse_srt((out / f"{stem}.srt").read_text("utf-8"))
        check_cues(cues, duration_ms=data["duration_ms"], max_chars=20, max_lines=2, max_cue_ms=7000)
        assert (out / f"{stem}.txt").read_text("utf-8").strip()
        assert (out / f"{stem}.vtt").read_text("utf-8").startswith("WEBVTT")
    assert not list(out.glob("notes*")) and not list(out.glob("*.tmp"))


def test_missing_models_give_one_clear_message_fast(tmp_path: Path, speech_clips: dict) -> None:
    t0 = time.monotonic()
    r = run_cli(["transcribe", str(speech_clips["funasr_asr_example_16k.wav"]["path"])],
                {"MODELSCOPE_CACHE": str(tmp_path / "empty")})
    elapsed = time.monotonic() - t0
    assert r.returncode == 3, r.stderr
    assert "models download" in r.stderr or "models import" in r.stderr
    assert "Traceback" not in r.stderr and "not registered" not in r.stderr
    assert elapsed < 20  # process start + imports; the model check itself is instant (see test_engine)


def test_models_list_verify_and_import(tiny_models: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"MODELSCOPE_CACHE": str(cache)}
    # import from a private copy: the store hard-links on one filesystem, and we corrupt the import below
    source = tmp_path / "usb-stick"
    shutil.copytree(tiny_models / "models", source)
    r = run_cli(["models", "list"], env)
    assert r.returncode == 0 and "missing" in r.stdout
    # import a whole folder of model folders (e.g. copied from another machine)
    r = run_cli(["models", "import", str(source)], env)
    assert r.returncode == 0, r.stderr
    n_models = sum(1 for _ in source.glob("*/*"))  # the fixture's model folders (owner/name)
    assert n_models >= 3 and r.stdout.count("imported") == n_models
    r = run_cli(["models", "verify"], env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count(": ok") >= 3  # asr, vad, punc at least
    # corrupt the ASR weights: verify names the file and fails
    asr_pt = next(p for p in cache.rglob("model.pt") if "paraformer" in str(p))
    half = asr_pt.read_bytes()[: asr_pt.stat().st_size // 2]
    asr_pt.unlink()  # never write through a possible hard link into the source
    asr_pt.write_bytes(half)
    r = run_cli(["models", "verify"], env)
    assert r.returncode == 1
    assert "asr: BROKEN" in r.stdout and "model.pt" in r.stdout
    # and transcribing says which file is broken and how to repair, instead of a traceback
    r = run_cli(["transcribe", str(tmp_path / "x.wav")], env)
    assert r.returncode == 3 and "model.pt" in r.stderr and "Traceback" not in r.stderr


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    r = run_cli(["transcribe", "x.wav", "--format", "pdf"], {})
    assert r.returncode == 2 and "unknown format" in r.stderr


def test_export_names_avoid_collisions() -> None:
    """One policy for `transcribe`, `batch` and the desktop's Export (models/export/names.py)."""
    from models.export.names import export_targets

    files = [Path("a/talk.wav"), Path("a/talk.mp3"), Path("b/x.wav"), Path("c/x.wav"), Path("d/solo.flac"),
             Path("e/Solo.wav")]
    merged = export_targets(files, lambda f: Path("/out"))  # -o: everything in one folder
    assert [p.name for p in merged] == ["talk.wav", "talk.mp3", "x.wav", "x.wav~2", "solo.flac", "Solo.wav"]
    beside = export_targets(files, lambda f: f.parent)  # next to each file: only a/ has a clash
    assert [p.name for p in beside] == ["talk.wav", "talk.mp3", "x", "x", "solo", "Solo"]
    assert beside[2] == Path("b/x") and beside[3] == Path("c/x")


def test_unknown_command_says_so_instead_of_opening_the_window(monkeypatch, capsys, tmp_path: Path) -> None:
    import main as entry
    from desktop.app import app
    from models.cli.commands import COMMANDS

    opened: list[list[str]] = []
    monkeypatch.setattr(app, "run", lambda argv: opened.append(argv) or 0)
    monkeypatch.chdir(tmp_path)
    assert entry.main(["summarise", "notes.json"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'summarise'" in err and all(c in err for c in COMMANDS)
    assert entry.main(["notes.json"]) == 2  # looks like a file: say it is not there
    assert "file not found: notes.json" in capsys.readouterr().err
    assert opened == []
    (tmp_path / "talk.wav").write_bytes(b"")
    assert entry.main(["talk.wav"]) == 0 and opened == [["talk.wav"]]  # an existing file opens the window
    assert entry.main([]) == 0 and opened[-1] == []


def test_third_party_warnings_stay_off_the_console_unless_verbose() -> None:
    """ONNX Runtime's quantizer logs through the root logger, funasr prints; in the export's child process too."""
    script = (
        "import logging, sys, warnings\n"
        "from models.core import logsetup\n"
        "logsetup.setup(console=True, verbose=sys.argv[1] == 'v')\n"
        "logging.warning('Please consider to run pre-processing before quantization')\n"
        "logging.getLogger('funasr').warning('funasr says')\n"
        "warnings.warn('a library deprecation')\n"
        "logging.getLogger('models.cli').warning('ours')\n"
        "from models.runtime.onnx_asr import _in_child\n"
        "_in_child(logging.warning, 'child quantizer warning')\n"
        "_in_child(print, 'Notice: ffmpeg is not installed')\n")
    quiet, loud = (subprocess.run([sys.executable, "-c", script, mode], cwd=REPO, capture_output=True, text=True,
                                  timeout=120) for mode in ("q", "v"))
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == "warning: ours\n" and quiet.stdout == ""
    for noise in ("pre-processing", "funasr says", "deprecation", "child quantizer warning"):
        assert noise in loud.stderr
    assert "ffmpeg" in loud.stdout


def test_first_int8_run_prints_nothing_from_the_libraries(tiny_models: Path, speech_clips: dict,
                                                         tmp_path: Path) -> None:
    """The first INT8 run converts the model in a child process (ONNX export + quantizer)."""
    clip = speech_clips["funasr_asr_example_16k.wav"]["path"]
    r = run_cli(["transcribe", str(clip), "-o", str(tmp_path / "out"), "-q"], {"MODELSCOPE_CACHE": str(tiny_models)})
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""


def test_hinted_commands_parse() -> None:
    """The commands our error messages tell users to run must be ones the CLI accepts."""
    from models.store import hub
    from models.store import manager as store
    from models.cli.main import build_parser

    for hint in (hub.IMPORT_HINT, store.CLI_IMPORT):
        argv = hint.format(key="vad").split()[2:]  # drop "python main.py"
        args = build_parser().parse_args([a if a != "PATH" else "/some/folder" for a in argv])
        assert args.command == "models" and args.action == "import" and args.key == "vad"


def test_help_says_how_to_open_the_window(capsys) -> None:
    import main as entry

    with pytest.raises(SystemExit) as done:
        entry.main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "Without a command the window opens" in out and "FILE..." in out
