"""The batch driver: sources -> plan (skip what the manifest says is done) -> executor -> commit -> report.

    driver = Driver(BatchSpec(sources, out_dir, ["txt", "srt"], EngineConfig(...)))
    tasks = driver.prepare()
    LocalExecutor(...).run(driver, tasks)      # or RayExecutor(...).run(driver, tasks)
    driver.finish()

Executors call started() / finished() / lost() from the driver's thread. The driver is the only writer of the
manifest and the only one that moves outputs into place (work.commit), so a file is done exactly once.
"""
from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.batch import manifest as mf
from models.batch.progress import BatchProgress
from models.batch.report import write_report
from models.batch.sources import Input, collect
from models.batch.work import STATE_DIR, Result, Task, commit, discard, staging_root
from models.core.errors import AudioError, TingxieError
from models.options import EngineConfig

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3  # a file whose worker died this many times is reported failed (it may be what kills workers)


@dataclass
class BatchSpec:
    sources: list[Path]
    out_dir: Path
    formats: list[str]
    config: EngineConfig = field(default_factory=EngineConfig)
    store: Any = None  # a ModelStore over another cache (tests); None = the default cache / MODELSCOPE_CACHE
    speakers: Any = None  # models.speakers.options.SpeakerOptions; None or "off": no diarization
    text: Any = None  # models.text.pipeline.TextOptions (glossary, ITN, script); None: no text steps, as before


def batch_settings(config: EngineConfig, formats: list[str], store: Any = None, speakers: Any = None,
                   text: Any = None) -> dict[str, Any]:
    """What decides "same settings" for a rerun: the job history's engine settings + the export formats.
    Computed from the requested config without loading anything (model folders must exist)."""
    from models.asr.engine import Engine
    from models.jobs.identity import engine_settings

    steps = None
    if text is not None:
        from models.text.pipeline import TextSteps

        steps = TextSteps(text)
    return {**engine_settings(Engine(config, store), steps, speakers), "formats": sorted(formats)}


