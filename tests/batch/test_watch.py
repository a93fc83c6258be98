"""Watch folders end to end with a fake engine (transcription itself is not the point here): real watchdog
notifications, the real manifest, staging and commit. The settle clock is stepped by the test, never slept on."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from batch.watchhelp import FakeEngine, FakeExecutor, Running, StepClock, write_slowly
from models.batch.manifest import DONE, FAILED, read_rows
from models.batch.watch import Watcher
from models.batch.watch_take import WatchRoute

SETTLE_S = 2.0


@pytest.fixture
def dirs(tmp_path: Path, tiny_env: None) -> tuple[Path, Path]:
    (tmp_path / "in").mkdir()
    return tmp_path / "in", tmp_path / "out"


def start(folder: Path, out: Path | None, engine: FakeEngine, clock: StepClock, **kw: object) -> Running:
    watcher = Watcher([WatchRoute(folder, out, ["txt", "json"])], settle_s=SETTLE_S, tick_s=0.05, clock=clock,
                      **kw)  # type: ignore[arg-type]
    return Running(watcher, FakeExecutor(engine), clock)


def rows(out: Path) -> dict[str, object]:
    return {Path(r.path).name: r for r in read_rows(out)}


def done(out: Path, *names: str) -> bool:
    r = rows(out)
    return all(n in r and r[n].status in (DONE, FAILED) for n in names)  # type: ignore[attr-defined]


def test_a_slow_copy_is_transcribed_once_when_complete(dirs: tuple[Path, Path]) -> None:
    folder, out = dirs
    clock, engine = StepClock(), FakeEngine()
    run = start(folder, out, engine, clock)
    data = os.urandom(200_000)
    write_slowly(folder / "memo.wav", data, pieces=20, pause_s=0.15, clock=clock)  # ~3 s of real change events
    assert engine.calls == []  # never taken while it grew
    run.wait_until(lambda: done(out, "memo.wav"))
    run.wait_until(lambda: True)  # a few more ticks: nothing is taken again
    for _ in range(10):
        run.clock.advance(SETTLE_S)
        run.wait_until(lambda: True)
    run.stop()
    assert engine.calls == [("memo.wav", len(data))]
    row = rows(out)["memo.wav"]
    assert row.status == DONE and row.size == len(data) and row.attempts == 1  # type: ignore[attr-defined]
    assert sorted(p.name for p in out.glob("memo.*")) == ["memo.json", "memo.txt"]


def test_fifty_files_dropped_at_once(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = dirs
    clock, engine = StepClock(), FakeEngine()
    staged = tmp_path / "staged"
    staged.mkdir()
    names = [f"rec {i:02d}.m4a" for i in range(50)]
    for n in names:
        (staged / n).write_bytes(os.urandom(3000))
    run = start(folder, out, engine, clock)
    for n in names:
        shutil.copy(staged / n, folder / n)
    run.wait_until(lambda: done(out, *names))
    run.stop()
    assert sorted(engine.names()) == names
    assert {n: r.status for n, r in rows(out).items()} == {n: DONE for n in names}  # type: ignore[attr-defined]
    assert len(list(out.glob("*.txt"))) == 50


def test_renamed_in_and_temporary_names(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    folder, out = dirs
    clock, engine = StepClock(), FakeEngine()
    outside = tmp_path / "outside.wav"
    outside.write_bytes(os.urandom(5000))
    run = start(folder, out, engine, clock)
    (folder / "upload.wav.part").write_bytes(os.urandom(4000))  # a browser or sync client still writing
    (folder / "~$notes.wav").write_bytes(b"lock")
    os.rename(outside, folder / "moved.wav")  # renamed into the folder: new
    run.wait_until(lambda: done(out, "moved.wav"))
    assert engine.names() == ["moved.wav"]  # the temporary names were seen (same ticks) and left alone
    os.rename(folder / "upload.wav.part", folder / "upload.wav")
    run.wait_until(lambda: done(out, "upload.wav"))
    run.stop()
    assert engine.names() == ["moved.wav", "upload.wav"]
    assert set(rows(out)) == {"moved.wav", "upload.wav"}


def test_deleted_files_are_reported_not_retried(dirs: tuple[Path, Path]) -> None:
    folder, out = dirs
    clock = StepClock()
    lines: list[str] = []
    engine = FakeEngine(before=lambda p: p.unlink() if p.name == "doomed.wav" else None)
    run = start(folder, out, engine, clock, on_line=lines.append)
    (folder / "doomed.wav").write_bytes(os.urandom(5000))  # deleted during its transcription
    (folder / "brief.wav").write_bytes(os.urandom(5000))
    run.wait_until(lambda: len(run.watcher.settler.waiting()) == 2 and not run.watcher.feed._paths, step_s=0.1)
    (folder / "brief.wav").unlink()  # deleted before it was complete
    run.wait_until(lambda: done(out, "doomed.wav") and run.watcher.gone)
    (folder / "after.wav").write_bytes(os.urandom(5000))  # later work: by then a retry would have come
    run.wait_until(lambda: done(out, "after.wav"))
    run.stop()
    r = rows(out)
    assert r["doomed.wav"].status == FAILED and "not found" in r["doomed.wav"].error  # type: ignore[attr-defined]
    assert r["doomed.wav"].attempts == 1  # type: ignore[attr-defined]
    assert "brief.wav" not in r and run.watcher.gone == [folder / "brief.wav"]
    assert any("brief.wav" in s and "removed" in s for s in lines)


def test_a_failed_file_is_not_retried_until_it_changes(dirs: tuple[Path, Path]) -> None:
    folder, out = dirs
    clock, engine = StepClock(), FakeEngine()
    engine.failing.add("bad.wav")
    run = start(folder, out, engine, clock)
    (folder / "bad.wav").write_bytes(b"not audio")
    run.wait_until(lambda: done(out, "bad.wav"))
    (folder / "good.wav").write_bytes(os.urandom(100))
    run.wait_until(lambda: done(out, "good.wav"))  # later work: by then a retry of bad.wav would have come
    assert engine.names() == ["bad.wav", "good.wav"]
    (folder / "bad.wav").write_bytes(b"other content, still not audio")  # a changed file: tried again
    (folder / "good2.wav").write_bytes(os.urandom(100))
    run.wait_until(lambda: done(out, "good2.wav") and rows(out)["bad.wav"].attempts == 2)  # type: ignore[attr-defined]
    run.stop()
    assert engine.names().count("bad.wav") == 2
    engine.calls.clear()
    run = start(folder, out, engine, clock)  # a restart leaves it alone: it failed with this very content
    (folder / "later.wav").write_bytes(os.urandom(100))
    run.wait_until(lambda: done(out, "later.wav"))
    run.stop()
    assert engine.names() == ["later.wav"]
    assert rows(out)["bad.wav"].status == FAILED and "not an audio file" in rows(out)["bad.wav"].error  # type: ignore[attr-defined]


def test_stop_add_three_start_catches_up_and_redoes_nothing_else(dirs: tuple[Path, Path]) -> None:
    folder, out = dirs
    clock, engine = StepClock(), FakeEngine()
    run = start(folder, out, engine, clock)
    for n in ("a.wav", "b.wav", "sub/c.wav"):
        (folder / n).parent.mkdir(exist_ok=True)
        (folder / n).write_bytes(os.urandom(2000))
    run.wait_until(lambda: done(out, "a.wav", "b.wav", "c.wav"))
    run.stop()
    first = {p: p.stat().st_mtime_ns for p in out.rglob("*.txt")}
    assert (out / "sub" / "c.txt").is_file()  # the folder's layout is kept

    for n in ("d.wav", "e.wav", "f.wav"):  # arrived while nothing watched
        (folder / n).write_bytes(os.urandom(2000))
    (folder / "b.wav").write_bytes(os.urandom(2500))  # new content under the same name
    engine.calls.clear()
    run = start(folder, out, engine, clock)
    run.wait_until(lambda: done(out, "d.wav", "e.wav", "f.wav") and rows(out)["b.wav"].attempts == 2)  # type: ignore[attr-defined]
    run.stop()
    assert sorted(engine.names()) == ["b.wav", "d.wav", "e.wav", "f.wav"]
    assert {p: p.stat().st_mtime_ns for p in first if p.name != "b.txt"} == \
        {p: m for p, m in first.items() if p.name != "b.txt"}  # a and c: not rewritten
    assert all(r.status == DONE for r in rows(out).values())  # type: ignore[attr-defined]


def test_polling_mode_and_next_to_the_recording(dirs: tuple[Path, Path]) -> None:
    folder, _out = dirs
    clock, engine = StepClock(), FakeEngine()
    run = start(folder, None, engine, clock, poll=True, poll_s=0.2)
    from watchdog.observers.polling import PollingObserver

    run.wait_until(lambda: run.watcher.feed._observer is not None, step_s=0)
    assert isinstance(run.watcher.feed._observer, PollingObserver)
    (folder / "share.wav").write_bytes(os.urandom(3000))
    run.wait_until(lambda: done(folder, "share.wav"))
    run.stop()
    assert engine.names() == ["share.wav"]
    assert (folder / "share.txt").is_file()  # beside the recording; our own outputs are not taken as input
    assert len(read_rows(folder)) == 1


def test_the_watcher_stops_cleanly_and_releases_the_output_folder(dirs: tuple[Path, Path]) -> None:
    folder, out = dirs
    clock, engine = StepClock(), FakeEngine()
    run = start(folder, out, engine, clock)
    run.wait_until(lambda: run.watcher._started, step_s=0)
    run.stop()
    assert run.watcher.feed._observer is None
    run = start(folder, out, engine, clock)  # the lock was released: a second watch on it starts
    run.wait_until(lambda: run.watcher._started, step_s=0)
    run.stop()
    assert (out / "batch-report.json").is_file()
