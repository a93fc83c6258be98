"""The embedded default executor: one warm Engine in this process and the job history for resume. No Ray."""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.batch.work import Task, run_file
from models.options import EngineConfig

log = logging.getLogger(__name__)
WORKER = "local"


class LocalExecutor:
    def __init__(self, config: EngineConfig, store: Any = None, job_store: Any = None, speakers: Any = None,
                 voices: Any = None) -> None:
        """job_store: a JobStore (default: the user's history, as `transcribe` uses); False = none.
        speakers: SpeakerOptions (loads CAM++ with the engine when enabled). voices: a VoiceLibrary whose known
        voices name the speakers (needs the job history)."""
        self.config = config
        self.voices = voices
        self.speakers = speakers
        self.store = store
        self.job_store = job_store
        self.engine: Any = None
        self.label = ""

    def load(self, on_status: Callable[[str], None] | None = None) -> list[str]:
        """Load the engine; returns [its runtime label]. Raises what Engine.load raises."""
        from models.asr.engine import Engine

        self.engine = Engine(self.config, self.store)
        info = self.engine.load(on_status=on_status, speakers=bool(self.speakers and self.speakers.enabled))
        self.label = f"{info.label()} (loaded in {info.load_s:.1f} s)"
        return [self.label]

    def run(self, driver: Any, tasks: list[Task]) -> None:
        from models.jobs.runner import JobRunner
        from models.jobs.store import JobStore

        if self.engine is None:
            self.load()
        runner = None
        if self.job_store is not False:
            runner = JobRunner(self.job_store or JobStore.open_default(), voices=self.voices)
        out_dir = Path(driver.out_dir)
        for task in tasks:
            driver.started(task, WORKER)
            driver.finished(task, run_file(self.engine, task, out_dir, driver.spec.formats, WORKER, runner,
                                           driver.spec.speakers, driver.spec.text))

    def workers(self) -> list[str]:
        return [WORKER]

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
