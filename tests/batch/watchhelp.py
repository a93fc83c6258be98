"""Helpers for the watch-folder tests: a clock the test steps, a fake engine, a watcher on a thread."""
from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.batch.watch import Watcher
from models.batch.work import Task, run_file
from models.core.errors import AudioError
from models.core.transcript import Segment, Transcript

WAIT_S = 60.0  # a bound for waits on watchdog's thread, not a timing assertion: a healthy run takes well under 1 s


class StepClock:
    """A monotonic clock that moves only when the test says so (settle times without sleeping)."""

    def __init__(self) -> None:
        self.t = 1000.0
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.t

    def advance(self, s: float) -> None:
        with self._lock:
            self.t += s


class FakeEngine:
    """Transcribes a file into one sentence naming its content hash; records each call with the file's size."""

    def __init__(self, before: Callable[[Path], None] | None = None) -> None:
        self.calls: list[tuple[str, int]] = []
        self.before = before  # runs at the start of a transcription (e.g. deletes the file)
        self.failing: set[str] = set()  # file names that fail as a bad recording would

    def transcribe(self, path: str | Path, text: Any = None, **_kw: Any) -> Transcript:
        p = Path(path)
        if self.before:
            self.before(p)
        if not p.is_file():
            raise AudioError(f"File not found: {p}")
        data = p.read_bytes()
        self.calls.append((p.name, len(data)))
        if p.name in self.failing:
            raise AudioError(f"{p.name} is not an audio file")
        return Transcript(str(p), 1000, [Segment(0, 1000, hashlib.sha256(data).hexdigest()[:12])])

    def names(self) -> list[str]:
        return [n for n, _s in self.calls]


class FakeExecutor:
    """LocalExecutor's run() over the fake engine: the real staging and commit (work.run_file)."""

    def __init__(self, engine: FakeEngine) -> None:
        self.engine = engine

    def run(self, driver: Any, tasks: list[Task]) -> None:
        for task in tasks:
            driver.started(task, "fake")
            driver.finished(task, run_file(self.engine, task, Path(driver.out_dir), driver.spec.formats, "fake"))


class Running:
    """watcher.run(executor) on a thread, while the test keeps stepping the settle clock."""

    def __init__(self, watcher: Watcher, executor: Any, clock: StepClock) -> None:
        self.watcher, self.clock = watcher, clock
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(executor,), daemon=True)
        self.thread.start()

    def _run(self, executor: Any) -> None:
        try:
            self.watcher.run(executor)
        except BaseException as exc:  # surfaced by stop()
            self.error = exc

    def wait_until(self, check: Callable[[], bool], step_s: float = 1.0) -> None:
        """Step the clock until check() holds (the watcher sees each step within its 0.05 s tick)."""
        deadline = time.monotonic() + WAIT_S
        while not check():
            assert self.thread.is_alive(), f"the watcher stopped: {self.error!r}"
            assert time.monotonic() < deadline, "gave up waiting"
            self.clock.advance(step_s)
            time.sleep(0.05)

    def stop(self) -> None:
        self.watcher.stop()
        self.thread.join(WAIT_S)
        assert not self.thread.is_alive(), "the watcher did not stop"
        if self.error is not None:
            raise self.error


def write_slowly(path: Path, data: bytes, pieces: int, pause_s: float, clock: StepClock) -> None:
    """Write data in pieces with real pauses (real change events), the settle clock moving a little each time."""
    step = max(1, len(data) // pieces)
    with open(path, "wb") as f:
        for i in range(0, len(data), step):
            f.write(data[i:i + step])
            f.flush()
            clock.advance(0.1)  # well under the settle time: a growing file must never look complete
            time.sleep(pause_s)
