"""`python main.py watch` with the tiny fixture models: a recording copied in slowly is transcribed once, with
the same text as `transcribe` gives it."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from batch.conftest import CLIPS, cli
from batch.watchhelp import WAIT_S, StepClock, write_slowly
from models.batch.manifest import DONE, read_rows
from models.cli.main import build_parser

ENGINE = ["--precision", "fp32", "--device", "cpu", "--threads", "1", "--format", "txt,srt", "-q"]


def test_watch_cli_transcribes_a_slow_copy_once(tmp_path: Path, tiny_env: None, testdata: Path) -> None:
    from models.cli.watch_cmd import cmd_watch

    folder, out = tmp_path / "phone", tmp_path / "out"
    folder.mkdir()
    clip = testdata / "speech" / CLIPS[0]
    args = build_parser().parse_args(["watch", str(folder), "-o", str(out), "--settle", "2", *ENGINE])
    clock, stop = StepClock(), threading.Event()
    rc: list[int] = []
    t = threading.Thread(target=lambda: rc.append(cmd_watch(args, job_store=False, stop=stop, settle_clock=clock)))
    t.start()
    try:
        write_slowly(folder / "memo.wav", clip.read_bytes(), pieces=10, pause_s=0.3, clock=clock)
        deadline = time.monotonic() + WAIT_S * 3  # the engine loads first
        while not any(r.status == DONE for r in read_rows(out)):
            assert t.is_alive() and time.monotonic() < deadline
            clock.advance(1.0)
            time.sleep(0.1)
    finally:
        stop.set()
        t.join(WAIT_S)
    assert not t.is_alive() and rc == [0]
    (row,) = read_rows(out)
    assert row.attempts == 1 and row.size == clip.stat().st_size
    assert sorted(p.name for p in out.glob("memo.*")) == ["memo.srt", "memo.txt"]
    ref = tmp_path / "ref"
    assert cli(["transcribe", str(folder / "memo.wav"), "-o", str(ref), *ENGINE]) == 0
    assert (out / "memo.srt").read_bytes() == (ref / "memo.srt").read_bytes()


def test_watch_cli_refuses_a_missing_folder(tmp_path: Path, tiny_env: None,
                                            capsys: pytest.CaptureFixture) -> None:
    from models.cli.watch_cmd import cmd_watch

    args = build_parser().parse_args(["watch", str(tmp_path / "nope"), "-o", str(tmp_path / "o"), *ENGINE])
    assert cmd_watch(args, job_store=False) == 1
    assert "is not a folder" in capsys.readouterr().err