class Driver:
    def __init__(self, spec: BatchSpec, on_line: Callable[[str], None] | None = None,
                 on_event: Callable[[str, Task, Any], None] | None = None) -> None:
        self.spec = spec
        self.out_dir = Path(spec.out_dir)
        self.on_line = on_line or (lambda _s: None)
        self.on_event = on_event or (lambda _k, _t, _x: None)
        self.tasks: dict[int, Task] = {}
        self.committed: set[int] = set()
        self.progress = BatchProgress(0, 0.0)
        self.warnings: list[str] = []
        self._lock_fd: int | None = None
        self._next_index = 0

    # ------------------------------------------------------------------------------------------------ plan
    def prepare(self) -> list[Task]:
        """Collect the inputs and decide which need work. Raises TingxieError (output folder unusable)."""
        self.open()
        collected = collect(self.spec.sources)
        self.warnings = collected.warnings
        return self.plan(collected.inputs)

    def open(self) -> None:
        """Take the output folder (lock, staging cleanup, manifest) and fix the settings. Raises TingxieError."""
        from models.jobs.identity import settings_key

        try:
            (self.out_dir / STATE_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TingxieError(f"cannot create the output folder {self.out_dir}: {exc.strerror}") from exc
        self._take_lock()
        shutil.rmtree(staging_root(self.out_dir), ignore_errors=True)  # left by a killed run: never committed
        self.settings = batch_settings(self.spec.config, self.spec.formats, self.spec.store, self.spec.speakers,
                                       self.spec.text)
        self.settings_key = settings_key(self.settings)
        self.manifest = mf.Manifest(self.out_dir)

    def plan(self, inputs: list[Input], retry_failed: bool = True) -> list[Task]:
        """The inputs that need work, marked pending in the manifest, longest first. Callable again after open()
        (watch folders plan each file as it arrives); the progress counts add up over calls.
        retry_failed=False: a file that failed with these settings and has not changed since is skipped."""
        from models.audio import decode as audio
        from models.jobs.identity import FileIdentity

        todo: list[Task] = []
        skipped = 0
        for inp in inputs:
            key = os.path.realpath(inp.path)
            try:
                ident = FileIdentity.of(inp.path)
                size, mtime, head = ident.size, ident.mtime_ns, ident.head_sha256
            except AudioError:
                size, mtime, head = None, None, ""  # missing or unreadable: the worker reports it
            if self.manifest.skip_reason(key, size, mtime, head, self.settings_key, failed_too=not retry_failed):
                skipped += 1
                continue
            try:
                seconds = audio.probe(inp.path).duration_s
            except TingxieError:
                seconds = 0.0
            task = Task(self._next_index, str(inp.path), inp.out, size, mtime, seconds)
            self._next_index += 1
            self.tasks[task.index] = task
            old = self.manifest.get(key)
            self.manifest.put(mf.Row(path=task.path, key=key, out=inp.out, size=size, mtime_ns=mtime,
                                     head_sha256=head, settings=self.settings, settings_key=self.settings_key,
                                     status=mf.PENDING, attempts=old.attempts if old else 0))
            todo.append(task)
        if not self.tasks or len(todo) == len(self.tasks):  # the first plan: start the figures afresh
            self.manifest.compact()
            self.progress = BatchProgress(len(todo), sum(t.audio_s for t in todo), skipped=skipped)
        else:
            self.progress.add(len(todo), sum(t.audio_s for t in todo), skipped)
        # Longest first: the long files start early, the short ones fill the tail (every worker ends together).
        todo.sort(key=lambda t: (-t.audio_s, t.index))
        return todo

    # ------------------------------------------------------------------------------------ executor callbacks
    def started(self, task: Task, worker: str) -> None:
        row = self._row(task)
        row.status, row.worker, row.attempts, row.error = mf.RUNNING, worker, row.attempts + 1, ""
        row.started_at = mf.now()
        self.manifest.put(row)
        self.progress.started(worker)
        self.on_event("started", task, worker)

    def finished(self, task: Task, result: Result) -> None:
        if task.index in self.committed:  # a second result for the same file: drop it, never write twice
            discard(result)
            log.warning("dropped a duplicate result for %s from %s", task.path, result.worker)
            return
        row = self._row(task)
        row.worker, row.runtime, row.elapsed_s, row.finished_at = result.worker, result.runtime, result.elapsed_s, mf.now()
        if result.ok:
            try:
                row.outputs = commit(self.out_dir, task, result)
                row.status, row.audio_s, row.error = mf.DONE, result.audio_s, ""
            except OSError as exc:
                discard(result)
                row.status, row.error = mf.FAILED, f"could not move the outputs into place: {exc}"
        else:
            row.status, row.error = mf.FAILED, result.error
        self.committed.add(task.index)
        self.manifest.put(row)  # after the outputs are in place: `done` always means the files are there
        self.progress.finished(result.worker, task.path, row.status == mf.DONE, row.audio_s, task.audio_s,
                               result.elapsed_s, row.error)
        self.on_event("finished", task, result)
        self.on_line(self.progress.line())

    def lost(self, task: Task, worker: str, why: str) -> Task | None:
        """A worker died with this file in flight: the retry task, or None when it has been tried enough."""
        if task.index in self.committed:
            return None
        if task.attempt >= MAX_ATTEMPTS:
            self.finished(task, Result(task.index, False, worker, f"its worker died {task.attempt} times ({why})"))
            return None
        self.progress.retry()
        retry = Task(task.index, task.path, task.out, task.size, task.mtime_ns, task.audio_s, task.attempt + 1)
        self.tasks[task.index] = retry
        row = self._row(task)
        row.status, row.error = mf.PENDING, f"worker {worker} lost ({why}); retrying"
        self.manifest.put(row)
        self.on_event("lost", task, worker)
        return retry

    # ---------------------------------------------------------------------------------------------- finish
    def finish(self, meta: dict[str, Any]) -> tuple[Path, Path]:
        self.progress.close()
        for task in self.tasks.values():  # interrupted: what never finished goes back to pending
            row = self._row(task)
            if row.status == mf.RUNNING:
                row.status = mf.PENDING
        self.manifest.compact()
        shutil.rmtree(staging_root(self.out_dir), ignore_errors=True)
        paths = write_report(self.out_dir, self.progress.summary(),
                             {**meta, "settings": self.settings, "formats": self.spec.formats})
        self._release_lock()
        return paths

    def _row(self, task: Task) -> mf.Row:
        row = self.manifest.get(os.path.realpath(task.path))
        assert row is not None, task.path
        return row

    def _take_lock(self) -> None:
        """One batch per output folder at a time (two drivers would both write the manifest)."""
        if os.name != "posix":
            return
        import fcntl

        fd = os.open(self.out_dir / STATE_DIR / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise TingxieError(f"another batch is already writing to {self.out_dir}") from None
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
