"""Speakers for a finished transcript, run by the transcription worker on its thread (the engine's CAM++).

The worker's add_speakers slot calls add_speakers() here: the engine is loaded when needed (it usually is), the
speaker step runs on the saved audio over the stored segments (models/revise/speakers.py), and the worker reports
speakers_applied or speakers_failed. The recogniser is never run.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication

from models.options import EngineConfig
from models.speakers.options import SpeakerOptions

log = logging.getLogger("tingxie.worker")
translate = QCoreApplication.translate


def add_speakers(worker: Any, job_id: str, config: EngineConfig, options: SpeakerOptions,
                 cancel: threading.Event) -> None:
    """worker: the TranscriptionWorker (its engine, job store and signals)."""
    from models.core.errors import Cancelled, ModelError, TingxieError
    from models.jobs.identity import speaker_model_entry
    from models.revise.speakers import apply_speakers

    engine = worker.engine_for(config) if options.enabled else None
    if options.enabled and engine is None:
        worker.speakers_failed.emit(job_id, translate("TranscriptionWorker", "The models could not be loaded."))
        return
    try:
        job = worker._jobs.get(job_id)
        entry = speaker_model_entry(engine) if engine is not None else None
        embedder = getattr(engine, "speaker_embedder", None)
        result = apply_speakers(worker._jobs, job.id, options, embedder or _no_embedder, entry, cancel=cancel)
    except Cancelled:
        worker.speakers_failed.emit(job_id, translate("TranscriptionWorker", "Cancelled."))
    except ModelError as exc:
        log.warning("speakers for %s: %s", job_id, exc)
        worker.speakers_failed.emit(job_id, worker._speaker_model_message(exc))
    except TingxieError as exc:
        log.warning("speakers for %s: %s", job_id, exc)
        worker.speakers_failed.emit(job_id, str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug here must not take the worker down
        log.exception("adding speakers to %s failed", job_id)
        worker.speakers_failed.emit(job_id, f"{type(exc).__name__}: {exc}")
    else:
        log.info("speakers for %s: %d on %d sentences (%d segments embedded)", job_id, result.speakers,
                 result.sentences, result.embedded)
        worker.speakers_applied.emit(job_id, result)


def _no_embedder() -> Any:
    from models.core.errors import ModelError

    raise ModelError("this engine cannot embed speakers", model_key="spk")
