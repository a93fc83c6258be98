"""One file's work, the same on every worker (local or Ray actor), and its commit by the driver.

Exactly once. A worker never writes an output's final name: it writes the exports, atomically, into a
staging folder of its own (<out>/.tingxie-batch/staging/<attempt id>/) and returns the staged paths. Only the
driver, the single writer of the manifest, moves them into place (os.replace, same file system: atomic) and then
marks the file done. A worker killed mid-file leaves at most a staging folder that nobody commits; a file whose
result arrives twice (a retried attempt racing a presumed-dead one) is committed once, the second result dropped.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.core.errors import Cancelled, TingxieError
from models.core.atomic import fsync_dir

log = logging.getLogger(__name__)

STATE_DIR = ".tingxie-batch"  # in the output folder: staging, lock


@dataclass(frozen=True)
class Task:
    index: int
    path: str  # as the user gave it (the transcript's source, as with `transcribe`)
    out: str  # output stem relative to the output folder
    size: int | None
    mtime_ns: int | None
    audio_s: float  # probed duration (0 when the file does not probe: it fails on the worker with its message)
    attempt: int = 1


@dataclass
class Result:
    index: int
    ok: bool
    worker: str
    error: str = ""
    staged: list[str] = field(default_factory=list)  # absolute paths of the staged exports
    audio_s: float = 0.0
    elapsed_s: float = 0.0
    started_at: float = 0.0
    runtime: str = ""


def staging_root(out_dir: Path) -> Path:
    return Path(out_dir) / STATE_DIR / "staging"


def run_file(engine: Any, task: Task, out_dir: Path, formats: list[str], worker: str, runner: Any = None,
             speakers: Any = None, text: Any = None) -> Result:
    """Transcribe one file and stage its exports. File problems come back as a failed Result, not an exception
    (so a bad file is never retried as if its worker had died); Cancelled and KeyboardInterrupt propagate.
    speakers: SpeakerOptions or None; text: TextOptions (glossary, ITN, script) or None."""
    started = time.time()
    t0 = time.monotonic()
    try:
        spk = speakers if speakers is not None and speakers.enabled else None
        steps = None
        if text is not None and runner is None:
            from models.text.pipeline import TextSteps

            steps = TextSteps(text)
        if runner is not None:  # local: the job history, so an interrupted long file resumes mid-file
            transcript = runner.run(engine, task.path, text=text, **({"speakers": spk} if spk else {}))
        elif spk is not None:  # the engine embeds; the file's speakers are found once it is all embedded
            from models.speakers.assign import label_speakers

            embedded: list[Any] = []
            transcript = engine.transcribe(task.path, text=steps, speakers=spk,
                                           on_embeddings=lambda _i, e: embedded.append(e))
            transcript = dataclasses.replace(transcript, segments=label_speakers(transcript.segments, embedded, spk))
            if text is not None:  # unnamed speakers in the script the text is written in
                from models.text.script import speaker_prefix

                transcript = dataclasses.replace(transcript, speaker_prefix=speaker_prefix(text.script))
        else:
            transcript = engine.transcribe(task.path, text=steps)
        _check_unchanged(task)
        staged = stage_exports(transcript, out_dir, task, formats)
    except (Cancelled, KeyboardInterrupt):
        raise
    except TingxieError as exc:
        return Result(task.index, False, worker, str(exc), started_at=started, elapsed_s=time.monotonic() - t0)
    except Exception as exc:  # a bug must not cost the other files their transcripts
        log.exception("unexpected failure on %s", task.path)
        return Result(task.index, False, worker, f"internal error: {type(exc).__name__}: {exc}",
                      started_at=started, elapsed_s=time.monotonic() - t0)
    info = getattr(engine, "info", None)
    return Result(task.index, True, worker, staged=[str(p) for p in staged],
                  audio_s=transcript.duration_ms / 1000, elapsed_s=time.monotonic() - t0, started_at=started,
                  runtime=info.label() if info is not None else "")


def stage_exports(transcript: Any, out_dir: Path, task: Task, formats: list[str]) -> list[Path]:
    """Write a transcript's exports into a fresh staging folder (for the driver to commit). Raises OSError."""
    from models.export import formats as exporters

    stage = staging_root(out_dir) / uuid.uuid4().hex
    stage.mkdir(parents=True, exist_ok=True)
    return exporters.write_all(transcript, stage, formats, stem=Path(task.out).name)


def commit(out_dir: Path, task: Task, result: Result) -> list[str]:
    """Move a result's staged exports to their final names; returns them relative to out_dir. Driver only."""
    final_dir = (Path(out_dir) / task.out).parent
    final_dir.mkdir(parents=True, exist_ok=True)
    outputs: list[str] = []
    for staged in map(Path, result.staged):
        final = final_dir / staged.name
        os.replace(staged, final)  # atomic: a reader sees the old complete file or the new complete one
        outputs.append(final.relative_to(out_dir).as_posix())
    fsync_dir(final_dir)
    discard(result)
    return outputs


def discard(result: Result) -> None:
    """Remove what is left of a result's staging folder (a duplicate result, or after commit)."""
    for staged in map(Path, result.staged):
        try:
            staged.unlink()
        except FileNotFoundError:
            pass
    if result.staged:
        try:
            Path(result.staged[0]).parent.rmdir()
        except OSError:
            pass


def _check_unchanged(task: Task) -> None:
    if task.size is None:
        return
    try:
        st = Path(task.path).stat()
    except OSError:
        return
    if (st.st_size, st.st_mtime_ns) != (task.size, task.mtime_ns):
        from models.core.errors import AudioError

        raise AudioError(f"{Path(task.path).name} was modified while the batch ran; run the batch again")


