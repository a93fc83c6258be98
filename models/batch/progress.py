"""Batch progress: files and audio hours done, throughput overall and per worker, ETA, failures.

Fed by the driver (started / finished / retried per file); read by the CLI's status line and the final report.
Throughput is audio hours per wall-clock hour since the first file started; a worker's own figure is its audio
over the wall time since it began its first file. ETA = audio left / overall throughput.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from models.core.textfmt import clock


@dataclass
class WorkerStats:
    name: str
    files: int = 0
    audio_s: float = 0.0
    busy_s: float = 0.0  # sum of the worker's per-file times (transcribe + export)
    first_start: float | None = None  # monotonic
    last_end: float | None = None

    def throughput(self, now: float) -> float:
        """Audio hours per hour for this worker (0 before its first file ends)."""
        if self.first_start is None or not self.audio_s:
            return 0.0
        return self.audio_s / max((self.last_end or now) - self.first_start, 1e-9)


@dataclass
class BatchProgress:
    files_total: int
    audio_total_s: float  # probed durations of the files to do (skipped files excluded)
    skipped: int = 0
    done: int = 0
    failed: int = 0
    retried: int = 0
    audio_done_s: float = 0.0
    audio_finished_s: float = 0.0  # probed seconds of files finished (done or failed): what ETA counts down
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    workers: dict[str, WorkerStats] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic
    t_start: float | None = None
    t_end: float | None = None

    def started(self, worker: str) -> None:
        now = self.clock()
        if self.t_start is None:
            self.t_start = now
        w = self.workers.setdefault(worker, WorkerStats(worker))
        if w.first_start is None:
            w.first_start = now

    def finished(self, worker: str, path: str, ok: bool, audio_s: float, probed_s: float, elapsed_s: float,
                 error: str = "") -> None:
        now = self.clock()
        w = self.workers.setdefault(worker, WorkerStats(worker))
        w.files += 1
        w.busy_s += elapsed_s
        w.last_end = now
        self.audio_finished_s += probed_s
        if ok:
            self.done += 1
            w.audio_s += audio_s
            self.audio_done_s += audio_s
        else:
            self.failed += 1
            self.failures.append((path, error))

    def add(self, files: int, audio_s: float, skipped: int) -> None:
        """More files planned into a running batch (watch folders)."""
        self.files_total += files
        self.audio_total_s += audio_s
        self.skipped += skipped

    def retry(self) -> None:
        self.retried += 1

    def close(self) -> None:
        self.t_end = self.clock()

    # ---------------------------------------------------------------------------------------------- figures
    def elapsed(self) -> float:
        if self.t_start is None:
            return 0.0
        return (self.t_end or self.clock()) - self.t_start

    def throughput(self) -> float:
        """Audio hours per wall-clock hour (= audio seconds per second)."""
        el = self.elapsed()
        return self.audio_done_s / el if el > 0 else 0.0

    def eta_s(self) -> float | None:
        rate = self.throughput()
        if rate <= 0:
            return None
        return max(self.audio_total_s - self.audio_finished_s, 0.0) / rate

    def line(self) -> str:
        """One status line: `12/40 files · 1.3/4.0 h audio · 31.5× (w0 16.1×, w1 15.4×) · ETA 0:12:03 · 1 failed`."""
        now = self.clock()
        eta = self.eta_s()
        per = ", ".join(f"{w.name} {w.throughput(now):.1f}×" for w in self.workers.values())
        parts = [f"{self.done + self.failed}/{self.files_total} files",
                 f"{self.audio_done_s / 3600:.2f}/{self.audio_total_s / 3600:.2f} h audio",
                 f"{self.throughput():.1f}×" + (f" ({per})" if len(self.workers) > 1 else ""),
                 f"ETA {clock(eta, hours=True)}" if eta is not None else "ETA ?"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.retried:
            parts.append(f"{self.retried} retried")
        return " · ".join(parts)

    def summary(self) -> dict:
        now = self.clock()
        return {
            "files_total": self.files_total, "done": self.done, "failed": self.failed, "skipped": self.skipped,
            "retried": self.retried, "audio_hours_done": self.audio_done_s / 3600,
            "wall_hours": self.elapsed() / 3600, "audio_hours_per_hour": self.throughput(),
            "workers": [{"name": w.name, "files": w.files, "audio_hours": w.audio_s / 3600,
                         "busy_hours": w.busy_s / 3600, "audio_hours_per_hour": w.throughput(now)}
                        for w in self.workers.values()],
            "failures": [{"path": p, "error": e} for p, e in self.failures],
        }

