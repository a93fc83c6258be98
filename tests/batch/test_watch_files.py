"""When a file in a watched folder counts as complete, and which names are never taken (no watchdog here)."""
from __future__ import annotations

from pathlib import Path

import pytest

from batch.watchhelp import StepClock
from models.batch.watch_files import Settler, is_candidate, is_temporary, scan


@pytest.mark.parametrize("name", ["talk.wav.part", "talk.mp3.crdownload", "talk.m4a.tmp", "~$talk.wav", ".talk.wav",
                                  ".talk.wav.Xa81k", "talk.wav~", "TALK.WAV.PART"])
def test_temporary_names_are_not_candidates(tmp_path: Path, name: str) -> None:
    assert is_temporary(name)
    assert not is_candidate(tmp_path / name, tmp_path)


def test_candidates_are_recordings_outside_hidden_folders(tmp_path: Path) -> None:
    for rel in ("a.wav", "sub/b.MP3", "notes.txt", "a.srt", ".tingxie-batch/staging/x/a.wav", ".hidden/c.wav",
                "d.wav.part"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in scan(tmp_path)] == ["a.wav", "sub/b.MP3"]
    assert not is_candidate(tmp_path.parent / "elsewhere.wav", tmp_path)


def test_a_growing_file_is_taken_once_after_it_stops_changing(tmp_path: Path) -> None:
    clock = StepClock()
    s = Settler(settle_s=2.0, clock=clock)
    f = tmp_path / "memo.wav"
    f.write_bytes(b"")
    s.add([f])
    for i in range(20):  # a slow copy: a piece every 0.5 s (of the settle clock) for 10 s
        assert s.due() == ([], []), f"taken after {i} pieces"
        with open(f, "ab") as out:
            out.write(b"x" * 1000)
        s.add([f])  # the change events a copy produces
        clock.advance(0.5)
    assert s.due() == ([], [])  # its last piece was seen just now
    clock.advance(1.9)
    assert s.due() == ([], [])
    clock.advance(0.2)
    assert s.due() == ([f], [])
    clock.advance(10)
    assert s.due() == ([], [])  # once
    assert s.waiting() == []


def test_an_empty_file_waits_and_a_file_deleted_while_waiting_is_reported(tmp_path: Path) -> None:
    clock = StepClock()
    s = Settler(settle_s=1.0, clock=clock)
    empty, gone = tmp_path / "empty.wav", tmp_path / "gone.wav"
    empty.write_bytes(b"")
    gone.write_bytes(b"abc")
    s.add([empty, gone])
    s.due()
    gone.unlink()
    clock.advance(5)
    assert s.due() == ([], [gone])
    clock.advance(5)
    assert s.due() == ([], []) and s.waiting() == [empty]
