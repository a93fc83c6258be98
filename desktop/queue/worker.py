"""The one worker that owns the Engine, living on its own QThread.

The GUI never calls the engine. It asks this worker (through queued signals) to load an engine for a
models.options.EngineConfig and to transcribe one file at a time; the worker turns the engine's callbacks into typed signals
that carry models.core.transcript / models.asr.engine dataclasses. The engine stays loaded between files and is rebuilt
only when the config changes. Cancel is a threading.Event made by the caller per job, so a cancel
pressed before the job even starts is not lost.

Each file runs through the JobStore with models.jobs.runner.JobRunner: its segments are committed per VAD
segment, a cancelled or crashed job resumes from the last finished one, and the saved segments are replayed through
segment_added first. An unexpected exception (a bug, not a TingxieError) is reported as job_crashed so the runner
can restart the job once.

Text steps: each job brings its models.text.pipeline.TextOptions (ITN, script, the glossary files for its
folder); JobRunner reads the glossary files afresh for every file, so an edited glossary applies from the next file.
A GlossaryWatcher per file says when one changed on disk (glossary_reloaded); a bad glossary becomes a job notice
naming the line (JobRunner) and the file is transcribed without it.

Speakers: each job brings a SpeakerRequest (its options, and whether they are the row's own choice, which
is written back into the job after JobRunner claims it: desktop/queue/speaker_choice.py). Without the CAM++ model
the job fails with a message that says where to get it (model_needed), and is recorded as failed in the history;
Retry runs it again once the model is there, or with speakers off.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol

from desktop.common import qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, Signal, Slot

from models.options import EngineConfig
from models.speakers.options import SpeakerOptions

log = logging.getLogger("tingxie.worker")


@dataclass(frozen=True)
class SpeakerRequest:
    """What one job asks of diarization: options, and keep (they are the row's own choice: stored with its job)."""

    options: SpeakerOptions
    keep: bool = False


class EngineLike(Protocol):
    loaded: bool

    def load(self, on_status: Callable[[str], None] | None = None) -> Any: ...

    def transcribe(self, path: Any, on_segment: Callable[[Any], None] | None = None,
                   on_progress: Callable[[Any], None] | None = None,
                   cancel: threading.Event | None = None, start_ms: int = 0, **kw: Any) -> Any: ...

    def close(self) -> None: ...


EngineFactory = Callable[[EngineConfig], EngineLike]


def default_engine_factory(config: EngineConfig) -> EngineLike:
    """Build the real engine. Imported here, in the worker thread, so torch/funasr never delay the window."""
    from models.asr.engine import Engine

    return Engine(config)


class ModelState:
    """Values of TranscriptionWorker.model_state_changed's first argument."""

    UNLOADED = "unloaded"
    LOADING = "loading"
    READY = "ready"
    MISSING = "missing"  # models not on disk: the window offers the model manager
    ERROR = "error"


class EtaEstimator:
    """ETA from the average speed since the file started (audio seconds per wall second).

    Progress is counted in audio seconds of VAD segments done, so this average is honest; it says nothing
    until some audio is done.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, start_s: float = 0.0) -> None:
        self._clock = clock
        self._t0 = clock()
        self.start_s = start_s  # a resumed job: audio before this was done in an earlier run

    def eta(self, done_s: float, total_s: float) -> float:
        speed = self.speed(done_s)
        if speed <= 0 or total_s <= 0:
            return -1.0
        return max(0.0, (total_s - done_s) / speed)

    def speed(self, done_s: float) -> float:
        elapsed = self._clock() - self._t0
        done = done_s - self.start_s
        return done / elapsed if elapsed > 0 and done > 0 else 0.0


class TranscriptionWorker(QObject):
    """Lives on the worker QThread; every slot here runs there. Signals are received by GUI-thread slots."""

    model_state_changed = Signal(str, str)  # ModelState value, message (status text or error)
    engine_ready = Signal(object)  # RuntimeInfo of the engine now loaded
    job_started = Signal(str)  # job id
    job_skipped = Signal(str, str)  # job id, reason: not started because no engine could be loaded
    segment_added = Signal(str, object)  # job id, models.core.transcript.Segment
    progress_changed = Signal(str, object, float, float)  # job id, Progress, ETA s (-1 unknown), speed (x realtime)
    job_finished = Signal(str, object)  # job id, models.core.transcript.Transcript
    job_failed = Signal(str, str)  # job id, message for the user
    job_cancelled = Signal(str)  # job id
    job_crashed = Signal(str, str)  # job id, message: an unexpected exception (the runner may restart it once)
    job_notice = Signal(str, str)  # job id, message from the job history (resumed, settings changed, ...)
    glossary_reloaded = Signal(str, str, int, int)  # job id, glossary file, terms, rules: changed on disk, re-read
    glossary_found = Signal(str, str, int, int)  # job id, a folder's glossary used for the first time, terms, rules
    model_needed = Signal(str, str, str)  # job id, registry key ("spk"/"spk-onnx"), message: failed for want of a model
    speakers_applied = Signal(str, object)  # job id, models.revise.speakers.SpeakersApplied (a finished transcript)
    speakers_failed = Signal(str, str)  # job id, message
    live_engine_ready = Signal(object, object, str)  # Engine or None, streaming recogniser or None, why (not)

    def __init__(self, engine_factory: EngineFactory | None, jobs: Any) -> None:
        super().__init__()
        self._factory = engine_factory or default_engine_factory
        self._jobs = jobs  # models.jobs.store.JobStore shared with the GUI thread (thread-safe): every file runs
        # through it (JobRunner), which keeps the transcript and finds the speakers
        self._engine: EngineLike | None = None
        self._config: EngineConfig | None = None
        self._info: Any = None
        self._pinned: int | None = None
        self._watchers: dict[str, Any] = {}  # glossary file -> models.text.reload.GlossaryWatcher
        self._streaming: tuple[Any, Any, str] | None = None  # (engine, streaming recogniser, why) loaded for it

    def _pin(self) -> None:
        """Keep one Python thread state for this thread's life (see desktop.common.qtfix: torch deadlocks otherwise)."""
        if self._pinned is None:
            self._pinned = qtfix.pin_thread_state()

    # -- engine -----------------------------------------------------------------------------------------------
    @Slot(object)
    def load(self, config: EngineConfig) -> None:
        """Make sure an engine for `config` is loaded (slots return nothing: PySide mishandles returned bools)."""
        self._pin()
        self._ensure_loaded(config)

    def _ensure_loaded(self, config: EngineConfig) -> bool:
        """Load an engine for `config` unless the current one already matches; False when loading failed.

        engine_ready (with the load's warnings) is emitted once per load, not before every file:
        it would replace the file's own notices each time."""
        if self._engine is not None and self._config == config and getattr(self._engine, "loaded", True):
            return True
        self._close_engine()
        self.model_state_changed.emit(ModelState.LOADING, "")
        t0 = time.monotonic()
        try:
            engine = self._factory(config)
            info = engine.load(on_status=lambda msg: self.model_state_changed.emit(ModelState.LOADING, str(msg)))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a state the window shows
            self._report_load_error(exc)
            return False
        self._engine, self._config, self._info = engine, config, info
        log.info("engine loaded in %.1f s: %s", time.monotonic() - t0, info.label())
        self.model_state_changed.emit(ModelState.READY, info.label())
        self.engine_ready.emit(info)
        return True

    @Slot()
    def unload(self) -> None:
        self._pin()
        self._close_engine()
        self.model_state_changed.emit(ModelState.UNLOADED, "")

    def _close_engine(self) -> None:
        if self._engine is not None:
            try:
                self._engine.close()
            except Exception:  # noqa: BLE001 - closing must never take the worker down
                log.exception("closing the engine failed")
        self._engine, self._config, self._info = None, None, None

    def _report_load_error(self, exc: BaseException) -> None:
        from models.core.errors import ModelMissingError, TingxieError

        if isinstance(exc, ModelMissingError):
            log.warning("models missing: %s", exc)
            self.model_state_changed.emit(ModelState.MISSING, str(exc))
        elif isinstance(exc, TingxieError):
            log.warning("engine load failed: %s", exc)
            self.model_state_changed.emit(ModelState.ERROR, str(exc))
        else:
            log.exception("engine load crashed")
            self.model_state_changed.emit(ModelState.ERROR, f"{type(exc).__name__}: {exc}")

    # -- jobs -------------------------------------------------------------------------------------------------
    def _watch_glossaries(self, job_id: str, text: Any) -> None:
        """Tell the GUI which glossary files changed on disk since the last file (they are re-read anyway)."""
        from models.text.glossary_files import FOLDER_GLOSSARY
        from models.text.reload import GlossaryWatcher

        for p in getattr(text, "glossary_paths", ()):
            watcher = self._watchers.get(p)
            if watcher is not None and not watcher.changed():
                continue
            first = watcher is None
            watcher = self._watchers.setdefault(p, GlossaryWatcher([p]))
            glossary, errors = watcher.load()
            if errors:  # JobRunner names the bad line in a job notice and goes on without this file
                continue
            terms, rules = len(glossary.terms), len(glossary.rules)
            if not first:
                log.info("glossary reloaded: %s (%d terms, %d rules)", p, terms, rules)
                self.glossary_reloaded.emit(job_id, p, terms, rules)
            elif Path(p).name == FOLDER_GLOSSARY:
                self.glossary_found.emit(job_id, p, terms, rules)

    @Slot(str, str, object, object, bool, object, object)
    def transcribe(self, job_id: str, path: str, config: EngineConfig, cancel: threading.Event,
                   restart: bool = False, text: Any = None, speakers: SpeakerRequest | None = None) -> None:
        """Transcribe one file. The engine is (re)loaded first when `config` differs from the loaded one.
        restart: forget the job's saved segments (otherwise it resumes after them). text: the job's
        models.text.pipeline.TextOptions (None: no text steps). speakers: diarization (None: off)."""
        from models.core.errors import Cancelled, ModelError, TingxieError
        from models.jobs.runner import JobRunner

        self._pin()
        if cancel.is_set():
            self.job_cancelled.emit(job_id)
            return
        if not self._ensure_loaded(config) or self._engine is None:
            self.job_skipped.emit(job_id, "engine not loaded")
            return
        self.job_started.emit(job_id)
        if text is not None:
            self._watch_glossaries(job_id, text)
        eta = EtaEstimator()
        def on_segment(seg: Any) -> None:
            self.segment_added.emit(job_id, seg)

        def on_claimed(job: Any) -> None:
            # The resume point is read from the job as claimed (a claim may reset it when the
            # settings or the file changed), so speed and ETA count only the audio decoded in this run.
            eta.start_s = job.resume_ms / 1000 if job.vad_done else 0.0
            if speakers is not None and speakers.keep:  # the claim rewrote the job's settings: keep the choice
                from desktop.queue.speaker_choice import save_choice

                save_choice(self._jobs, job_id, speakers.options)

        def on_progress(p: Any) -> None:
            done, total = float(p.done_s), float(p.total_s)
            self.progress_changed.emit(job_id, p, eta.eta(done, total), eta.speed(done))

        spk = speakers.options if speakers is not None and speakers.options.enabled else None
        voices = None
        if spk is not None:  # known voices name the speakers; a damaged library is said and skipped
            from models.voices.library import open_for_run

            voices = open_for_run(lambda msg: self.job_notice.emit(job_id, msg))
        try:
            transcript = JobRunner(self._jobs, voices=voices).run(
                self._engine, path, job_id=job_id, on_segment=on_segment, on_progress=on_progress,
                cancel=cancel, restart=restart, on_notice=lambda msg: self.job_notice.emit(job_id, str(msg)),
                on_claimed=on_claimed, text=text, speakers=spk)
        except Cancelled:
            log.info("cancelled: %s", path)
            self.job_cancelled.emit(job_id)
        except ModelError as exc:
            if spk is None or exc.model_key not in ("spk", "spk-onnx"):  # either CAM++ (models.core.registry)
                log.warning("failed: %s: %s", path, exc)
                self.job_failed.emit(job_id, str(exc))
                return
            log.warning("failed for want of the speaker model: %s: %s", path, exc)
            message = self._speaker_model_message(exc)
            self._record_failed(job_id, message)
            self.model_needed.emit(job_id, exc.model_key, message)
            self.job_failed.emit(job_id, message)
        except TingxieError as exc:
            log.warning("failed: %s: %s", path, exc)
            self.job_failed.emit(job_id, str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the queue
            log.exception("transcription crashed: %s", path)
            self.job_crashed.emit(job_id, f"{type(exc).__name__}: {exc}")
        else:
            if cancel.is_set():  # engine finished its last batch as cancel came in: keep the result, it is whole
                log.info("finished despite cancel: %s", path)
            self.job_finished.emit(job_id, transcript)

    @Slot(str, object, object, object)
    def add_speakers(self, job_id: str, config: EngineConfig, options: SpeakerOptions,
                     cancel: threading.Event) -> None:
        """Speakers for a finished transcript: CAM++ over its stored segments, never the recogniser
        (desktop/queue/revise_work.py)."""
        from desktop.queue.revise_work import add_speakers

        self._pin()
        add_speakers(self, job_id, config, options, cancel)

    @Slot(object, bool)
    def prepare_live(self, config: EngineConfig, streaming: bool) -> None:
        """Lend the loaded engine (loaded now when needed) to a live recording, with the streaming recogniser
        when asked for and installed: live_engine_ready. The live session runs it in its own threads; the
        engine's lock keeps it from running two things at once."""
        self._pin()
        if not self._ensure_loaded(config) or self._engine is None:
            self.live_engine_ready.emit(None, None, self.tr("the speech model is not loaded"))
            return
        if not streaming:
            self.live_engine_ready.emit(self._engine, None, "")
            return
        if self._streaming is None or self._streaming[0] is not self._engine:
            from models.live.streaming_model import load_for_engine

            self._streaming = (self._engine, *load_for_engine(self._engine))
        self.live_engine_ready.emit(self._engine, self._streaming[1], self._streaming[2])

    def engine_for(self, config: EngineConfig) -> EngineLike | None:
        """The loaded engine for `config` (loaded now when needed); None when it cannot be loaded."""
        return self._engine if self._ensure_loaded(config) else None

    def _speaker_model_message(self, exc: BaseException) -> str:
        from models.core.errors import ModelMissingError

        if isinstance(exc, ModelMissingError):
            return self.tr("Speakers need the speaker model (CAM++), which is not installed. Download it in "
                           "Models… (Ctrl+M), or set this file's Speakers to Off (right-click it), then Retry.")
        text = self.tr("The speaker model (CAM++) could not be loaded: %1. Verify or repair it in Models… "
                       "(Ctrl+M), or set this file's Speakers to Off (right-click it), then Retry.")
        return text.replace("%1", str(exc))

    def _record_failed(self, job_id: str, message: str) -> None:
        """The job fails in the history too (a missing model is found before the run claims it)."""
        from models.core.errors import TingxieError

        try:
            self._jobs.mark_failed(self._jobs.get(job_id).id, message)
        except TingxieError as exc:
            log.warning("cannot record the failure of job %s: %s", job_id, exc)

    @Slot()
    def shutdown(self) -> None:
        """Close the engine here (the thread that built it), then end this thread's event loop."""
        self._close_engine()
        if self._pinned is not None:
            qtfix.unpin_thread_state(self._pinned)
            self._pinned = None
        thread = self.thread()
        if thread is not None:
            thread.quit()

